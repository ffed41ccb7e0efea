// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The structural parser: turns each statement of a tokenized Script into a ParsedStatement. It never fails:
// what it does not recognise is StatementKind::Unclassified, with the statement's span intact.

#include "core/sql/lexer.h"
#include "core/sql/statement.h"

#include <vector>

namespace core::sql {

/// A significant (non-trivia) token of one statement, with its text.
struct SigToken
{
    QByteArrayView text;
    TokenKind kind = TokenKind::Invalid;
    qsizetype offset = 0;
    qsizetype length = 0;
    qsizetype end() const { return offset + length; }
};

/// The significant tokens of statement `index` (trivia and MySQL executable comments dropped; the terminator
/// dropped too).
std::vector<SigToken> significantTokens(const Script &script, qsizetype index);

/// Parses one statement of `script`.
ParsedStatement parseStatement(const Script &script, qsizetype index);

/// Parses every statement of `script`.
QList<ParsedStatement> parseScript(const Script &script);

/// Normalises an identifier token: unquoted words are folded to lower case, quotes are removed.
QString identifierText(const SigToken &token);

} // namespace core::sql
