// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The SQL lexer and statement splitter: the contract between the tokenizer and everything built on it
// (structural parser, lock model, rules, editor). It works on UTF-8 bytes, never fails, and never loses a
// byte: tokens tile the input exactly, and statements plus the gaps between them give back the input.

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <optional>
#include <vector>

namespace core::sql {

enum class SqlDialect : quint8 { PostgreSQL, MySQL, MariaDB, SQLite };

QString dialectName(SqlDialect dialect); ///< "postgresql", "mysql", "mariadb", "sqlite"
bool isMySqlFamily(SqlDialect dialect);
/// The dialect for a name as dialectName() spells it (case-insensitive; "postgres", "pg", "sqlite3" too).
std::optional<SqlDialect> dialectFromName(QStringView name);

enum class TokenKind : quint8 {
    Whitespace,
    LineComment, ///< -- … (and # … in MySQL), up to but excluding the line break
    BlockComment, ///< /* … */ (nested in PostgreSQL)
    Word, ///< unquoted identifier or keyword; keywords are recognised case-insensitively by consumers
    QuotedIdentifier, ///< "x" (PostgreSQL, SQLite, MySQL with ANSI_QUOTES) or `x` (MySQL, SQLite)
    String, ///< '…', E'…', U&'…', B'…', X'…', N'…'; MySQL "…"
    DollarString, ///< $tag$…$tag$ (PostgreSQL)
    Number,
    Parameter, ///< $1, :name, ?
    Operator, ///< operators and other punctuation not listed below, including ::
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    Comma,
    Dot,
    Semicolon, ///< a statement terminator (or the current MySQL DELIMITER)
    MetaCommand, ///< psql backslash command, up to the end of its line
    DelimiterCommand, ///< MySQL client `DELIMITER xx` line
    ExecutableComment, ///< MySQL /*! … */ and /*M! … */: the content is SQL the server executes
    Invalid, ///< bytes that start no token, or an unterminated construct (a SyntaxIssue says which)
    CopyData, ///< PostgreSQL: the data lines after COPY … FROM STDIN (or \copy … from stdin) through the "\." line
};

QString tokenKindName(TokenKind kind); ///< "whitespace", "line-comment", "word", … (for tests and debugging)

/// Whitespace and comments: what lies between significant tokens.
constexpr bool isTrivia(TokenKind kind)
{
    return kind == TokenKind::Whitespace || kind == TokenKind::LineComment || kind == TokenKind::BlockComment;
}

/// 16 bytes: a token is at most 4 GiB long (a whole file is one token at worst: an unterminated quote).
struct Token
{
    qsizetype offset = 0; ///< byte offset in the input
    quint32 length = 0; ///< bytes
    TokenKind kind = TokenKind::Invalid;
    qsizetype end() const { return offset + qsizetype(length); }
    bool operator==(const Token &) const = default;
};

/// A place in the input: byte offset, 1-based line, and 1-based column counted in Unicode code points
/// (an invalid UTF-8 byte counts as one column).
struct Position
{
    qsizetype offset = 0;
    int line = 1;
    int column = 1;
    bool operator==(const Position &) const = default;
};

/// Maps byte offsets to lines and columns in O(log lines).
class LineIndex
{
public:
    LineIndex() = default;
    explicit LineIndex(QByteArrayView text); ///< copies the text
    explicit LineIndex(const QByteArray &text); ///< shares the text
    /// Offsets outside [0, text size] are clamped. A line break is "\n" ("\r\n" ends a line with a "\r").
    Position position(qsizetype offset) const;
    qsizetype lineStart(int line) const; ///< byte offset where a 1-based line starts (clamped to the lines)
    /// The 1-based line of an offset (position().line without counting the column).
    int lineOf(qsizetype offset) const;
    int lineCount() const { return static_cast<int>(m_lineStarts.size()); }
    /// The index of `newText`, which is this index's text with `removed` bytes at `offset` replaced by
    /// `inserted` bytes. O(lines), without rescanning the unchanged text.
    LineIndex edited(const QByteArray &newText, qsizetype offset, qsizetype removed, qsizetype inserted) const;
    bool operator==(const LineIndex &o) const { return m_lineStarts == o.m_lineStarts && m_text == o.m_text; }

private:
    QByteArray m_text; // implicitly shared with the Script's text
    std::vector<qsizetype> m_lineStarts;
};

enum class SyntaxIssueKind : quint8 {
    UnterminatedString,
    UnterminatedQuotedIdentifier,
    UnterminatedBlockComment,
    UnterminatedDollarQuote,
    InvalidUtf8,
    NulByte,
    UnexpectedCharacter,
    UnterminatedStatement, ///< the input ends inside an unfinished statement body (e.g. BEGIN … without END)
};

struct SyntaxIssue
{
    SyntaxIssueKind kind;
    qsizetype offset = 0;
    qsizetype length = 0;
    QString message; ///< untranslated, for findings: "unterminated dollar quote $body$ starts here"
    bool operator==(const SyntaxIssue &) const = default;
};

/// One statement. Its byte range runs from its first significant token through its terminator (inclusive),
/// or through its last token when the input ends without one. Trivia before the first token (for example a
/// `-- mwb:ignore` comment) belongs to the gap before it: [gapOffset, offset).
///
/// Splitting rules (see docs/sql-lexer.md):
/// - A terminator is a Semicolon token: `;`, or in MySQL/MariaDB the current client DELIMITER (then `;` is an
///   Operator token), or the mysql client's `\g` / `\G`. A `;` that does not end the statement (inside a
///   PostgreSQL `BEGIN ATOMIC … END` body, a SQLite trigger body, a PostgreSQL CREATE RULE's parentheses) is
///   an Operator token, so `terminated` is true exactly when the statement's last token is a Semicolon.
/// - A MetaCommand (psql `\x …`, mysql `\x …`) or DelimiterCommand line is a statement of its own token; a
///   statement that was still open when one appears ends (unterminated) before it.
/// - PostgreSQL: the data lines after `COPY … FROM STDIN;` (or `\copy … from stdin`), from the next line through
///   the `\.` line (or the end of the input), are one CopyData token and a statement of their own.
/// - A lone `;` is an (empty) statement of one Semicolon token.
/// - MySQL/MariaDB follow the mysql client: with the default `;` delimiter a `BEGIN … END` compound statement
///   splits at its inner semicolons (as the client sends it); after `DELIMITER //` it does not.
struct Statement
{
    qsizetype offset = 0;
    qsizetype length = 0;
    qsizetype gapOffset = 0; ///< where the trivia before this statement starts (end of the previous one)
    qsizetype firstToken = 0; ///< index into Script::tokens of the first significant token
    qsizetype tokenCount = 0; ///< tokens from firstToken through the terminator, trivia included
    bool terminated = false; ///< ends with a Semicolon token
    bool startsCopyData = false; ///< COPY … FROM STDIN / \copy … from stdin: a CopyData statement follows
    qsizetype end() const { return offset + length; }
    qsizetype lastToken() const { return firstToken + tokenCount - 1; }
    bool operator==(const Statement &) const = default;
};

/// MySQL/MariaDB: from `offset` on (the end of a DELIMITER line), statements end with `delimiter`.
struct DelimiterChange
{
    qsizetype offset = 0;
    QByteArray delimiter;
    bool operator==(const DelimiterChange &) const = default;
};

/// A tokenized and split input. Copies are cheap (the text is implicitly shared).
struct Script
{
    QByteArray text;
    SqlDialect dialect = SqlDialect::PostgreSQL;
    QList<Token> tokens;
    QList<Statement> statements;
    QList<SyntaxIssue> issues; ///< sorted by offset
    QList<DelimiterChange> delimiters; ///< MySQL/MariaDB DELIMITER lines, in order; empty for other dialects
    LineIndex lines;

    Position position(qsizetype offset) const { return lines.position(offset); }
    /// The index of the statement whose range or preceding gap contains `offset` (statements.size() when the
    /// offset lies in the trailing gap after the last statement).
    qsizetype statementAt(qsizetype offset) const;
    /// The client delimiter in effect at `offset` (";" outside MySQL/MariaDB).
    QByteArray delimiterAt(qsizetype offset) const;

    QByteArrayView tokenText(const Token &token) const { return QByteArrayView(text).sliced(token.offset, token.length); }
    QByteArrayView statementText(const Statement &s) const { return QByteArrayView(text).sliced(s.offset, s.length); }
};

/// Tokenizes and splits `text`. Never fails: malformed input yields Invalid tokens and SyntaxIssues, and the
/// rest is still split. Linear in the input's size.
Script tokenizeAndSplit(QByteArray text, SqlDialect dialect);

/// The result of an incremental update: statements [firstStatement, firstStatement + removedStatements) of the
/// old script were replaced by [firstStatement, firstStatement + insertedStatements) of the new one; the
/// statements before are unchanged, the statements after are unchanged except that their offsets moved by
/// `byteDelta` (and their token indexes by `tokenDelta`).
struct ScriptUpdate
{
    Script script;
    qsizetype firstStatement = 0;
    qsizetype removedStatements = 0;
    qsizetype insertedStatements = 0;
    qsizetype byteDelta = 0;
    qsizetype tokenDelta = 0;
    qsizetype relexedBytes = 0; ///< how much text was tokenized again (for tests and benchmarks)
};

/// For the editor: `old` with `removedBytes` bytes at `editOffset` replaced by `inserted`. Re-lexes from the
/// last clean statement boundary before the edit and stops as soon as a statement ends at a position that was
/// a statement boundary of `old` after the edit (with the same DELIMITER in effect); the rest is shifted. The
/// result equals tokenizeAndSplit() of the new text. Out-of-range arguments are clamped.
ScriptUpdate updateScriptDetailed(const Script &old, qsizetype editOffset, qsizetype removedBytes,
                                  QByteArrayView inserted);
inline Script updateScript(const Script &old, qsizetype editOffset, qsizetype removedBytes, QByteArrayView inserted)
{
    return updateScriptDetailed(old, editOffset, removedBytes, inserted).script;
}

} // namespace core::sql
