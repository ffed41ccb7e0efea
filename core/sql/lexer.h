// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The SQL lexer and statement splitter: the contract between the tokenizer and everything built on it
// (structural parser, lock model, rules, editor). It works on UTF-8 bytes, never fails, and never loses a
// byte: tokens tile the input exactly, and statements plus the gaps between them give back the input.

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <vector>

namespace core::sql {

enum class SqlDialect : quint8 { PostgreSQL, MySQL, MariaDB, SQLite };

QString dialectName(SqlDialect dialect); ///< "postgresql", "mysql", "mariadb", "sqlite"
bool isMySqlFamily(SqlDialect dialect);

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
};

/// Whitespace and comments: what lies between significant tokens.
constexpr bool isTrivia(TokenKind kind)
{
    return kind == TokenKind::Whitespace || kind == TokenKind::LineComment || kind == TokenKind::BlockComment;
}

struct Token
{
    qsizetype offset = 0; ///< byte offset in the input
    qsizetype length = 0; ///< bytes
    TokenKind kind = TokenKind::Invalid;
    qsizetype end() const { return offset + length; }
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
    explicit LineIndex(QByteArrayView text);
    Position position(qsizetype offset) const;
    qsizetype lineStart(int line) const; ///< byte offset where a 1-based line starts
    int lineCount() const { return static_cast<int>(m_lineStarts.size()); }

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
};

/// One statement. Its byte range runs from its first significant token through its terminator (inclusive),
/// or through its last token when the input ends without one. Trivia before the first token (for example a
/// `-- mwb:ignore` comment) belongs to the gap before it: [gapOffset, offset).
struct Statement
{
    qsizetype offset = 0;
    qsizetype length = 0;
    qsizetype gapOffset = 0; ///< where the trivia before this statement starts (end of the previous one)
    qsizetype firstToken = 0; ///< index into Script::tokens of the first significant token
    qsizetype tokenCount = 0; ///< tokens from firstToken through the terminator, trivia included
    bool terminated = false;
    qsizetype end() const { return offset + length; }
};

/// A tokenized and split input. Copies are cheap (the text is implicitly shared).
struct Script
{
    QByteArray text;
    SqlDialect dialect = SqlDialect::PostgreSQL;
    QList<Token> tokens;
    QList<Statement> statements;
    QList<SyntaxIssue> issues;
    LineIndex lines;

    QByteArrayView tokenText(const Token &token) const { return QByteArrayView(text).sliced(token.offset, token.length); }
    QByteArrayView statementText(const Statement &s) const { return QByteArrayView(text).sliced(s.offset, s.length); }
};

/// Tokenizes and splits `text`. Never fails: malformed input yields Invalid tokens and SyntaxIssues, and the
/// rest is still split. Linear in the input's size.
Script tokenizeAndSplit(QByteArray text, SqlDialect dialect);

} // namespace core::sql
