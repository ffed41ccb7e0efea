// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Internal: the single-pass tokenizer + splitter shared by tokenizeAndSplit() and updateScriptDetailed().

#include "core/sql/lexer.h"

#include <functional>
#include <optional>

namespace core::sql::detail {

/// Length of the valid UTF-8 sequence at p (1..4), or 0 when the bytes there are not valid UTF-8.
int utf8SequenceLength(const uchar *p, const uchar *end);

class LexerEngine final
{
public:
    LexerEngine(QByteArrayView text, SqlDialect dialect, QList<Token> &tokens, QList<Statement> &statements,
                QList<SyntaxIssue> &issues, QList<DelimiterChange> &delimiters);

    /// Starts at `pos` (a clean statement boundary) with `delimiter` in effect; `gapOffset` of the first
    /// statement is `pos`.
    void start(qsizetype pos, QByteArray delimiter);

    /// Called after each statement that ends before the end of the input (not for the last, EOF-ended one);
    /// returning true stops the run. The statement is the last element of the statements list.
    std::function<bool(const Statement &)> onStatement;

    /// Runs to the end of the input or until onStatement asks to stop. Returns true when stopped early; then
    /// stopOffset() is the end of the last statement, and the token, issue and delimiter lists hold nothing
    /// at or after it.
    bool run();
    qsizetype stopOffset() const { return m_stopOffset; }
    const QByteArray &delimiter() const { return m_delimiter; }
    bool copyPending() const { return m_copyPending; }

private:
    // lexing
    void lexToken();
    void lexWhitespace();
    void lexCopyPending();
    void lexWordOrPrefixedString();
    void lexNumber();
    void lexQuoted(uchar quote, TokenKind kind, qsizetype prefix, bool backslashEscapes, SyntaxIssueKind unterminated);
    void lexSqliteBracket();
    void lexLineComment(qsizetype prefix);
    void lexBlockComment();
    void lexDollar();
    void lexOperator();
    void lexBackslash();
    void lexInvalidRun();
    bool tryDelimiterCommand(qsizetype wordEnd);
    qsizetype lineEnd(qsizetype from) const; ///< position of the line break (or "\r\n") after from, or the end
    bool atLineStart(qsizetype pos) const;
    bool delimiterAt(qsizetype pos) const
    {
        return m_customDelimiter && pos + m_delimiter.size() <= m_size && m_p[pos] == uchar(m_delimiter[0])
            && QByteArrayView(m_text).sliced(pos, m_delimiter.size()) == QByteArrayView(m_delimiter);
    }
    void checkBytes(qsizetype from, qsizetype to); ///< InvalidUtf8 / NulByte issues inside a token
    void issue(SyntaxIssueKind kind, qsizetype offset, qsizetype length, QString message);

    void push(TokenKind kind, qsizetype end);

    // splitting
    void onSignificant(qsizetype index);
    void startStatement(qsizetype index);
    bool endStatement(qsizetype lastIndex); ///< returns true when the run must stop
    bool inBody() const;
    void resetStatementState();
    void trackWord(const Token &token);

    QByteArrayView m_text;
    const uchar *m_p = nullptr;
    qsizetype m_size = 0;
    SqlDialect m_dialect;
    bool m_pg = false;
    bool m_mysql = false;
    bool m_sqlite = false;
    QList<Token> &m_tokens; // sized ahead in chunks; m_tokenCount are in use
    Token *m_tok = nullptr;
    qsizetype m_tokenCount = 0;
    QList<Statement> &m_statements;
    QList<SyntaxIssue> &m_issues;
    QList<DelimiterChange> &m_delimiters;
    qsizetype m_issuesAtStart = 0;

    qsizetype m_pos = 0;
    QByteArray m_delimiter = QByteArrayLiteral(";");
    bool m_customDelimiter = false;
    bool m_stop = false;
    bool m_atEof = false;
    qsizetype m_stopOffset = -1;

    // statement state
    bool m_pending = false;
    qsizetype m_stmtFirst = 0;
    qsizetype m_lastSig = -1;
    qsizetype m_gapOffset = 0;
    int m_wordCount = 0;
    quint8 m_firstWords[4] = {};
    int m_parenDepth = 0;
    int m_beginDepth = 0; // PostgreSQL BEGIN ATOMIC … END nesting (psql's heuristic)
    bool m_pgFunction = false;
    bool m_pgRule = false;
    int m_sqliteState = 1; // sqlite3_complete() state machine
    qsizetype m_bodyOffset = -1; // where an unfinished body was opened (for UnterminatedStatement)
    qsizetype m_bodyLength = 0;
    bool m_isCopy = false; // PostgreSQL COPY statement: watching for FROM STDIN
    bool m_prevWordFrom = false;
    bool m_copyFromStdin = false;
    bool m_copyPending = false; // the next line starts COPY data (survives the statement boundary)
    std::optional<QByteArray> m_nextDelimiter; // set by a DELIMITER line until the splitter applies it
};

} // namespace core::sql::detail
