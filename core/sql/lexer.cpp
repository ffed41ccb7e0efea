// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sql/lexer.h"

#include "core/sql/lexer_p.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

using namespace Qt::StringLiterals;

namespace core::sql {

QString dialectName(SqlDialect dialect)
{
    switch (dialect) {
    case SqlDialect::PostgreSQL: return u"postgresql"_s;
    case SqlDialect::MySQL: return u"mysql"_s;
    case SqlDialect::MariaDB: return u"mariadb"_s;
    case SqlDialect::SQLite: return u"sqlite"_s;
    }
    return u"postgresql"_s;
}

bool isMySqlFamily(SqlDialect dialect)
{
    return dialect == SqlDialect::MySQL || dialect == SqlDialect::MariaDB;
}

std::optional<SqlDialect> dialectFromName(QStringView name)
{
    const QString n = name.trimmed().toString().toLower();
    if (n == u"postgresql" || n == u"postgres" || n == u"pg" || n == u"psql")
        return SqlDialect::PostgreSQL;
    if (n == u"mysql")
        return SqlDialect::MySQL;
    if (n == u"mariadb")
        return SqlDialect::MariaDB;
    if (n == u"sqlite" || n == u"sqlite3")
        return SqlDialect::SQLite;
    return std::nullopt;
}

QString tokenKindName(TokenKind kind)
{
    switch (kind) {
    case TokenKind::Whitespace: return u"whitespace"_s;
    case TokenKind::LineComment: return u"line-comment"_s;
    case TokenKind::BlockComment: return u"block-comment"_s;
    case TokenKind::Word: return u"word"_s;
    case TokenKind::QuotedIdentifier: return u"quoted-identifier"_s;
    case TokenKind::String: return u"string"_s;
    case TokenKind::DollarString: return u"dollar-string"_s;
    case TokenKind::Number: return u"number"_s;
    case TokenKind::Parameter: return u"parameter"_s;
    case TokenKind::Operator: return u"operator"_s;
    case TokenKind::LeftParen: return u"left-paren"_s;
    case TokenKind::RightParen: return u"right-paren"_s;
    case TokenKind::LeftBracket: return u"left-bracket"_s;
    case TokenKind::RightBracket: return u"right-bracket"_s;
    case TokenKind::Comma: return u"comma"_s;
    case TokenKind::Dot: return u"dot"_s;
    case TokenKind::Semicolon: return u"semicolon"_s;
    case TokenKind::MetaCommand: return u"meta-command"_s;
    case TokenKind::DelimiterCommand: return u"delimiter-command"_s;
    case TokenKind::ExecutableComment: return u"executable-comment"_s;
    case TokenKind::Invalid: return u"invalid"_s;
    case TokenKind::CopyData: return u"copy-data"_s;
    }
    return u"invalid"_s;
}

// ---------------------------------------------------------------------------------------------------------------
// LineIndex

namespace {

void collectLineStarts(QByteArrayView text, qsizetype from, qsizetype to, std::vector<qsizetype> &starts)
{
    const char *base = text.data();
    qsizetype i = from;
    while (i < to) {
        const void *hit = std::memchr(base + i, '\n', size_t(to - i));
        if (!hit)
            break;
        const qsizetype k = static_cast<const char *>(hit) - base;
        starts.push_back(k + 1);
        i = k + 1;
    }
}

} // namespace

LineIndex::LineIndex(QByteArrayView text)
    : LineIndex(text.toByteArray())
{
}

LineIndex::LineIndex(const QByteArray &text)
    : m_text(text)
{
    m_lineStarts.reserve(size_t(text.size() / 40 + 1));
    m_lineStarts.push_back(0);
    collectLineStarts(m_text, 0, m_text.size(), m_lineStarts);
}

Position LineIndex::position(qsizetype offset) const
{
    offset = std::clamp<qsizetype>(offset, 0, m_text.size());
    Position pos;
    pos.offset = offset;
    if (m_lineStarts.empty())
        return pos;
    const auto it = std::upper_bound(m_lineStarts.begin(), m_lineStarts.end(), offset);
    const auto lineIndex = std::distance(m_lineStarts.begin(), it); // >= 1 because m_lineStarts[0] == 0
    pos.line = static_cast<int>(lineIndex);
    const qsizetype start = m_lineStarts[size_t(lineIndex - 1)];
    const auto *p = reinterpret_cast<const uchar *>(m_text.constData());
    const uchar *end = p + m_text.size();
    qsizetype i = start;
    int column = 1;
    while (i < offset) {
        if (p[i] < 0x80) {
            ++i;
        } else {
            const int len = detail::utf8SequenceLength(p + i, end);
            i += len > 0 ? len : 1;
        }
        ++column;
    }
    pos.column = column;
    return pos;
}

int LineIndex::lineOf(qsizetype offset) const
{
    if (m_lineStarts.empty())
        return 1;
    offset = std::clamp<qsizetype>(offset, 0, m_text.size());
    return static_cast<int>(std::upper_bound(m_lineStarts.begin(), m_lineStarts.end(), offset) - m_lineStarts.begin());
}

qsizetype LineIndex::lineStart(int line) const
{
    if (m_lineStarts.empty())
        return 0;
    const auto index = std::clamp<qsizetype>(line, 1, qsizetype(m_lineStarts.size())) - 1;
    return m_lineStarts[size_t(index)];
}

LineIndex LineIndex::edited(const QByteArray &newText, qsizetype offset, qsizetype removed, qsizetype inserted) const
{
    LineIndex r;
    r.m_text = newText;
    r.m_lineStarts.reserve(m_lineStarts.size() + size_t(inserted / 40 + 1));
    if (m_lineStarts.empty()) {
        r.m_lineStarts.push_back(0);
        collectLineStarts(newText, 0, newText.size(), r.m_lineStarts);
        return r;
    }
    const qsizetype delta = inserted - removed;
    // Starts whose line break lies before the edit stay; 0 always stays.
    auto it = m_lineStarts.begin();
    while (it != m_lineStarts.end() && *it <= offset)
        r.m_lineStarts.push_back(*it++);
    collectLineStarts(newText, offset, std::min<qsizetype>(offset + inserted, newText.size()), r.m_lineStarts);
    while (it != m_lineStarts.end() && *it - 1 < offset + removed)
        ++it;
    for (; it != m_lineStarts.end(); ++it)
        r.m_lineStarts.push_back(*it + delta);
    return r;
}

// ---------------------------------------------------------------------------------------------------------------
// Script helpers

qsizetype Script::statementAt(qsizetype offset) const
{
    const auto it = std::partition_point(statements.cbegin(), statements.cend(),
                                         [offset](const Statement &s) { return s.end() <= offset; });
    return std::distance(statements.cbegin(), it);
}

QByteArray Script::delimiterAt(qsizetype offset) const
{
    const auto it = std::partition_point(delimiters.cbegin(), delimiters.cend(),
                                         [offset](const DelimiterChange &d) { return d.offset <= offset; });
    if (it == delimiters.cbegin())
        return QByteArrayLiteral(";");
    return std::prev(it)->delimiter;
}

Script tokenizeAndSplit(QByteArray text, SqlDialect dialect)
{
    Script script;
    script.text = std::move(text);
    script.dialect = dialect;
    // About one token per 3 bytes in typical migrations; reserved pages that are never used stay untouched.
    script.tokens.reserve(script.text.size() / 3 + 64);
    detail::LexerEngine engine(script.text, dialect, script.tokens, script.statements, script.issues,
                               script.delimiters);
    engine.start(0, QByteArrayLiteral(";"));
    engine.run();
    script.lines = LineIndex(script.text);
    return script;
}

// ---------------------------------------------------------------------------------------------------------------
// The engine

namespace detail {

namespace {

enum CharClass : quint8 {
    CWhitespace = 1, // space \t \n \r \f \v
    CIdentStart = 2, // A-Z a-z _
    CIdentCont = 4, // + 0-9 $
    CDigit = 8,
    CPgOp = 16, // + - * / < > = ~ ! @ # % ^ & | ` ?
    CHex = 32,
    CControl = 64, // other C0 controls and DEL, not NUL
};

constexpr std::array<quint8, 256> makeClasses()
{
    std::array<quint8, 256> t{};
    for (int c : {' ', '\t', '\n', '\r', '\f', '\v'})
        t[size_t(c)] |= CWhitespace;
    for (int c = 'a'; c <= 'z'; ++c)
        t[size_t(c)] |= CIdentStart | CIdentCont;
    for (int c = 'A'; c <= 'Z'; ++c)
        t[size_t(c)] |= CIdentStart | CIdentCont;
    t[size_t('_')] |= CIdentStart | CIdentCont;
    t[size_t('$')] |= CIdentCont;
    for (int c = '0'; c <= '9'; ++c)
        t[size_t(c)] |= CIdentCont | CDigit | CHex;
    for (int c = 'a'; c <= 'f'; ++c)
        t[size_t(c)] |= CHex;
    for (int c = 'A'; c <= 'F'; ++c)
        t[size_t(c)] |= CHex;
    for (int c : {'+', '-', '*', '/', '<', '>', '=', '~', '!', '@', '#', '%', '^', '&', '|', '`', '?'})
        t[size_t(c)] |= CPgOp;
    for (int c = 1; c < 32; ++c)
        if (!(t[size_t(c)] & CWhitespace))
            t[size_t(c)] |= CControl;
    t[127] |= CControl;
    return t;
}

constexpr std::array<quint8, 256> kClasses = makeClasses();

inline bool is(uchar c, quint8 cls)
{
    return (kClasses[c] & cls) != 0;
}

inline uchar lower(uchar c)
{
    return (c >= 'A' && c <= 'Z') ? uchar(c + 32) : c;
}

bool equalsLower(QByteArrayView word, const char *lowerAscii, qsizetype len)
{
    if (word.size() != len)
        return false;
    for (qsizetype i = 0; i < len; ++i)
        if (lower(uchar(word[i])) != uchar(lowerAscii[i]))
            return false;
    return true;
}

enum WordId : quint8 {
    WOther,
    WCreate,
    WFunction,
    WProcedure,
    WOr,
    WReplace,
    WRule,
    WTemp,
    WTrigger,
    WBegin,
    WEnd,
    WCase,
    WExplain,
    WCopy,
    WFrom,
    WStdin,
};

WordId classifyWord(QByteArrayView w)
{
    switch (w.size()) {
    case 2:
        if (equalsLower(w, "or", 2))
            return WOr;
        break;
    case 3:
        if (equalsLower(w, "end", 3))
            return WEnd;
        break;
    case 4:
        if (equalsLower(w, "rule", 4))
            return WRule;
        if (equalsLower(w, "copy", 4))
            return WCopy;
        if (equalsLower(w, "from", 4))
            return WFrom;
        if (equalsLower(w, "temp", 4))
            return WTemp;
        if (equalsLower(w, "case", 4))
            return WCase;
        break;
    case 5:
        if (equalsLower(w, "begin", 5))
            return WBegin;
        if (equalsLower(w, "stdin", 5))
            return WStdin;
        break;
    case 6:
        if (equalsLower(w, "create", 6))
            return WCreate;
        break;
    case 7:
        if (equalsLower(w, "replace", 7))
            return WReplace;
        if (equalsLower(w, "trigger", 7))
            return WTrigger;
        if (equalsLower(w, "explain", 7))
            return WExplain;
        break;
    case 8:
        if (equalsLower(w, "function", 8))
            return WFunction;
        break;
    case 9:
        if (equalsLower(w, "procedure", 9))
            return WProcedure;
        if (equalsLower(w, "temporary", 9))
            return WTemp;
        break;
    default: break;
    }
    return WOther;
}

// sqlite3_complete(): token classes and transitions (from SQLite's complete.c).
enum SqliteClass : quint8 { SSemi, SWs, SOther, SExplain, SCreate, STemp, STrigger, SEnd };
constexpr quint8 kSqliteTrans[8][8] = {
    /* 0 INVALID */ {1, 0, 2, 3, 4, 2, 2, 2},
    /* 1 START   */ {1, 1, 2, 3, 4, 2, 2, 2},
    /* 2 NORMAL  */ {1, 2, 2, 2, 2, 2, 2, 2},
    /* 3 EXPLAIN */ {1, 3, 3, 2, 4, 2, 2, 2},
    /* 4 CREATE  */ {1, 4, 2, 2, 2, 4, 5, 2},
    /* 5 TRIGGER */ {6, 5, 5, 5, 5, 5, 5, 5},
    /* 6 SEMI    */ {6, 6, 5, 5, 5, 5, 5, 7},
    /* 7 END     */ {1, 7, 5, 5, 5, 5, 5, 5},
};

/// psql `\copy … from stdin …`: the data follows in the script.
bool isCopyFromStdinCommand(QByteArrayView command)
{
    if (!command.startsWith("\\copy") || (command.size() > 5 && !is(uchar(command[5]), CWhitespace)))
        return false;
    const QByteArray lowered = command.toByteArray().toLower();
    qsizetype at = 0;
    while ((at = lowered.indexOf("from", at)) >= 0) {
        qsizetype k = at + 4;
        const bool boundary = at > 0 && is(uchar(lowered[at - 1]), CWhitespace);
        if (boundary && k < lowered.size() && is(uchar(lowered[k]), CWhitespace)) {
            while (k < lowered.size() && is(uchar(lowered[k]), CWhitespace))
                ++k;
            if (lowered.sliced(k).startsWith("stdin")
                && (k + 5 == lowered.size() || !is(uchar(lowered[k + 5]), CIdentCont)))
                return true;
        }
        at += 4;
    }
    return false;
}

SqliteClass sqliteClass(WordId id)
{
    switch (id) {
    case WExplain: return SExplain;
    case WCreate: return SCreate;
    case WTemp: return STemp;
    case WTrigger: return STrigger;
    case WEnd: return SEnd;
    default: return SOther;
    }
}

QString hexByte(uchar c)
{
    return u"U+%1"_s.arg(uint(c), 4, 16, QLatin1Char('0')).toUpper();
}

} // namespace

int utf8SequenceLength(const uchar *p, const uchar *end)
{
    const uchar c = p[0];
    if (c < 0x80)
        return 1;
    const qsizetype avail = end - p;
    auto cont = [&](qsizetype i, uchar lo = 0x80, uchar hi = 0xBF) { return i < avail && p[i] >= lo && p[i] <= hi; };
    if (c >= 0xC2 && c <= 0xDF)
        return cont(1) ? 2 : 0;
    if (c == 0xE0)
        return cont(1, 0xA0, 0xBF) && cont(2) ? 3 : 0;
    if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF)
        return cont(1) && cont(2) ? 3 : 0;
    if (c == 0xED)
        return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
    if (c == 0xF0)
        return cont(1, 0x90, 0xBF) && cont(2) && cont(3) ? 4 : 0;
    if (c >= 0xF1 && c <= 0xF3)
        return cont(1) && cont(2) && cont(3) ? 4 : 0;
    if (c == 0xF4)
        return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
    return 0;
}

LexerEngine::LexerEngine(QByteArrayView text, SqlDialect dialect, QList<Token> &tokens, QList<Statement> &statements,
                         QList<SyntaxIssue> &issues, QList<DelimiterChange> &delimiters)
    : m_text(text)
    , m_p(reinterpret_cast<const uchar *>(text.data()))
    , m_size(text.size())
    , m_dialect(dialect)
    , m_pg(dialect == SqlDialect::PostgreSQL)
    , m_mysql(isMySqlFamily(dialect))
    , m_sqlite(dialect == SqlDialect::SQLite)
    , m_tokens(tokens)
    , m_statements(statements)
    , m_issues(issues)
    , m_delimiters(delimiters)
{
}

void LexerEngine::start(qsizetype pos, QByteArray delimiter)
{
    m_pos = std::clamp<qsizetype>(pos, 0, m_size);
    m_gapOffset = m_pos;
    m_delimiter = delimiter.isEmpty() ? QByteArrayLiteral(";") : std::move(delimiter);
    m_customDelimiter = m_mysql && m_delimiter != ";";
    m_issuesAtStart = m_issues.size();
    m_tokenCount = m_tokens.size();
    m_tok = m_tokens.data();
    m_stop = false;
    m_stopOffset = -1;
    resetStatementState();
}

bool LexerEngine::run()
{
    while (m_pos < m_size && !m_stop)
        lexToken();
    if (m_stop) {
        while (m_tokenCount > 0 && m_tok[m_tokenCount - 1].offset >= m_stopOffset)
            --m_tokenCount;
        m_tokens.resize(m_tokenCount);
        while (m_issues.size() > m_issuesAtStart && m_issues.constLast().offset >= m_stopOffset)
            m_issues.removeLast();
        while (!m_delimiters.isEmpty() && m_delimiters.constLast().offset > m_stopOffset)
            m_delimiters.removeLast();
        return true;
    }
    if (m_pending) {
        if (inBody()) {
            const qsizetype at = m_bodyOffset >= 0 ? m_bodyOffset : m_tok[m_stmtFirst].offset;
            const qsizetype len = m_bodyOffset >= 0 ? m_bodyLength : m_tok[m_stmtFirst].length;
            QString what = m_pg ? u"the BEGIN body of this function never ends with END"_s
                                : u"the trigger body never ends with END;"_s;
            SyntaxIssue is{SyntaxIssueKind::UnterminatedStatement, at, len, std::move(what)};
            const auto pos = std::upper_bound(m_issues.begin() + m_issuesAtStart, m_issues.end(), at,
                                              [](qsizetype o, const SyntaxIssue &x) { return o < x.offset; });
            m_issues.insert(pos, std::move(is));
        }
        m_atEof = true;
        endStatement(m_lastSig);
    }
    m_tokens.resize(m_tokenCount);
    return false;
}

void LexerEngine::issue(SyntaxIssueKind kind, qsizetype offset, qsizetype length, QString message)
{
    m_issues.append(SyntaxIssue{kind, offset, length, std::move(message)});
}

void LexerEngine::push(TokenKind kind, qsizetype end)
{
    if (m_tokenCount == m_tokens.size()) {
        // Grow in chunks inside the reserved capacity: writing through a pointer is much cheaper than
        // QList::append, and pages of the reservation that are never reached are never touched.
        m_tokens.resize(m_tokenCount + std::max<qsizetype>(4096, m_tokenCount / 8));
        m_tok = m_tokens.data();
    }
    m_tok[m_tokenCount++] = Token{m_pos, quint32(end - m_pos), kind};
    m_pos = end;
    if (!isTrivia(kind))
        onSignificant(m_tokenCount - 1);
}

qsizetype LexerEngine::lineEnd(qsizetype from) const
{
    const void *hit = std::memchr(m_p + from, '\n', size_t(m_size - from));
    if (!hit)
        return m_size;
    qsizetype k = static_cast<const uchar *>(hit) - m_p;
    if (k > from && m_p[k - 1] == '\r')
        --k;
    return k;
}

bool LexerEngine::atLineStart(qsizetype pos) const
{
    qsizetype k = pos - 1;
    while (k >= 0 && (m_p[k] == ' ' || m_p[k] == '\t' || m_p[k] == '\r' || m_p[k] == '\f' || m_p[k] == '\v'))
        --k;
    return k < 0 || m_p[k] == '\n';
}

void LexerEngine::checkBytes(qsizetype from, qsizetype to)
{
    const uchar *end = m_p + to;
    qsizetype i = from;
    while (i < to) {
        const uchar c = m_p[i];
        if (c != 0 && c < 0x80) {
            ++i;
            continue;
        }
        if (c == 0) {
            qsizetype j = i;
            while (j < to && m_p[j] == 0)
                ++j;
            issue(SyntaxIssueKind::NulByte, i, j - i, u"NUL byte"_s);
            i = j;
            continue;
        }
        const int len = utf8SequenceLength(m_p + i, end);
        if (len > 0) {
            i += len;
            continue;
        }
        qsizetype j = i + 1;
        while (j < to && m_p[j] >= 0x80 && utf8SequenceLength(m_p + j, end) == 0)
            ++j;
        issue(SyntaxIssueKind::InvalidUtf8, i, j - i, u"invalid UTF-8 byte sequence"_s);
        i = j;
    }
}

void LexerEngine::lexToken()
{
    if (m_copyPending)
        return lexCopyPending();
    if (m_customDelimiter && delimiterAt(m_pos)) {
        push(TokenKind::Semicolon, m_pos + m_delimiter.size());
        return;
    }
    const uchar c = m_p[m_pos];
    const uchar next = m_pos + 1 < m_size ? m_p[m_pos + 1] : 0;
    const bool hasNext = m_pos + 1 < m_size;
    if (is(c, CWhitespace))
        return lexWhitespace();
    if (is(c, CIdentStart) || (c >= 0x80 && utf8SequenceLength(m_p + m_pos, m_p + m_size) > 0))
        return lexWordOrPrefixedString();
    if (is(c, CDigit))
        return lexNumber();
    switch (c) {
    case '\'':
        return lexQuoted('\'', TokenKind::String, 0, m_mysql, SyntaxIssueKind::UnterminatedString);
    case '"':
        if (m_mysql)
            return lexQuoted('"', TokenKind::String, 0, true, SyntaxIssueKind::UnterminatedString);
        return lexQuoted('"', TokenKind::QuotedIdentifier, 0, false, SyntaxIssueKind::UnterminatedQuotedIdentifier);
    case '`':
        if (!m_pg)
            return lexQuoted('`', TokenKind::QuotedIdentifier, 0, false,
                             SyntaxIssueKind::UnterminatedQuotedIdentifier);
        return lexOperator();
    case '[':
        if (m_sqlite)
            return lexSqliteBracket();
        return push(TokenKind::LeftBracket, m_pos + 1);
    case ']': return push(TokenKind::RightBracket, m_pos + 1);
    case '(': return push(TokenKind::LeftParen, m_pos + 1);
    case ')': return push(TokenKind::RightParen, m_pos + 1);
    case ',': return push(TokenKind::Comma, m_pos + 1);
    case '.':
        if (is(next, CDigit))
            return lexNumber();
        return push(TokenKind::Dot, m_pos + 1);
    case ';': return push(m_customDelimiter ? TokenKind::Operator : TokenKind::Semicolon, m_pos + 1);
    case '-':
        if (next == '-') {
            if (!m_mysql)
                return lexLineComment(2);
            // MySQL: "--" starts a comment only when followed by whitespace or a control character.
            if (m_pos + 2 >= m_size || m_p[m_pos + 2] <= ' ' || m_p[m_pos + 2] == 127)
                return lexLineComment(2);
        }
        return lexOperator();
    case '#':
        if (m_mysql)
            return lexLineComment(1);
        return lexOperator();
    case '/':
        if (next == '*')
            return lexBlockComment();
        return lexOperator();
    case '$':
        if (m_pg)
            return lexDollar();
        if (m_mysql)
            return lexWordOrPrefixedString();
        // SQLite $name parameter
        if (hasNext && (is(next, CIdentCont) || next >= 0x80)) {
            qsizetype i = m_pos + 1;
            while (i < m_size && (is(m_p[i], CIdentCont) || (m_p[i] >= 0x80 && utf8SequenceLength(m_p + i, m_p + m_size) > 0)))
                i += m_p[i] < 0x80 ? 1 : utf8SequenceLength(m_p + i, m_p + m_size);
            if (i > m_pos + 1)
                return push(TokenKind::Parameter, i);
        }
        return lexOperator();
    case '?':
        if (m_pg)
            return lexOperator();
        {
            qsizetype i = m_pos + 1;
            if (m_sqlite)
                while (i < m_size && is(m_p[i], CDigit))
                    ++i;
            return push(TokenKind::Parameter, i);
        }
    case ':':
        if (next == ':' || next == '=')
            return push(TokenKind::Operator, m_pos + 2);
        if (m_pg && (next == '\'' || next == '"')) {
            // psql :'var' / :"var"
            qsizetype i = m_pos + 2;
            while (i < m_size && (is(m_p[i], CIdentCont) && m_p[i] != '$'))
                ++i;
            if (i > m_pos + 2 && i < m_size && m_p[i] == next)
                return push(TokenKind::Parameter, i + 1);
            return push(TokenKind::Operator, m_pos + 1);
        }
        if ((m_pg || m_sqlite) && hasNext && (is(next, CIdentStart) || (next >= 0x80 && utf8SequenceLength(m_p + m_pos + 1, m_p + m_size) > 0))) {
            qsizetype i = m_pos + 1;
            while (i < m_size) {
                const uchar d = m_p[i];
                if (d < 0x80) {
                    if (!is(d, CIdentCont) || (m_pg && d == '$'))
                        break;
                    ++i;
                } else {
                    const int len = utf8SequenceLength(m_p + i, m_p + m_size);
                    if (!len)
                        break;
                    i += len;
                }
            }
            return push(TokenKind::Parameter, i);
        }
        return push(TokenKind::Operator, m_pos + 1);
    case '@':
        if (m_sqlite && hasNext && (is(next, CIdentCont) || next >= 0x80)) {
            qsizetype i = m_pos + 1;
            while (i < m_size && is(m_p[i], CIdentCont))
                ++i;
            if (i > m_pos + 1)
                return push(TokenKind::Parameter, i);
        }
        if (m_mysql && hasNext && (is(next, CIdentCont) || next == '@' || next >= 0x80))
            return lexWordOrPrefixedString();
        return lexOperator();
    case '\\':
        return lexBackslash();
    default: break;
    }
    if (c == 0 || is(c, CControl) || c >= 0x80)
        return lexInvalidRun();
    return lexOperator();
}

void LexerEngine::lexCopyPending()
{
    // After COPY … FROM STDIN: the rest of the COPY line is trivia, the data starts on the next line.
    const uchar c = m_p[m_pos];
    if (m_pos > 0 && m_p[m_pos - 1] != '\n') {
        if (is(c, CWhitespace)) {
            qsizetype i = m_pos;
            while (i < m_size && is(m_p[i], CWhitespace) && m_p[i] != '\n')
                ++i;
            if (i < m_size && m_p[i] == '\n')
                ++i;
            return push(TokenKind::Whitespace, i);
        }
        if (c == '-' && m_pos + 1 < m_size && m_p[m_pos + 1] == '-')
            return lexLineComment(2);
    }
    // The data runs through a line that is exactly "\." (psql's end-of-data marker), or to the end of the input.
    qsizetype lineStart = m_pos;
    qsizetype end = m_size;
    while (lineStart < m_size) {
        const void *hit = std::memchr(m_p + lineStart, '\n', size_t(m_size - lineStart));
        const qsizetype le = hit ? static_cast<const uchar *>(hit) - m_p : m_size;
        const qsizetype len = le - lineStart;
        if (len >= 2 && m_p[lineStart] == '\\' && m_p[lineStart + 1] == '.'
            && (len == 2 || (len == 3 && m_p[lineStart + 2] == '\r'))) {
            end = lineStart + 2;
            break;
        }
        lineStart = le + 1;
    }
    m_copyPending = false;
    checkBytes(m_pos, end);
    push(TokenKind::CopyData, end);
}

void LexerEngine::lexWhitespace()
{
    qsizetype i = m_pos + 1;
    while (i < m_size && is(m_p[i], CWhitespace))
        ++i;
    push(TokenKind::Whitespace, i);
}

void LexerEngine::lexWordOrPrefixedString()
{
    const uchar c = m_p[m_pos];
    const uchar n1 = m_pos + 1 < m_size ? m_p[m_pos + 1] : 0;
    const uchar n2 = m_pos + 2 < m_size ? m_p[m_pos + 2] : 0;
    const uchar lc = lower(c);
    if (n1 == '\'') {
        if (m_pg && lc == 'e')
            return lexQuoted('\'', TokenKind::String, 1, true, SyntaxIssueKind::UnterminatedString);
        if ((m_pg || m_mysql) && (lc == 'b' || lc == 'x' || lc == 'n'))
            return lexQuoted('\'', TokenKind::String, 1, m_mysql && lc == 'n', SyntaxIssueKind::UnterminatedString);
        if (m_sqlite && lc == 'x')
            return lexQuoted('\'', TokenKind::String, 1, false, SyntaxIssueKind::UnterminatedString);
    }
    if (m_pg && lc == 'u' && n1 == '&') {
        if (n2 == '\'')
            return lexQuoted('\'', TokenKind::String, 2, false, SyntaxIssueKind::UnterminatedString);
        if (n2 == '"')
            return lexQuoted('"', TokenKind::QuotedIdentifier, 2, false,
                             SyntaxIssueKind::UnterminatedQuotedIdentifier);
    }
    const uchar *end = m_p + m_size;
    qsizetype i = m_pos + (c < 0x80 ? 1 : std::max(1, utf8SequenceLength(m_p + m_pos, end)));
    if (c == '@' && n1 == '@')
        ++i; // MySQL @@system_variable
    while (i < m_size) {
        const uchar d = m_p[i];
        if (d < 0x80) {
            if (!is(d, CIdentCont))
                break;
            if (m_customDelimiter && delimiterAt(i))
                break;
            ++i;
        } else {
            const int len = utf8SequenceLength(m_p + i, end);
            if (!len)
                break;
            i += len;
        }
    }
    if (m_mysql && i - m_pos == 9 && i < m_size && (m_p[i] == ' ' || m_p[i] == '\t')
        && equalsLower(m_text.sliced(m_pos, 9), "delimiter", 9) && atLineStart(m_pos) && tryDelimiterCommand(i))
        return;
    push(TokenKind::Word, i);
}

bool LexerEngine::tryDelimiterCommand(qsizetype wordEnd)
{
    const qsizetype lineEndPos = lineEnd(wordEnd);
    qsizetype a = wordEnd;
    while (a < lineEndPos && is(m_p[a], CWhitespace))
        ++a;
    if (a >= lineEndPos)
        return false;
    qsizetype b = a;
    while (b < lineEndPos && !is(m_p[b], CWhitespace))
        ++b;
    QByteArray delimiter = m_text.sliced(a, b - a).toByteArray();
    const char q = delimiter.front();
    if (delimiter.size() > 2 && (q == '\'' || q == '"' || q == '`') && delimiter.back() == q)
        delimiter = delimiter.sliced(1, delimiter.size() - 2);
    if (delimiter.contains('\\')) {
        issue(SyntaxIssueKind::UnexpectedCharacter, a, b - a, u"a DELIMITER cannot contain a backslash"_s);
        m_nextDelimiter.reset();
    } else {
        m_nextDelimiter = std::move(delimiter);
    }
    checkBytes(a, lineEndPos); // only whitespace lies between the word and the argument
    push(TokenKind::DelimiterCommand, lineEndPos);
    return true;
}

void LexerEngine::lexNumber()
{
    qsizetype i = m_pos;
    const uchar *end = m_p + m_size;
    auto stopAt = [&](qsizetype k) { return m_customDelimiter && delimiterAt(k); };
    if (m_p[i] == '0' && i + 1 < m_size) {
        const uchar x = lower(m_p[i + 1]);
        quint8 ok = 0;
        if (x == 'x')
            ok = CHex;
        else if ((x == 'o' && m_pg) || x == 'b')
            ok = CDigit;
        if (ok && i + 2 < m_size && is(m_p[i + 2], ok)) {
            i += 2;
            while (i < m_size && (is(m_p[i], ok) || m_p[i] == '_') && !stopAt(i))
                ++i;
            goto tail;
        }
    }
    while (i < m_size && (is(m_p[i], CDigit) || (m_p[i] == '_' && !m_sqlite)) && !stopAt(i))
        ++i;
    if (i < m_size && m_p[i] == '.' && !(i + 1 < m_size && m_p[i + 1] == '.') && !stopAt(i)) {
        ++i;
        while (i < m_size && (is(m_p[i], CDigit) || m_p[i] == '_') && !stopAt(i))
            ++i;
    }
    if (i < m_size && lower(m_p[i]) == 'e' && !stopAt(i)) {
        qsizetype k = i + 1;
        if (k < m_size && (m_p[k] == '+' || m_p[k] == '-'))
            ++k;
        if (k < m_size && is(m_p[k], CDigit)) {
            i = k;
            while (i < m_size && is(m_p[i], CDigit) && !stopAt(i))
                ++i;
        }
    }
tail:
    if (m_mysql && i < m_size && m_p[m_pos] != '.') {
        // MySQL identifiers may begin with digits: 1abc is a name.
        bool word = false;
        while (i < m_size) {
            const uchar d = m_p[i];
            if (d < 0x80) {
                if (!is(d, CIdentCont) || stopAt(i))
                    break;
                ++i;
            } else {
                const int len = utf8SequenceLength(m_p + i, end);
                if (!len)
                    break;
                i += len;
            }
            word = true;
        }
        if (word)
            return push(TokenKind::Word, i);
    }
    push(TokenKind::Number, i);
}

void LexerEngine::lexQuoted(uchar quote, TokenKind kind, qsizetype prefix, bool backslashEscapes,
                            SyntaxIssueKind unterminated)
{
    qsizetype i = m_pos + prefix + 1;
    bool closed = false;
    while (i < m_size) {
        const uchar c = m_p[i];
        if (c == quote) {
            if (i + 1 < m_size && m_p[i + 1] == quote) {
                i += 2;
                continue;
            }
            ++i;
            closed = true;
            break;
        }
        if (backslashEscapes && c == '\\') {
            i += 2;
            continue;
        }
        ++i;
    }
    if (!closed) {
        const bool ident = kind == TokenKind::QuotedIdentifier;
        issue(unterminated, m_pos, prefix + 1,
              ident ? u"unterminated quoted identifier starts here"_s : u"unterminated string starts here"_s);
        return push(TokenKind::Invalid, m_size);
    }
    checkBytes(m_pos, i);
    push(kind, i);
}

void LexerEngine::lexSqliteBracket()
{
    const void *hit = std::memchr(m_p + m_pos + 1, ']', size_t(m_size - m_pos - 1));
    if (!hit) {
        issue(SyntaxIssueKind::UnterminatedQuotedIdentifier, m_pos, 1, u"unterminated quoted identifier starts here"_s);
        return push(TokenKind::Invalid, m_size);
    }
    const qsizetype end = static_cast<const uchar *>(hit) - m_p + 1;
    checkBytes(m_pos, end);
    push(TokenKind::QuotedIdentifier, end);
}

void LexerEngine::lexLineComment(qsizetype prefix)
{
    const qsizetype end = lineEnd(m_pos + prefix);
    checkBytes(m_pos, end);
    push(TokenKind::LineComment, end);
}

void LexerEngine::lexBlockComment()
{
    TokenKind kind = TokenKind::BlockComment;
    if (m_mysql && m_pos + 2 < m_size) {
        if (m_p[m_pos + 2] == '!')
            kind = TokenKind::ExecutableComment;
        else if (m_dialect == SqlDialect::MariaDB && m_p[m_pos + 2] == 'M' && m_pos + 3 < m_size && m_p[m_pos + 3] == '!')
            kind = TokenKind::ExecutableComment;
    }
    qsizetype i = m_pos + 2;
    qsizetype end = -1;
    if (m_pg) {
        int depth = 1;
        while (i + 1 < m_size) {
            if (m_p[i] == '*' && m_p[i + 1] == '/') {
                i += 2;
                if (--depth == 0) {
                    end = i;
                    break;
                }
            } else if (m_p[i] == '/' && m_p[i + 1] == '*') {
                i += 2;
                ++depth;
            } else {
                ++i;
            }
        }
    } else {
        while (i + 1 < m_size) {
            const void *hit = std::memchr(m_p + i, '*', size_t(m_size - 1 - i));
            if (!hit)
                break;
            i = static_cast<const uchar *>(hit) - m_p;
            if (m_p[i + 1] == '/') {
                end = i + 2;
                break;
            }
            ++i;
        }
    }
    if (end < 0) {
        issue(SyntaxIssueKind::UnterminatedBlockComment, m_pos, 2, u"unterminated block comment starts here"_s);
        return push(TokenKind::Invalid, m_size);
    }
    checkBytes(m_pos, end);
    push(kind, end);
}

void LexerEngine::lexDollar()
{
    // PostgreSQL: $1 parameter, $tag$ … $tag$ dollar quote, or a lone $.
    qsizetype j = m_pos + 1;
    if (j < m_size && is(m_p[j], CDigit)) {
        while (j < m_size && is(m_p[j], CDigit))
            ++j;
        return push(TokenKind::Parameter, j);
    }
    const uchar *end = m_p + m_size;
    if (j < m_size && (is(m_p[j], CIdentStart) || m_p[j] >= 0x80)) {
        while (j < m_size) {
            const uchar d = m_p[j];
            if (d < 0x80) {
                if (!is(d, CIdentCont) || d == '$')
                    break;
                ++j;
            } else {
                const int len = utf8SequenceLength(m_p + j, end);
                if (!len)
                    break;
                j += len;
            }
        }
    }
    if (j >= m_size || m_p[j] != '$')
        return push(TokenKind::Operator, m_pos + 1);
    const qsizetype openEnd = j + 1;
    const QByteArrayView tag = m_text.sliced(m_pos, openEnd - m_pos);
    const qsizetype close = m_text.indexOf(tag, openEnd);
    if (close < 0) {
        issue(SyntaxIssueKind::UnterminatedDollarQuote, m_pos, tag.size(),
              u"unterminated dollar quote %1 starts here"_s.arg(QString::fromUtf8(tag)));
        return push(TokenKind::Invalid, m_size);
    }
    checkBytes(openEnd, close);
    push(TokenKind::DollarString, close + tag.size());
}

void LexerEngine::lexOperator()
{
    qsizetype i = m_pos + 1;
    if (m_pg) {
        if (!is(m_p[m_pos], CPgOp))
            return push(TokenKind::Operator, i);
        while (i < m_size && is(m_p[i], CPgOp)) {
            if (i + 1 < m_size
                && ((m_p[i] == '-' && m_p[i + 1] == '-') || (m_p[i] == '/' && m_p[i + 1] == '*')))
                break;
            ++i;
        }
        // PostgreSQL: a multi-character operator ends in + or - only when it contains ~ ! @ # % ^ & | ` ?
        if (i - m_pos > 1) {
            bool special = false;
            for (qsizetype k = m_pos; k < i; ++k) {
                const uchar d = m_p[k];
                if (d == '~' || d == '!' || d == '@' || d == '#' || d == '%' || d == '^' || d == '&' || d == '|'
                    || d == '`' || d == '?') {
                    special = true;
                    break;
                }
            }
            if (!special)
                while (i - m_pos > 1 && (m_p[i - 1] == '+' || m_p[i - 1] == '-'))
                    --i;
        }
        return push(TokenKind::Operator, i);
    }
    static constexpr std::array<const char *, 14> kOps = {"<=>", "->>", "<=", ">=", "<>", "!=", "<<", ">>", "&&",
                                                         "||", "->", "==", ":=", "~="};
    qsizetype limit = std::min<qsizetype>(3, m_size - m_pos);
    if (m_customDelimiter)
        for (qsizetype k = 1; k < limit; ++k)
            if (delimiterAt(m_pos + k)) {
                limit = k;
                break;
            }
    for (const char *op : kOps) {
        const auto len = qsizetype(std::strlen(op));
        if (len <= limit && std::memcmp(m_p + m_pos, op, size_t(len)) == 0)
            return push(TokenKind::Operator, m_pos + len);
    }
    push(TokenKind::Operator, i);
}

void LexerEngine::lexBackslash()
{
    const uchar next = m_pos + 1 < m_size ? m_p[m_pos + 1] : 0;
    if (m_mysql) {
        if (next == 'g' || next == 'G')
            return push(TokenKind::Semicolon, m_pos + 2); // the mysql client's \g and \G send the statement
        if (next == 'N')
            return push(TokenKind::Word, m_pos + 2); // \N: NULL
        if (!is(next, CIdentStart))
            return push(TokenKind::Operator, m_pos + 1);
    } else if (m_sqlite) {
        issue(SyntaxIssueKind::UnexpectedCharacter, m_pos, 1, u"unexpected character \\"_s);
        return push(TokenKind::Invalid, m_pos + 1);
    }
    const qsizetype end = lineEnd(m_pos);
    checkBytes(m_pos, end);
    push(TokenKind::MetaCommand, end);
}

void LexerEngine::lexInvalidRun()
{
    const uchar c = m_p[m_pos];
    qsizetype i = m_pos + 1;
    if (c == 0) {
        while (i < m_size && m_p[i] == 0)
            ++i;
        issue(SyntaxIssueKind::NulByte, m_pos, i - m_pos, u"NUL byte"_s);
    } else if (c >= 0x80) {
        const uchar *end = m_p + m_size;
        while (i < m_size && m_p[i] >= 0x80 && utf8SequenceLength(m_p + i, end) == 0)
            ++i;
        issue(SyntaxIssueKind::InvalidUtf8, m_pos, i - m_pos, u"invalid UTF-8 byte sequence"_s);
    } else {
        while (i < m_size && m_p[i] == c)
            ++i;
        issue(SyntaxIssueKind::UnexpectedCharacter, m_pos, i - m_pos, u"unexpected control character %1"_s.arg(hexByte(c)));
    }
    push(TokenKind::Invalid, i);
}

// ---------------------------------------------------------------------------------------------------------------
// Splitting

void LexerEngine::resetStatementState()
{
    m_pending = false;
    m_lastSig = -1;
    m_wordCount = 0;
    std::fill(std::begin(m_firstWords), std::end(m_firstWords), quint8(0));
    m_parenDepth = 0;
    m_beginDepth = 0;
    m_pgFunction = false;
    m_pgRule = false;
    m_sqliteState = 1;
    m_bodyOffset = -1;
    m_bodyLength = 0;
    m_isCopy = false;
    m_prevWordFrom = false;
    m_copyFromStdin = false;
}

void LexerEngine::startStatement(qsizetype index)
{
    m_pending = true;
    m_stmtFirst = index;
}

bool LexerEngine::endStatement(qsizetype lastIndex)
{
    const Token &first = m_tok[m_stmtFirst];
    const Token &last = m_tok[lastIndex];
    Statement s;
    s.gapOffset = m_gapOffset;
    s.offset = first.offset;
    s.length = last.end() - first.offset;
    s.firstToken = m_stmtFirst;
    s.tokenCount = lastIndex - m_stmtFirst + 1;
    s.terminated = last.kind == TokenKind::Semicolon;
    s.startsCopyData = m_copyFromStdin && (s.terminated || last.kind == TokenKind::MetaCommand);
    m_statements.append(s);
    m_gapOffset = s.end();
    resetStatementState();
    m_copyPending = s.startsCopyData;
    if (!m_atEof && onStatement && onStatement(m_statements.constLast())) {
        m_stop = true;
        m_stopOffset = m_gapOffset;
        return true;
    }
    return false;
}

bool LexerEngine::inBody() const
{
    if (m_pg)
        return m_beginDepth > 0 || (m_pgRule && m_parenDepth > 0);
    if (m_sqlite)
        return m_sqliteState >= 5;
    return false;
}

void LexerEngine::trackWord(const Token &token)
{
    if (m_mysql)
        return;
    const WordId id = classifyWord(m_text.sliced(token.offset, token.length));
    if (m_wordCount < 4)
        m_firstWords[m_wordCount] = id;
    ++m_wordCount;
    if (m_pg) {
        if (m_wordCount <= 4) {
            const auto *w = m_firstWords;
            m_pgFunction = w[0] == WCreate
                && (w[1] == WFunction || w[1] == WProcedure
                    || (w[1] == WOr && w[2] == WReplace && (w[3] == WFunction || w[3] == WProcedure)));
            m_pgRule = w[0] == WCreate && (w[1] == WRule || (w[1] == WOr && w[2] == WReplace && w[3] == WRule));
        }
        if (m_wordCount == 1 && id == WCopy)
            m_isCopy = true;
        if (m_isCopy) {
            if (m_prevWordFrom && id == WStdin)
                m_copyFromStdin = true;
            m_prevWordFrom = id == WFrom;
        }
        if (m_pgFunction && m_parenDepth == 0) {
            if (id == WBegin) {
                if (m_beginDepth++ == 0) {
                    m_bodyOffset = token.offset;
                    m_bodyLength = token.length;
                }
            } else if (id == WCase) {
                if (m_beginDepth >= 1)
                    ++m_beginDepth;
            } else if (id == WEnd) {
                if (m_beginDepth > 0)
                    --m_beginDepth;
            }
        }
    } else if (m_sqlite) {
        const int before = m_sqliteState;
        m_sqliteState = kSqliteTrans[m_sqliteState][sqliteClass(id)];
        if (m_sqliteState == 5 && before == 4) {
            m_bodyOffset = token.offset;
            m_bodyLength = token.length;
        } else if (id == WBegin && before >= 5 && m_tok[m_stmtFirst].offset <= m_bodyOffset) {
            // prefer the BEGIN of the trigger body over the TRIGGER keyword
            if (classifyWord(m_text.sliced(m_bodyOffset, m_bodyLength)) == WTrigger) {
                m_bodyOffset = token.offset;
                m_bodyLength = token.length;
            }
        }
    }
}

void LexerEngine::onSignificant(qsizetype index)
{
    Token &t = m_tok[index];
    switch (t.kind) {
    case TokenKind::MetaCommand:
    case TokenKind::DelimiterCommand:
    case TokenKind::CopyData:
        if (m_pending && endStatement(m_lastSig))
            return;
        if (m_pg && t.kind == TokenKind::MetaCommand)
            m_copyFromStdin = isCopyFromStdinCommand(m_text.sliced(t.offset, t.length));
        if (t.kind == TokenKind::DelimiterCommand && m_nextDelimiter) {
            m_delimiter = *std::exchange(m_nextDelimiter, std::nullopt);
            m_customDelimiter = m_mysql && m_delimiter != ";";
            m_delimiters.append(DelimiterChange{t.end(), m_delimiter});
        }
        startStatement(index);
        endStatement(index);
        return;
    case TokenKind::Semicolon: {
        bool terminates = !inBody();
        if (m_sqlite) {
            const int next = kSqliteTrans[m_sqliteState][SSemi];
            terminates = next == 1;
            m_sqliteState = next;
        }
        if (terminates) {
            if (!m_pending)
                startStatement(index);
            endStatement(index);
            return;
        }
        t.kind = TokenKind::Operator;
        break;
    }
    default: break;
    }
    if (!m_pending)
        startStatement(index);
    m_lastSig = index;
    const TokenKind kind = t.kind;
    if (kind == TokenKind::Word) {
        trackWord(t);
    } else {
        m_prevWordFrom = false;
        if (kind == TokenKind::LeftParen)
            ++m_parenDepth;
        else if (kind == TokenKind::RightParen && m_parenDepth > 0)
            --m_parenDepth;
        if (m_sqlite && !(kind == TokenKind::Operator && t.length == 1 && m_p[t.offset] == ';'))
            m_sqliteState = kSqliteTrans[m_sqliteState][SOther];
    }
}

} // namespace detail
} // namespace core::sql
