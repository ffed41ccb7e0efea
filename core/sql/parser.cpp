// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sql/parser.h"

#include <QHash>

#include <initializer_list>

using namespace Qt::StringLiterals;

namespace core::sql {

namespace {

bool eqi(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && a.compare(b, Qt::CaseInsensitive) == 0;
}

/// A cursor over the significant tokens [begin, end) of a statement.
class Cursor
{
public:
    Cursor(const std::vector<SigToken> &t, size_t begin, size_t end)
        : m_t(t)
        , m_i(begin)
        , m_end(end)
    {
    }
    explicit Cursor(const std::vector<SigToken> &t)
        : Cursor(t, 0, t.size())
    {
    }

    bool atEnd() const { return m_i >= m_end; }
    size_t pos() const { return m_i; }
    size_t end() const { return m_end; }
    void setPos(size_t p) { m_i = p; }
    const SigToken *peek(size_t k = 0) const { return m_i + k < m_end ? &m_t[m_i + k] : nullptr; }
    /// The current token; an empty one at the end (never null).
    const SigToken &cur() const
    {
        static const SigToken empty{};
        return m_i < m_end ? m_t[m_i] : empty;
    }
    const SigToken &at(size_t i) const { return m_t[i]; }
    void next()
    {
        if (m_i < m_end)
            ++m_i;
    }

    bool isWord(QByteArrayView kw, size_t k = 0) const
    {
        const SigToken *t = peek(k);
        return t && t->kind == TokenKind::Word && eqi(t->text, kw);
    }
    bool isKind(TokenKind kind, size_t k = 0) const
    {
        const SigToken *t = peek(k);
        return t && t->kind == kind;
    }
    bool isOp(QByteArrayView op, size_t k = 0) const
    {
        const SigToken *t = peek(k);
        return t && t->kind == TokenKind::Operator && t->text == op;
    }
    bool accept(QByteArrayView kw)
    {
        if (!isWord(kw))
            return false;
        ++m_i;
        return true;
    }
    bool acceptSeq(std::initializer_list<QByteArrayView> kws)
    {
        size_t k = 0;
        for (QByteArrayView kw : kws) {
            if (!isWord(kw, k))
                return false;
            ++k;
        }
        m_i += k;
        return true;
    }
    bool acceptKind(TokenKind kind)
    {
        if (!isKind(kind))
            return false;
        ++m_i;
        return true;
    }
    bool acceptOp(QByteArrayView op)
    {
        if (!isOp(op))
            return false;
        ++m_i;
        return true;
    }
    /// Skips a balanced ( … ) group when at '('. Returns the index of the first token inside.
    size_t skipParens()
    {
        const size_t inside = m_i + 1;
        if (!isKind(TokenKind::LeftParen) && !isKind(TokenKind::LeftBracket))
            return inside;
        int depth = 0;
        while (!atEnd()) {
            const TokenKind k = m_t[m_i].kind;
            ++m_i;
            if (k == TokenKind::LeftParen || k == TokenKind::LeftBracket)
                ++depth;
            else if (k == TokenKind::RightParen || k == TokenKind::RightBracket) {
                if (--depth == 0)
                    break;
            }
        }
        return inside;
    }
    bool isIdent(size_t k = 0) const
    {
        const SigToken *t = peek(k);
        return t && (t->kind == TokenKind::Word || t->kind == TokenKind::QuotedIdentifier);
    }
    QString ident()
    {
        if (!isIdent())
            return {};
        return identifierText(m_t[m_i++]);
    }
    QualifiedName name()
    {
        QualifiedName n;
        if (!isIdent())
            return n;
        QString a = ident();
        QString b;
        while (isKind(TokenKind::Dot) && isIdent(1)) {
            next();
            if (!b.isEmpty())
                a = b; // keep the last two parts (database.schema.table → schema.table)
            b = ident();
        }
        if (b.isEmpty())
            n.name = a;
        else {
            n.schema = a;
            n.name = b;
        }
        return n;
    }
    /// Finds the next top-level token (depth 0) matching `pred` from the current position; end() if none.
    template<typename Pred>
    size_t findTopLevel(Pred pred) const
    {
        int depth = 0;
        for (size_t i = m_i; i < m_end; ++i) {
            const TokenKind k = m_t[i].kind;
            if (k == TokenKind::LeftParen || k == TokenKind::LeftBracket)
                ++depth;
            else if (k == TokenKind::RightParen || k == TokenKind::RightBracket)
                --depth;
            else if (depth == 0 && pred(m_t[i]))
                return i;
        }
        return m_end;
    }
    /// Splits [pos, end) at top-level commas.
    std::vector<std::pair<size_t, size_t>> splitCommas() const
    {
        std::vector<std::pair<size_t, size_t>> parts;
        int depth = 0;
        size_t start = m_i;
        for (size_t i = m_i; i < m_end; ++i) {
            const TokenKind k = m_t[i].kind;
            if (k == TokenKind::LeftParen || k == TokenKind::LeftBracket)
                ++depth;
            else if (k == TokenKind::RightParen || k == TokenKind::RightBracket)
                --depth;
            else if (depth == 0 && k == TokenKind::Comma) {
                parts.emplace_back(start, i);
                start = i + 1;
            }
        }
        if (start < m_end)
            parts.emplace_back(start, m_end);
        return parts;
    }
    const std::vector<SigToken> &tokens() const { return m_t; }

private:
    const std::vector<SigToken> &m_t;
    size_t m_i;
    size_t m_end;
};

bool isWordToken(const SigToken &t, QByteArrayView kw)
{
    return t.kind == TokenKind::Word && eqi(t.text, kw);
}

QString lowerText(QByteArrayView v)
{
    return QString::fromUtf8(v).toLower();
}

QString stringValue(const SigToken &t)
{
    QByteArrayView v = t.text;
    if (t.kind == TokenKind::String) {
        const qsizetype q = v.indexOf('\'') >= 0 ? v.indexOf('\'') : v.indexOf('"');
        if (q >= 0 && v.size() >= q + 2)
            return QString::fromUtf8(v.sliced(q + 1, v.size() - q - 2));
    }
    if (t.kind == TokenKind::QuotedIdentifier && v.size() >= 2)
        return QString::fromUtf8(v.sliced(1, v.size() - 2));
    return QString::fromUtf8(v);
}

// ---- types -------------------------------------------------------------------------------------------------

bool isColumnConstraintStart(const Cursor &c)
{
    static constexpr QByteArrayView stops[] = {
        "NOT", "NULL", "DEFAULT", "CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "REFERENCES", "GENERATED",
        "COLLATE", "AUTO_INCREMENT", "COMMENT", "FIRST", "AFTER", "ON", "AS", "USING", "CHARSET", "KEY",
        "INVISIBLE", "VISIBLE", "STORAGE", "COMPRESSION", "COLUMN_FORMAT", "SRID", "IDENTITY", "ENCODE",
    };
    const SigToken *t = c.peek();
    if (!t)
        return true;
    if (t->kind == TokenKind::Comma || t->kind == TokenKind::RightParen)
        return true;
    if (t->kind != TokenKind::Word)
        return false;
    for (QByteArrayView s : stops)
        if (eqi(t->text, s))
            return true;
    if (eqi(t->text, "CHARACTER") && c.isWord("SET", 1))
        return true;
    return false;
}

QString canonicalTypeName(const QString &n)
{
    static const QHash<QString, QString> map = {
        {u"character varying"_s, u"varchar"_s}, {u"char varying"_s, u"varchar"_s},
        {u"character"_s, u"char"_s}, {u"bpchar"_s, u"char"_s}, {u"nchar"_s, u"char"_s},
        {u"int"_s, u"integer"_s}, {u"int4"_s, u"integer"_s}, {u"int8"_s, u"bigint"_s}, {u"int2"_s, u"smallint"_s},
        {u"timestamp without time zone"_s, u"timestamp"_s}, {u"timestamp with time zone"_s, u"timestamptz"_s},
        {u"time without time zone"_s, u"time"_s}, {u"time with time zone"_s, u"timetz"_s},
        {u"decimal"_s, u"numeric"_s}, {u"bool"_s, u"boolean"_s}, {u"float8"_s, u"double precision"_s},
        {u"float4"_s, u"real"_s}, {u"serial4"_s, u"serial"_s}, {u"serial8"_s, u"bigserial"_s},
        {u"serial2"_s, u"smallserial"_s}, {u"bit varying"_s, u"varbit"_s}, {u"nvarchar"_s, u"varchar"_s},
        {u"mediumint"_s, u"mediumint"_s}, {u"tinyint"_s, u"tinyint"_s},
    };
    return map.value(n, n);
}

TypeRef parseType(Cursor &c)
{
    TypeRef t;
    QStringList words;
    QStringList text;
    if (c.isIdent() && c.isKind(TokenKind::Dot, 1)) { // schema-qualified type: keep the last part
        c.next();
        c.next();
    }
    while (!c.atEnd() && (words.isEmpty() || !isColumnConstraintStart(c))) {
        const SigToken &tok = c.cur();
        if (text.isEmpty() && (tok.kind == TokenKind::LeftParen || tok.kind == TokenKind::LeftBracket))
            text << QString(); // "(…)" or "[…]" with no type name before it (fuzz: `ADD COLUMN x();`)
        if (tok.kind == TokenKind::Word || tok.kind == TokenKind::QuotedIdentifier) {
            words << identifierText(tok);
            text << words.last();
            c.next();
        } else if (text.isEmpty()) {
            break; // "(" or "[" before any type name: not a type (e.g. an unbalanced column list)
        } else if (tok.kind == TokenKind::LeftParen) {
            const size_t from = c.pos();
            const size_t inside = c.skipParens();
            QString mod;
            for (size_t i = inside; i + 1 < c.pos(); ++i) {
                const SigToken &m = c.at(i);
                if (m.kind == TokenKind::Number)
                    t.modifiers << QString::fromUtf8(m.text).toInt();
                mod += QString::fromUtf8(m.text);
            }
            Q_UNUSED(from);
            text.last() += u'(' + mod + u')';
        } else if (tok.kind == TokenKind::LeftBracket) {
            c.skipParens();
            t.isArray = true;
            text.last() += u"[]"_s;
        } else {
            break;
        }
        if (words.size() == 1 && words.first() == u"array"_s)
            break;
    }
    if (words.size() > 1 && words.last() == u"array"_s) {
        words.removeLast();
        t.isArray = true;
    }
    t.name = canonicalTypeName(words.join(u' '));
    t.text = text.join(u' ');
    return t;
}

bool isVolatileFunction(QByteArrayView name)
{
    static constexpr QByteArrayView volatiles[] = {
        "random", "clock_timestamp", "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4",
        "timeofday", "nextval", "uuidv4", "uuidv7", "gen_random_bytes", "setseed", "txid_current", "uuid", "rand",
        "uuid_short", "sysdate", "random_normal", "pg_current_xact_id",
    };
    for (QByteArrayView v : volatiles)
        if (eqi(name, v))
            return true;
    return false;
}

/// Scans the expression [from, to) for a volatile function call.
bool hasVolatileCall(const Cursor &c, size_t from, size_t to)
{
    for (size_t i = from; i + 1 < to; ++i) {
        const SigToken &t = c.at(i);
        if (t.kind == TokenKind::Word && c.at(i + 1).kind == TokenKind::LeftParen && isVolatileFunction(t.text))
            return true;
    }
    return false;
}

/// Skips an expression up to the next column-constraint keyword or the end; returns [from, to).
std::pair<size_t, size_t> skipExpression(Cursor &c)
{
    const size_t from = c.pos();
    while (!c.atEnd()) {
        if (c.isKind(TokenKind::LeftParen) || c.isKind(TokenKind::LeftBracket)) {
            c.skipParens();
            continue;
        }
        if (c.pos() > from && c.isKind(TokenKind::Word) && isColumnConstraintStart(c) && !c.isWord("NULL")
            && !(c.isWord("NOT") && !c.isWord("NULL", 1)) && !c.isWord("AS") && !c.isWord("ON"))
            break;
        if (c.isKind(TokenKind::Comma) || c.isKind(TokenKind::RightParen))
            break;
        c.next();
    }
    return {from, c.pos()};
}

QStringList parseColumnList(Cursor &c)
{
    QStringList cols;
    if (!c.isKind(TokenKind::LeftParen))
        return cols;
    const size_t inside = c.skipParens();
    Cursor in(c.tokens(), inside, c.pos() - 1);
    for (auto [a, b] : in.splitCommas()) {
        Cursor e(c.tokens(), a, b);
        if (e.isIdent() && (b - a == 1 || (!e.isKind(TokenKind::LeftParen, 1) && !e.isKind(TokenKind::Operator, 1)
                                           && !e.isKind(TokenKind::Dot, 1))))
            cols << e.ident();
        else
            cols << QString(); // an expression
    }
    return cols;
}

/// CHECK (col IS NOT NULL) → col.
QString checkNotNullColumn(const Cursor &c, size_t inside, size_t close)
{
    size_t a = inside, b = close;
    while (b > a + 1 && c.at(a).kind == TokenKind::LeftParen && c.at(b - 1).kind == TokenKind::RightParen) {
        ++a;
        --b;
    }
    if (b - a != 4)
        return {};
    const SigToken &col = c.at(a);
    if ((col.kind == TokenKind::Word || col.kind == TokenKind::QuotedIdentifier) && isWordToken(c.at(a + 1), "IS")
        && isWordToken(c.at(a + 2), "NOT") && isWordToken(c.at(a + 3), "NULL"))
        return identifierText(col);
    return {};
}

/// Parses a table constraint (or MySQL index definition) at the cursor; false when it is not one.
bool parseTableConstraint(Cursor &c, ConstraintDef &con)
{
    const size_t start = c.pos();
    con.offset = c.peek() ? c.cur().offset : 0;
    if (c.accept("CONSTRAINT")) {
        if (!c.isWord("CHECK") && !c.isWord("UNIQUE") && !c.isWord("PRIMARY") && !c.isWord("FOREIGN")
            && !c.isWord("EXCLUDE") && !c.isWord("NOT"))
            con.name = c.ident();
    }
    if (c.accept("CHECK")) {
        con.kind = ConstraintKind::Check;
        if (c.isKind(TokenKind::LeftParen)) {
            const size_t inside = c.skipParens();
            con.checkNotNullColumn = checkNotNullColumn(c, inside, c.pos() - 1);
            if (!con.checkNotNullColumn.isEmpty())
                con.columns << con.checkNotNullColumn;
        }
    } else if (c.isWord("PRIMARY") && c.isWord("KEY", 1)) {
        c.next();
        c.next();
        con.kind = ConstraintKind::PrimaryKey;
        if (c.acceptSeq({"USING", "INDEX"}))
            con.usingIndex = c.ident();
        con.columns = parseColumnList(c);
    } else if (c.accept("UNIQUE")) {
        con.kind = ConstraintKind::Unique;
        c.acceptSeq({"NULLS", "NOT", "DISTINCT"}) || c.acceptSeq({"NULLS", "DISTINCT"});
        if (c.acceptSeq({"USING", "INDEX"}))
            con.usingIndex = c.ident();
        else {
            if (c.accept("KEY") || c.accept("INDEX")) {
            }
            if (c.isIdent() && c.isKind(TokenKind::LeftParen, 1))
                con.name = con.name.isEmpty() ? c.ident() : (c.next(), con.name);
            con.columns = parseColumnList(c);
        }
    } else if (c.isWord("FOREIGN") && c.isWord("KEY", 1)) {
        c.next();
        c.next();
        con.kind = ConstraintKind::ForeignKey;
        if (c.isIdent())
            c.next(); // MySQL index name
        con.columns = parseColumnList(c);
        if (c.accept("REFERENCES")) {
            con.refTable = c.name();
            con.refColumns = parseColumnList(c);
        }
    } else if (c.accept("EXCLUDE")) {
        con.kind = ConstraintKind::Exclude;
    } else if (c.isWord("NOT") && c.isWord("NULL", 1)) {
        c.next();
        c.next();
        con.kind = ConstraintKind::NotNull;
        if (c.isIdent())
            con.columns << c.ident();
    } else if (c.isWord("KEY") || c.isWord("INDEX") || c.isWord("FULLTEXT") || c.isWord("SPATIAL")) {
        con.kind = ConstraintKind::Index;
        con.fulltext = c.accept("FULLTEXT");
        con.spatial = !con.fulltext && c.accept("SPATIAL");
        c.accept("KEY") || c.accept("INDEX");
        if (c.isIdent() && !c.isWord("USING"))
            con.name = c.ident();
        if (c.accept("USING"))
            c.next();
        con.columns = parseColumnList(c);
    } else {
        c.setPos(start);
        return false;
    }
    // Trailing options: NOT VALID, NO INHERIT, DEFERRABLE, ON DELETE … — look for NOT VALID.
    while (!c.atEnd() && !c.isKind(TokenKind::Comma)) {
        if (c.isWord("NOT") && c.isWord("VALID", 1)) {
            con.notValid = true;
            c.next();
        }
        if (c.isKind(TokenKind::LeftParen))
            c.skipParens();
        else
            c.next();
    }
    const SigToken &last = c.at(c.pos() > start ? c.pos() - 1 : start);
    con.length = last.end() - con.offset;
    return true;
}

ConstraintDef makeConstraint(ConstraintKind kind, const QString &name, const QString &column)
{
    ConstraintDef c;
    c.kind = kind;
    c.name = name;
    c.columns = {column};
    return c;
}

/// Parses a column definition at the cursor (name type constraints…), up to the end of the cursor's range.
ColumnDef parseColumnDef(Cursor &c, QList<ConstraintDef> *inlineConstraints)
{
    ColumnDef col;
    col.name = c.ident();
    col.type = parseType(c);
    if (col.type.name == u"serial"_s || col.type.name == u"bigserial"_s || col.type.name == u"smallserial"_s)
        col.serial = true;
    QString conName;
    while (!c.atEnd() && !c.isKind(TokenKind::Comma)) {
        if (c.accept("CONSTRAINT")) {
            conName = c.ident();
            continue;
        }
        if (c.isWord("NOT") && c.isWord("NULL", 1)) {
            c.next();
            c.next();
            col.notNull = true;
        } else if (c.accept("NULL")) {
            col.notNull = false;
        } else if (c.accept("DEFAULT")) {
            col.hasDefault = true;
            auto [a, b] = skipExpression(c);
            col.volatileDefault = hasVolatileCall(c, a, b);
            if (b > a)
                col.defaultText = QString::fromUtf8(QByteArrayView(c.at(a).text.data(), c.at(b - 1).end() - c.at(a).offset));
            if (b - a == 1 && isWordToken(c.at(a), "NULL"))
                col.hasDefault = false;
        } else if (c.isWord("PRIMARY") && c.isWord("KEY", 1)) {
            c.next();
            c.next();
            col.primaryKey = true;
            col.notNull = true;
            ConstraintDef con = makeConstraint(ConstraintKind::PrimaryKey, conName, col.name);
            if (inlineConstraints)
                inlineConstraints->append(con);
        } else if (c.accept("UNIQUE")) {
            c.accept("KEY");
            col.unique = true;
            ConstraintDef con = makeConstraint(ConstraintKind::Unique, conName, col.name);
            if (inlineConstraints)
                inlineConstraints->append(con);
        } else if (c.accept("KEY")) { // MySQL: KEY = PRIMARY KEY in a column definition
            col.primaryKey = true;
        } else if (c.accept("CHECK")) {
            col.hasCheck = true;
            ConstraintDef con = makeConstraint(ConstraintKind::Check, conName, col.name);
            if (c.isKind(TokenKind::LeftParen)) {
                const size_t inside = c.skipParens();
                con.checkNotNullColumn = checkNotNullColumn(c, inside, c.pos() - 1);
            }
            if (c.isWord("NOT") && c.isWord("VALID", 1)) {
                c.next();
                c.next();
                con.notValid = true;
            }
            if (inlineConstraints)
                inlineConstraints->append(con);
        } else if (c.accept("REFERENCES")) {
            col.references = c.name();
            col.referenceColumns = parseColumnList(c);
            ConstraintDef con = makeConstraint(ConstraintKind::ForeignKey, conName, col.name);
            con.refTable = col.references;
            con.refColumns = col.referenceColumns;
            if (inlineConstraints)
                inlineConstraints->append(con);
        } else if (c.accept("GENERATED")) {
            if (c.accept("ALWAYS") || c.acceptSeq({"BY", "DEFAULT"})) {
            }
            c.accept("AS");
            if (c.accept("IDENTITY")) {
                col.identity = true;
                if (c.isKind(TokenKind::LeftParen))
                    c.skipParens();
            } else {
                if (c.isKind(TokenKind::LeftParen))
                    c.skipParens();
                col.generated = c.accept("STORED") ? GeneratedKind::Stored : GeneratedKind::Virtual;
                c.accept("VIRTUAL");
            }
        } else if (c.isWord("AS") && c.isKind(TokenKind::LeftParen, 1)) { // MySQL generated column
            c.next();
            c.skipParens();
            col.generated = c.accept("STORED") || c.accept("PERSISTENT") ? GeneratedKind::Stored : GeneratedKind::Virtual;
            c.accept("VIRTUAL");
        } else if (c.accept("AUTO_INCREMENT")) {
            col.autoIncrement = true;
        } else if (c.accept("FIRST")) {
            col.firstOrAfter = true;
        } else if (c.accept("AFTER")) {
            col.firstOrAfter = true;
            c.ident();
        } else if (c.isKind(TokenKind::LeftParen)) {
            c.skipParens();
        } else {
            c.next();
        }
        conName.clear();
    }
    return col;
}

// ---- statements --------------------------------------------------------------------------------------------

void parseIfExists(Cursor &c, ParsedStatement &s)
{
    if (c.acceptSeq({"IF", "EXISTS"}))
        s.ifExists = true;
}
void parseIfNotExists(Cursor &c, ParsedStatement &s)
{
    if (c.acceptSeq({"IF", "NOT", "EXISTS"}))
        s.ifNotExists = true;
}

void parseCreateTable(Cursor &c, ParsedStatement &s)
{
    s.kind = StatementKind::CreateTable;
    parseIfNotExists(c, s);
    s.target = c.name();
    s.names << s.target;
    if (c.acceptSeq({"PARTITION", "OF"})) {
        s.partitionOf = c.name();
    } else if (c.accept("OF")) {
        c.name();
    }
    if (c.isKind(TokenKind::LeftParen)) {
        const size_t inside = c.skipParens();
        Cursor in(c.tokens(), inside, c.pos() - 1);
        for (auto [a, b] : in.splitCommas()) {
            Cursor e(c.tokens(), a, b);
            ConstraintDef con;
            if (e.accept("LIKE"))
                continue;
            if (parseTableConstraint(e, con)) {
                s.constraints << con;
            } else {
                QList<ConstraintDef> inl;
                ColumnDef col = parseColumnDef(e, &inl);
                if (!col.name.isEmpty())
                    s.columns << col;
                s.constraints << inl;
            }
        }
    }
    while (!c.atEnd()) {
        if (c.isWord("PARTITION") && c.isWord("BY", 1)) {
            s.partitioned = true;
        } else if (c.isWord("AS") && !c.isKind(TokenKind::LeftParen, 1)) {
            s.asSelect = true;
        } else if (c.isWord("SELECT")) {
            s.asSelect = true;
        }
        if (c.isKind(TokenKind::LeftParen))
            c.skipParens();
        else
            c.next();
    }
}

void parseCreateIndex(Cursor &c, ParsedStatement &s)
{
    s.kind = StatementKind::CreateIndex;
    if (c.accept("CONCURRENTLY"))
        s.concurrently = true;
    parseIfNotExists(c, s);
    if (!c.isWord("ON"))
        s.target = c.name();
    if (c.accept("USING")) // MySQL index_type before ON
        c.next();
    if (c.accept("ON")) {
        if (c.accept("ONLY"))
            s.only = true;
        s.table = c.name();
        if (s.target.schema.isEmpty())
            s.target.schema = s.table.schema;
    }
    if (c.accept("USING"))
        s.indexMethod = c.ident();
    s.indexColumns = parseColumnList(c);
    while (!c.atEnd()) {
        if (c.isWord("WHERE"))
            s.hasWhere = true;
        if (c.isWord("ALGORITHM")) {
            c.next();
            c.acceptOp("=");
            s.mysqlAlgorithm = stringValue(c.cur()).toUpper();
        } else if (c.isWord("LOCK")) {
            c.next();
            c.acceptOp("=");
            if (c.peek())
                s.mysqlLock = stringValue(c.cur()).toUpper();
        }
        if (c.isKind(TokenKind::LeftParen))
            c.skipParens();
        else
            c.next();
    }
    s.names << s.table;
}

AlterAction parseAlterAction(Cursor &c, SqlDialect dialect)
{
    using K = AlterAction::Kind;
    AlterAction a;
    if (const SigToken *t = c.peek())
        a.offset = t->offset;
    auto ifExists = [&] { a.ifExists = c.acceptSeq({"IF", "EXISTS"}); };
    auto constraintStart = [&] {
        return c.isWord("CONSTRAINT") || c.isWord("CHECK") || c.isWord("UNIQUE") || c.isWord("FOREIGN")
            || c.isWord("EXCLUDE") || (c.isWord("PRIMARY") && c.isWord("KEY", 1));
    };
    if (c.accept("ADD")) {
        if (c.isWord("PARTITION")) {
            a.kind = K::PartitionOp;
        } else if (constraintStart() && !(isMySqlFamily(dialect) && c.isWord("UNIQUE")
                                           && (c.isWord("INDEX", 1) || c.isWord("KEY", 1)))) {
            a.kind = K::AddConstraint;
            parseTableConstraint(c, a.constraint);
            if (isMySqlFamily(dialect) && a.constraint.kind == ConstraintKind::Unique)
                a.kind = K::AddIndex;
        } else if (c.isWord("INDEX") || c.isWord("KEY") || c.isWord("FULLTEXT") || c.isWord("SPATIAL")
                   || c.isWord("UNIQUE")) {
            a.kind = K::AddIndex;
            if (c.accept("UNIQUE")) {
                parseTableConstraint(c, a.constraint);
                a.constraint.kind = ConstraintKind::Unique;
            } else {
                parseTableConstraint(c, a.constraint);
            }
        } else if (c.isWord("GENERATED")) {
            a.kind = K::AddIdentity;
        } else {
            a.kind = K::AddColumn;
            c.accept("COLUMN");
            a.ifNotExists = c.acceptSeq({"IF", "NOT", "EXISTS"});
            if (c.isKind(TokenKind::LeftParen)) { // MySQL ADD (a int, b int): take the first
                const size_t inside = c.skipParens();
                Cursor in(c.tokens(), inside, c.pos() - 1);
                a.columnDef = parseColumnDef(in, nullptr);
            } else {
                a.columnDef = parseColumnDef(c, nullptr);
            }
            a.column = a.columnDef.name;
        }
    } else if (c.accept("DROP")) {
        if (c.accept("CONSTRAINT") || c.accept("CHECK")) {
            a.kind = K::DropConstraint;
            ifExists();
            a.constraint.name = c.ident();
        } else if (c.acceptSeq({"PRIMARY", "KEY"})) {
            a.kind = K::DropPrimaryKey;
        } else if (c.acceptSeq({"FOREIGN", "KEY"})) {
            a.kind = K::DropForeignKey;
            ifExists();
            a.constraint.name = c.ident();
        } else if (c.accept("INDEX") || c.accept("KEY")) {
            a.kind = K::DropIndex;
            ifExists();
            a.newName = c.ident();
        } else if (c.accept("PARTITION")) {
            a.kind = K::PartitionOp;
        } else if (c.isWord("DEFAULT")) {
            a.kind = K::Unknown;
        } else {
            a.kind = K::DropColumn;
            c.accept("COLUMN");
            ifExists();
            a.column = c.ident();
        }
    } else if (c.accept("ALTER")) {
        if (c.accept("CONSTRAINT")) {
            a.kind = K::AlterConstraint;
            a.constraint.name = c.ident();
        } else if (isMySqlFamily(dialect) && (c.isWord("INDEX") || c.isWord("KEY"))) {
            a.kind = K::RenameIndex; // ALTER INDEX x [IN]VISIBLE: metadata only
        } else {
            c.accept("COLUMN");
            a.column = c.ident();
            if (c.acceptSeq({"SET", "DATA", "TYPE"}) || c.accept("TYPE")) {
                a.kind = K::AlterColumnType;
                a.type = parseType(c);
                while (!c.atEnd()) {
                    if (c.accept("USING"))
                        a.hasUsing = true;
                    else if (c.isKind(TokenKind::LeftParen))
                        c.skipParens();
                    else
                        c.next();
                }
            } else if (c.acceptSeq({"SET", "DEFAULT"})) {
                a.kind = K::SetDefault;
                auto [f, t] = skipExpression(c);
                a.columnDef.volatileDefault = hasVolatileCall(c, f, t);
            } else if (c.acceptSeq({"DROP", "DEFAULT"})) {
                a.kind = K::DropDefault;
            } else if (c.acceptSeq({"SET", "NOT", "NULL"})) {
                a.kind = K::SetNotNull;
            } else if (c.acceptSeq({"DROP", "NOT", "NULL"})) {
                a.kind = K::DropNotNull;
            } else if (c.acceptSeq({"DROP", "EXPRESSION"})) {
                a.kind = K::DropExpression;
            } else if (c.acceptSeq({"SET", "EXPRESSION"})) {
                a.kind = K::SetExpression;
            } else if (c.accept("ADD") && c.isWord("GENERATED")) {
                a.kind = K::AddIdentity;
            } else if (c.acceptSeq({"DROP", "IDENTITY"})) {
                a.kind = K::DropIdentity;
            } else if (c.acceptSeq({"SET", "STATISTICS"})) {
                a.kind = K::SetStatistics;
            } else if (c.acceptSeq({"SET", "STORAGE"})) {
                a.kind = K::SetStorage;
            } else if (c.acceptSeq({"SET", "COMPRESSION"})) {
                a.kind = K::SetCompression;
            } else if ((c.isWord("SET") || c.isWord("RESET")) && c.isKind(TokenKind::LeftParen, 1)) {
                a.kind = K::SetAttributeOptions;
            } else if (c.isWord("SET") && (c.isWord("VISIBLE", 1) || c.isWord("INVISIBLE", 1))) {
                a.kind = K::SetDefault; // MySQL column visibility: metadata only
            } else if (c.isWord("SET") || c.isWord("RESTART")) {
                a.kind = K::SetIdentity;
            } else {
                a.kind = K::Unknown;
            }
        }
    } else if (c.accept("VALIDATE")) {
        c.accept("CONSTRAINT");
        a.kind = K::ValidateConstraint;
        a.constraint.name = c.ident();
    } else if (c.accept("RENAME")) {
        if (c.accept("CONSTRAINT")) {
            a.kind = K::RenameConstraint;
            a.constraint.name = c.ident();
            c.accept("TO");
            a.newName = c.ident();
        } else if (c.accept("INDEX") || c.accept("KEY")) {
            a.kind = K::RenameIndex;
        } else if (c.accept("TO") || c.accept("AS")) {
            a.kind = K::RenameTable;
            a.newName = c.name().toString();
        } else {
            c.accept("COLUMN");
            a.kind = K::RenameColumn;
            a.column = c.ident();
            c.accept("TO");
            a.newName = c.ident();
        }
    } else if (c.accept("SET")) {
        if (c.accept("SCHEMA"))
            a.kind = K::SetSchema;
        else if (c.accept("TABLESPACE"))
            a.kind = K::SetTablespace;
        else if (c.accept("LOGGED"))
            a.kind = K::SetLogged;
        else if (c.accept("UNLOGGED"))
            a.kind = K::SetUnlogged;
        else if (c.acceptSeq({"ACCESS", "METHOD"}))
            a.kind = K::SetAccessMethod;
        else if (c.acceptSeq({"WITHOUT", "CLUSTER"}))
            a.kind = K::SetWithoutCluster;
        else if (c.acceptSeq({"WITHOUT", "OIDS"}))
            a.kind = K::SetWithoutCluster;
        else if (c.isKind(TokenKind::LeftParen)) {
            a.kind = K::SetRelOptions;
            const size_t inside = c.skipParens();
            Cursor in(c.tokens(), inside, c.pos() - 1);
            for (auto [f, t] : in.splitCommas()) {
                QString opt;
                for (size_t i = f; i < t && c.at(i).kind != TokenKind::Operator; ++i)
                    opt += lowerText(c.at(i).text);
                a.options << opt;
            }
        }
    } else if (c.accept("RESET")) {
        a.kind = K::SetRelOptions;
        if (c.isKind(TokenKind::LeftParen)) {
            const size_t inside = c.skipParens();
            Cursor in(c.tokens(), inside, c.pos() - 1);
            for (auto [f, t] : in.splitCommas()) {
                QString opt;
                for (size_t i = f; i < t; ++i)
                    opt += lowerText(c.at(i).text);
                a.options << opt;
            }
        }
    } else if (c.isWord("ENABLE") || c.isWord("DISABLE")) {
        c.next();
        c.accept("ALWAYS") || c.accept("REPLICA");
        if (c.accept("TRIGGER"))
            a.kind = K::EnableDisableTrigger;
        else if (c.accept("RULE"))
            a.kind = K::EnableDisableRule;
        else if (c.isWord("ROW"))
            a.kind = K::RowLevelSecurity;
        else if (c.accept("KEYS"))
            a.kind = K::TableOption;
    } else if (c.isWord("FORCE") && c.isWord("ROW", 1)) {
        a.kind = K::RowLevelSecurity;
    } else if (c.acceptSeq({"NO", "FORCE"})) {
        a.kind = K::RowLevelSecurity;
    } else if (c.accept("FORCE")) {
        a.kind = K::Force;
    } else if (c.acceptSeq({"CLUSTER", "ON"})) {
        a.kind = K::ClusterOn;
    } else if (c.accept("INHERIT")) {
        a.kind = K::Inherit;
    } else if (c.acceptSeq({"NO", "INHERIT"})) {
        a.kind = K::NoInherit;
    } else if (c.accept("OF")) {
        a.kind = K::Of;
    } else if (c.acceptSeq({"NOT", "OF"})) {
        a.kind = K::NotOf;
    } else if (c.acceptSeq({"OWNER", "TO"})) {
        a.kind = K::OwnerTo;
    } else if (c.acceptSeq({"REPLICA", "IDENTITY"})) {
        a.kind = K::ReplicaIdentity;
    } else if (c.acceptSeq({"ATTACH", "PARTITION"})) {
        a.kind = K::AttachPartition;
        a.partition = c.name();
    } else if (c.acceptSeq({"DETACH", "PARTITION"})) {
        a.kind = K::DetachPartition;
        a.partition = c.name();
        a.concurrently = c.accept("CONCURRENTLY");
        a.finalize = c.accept("FINALIZE");
    } else if (c.accept("MODIFY") || c.isWord("CHANGE")) {
        const bool change = c.accept("CHANGE");
        c.accept("COLUMN");
        a.kind = K::ModifyColumn;
        if (change)
            a.column = c.ident();
        a.columnDef = parseColumnDef(c, nullptr);
        if (!change)
            a.column = a.columnDef.name;
        else
            a.newName = a.columnDef.name;
        a.type = a.columnDef.type;
    } else if (c.accept("ALGORITHM")) {
        a.kind = K::Algorithm;
        c.acceptOp("=");
        if (c.peek())
            a.options << stringValue(c.cur()).toUpper();
    } else if (c.accept("LOCK")) {
        a.kind = K::LockOption;
        c.acceptOp("=");
        if (c.peek())
            a.options << stringValue(c.cur()).toUpper();
    } else if (c.accept("ENGINE")) {
        a.kind = K::Engine;
    } else if (c.accept("CONVERT")) {
        a.kind = K::ConvertCharset;
    } else if (c.accept("ROW_FORMAT") || c.accept("KEY_BLOCK_SIZE")) {
        a.kind = K::RowFormat;
    } else if (c.accept("AUTO_INCREMENT")) {
        a.kind = K::AutoIncrementValue;
    } else if (c.isWord("PARTITION") || c.isWord("REMOVE") || c.isWord("COALESCE") || c.isWord("REORGANIZE")
               || c.isWord("EXCHANGE") || c.isWord("TRUNCATE") || c.isWord("REBUILD") || c.isWord("OPTIMIZE")
               || c.isWord("ANALYZE") || c.isWord("CHECK") || c.isWord("REPAIR")) {
        a.kind = K::PartitionOp;
    } else if (c.isWord("COMMENT") || c.isWord("DEFAULT") || c.isWord("CHARACTER") || c.isWord("CHARSET")
               || c.isWord("COLLATE") || c.isWord("STATS_PERSISTENT") || c.isWord("PAGE_COMPRESSED")) {
        a.kind = (c.isWord("DEFAULT") || c.isWord("CHARACTER") || c.isWord("CHARSET")) ? K::TableOption : K::TableOption;
    }
    const SigToken &last = c.at(c.end() > 0 ? c.end() - 1 : 0);
    a.length = last.end() - a.offset;
    return a;
}

void parseAlterTable(Cursor &c, ParsedStatement &s, SqlDialect dialect)
{
    s.kind = StatementKind::AlterTable;
    parseIfExists(c, s);
    if (c.accept("ONLY"))
        s.only = true;
    s.target = c.name();
    s.names << s.target;
    c.acceptOp("*");
    for (auto [a, b] : c.splitCommas()) {
        Cursor e(c.tokens(), a, b);
        AlterAction act = parseAlterAction(e, dialect);
        if (act.kind == AlterAction::Kind::Algorithm && !act.options.isEmpty())
            s.mysqlAlgorithm = act.options.first();
        if (act.kind == AlterAction::Kind::LockOption && !act.options.isEmpty())
            s.mysqlLock = act.options.first();
        s.actions << act;
    }
    c.setPos(c.end());
}

void parseDropList(Cursor &c, ParsedStatement &s)
{
    parseIfExists(c, s);
    while (!c.atEnd()) {
        if (c.isIdent() && !c.isWord("CASCADE") && !c.isWord("RESTRICT") && !c.isWord("ON")) {
            const QualifiedName n = c.name();
            if (s.target.isEmpty())
                s.target = n;
            s.names << n;
            if (c.isKind(TokenKind::LeftParen))
                c.skipParens(); // DROP FUNCTION f(int)
        } else if (c.accept("CASCADE")) {
            s.cascade = true;
        } else if (c.accept("ON")) { // MySQL DROP INDEX i ON t; DROP TRIGGER t ON table
            s.table = c.name();
        } else {
            c.next();
        }
    }
}

void parseSet(Cursor &c, ParsedStatement &s)
{
    s.kind = StatementKind::Set;
    if (c.accept("LOCAL"))
        s.setLocal = true;
    else if (c.accept("SESSION"))
        s.setSession = true;
    else if (c.accept("GLOBAL") || c.accept("PERSIST")) {
    }
    if (c.isKind(TokenKind::Operator) || c.isKind(TokenKind::Parameter)) { // MySQL @@session.x
        QByteArrayView v = c.cur().text;
        if (v.startsWith("@@")) {
            QString n = QString::fromUtf8(v.sliced(2)).toLower();
            c.next();
            if (c.isKind(TokenKind::Dot)) {
                c.next();
                n = c.ident();
            } else if (n.contains(u'.'))
                n = n.section(u'.', -1);
            s.setName = n;
        }
    }
    if (s.setName.isEmpty()) {
        QString n = c.ident();
        if (n == u"session"_s && c.isWord("CHARACTERISTICS"))
            n = u"transaction"_s;
        while (c.isKind(TokenKind::Dot)) {
            c.next();
            n += u'.' + c.ident();
        }
        if (n.startsWith(u"@@"_s))
            n = n.mid(2).section(u'.', -1);
        s.setName = n;
    }
    if (!c.acceptOp("=") && !c.accept("TO")) {
        if (c.isOp(":=")) // MySQL user variables
            c.next();
    }
    QStringList parts;
    while (!c.atEnd() && !c.isKind(TokenKind::Comma)) {
        parts << stringValue(c.cur());
        c.next();
    }
    s.setValue = parts.join(u' ');
}

void parseComment(Cursor &c, ParsedStatement &s)
{
    s.kind = StatementKind::Comment;
    c.accept("ON");
    const bool column = c.isWord("COLUMN");
    const bool table = c.isWord("TABLE");
    c.next();
    if (c.acceptSeq({"MATERIALIZED", "VIEW"}) || c.accept("DATA")) {
    }
    QualifiedName n = c.name();
    if (column) {
        // table.column or schema.table.column: the name parser kept the last two parts
        s.table = QualifiedName{{}, n.schema};
    } else if (table) {
        s.table = n;
    }
    s.target = n;
    if (!s.table.isEmpty())
        s.names << s.table;
}

StatementKind withVerb(QByteArrayView verb, StatementKind create, StatementKind alter, StatementKind drop)
{
    if (eqi(verb, "CREATE"))
        return create;
    if (eqi(verb, "ALTER"))
        return alter;
    return drop;
}

void parseCreateAlterDrop(Cursor &c, ParsedStatement &s, SqlDialect dialect)
{
    const QByteArrayView verb = c.cur().text;
    const bool create = eqi(verb, "CREATE");
    const bool drop = eqi(verb, "DROP");
    c.next();
    // Modifiers that precede the object type.
    for (int guard = 0; guard < 12 && !c.atEnd(); ++guard) {
        if (c.acceptSeq({"OR", "REPLACE"})) {
            s.orReplace = true;
        } else if (c.accept("TEMP") || c.accept("TEMPORARY")) {
            s.temporary = true;
        } else if (c.accept("UNLOGGED") || c.accept("GLOBAL") || c.accept("LOCAL") || c.accept("RECURSIVE")
                   || c.accept("TRUSTED") || c.accept("PROCEDURAL") || c.accept("CONSTRAINT")
                   || c.accept("ONLINE") || c.accept("OFFLINE") || c.accept("AGGREGATE") || c.accept("SQL")
                   || c.accept("IGNORE")) {
        } else if (c.accept("UNIQUE")) {
            s.unique = true;
        } else if (c.accept("FULLTEXT")) {
            s.fulltext = true;
        } else if (c.accept("SPATIAL")) {
            s.spatial = true;
        } else if (c.isWord("DEFINER") || c.isWord("ALGORITHM") || c.isWord("SQL")) { // MySQL view/trigger options
            c.next();
            c.acceptOp("=");
            c.next();
            while (c.isOp("@") || c.isKind(TokenKind::Parameter) || c.isKind(TokenKind::String)
                   || c.isKind(TokenKind::QuotedIdentifier))
                c.next();
        } else {
            break;
        }
    }
    if (c.accept("TABLE")) {
        if (create)
            parseCreateTable(c, s);
        else if (drop) {
            s.kind = StatementKind::DropTable;
            parseDropList(c, s);
        } else
            parseAlterTable(c, s, dialect);
        return;
    }
    if (c.accept("INDEX") || c.accept("KEY")) {
        if (create) {
            parseCreateIndex(c, s);
            return;
        }
        s.kind = drop ? StatementKind::DropIndex : StatementKind::AlterIndex;
        if (c.accept("CONCURRENTLY"))
            s.concurrently = true;
        if (drop) {
            parseDropList(c, s);
            // MySQL: DROP INDEX i ON t — the table is what gets locked
            if (!s.table.isEmpty()) {
                s.names = {s.table};
            }
        } else {
            parseIfExists(c, s);
            s.target = c.name();
            s.names << s.target;
            if (c.acceptSeq({"SET", "TABLESPACE"}) || c.accept("RENAME")) {
            }
        }
        return;
    }
    if (c.acceptSeq({"MATERIALIZED", "VIEW"})) {
        s.kind = withVerb(verb, StatementKind::CreateMaterializedView, StatementKind::AlterMaterializedView,
                          StatementKind::DropMaterializedView);
        if (drop) {
            parseDropList(c, s);
            return;
        }
        parseIfNotExists(c, s);
        parseIfExists(c, s);
        s.target = c.name();
        s.names << s.target;
        while (!c.atEnd()) {
            if (c.acceptSeq({"WITH", "NO", "DATA"}))
                s.withData = false;
            else
                c.next();
        }
        return;
    }
    struct Obj
    {
        QByteArrayView word;
        StatementKind create, alter, drop;
    };
    static const Obj objs[] = {
        {"TYPE", StatementKind::CreateType, StatementKind::AlterType, StatementKind::DropType},
        {"DOMAIN", StatementKind::CreateDomain, StatementKind::AlterDomain, StatementKind::DropDomain},
        {"VIEW", StatementKind::CreateView, StatementKind::AlterView, StatementKind::DropView},
        {"SEQUENCE", StatementKind::CreateSequence, StatementKind::AlterSequence, StatementKind::DropSequence},
        {"SCHEMA", StatementKind::CreateSchema, StatementKind::AlterSchema, StatementKind::DropSchema},
        {"DATABASE", StatementKind::CreateDatabase, StatementKind::Unclassified, StatementKind::DropDatabase},
        {"FUNCTION", StatementKind::CreateFunction, StatementKind::AlterFunction, StatementKind::DropFunction},
        {"PROCEDURE", StatementKind::CreateFunction, StatementKind::AlterFunction, StatementKind::DropFunction},
        {"TRIGGER", StatementKind::CreateTrigger, StatementKind::AlterTrigger, StatementKind::DropTrigger},
        {"EXTENSION", StatementKind::CreateExtension, StatementKind::Unclassified, StatementKind::DropExtension},
    };
    for (const Obj &o : objs) {
        if (!c.isWord(o.word))
            continue;
        c.next();
        s.kind = withVerb(verb, o.create, o.alter, o.drop);
        if (drop) {
            parseDropList(c, s);
            return;
        }
        parseIfNotExists(c, s);
        parseIfExists(c, s);
        s.target = c.name();
        if (s.kind == StatementKind::CreateTrigger) {
            while (!c.atEnd() && !c.isWord("ON"))
                c.next();
            if (c.accept("ON")) {
                s.table = c.name();
                s.names << s.table;
            }
        } else if (s.kind == StatementKind::CreateType) {
            if (c.acceptSeq({"AS", "ENUM"}))
                s.typeKind = u"enum"_s;
        } else if (s.kind == StatementKind::AlterType) {
            if (c.acceptSeq({"ADD", "VALUE"})) {
                if (c.acceptSeq({"IF", "NOT", "EXISTS"}))
                    s.ifNotExists = true;
                if (c.peek())
                    s.addValue = stringValue(c.cur());
            }
        } else if (s.kind == StatementKind::CreateDomain) {
            c.accept("AS");
            parseType(c);
            while (!c.atEnd()) {
                if (c.isWord("CHECK") || (c.isWord("NOT") && c.isWord("NULL", 1)))
                    s.hasDomainConstraint = true;
                c.next();
            }
        } else if (s.kind == StatementKind::AlterDomain) {
            if (c.acceptSeq({"ADD"}))
                s.domainAction = u"add-constraint"_s, s.hasDomainConstraint = true;
            else if (c.accept("VALIDATE"))
                s.domainAction = u"validate-constraint"_s;
            else if (c.acceptSeq({"SET", "NOT", "NULL"}))
                s.domainAction = u"set-not-null"_s, s.hasDomainConstraint = true;
            else if (c.accept("DROP"))
                s.domainAction = u"drop"_s;
            else if (c.accept("SET"))
                s.domainAction = u"set"_s;
            if (s.domainAction == u"add-constraint"_s) {
                while (!c.atEnd()) {
                    if (c.isWord("NOT") && c.isWord("VALID", 1))
                        s.domainAction = u"add-constraint-not-valid"_s;
                    c.next();
                }
            }
        } else if (s.kind == StatementKind::CreateSchema || s.kind == StatementKind::CreateDatabase) {
            if (s.target.name == u"authorization"_s)
                s.target = c.name();
        }
        if (!s.target.isEmpty() && s.names.isEmpty())
            s.names << s.target;
        return;
    }
    s.kind = StatementKind::Unclassified;
}

void parseDml(Cursor &c, ParsedStatement &s)
{
    // INSERT [IGNORE] INTO t; UPDATE [ONLY] t; DELETE FROM [ONLY] t; MERGE INTO t
    const QByteArrayView verb = c.cur().text;
    c.next();
    if (eqi(verb, "INSERT") || eqi(verb, "REPLACE")) {
        s.kind = StatementKind::Insert;
        c.accept("IGNORE") || c.accept("LOW_PRIORITY") || c.accept("DELAYED") || c.accept("HIGH_PRIORITY");
        c.accept("INTO");
    } else if (eqi(verb, "UPDATE")) {
        s.kind = StatementKind::Update;
        c.accept("LOW_PRIORITY") || c.accept("IGNORE");
    } else if (eqi(verb, "DELETE")) {
        s.kind = StatementKind::Delete;
        c.accept("LOW_PRIORITY") || c.accept("QUICK") || c.accept("IGNORE");
        c.accept("FROM");
    } else {
        s.kind = StatementKind::Merge;
        c.accept("INTO");
    }
    if (c.accept("ONLY"))
        s.only = true;
    s.target = c.name();
    if (!s.target.isEmpty())
        s.names << s.target;
    if (s.kind == StatementKind::Merge) {
        s.hasWhere = true; // MERGE always has its ON condition
        return;
    }
    const size_t where = c.findTopLevel([](const SigToken &t) {
        return isWordToken(t, "WHERE") || isWordToken(t, "LIMIT");
    });
    s.hasWhere = where < c.end();
}

} // namespace

QString identifierText(const SigToken &token)
{
    if (token.kind == TokenKind::QuotedIdentifier && token.text.size() >= 2) {
        const char q = token.text.front();
        QString s = QString::fromUtf8(token.text.sliced(1, token.text.size() - 2));
        const QString qq(2, QLatin1Char(q));
        if (s.contains(qq))
            s.replace(qq, QString(QLatin1Char(q)));
        return s;
    }
    // ASCII fast path
    QString s(token.text.size(), Qt::Uninitialized);
    bool ascii = true;
    for (qsizetype i = 0; i < token.text.size(); ++i) {
        const uchar ch = static_cast<uchar>(token.text[i]);
        if (ch >= 0x80) {
            ascii = false;
            break;
        }
        s[i] = QLatin1Char(ch >= 'A' && ch <= 'Z' ? char(ch + 32) : char(ch));
    }
    if (!ascii)
        return QString::fromUtf8(token.text).toLower();
    return s;
}

std::vector<SigToken> significantTokens(const Script &script, qsizetype index)
{
    std::vector<SigToken> out;
    if (index < 0 || index >= script.statements.size())
        return out;
    const Statement &st = script.statements[index];
    const qsizetype end = std::min<qsizetype>(st.firstToken + st.tokenCount, script.tokens.size());
    out.reserve(size_t(std::max<qsizetype>(0, st.tokenCount)));
    for (qsizetype i = st.firstToken; i < end; ++i) {
        const Token &t = script.tokens[i];
        if (isTrivia(t.kind) || t.kind == TokenKind::Semicolon || t.kind == TokenKind::ExecutableComment)
            continue;
        out.push_back(SigToken{script.tokenText(t), t.kind, t.offset, t.length});
    }
    return out;
}

ParsedStatement parseStatement(const Script &script, qsizetype index)
{
    ParsedStatement s;
    s.index = int(index);
    if (index < 0 || index >= script.statements.size())
        return s;
    const Statement &st = script.statements[index];
    s.offset = st.offset;
    s.length = st.length;
    const std::vector<SigToken> toks = significantTokens(script, index);
    if (toks.empty())
        return s;
    Cursor c(toks);
    const SigToken &first = toks.front();
    if (first.kind == TokenKind::MetaCommand) {
        s.kind = StatementKind::MetaCommand;
        return s;
    }
    if (first.kind == TokenKind::DelimiterCommand) {
        s.kind = StatementKind::DelimiterCommand;
        return s;
    }
    if (first.kind != TokenKind::Word)
        return s;
    const SqlDialect dialect = script.dialect;
    if (c.isWord("CREATE") || c.isWord("ALTER") || c.isWord("DROP")) {
        parseCreateAlterDrop(c, s, dialect);
    } else if (c.isWord("INSERT") || c.isWord("UPDATE") || c.isWord("DELETE") || c.isWord("MERGE")
               || (c.isWord("REPLACE") && isMySqlFamily(dialect))) {
        parseDml(c, s);
    } else if (c.isWord("WITH")) {
        const size_t verb = c.findTopLevel([](const SigToken &t) {
            return isWordToken(t, "INSERT") || isWordToken(t, "UPDATE") || isWordToken(t, "DELETE")
                || isWordToken(t, "MERGE") || isWordToken(t, "SELECT");
        });
        if (verb < c.end() && !isWordToken(toks[verb], "SELECT")) {
            c.setPos(verb);
            parseDml(c, s);
        } else {
            s.kind = StatementKind::Select;
        }
    } else if (c.isWord("SELECT") || c.isWord("VALUES") || c.isWord("TABLE") || c.isWord("SHOW")) {
        s.kind = StatementKind::Select;
    } else if (c.isWord("BEGIN") || (c.isWord("START") && c.isWord("TRANSACTION", 1))) {
        s.kind = StatementKind::Begin;
    } else if (c.isWord("COMMIT") || c.isWord("END")) {
        s.kind = c.isWord("PREPARED", 1) ? StatementKind::Unclassified : StatementKind::Commit;
    } else if (c.isWord("ROLLBACK") || c.isWord("ABORT")) {
        s.kind = (c.isWord("TO", 1) || c.isWord("PREPARED", 1)) ? StatementKind::Savepoint : StatementKind::Rollback;
    } else if (c.isWord("SAVEPOINT") || c.isWord("RELEASE")) {
        s.kind = StatementKind::Savepoint;
    } else if (c.isWord("SET")) {
        c.next();
        if (c.isWord("TRANSACTION") || c.isWord("CONSTRAINTS") || c.isWord("ROLE")
            || (c.isWord("SESSION") && (c.isWord("CHARACTERISTICS", 1) || c.isWord("AUTHORIZATION", 1)))) {
            s.kind = StatementKind::Set;
            s.setName = identifierText(c.cur());
        } else {
            parseSet(c, s);
        }
    } else if (c.isWord("RESET")) {
        s.kind = StatementKind::Reset;
        c.next();
        s.setName = c.ident();
    } else if (c.isWord("DO")) {
        s.kind = StatementKind::Do;
    } else if (c.isWord("VACUUM")) {
        s.kind = StatementKind::Vacuum;
        c.next();
        while (!c.atEnd()) {
            if (c.accept("FULL")) {
                s.full = true;
            } else if (c.isKind(TokenKind::LeftParen)) {
                const size_t inside = c.skipParens();
                for (size_t i = inside; i + 1 < c.pos(); ++i) {
                    if (isWordToken(toks[i], "FULL")
                        && !(i + 1 < c.pos() - 1 && (isWordToken(toks[i + 1], "FALSE") || isWordToken(toks[i + 1], "OFF")
                                                     || toks[i + 1].text == "0")))
                        s.full = true;
                }
            } else if (c.accept("FREEZE") || c.accept("VERBOSE") || c.accept("ANALYZE") || c.accept("ANALYSE")) {
            } else if (c.isIdent()) {
                s.names << c.name();
                if (c.isKind(TokenKind::LeftParen))
                    c.skipParens();
            } else {
                c.next();
            }
        }
        if (!s.names.isEmpty())
            s.target = s.names.first();
    } else if (c.isWord("ANALYZE") || c.isWord("ANALYSE")) {
        s.kind = StatementKind::Analyze;
        c.next();
        if (c.isKind(TokenKind::LeftParen))
            c.skipParens();
        c.accept("VERBOSE");
        c.accept("TABLE");
        while (c.isIdent()) {
            s.names << c.name();
            if (c.isKind(TokenKind::LeftParen))
                c.skipParens();
            if (!c.acceptKind(TokenKind::Comma))
                break;
        }
    } else if (c.isWord("CLUSTER")) {
        s.kind = StatementKind::Cluster;
        c.next();
        if (c.isKind(TokenKind::LeftParen))
            c.skipParens();
        c.accept("VERBOSE");
        if (c.isIdent()) {
            s.target = c.name();
            s.names << s.target;
        }
    } else if (c.isWord("REINDEX")) {
        s.kind = StatementKind::Reindex;
        c.next();
        if (c.isKind(TokenKind::LeftParen)) {
            const size_t inside = c.skipParens();
            for (size_t i = inside; i + 1 < c.pos(); ++i)
                if (isWordToken(toks[i], "CONCURRENTLY"))
                    s.concurrently = true;
        }
        if (c.peek() && c.isKind(TokenKind::Word)) {
            s.reindexTarget = identifierText(c.cur());
            c.next();
        }
        if (c.accept("CONCURRENTLY"))
            s.concurrently = true;
        if (c.isIdent()) {
            s.target = c.name();
            s.names << s.target;
        }
    } else if (c.isWord("TRUNCATE")) {
        s.kind = StatementKind::Truncate;
        c.next();
        c.accept("TABLE");
        if (c.accept("ONLY"))
            s.only = true;
        while (!c.atEnd()) {
            if (c.accept("CASCADE"))
                s.cascade = true;
            else if (c.accept("RESTART") || c.accept("CONTINUE") || c.accept("IDENTITY") || c.accept("RESTRICT")
                     || c.accept("ONLY")) {
            } else if (c.isIdent())
                s.names << c.name();
            else
                c.next();
        }
        if (!s.names.isEmpty())
            s.target = s.names.first();
    } else if (c.isWord("COMMENT")) {
        c.next();
        parseComment(c, s);
    } else if (c.isWord("GRANT")) {
        s.kind = StatementKind::Grant;
    } else if (c.isWord("REVOKE")) {
        s.kind = StatementKind::Revoke;
    } else if (c.isWord("LOCK")) {
        s.kind = StatementKind::Lock;
        c.next();
        if (c.accept("TABLES") || c.accept("TABLE")) {
        }
        c.accept("ONLY");
        while (c.isIdent() && !c.isWord("IN") && !c.isWord("NOWAIT") && !c.isWord("READ") && !c.isWord("WRITE")) {
            s.names << c.name();
            c.acceptOp("*");
            if (!c.acceptKind(TokenKind::Comma))
                break;
        }
        if (!s.names.isEmpty())
            s.target = s.names.first();
        QStringList mode;
        if (c.accept("IN")) {
            while (!c.atEnd() && !c.isWord("MODE")) {
                mode << QString::fromUtf8(c.cur().text).toUpper();
                c.next();
            }
        }
        s.lockMode = mode.isEmpty() ? u"ACCESS EXCLUSIVE"_s : mode.join(u' ');
    } else if (c.isWord("REFRESH") && c.isWord("MATERIALIZED", 1)) {
        s.kind = StatementKind::RefreshMaterializedView;
        c.next();
        c.next();
        c.accept("VIEW");
        if (c.accept("CONCURRENTLY"))
            s.concurrently = true;
        s.target = c.name();
        s.names << s.target;
        while (!c.atEnd()) {
            if (c.acceptSeq({"WITH", "NO", "DATA"}))
                s.withData = false;
            else
                c.next();
        }
    } else if (c.isWord("RENAME") && (c.isWord("TABLE", 1) || c.isWord("TABLES", 1))) {
        s.kind = StatementKind::RenameTable;
        c.next();
        c.next();
        while (!c.atEnd()) {
            if (c.isIdent() && !c.isWord("TO"))
                s.names << c.name();
            else
                c.next();
        }
        if (!s.names.isEmpty())
            s.target = s.names.first();
    } else if (c.isWord("OPTIMIZE")) {
        s.kind = StatementKind::Optimize;
        c.next();
        c.accept("NO_WRITE_TO_BINLOG") || c.accept("LOCAL");
        c.accept("TABLE");
        while (c.isIdent()) {
            s.names << c.name();
            if (!c.acceptKind(TokenKind::Comma))
                break;
        }
        if (!s.names.isEmpty())
            s.target = s.names.first();
    } else if (c.isWord("CALL")) {
        s.kind = StatementKind::Call;
    }
    return s;
}

QList<ParsedStatement> parseScript(const Script &script)
{
    QList<ParsedStatement> out;
    out.reserve(script.statements.size());
    for (qsizetype i = 0; i < script.statements.size(); ++i)
        out << parseStatement(script, i);
    return out;
}

QString statementKindName(StatementKind kind)
{
    switch (kind) {
    case StatementKind::Unclassified: return u"unclassified"_s;
    case StatementKind::CreateTable: return u"create-table"_s;
    case StatementKind::AlterTable: return u"alter-table"_s;
    case StatementKind::DropTable: return u"drop-table"_s;
    case StatementKind::RenameTable: return u"rename-table"_s;
    case StatementKind::CreateIndex: return u"create-index"_s;
    case StatementKind::AlterIndex: return u"alter-index"_s;
    case StatementKind::DropIndex: return u"drop-index"_s;
    case StatementKind::CreateType: return u"create-type"_s;
    case StatementKind::AlterType: return u"alter-type"_s;
    case StatementKind::DropType: return u"drop-type"_s;
    case StatementKind::CreateDomain: return u"create-domain"_s;
    case StatementKind::AlterDomain: return u"alter-domain"_s;
    case StatementKind::DropDomain: return u"drop-domain"_s;
    case StatementKind::CreateView: return u"create-view"_s;
    case StatementKind::AlterView: return u"alter-view"_s;
    case StatementKind::DropView: return u"drop-view"_s;
    case StatementKind::CreateMaterializedView: return u"create-materialized-view"_s;
    case StatementKind::AlterMaterializedView: return u"alter-materialized-view"_s;
    case StatementKind::RefreshMaterializedView: return u"refresh-materialized-view"_s;
    case StatementKind::DropMaterializedView: return u"drop-materialized-view"_s;
    case StatementKind::CreateSequence: return u"create-sequence"_s;
    case StatementKind::AlterSequence: return u"alter-sequence"_s;
    case StatementKind::DropSequence: return u"drop-sequence"_s;
    case StatementKind::CreateSchema: return u"create-schema"_s;
    case StatementKind::AlterSchema: return u"alter-schema"_s;
    case StatementKind::DropSchema: return u"drop-schema"_s;
    case StatementKind::CreateDatabase: return u"create-database"_s;
    case StatementKind::DropDatabase: return u"drop-database"_s;
    case StatementKind::CreateFunction: return u"create-function"_s;
    case StatementKind::AlterFunction: return u"alter-function"_s;
    case StatementKind::DropFunction: return u"drop-function"_s;
    case StatementKind::CreateTrigger: return u"create-trigger"_s;
    case StatementKind::AlterTrigger: return u"alter-trigger"_s;
    case StatementKind::DropTrigger: return u"drop-trigger"_s;
    case StatementKind::CreateExtension: return u"create-extension"_s;
    case StatementKind::DropExtension: return u"drop-extension"_s;
    case StatementKind::Insert: return u"insert"_s;
    case StatementKind::Update: return u"update"_s;
    case StatementKind::Delete: return u"delete"_s;
    case StatementKind::Merge: return u"merge"_s;
    case StatementKind::Select: return u"select"_s;
    case StatementKind::Begin: return u"begin"_s;
    case StatementKind::Commit: return u"commit"_s;
    case StatementKind::Rollback: return u"rollback"_s;
    case StatementKind::Savepoint: return u"savepoint"_s;
    case StatementKind::Set: return u"set"_s;
    case StatementKind::Reset: return u"reset"_s;
    case StatementKind::Do: return u"do"_s;
    case StatementKind::Vacuum: return u"vacuum"_s;
    case StatementKind::Analyze: return u"analyze"_s;
    case StatementKind::Cluster: return u"cluster"_s;
    case StatementKind::Reindex: return u"reindex"_s;
    case StatementKind::Truncate: return u"truncate"_s;
    case StatementKind::Comment: return u"comment"_s;
    case StatementKind::Grant: return u"grant"_s;
    case StatementKind::Revoke: return u"revoke"_s;
    case StatementKind::Lock: return u"lock"_s;
    case StatementKind::Optimize: return u"optimize"_s;
    case StatementKind::MetaCommand: return u"meta-command"_s;
    case StatementKind::DelimiterCommand: return u"delimiter"_s;
    case StatementKind::Call: return u"call"_s;
    }
    return u"unclassified"_s;
}

bool ParsedStatement::isDml() const
{
    return kind == StatementKind::Insert || kind == StatementKind::Update || kind == StatementKind::Delete
        || kind == StatementKind::Merge;
}

bool ParsedStatement::isTransactionControl() const
{
    return kind == StatementKind::Begin || kind == StatementKind::Commit || kind == StatementKind::Rollback
        || kind == StatementKind::Savepoint;
}

bool ParsedStatement::isDdl() const
{
    switch (kind) {
    case StatementKind::Unclassified:
    case StatementKind::Insert:
    case StatementKind::Update:
    case StatementKind::Delete:
    case StatementKind::Merge:
    case StatementKind::Select:
    case StatementKind::Begin:
    case StatementKind::Commit:
    case StatementKind::Rollback:
    case StatementKind::Savepoint:
    case StatementKind::Set:
    case StatementKind::Reset:
    case StatementKind::Do:
    case StatementKind::Vacuum:
    case StatementKind::Analyze:
    case StatementKind::Lock:
    case StatementKind::MetaCommand:
    case StatementKind::DelimiterCommand:
    case StatementKind::Call:
    case StatementKind::Grant:
    case StatementKind::Revoke:
    case StatementKind::Comment:
        return false;
    default:
        return true;
    }
}

} // namespace core::sql
