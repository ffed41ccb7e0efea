// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Structural invariants of a tokenized Script, shared by the fuzz target and the unit tests. Header-only so
// that both compile it without touching mwb_core.

#include "core/sql/lexer.h"

#include <QString>

namespace mwbtest {

/// Empty when `s` is well formed; otherwise what is wrong.
inline QString checkScriptInvariants(const core::sql::Script &s)
{
    using namespace core::sql;
    const qsizetype size = s.text.size();
    // Tokens tile the input.
    qsizetype at = 0;
    for (qsizetype i = 0; i < s.tokens.size(); ++i) {
        const Token &t = s.tokens.at(i);
        if (t.offset != at)
            return QStringLiteral("token %1 starts at %2, expected %3").arg(i).arg(t.offset).arg(at);
        if (t.length <= 0)
            return QStringLiteral("token %1 is empty").arg(i);
        at = t.end();
    }
    if (at != size)
        return QStringLiteral("tokens end at %1, input has %2 bytes").arg(at).arg(size);

    // Statements are in order, start and end at significant tokens, and with the gaps give back the input.
    qsizetype prevEnd = 0;
    qsizetype prevLastToken = -1;
    QByteArray rebuilt;
    rebuilt.reserve(size);
    for (qsizetype i = 0; i < s.statements.size(); ++i) {
        const Statement &st = s.statements.at(i);
        if (st.gapOffset != prevEnd)
            return QStringLiteral("statement %1 gap starts at %2, previous ended at %3").arg(i).arg(st.gapOffset).arg(prevEnd);
        if (st.offset < st.gapOffset || st.length <= 0 || st.end() > size)
            return QStringLiteral("statement %1 has a bad range %2+%3").arg(i).arg(st.offset).arg(st.length);
        if (st.firstToken <= prevLastToken || st.tokenCount <= 0 || st.firstToken + st.tokenCount > s.tokens.size())
            return QStringLiteral("statement %1 has bad token indexes").arg(i);
        const Token &first = s.tokens.at(st.firstToken);
        const Token &last = s.tokens.at(st.lastToken());
        if (first.offset != st.offset || last.end() != st.end())
            return QStringLiteral("statement %1 does not start and end on its tokens").arg(i);
        if (isTrivia(first.kind) || isTrivia(last.kind))
            return QStringLiteral("statement %1 starts or ends with trivia").arg(i);
        if (st.terminated != (last.kind == TokenKind::Semicolon))
            return QStringLiteral("statement %1: terminated flag disagrees with its last token").arg(i);
        for (qsizetype k = prevLastToken + 1; k < st.firstToken; ++k)
            if (!isTrivia(s.tokens.at(k).kind))
                return QStringLiteral("significant token %1 lies in the gap before statement %2").arg(k).arg(i);
        for (qsizetype k = st.firstToken; k < st.lastToken(); ++k) {
            const TokenKind kind = s.tokens.at(k).kind;
            if (kind == TokenKind::Semicolon || kind == TokenKind::MetaCommand || kind == TokenKind::DelimiterCommand
                || kind == TokenKind::CopyData)
                return QStringLiteral("statement %1 contains a terminator or command before its end").arg(i);
        }
        if ((first.kind == TokenKind::MetaCommand || first.kind == TokenKind::DelimiterCommand
             || first.kind == TokenKind::CopyData)
            && st.tokenCount != 1)
            return QStringLiteral("command statement %1 has more than one token").arg(i);
        if (first.kind == TokenKind::CopyData && (i == 0 || !s.statements.at(i - 1).startsCopyData))
            return QStringLiteral("COPY data statement %1 does not follow a COPY FROM STDIN").arg(i);
        if (st.startsCopyData && i + 1 < s.statements.size()
            && s.tokens.at(s.statements.at(i + 1).firstToken).kind != TokenKind::CopyData)
            return QStringLiteral("COPY FROM STDIN statement %1 is not followed by its data").arg(i);
        rebuilt.append(QByteArrayView(s.text).sliced(st.gapOffset, st.offset - st.gapOffset));
        rebuilt.append(s.statementText(st));
        prevEnd = st.end();
        prevLastToken = st.lastToken();
    }
    for (qsizetype k = prevLastToken + 1; k < s.tokens.size(); ++k)
        if (!isTrivia(s.tokens.at(k).kind))
            return QStringLiteral("significant token %1 lies after the last statement").arg(k);
    rebuilt.append(QByteArrayView(s.text).sliced(prevEnd));
    if (rebuilt != s.text)
        return QStringLiteral("statements and gaps do not give back the input");

    // Issues are sorted and inside the input.
    qsizetype prevIssue = 0;
    for (const SyntaxIssue &is : s.issues) {
        if (is.offset < prevIssue || is.offset < 0 || is.length < 0 || is.offset + is.length > size)
            return QStringLiteral("issue at %1+%2 is out of order or range").arg(is.offset).arg(is.length);
        prevIssue = is.offset;
    }
    // Valid UTF-8 without NUL bytes gives no encoding issue (Qt's validator is the reference).
    const bool validUtf8 = QByteArrayView(s.text).isValidUtf8();
    const bool hasNul = QByteArrayView(s.text).contains('\0');
    for (const SyntaxIssue &is : s.issues) {
        if (is.kind == SyntaxIssueKind::InvalidUtf8 && validUtf8)
            return QStringLiteral("invalid UTF-8 reported at %1 in valid UTF-8").arg(is.offset);
        if (is.kind == SyntaxIssueKind::NulByte && !hasNul)
            return QStringLiteral("NUL byte reported at %1 in input without one").arg(is.offset);
        if (is.kind == SyntaxIssueKind::NulByte && s.text.at(is.offset) != '\0')
            return QStringLiteral("NUL byte issue at %1 is not on a NUL").arg(is.offset);
    }
    // Invalid tokens come with an issue that starts inside them.
    qsizetype issueIndex = 0;
    for (const Token &t : s.tokens) {
        if (t.kind != TokenKind::Invalid)
            continue;
        while (issueIndex < s.issues.size() && s.issues.at(issueIndex).offset < t.offset)
            ++issueIndex;
        if (issueIndex >= s.issues.size() || s.issues.at(issueIndex).offset >= t.end())
            return QStringLiteral("invalid token at %1 has no issue").arg(t.offset);
    }
    if (s.lines.lineCount() != QByteArrayView(s.text).count('\n') + 1)
        return QStringLiteral("line index has %1 lines").arg(s.lines.lineCount());
    return {};
}

/// Empty when `a` and `b` are the same script (text, tokens, statements, issues, delimiters, lines).
inline QString compareScripts(const core::sql::Script &a, const core::sql::Script &b)
{
    if (a.text != b.text)
        return QStringLiteral("texts differ");
    if (a.tokens.size() != b.tokens.size())
        return QStringLiteral("%1 tokens vs %2").arg(a.tokens.size()).arg(b.tokens.size());
    for (qsizetype i = 0; i < a.tokens.size(); ++i)
        if (!(a.tokens.at(i) == b.tokens.at(i)))
            return QStringLiteral("token %1 differs (offset %2 vs %3, kind %4 vs %5)")
                .arg(i)
                .arg(a.tokens.at(i).offset)
                .arg(b.tokens.at(i).offset)
                .arg(int(a.tokens.at(i).kind))
                .arg(int(b.tokens.at(i).kind));
    if (a.statements.size() != b.statements.size())
        return QStringLiteral("%1 statements vs %2").arg(a.statements.size()).arg(b.statements.size());
    for (qsizetype i = 0; i < a.statements.size(); ++i)
        if (!(a.statements.at(i) == b.statements.at(i)))
            return QStringLiteral("statement %1 differs").arg(i);
    if (a.issues != b.issues)
        return QStringLiteral("issues differ (%1 vs %2)").arg(a.issues.size()).arg(b.issues.size());
    if (a.delimiters != b.delimiters)
        return QStringLiteral("delimiter changes differ");
    if (!(a.lines == b.lines))
        return QStringLiteral("line indexes differ");
    return {};
}

} // namespace mwbtest
