// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sql/lexer.h"

#include "tests/fuzz/lexer_invariants.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace core::sql;

Q_DECLARE_METATYPE(core::sql::SqlDialect)
Q_DECLARE_METATYPE(core::sql::SyntaxIssueKind)

namespace {

constexpr SqlDialect PG = SqlDialect::PostgreSQL;
constexpr SqlDialect MY = SqlDialect::MySQL;
constexpr SqlDialect MA = SqlDialect::MariaDB;
constexpr SqlDialect LITE = SqlDialect::SQLite;

/// Every token except whitespace as kind(text), separated by spaces.
QString render(const Script &s)
{
    QStringList out;
    for (const Token &t : s.tokens) {
        if (t.kind == TokenKind::Whitespace)
            continue;
        out << tokenKindName(t.kind) + u'(' + QString::fromUtf8(s.tokenText(t)) + u')';
    }
    return out.join(u' ');
}

QStringList statementTexts(const Script &s)
{
    QStringList out;
    for (const Statement &st : s.statements)
        out << QString::fromUtf8(s.statementText(st));
    return out;
}

QString terminatedFlags(const Script &s)
{
    QString out;
    for (const Statement &st : s.statements)
        out += st.terminated ? u'T' : u'-';
    return out;
}

Script lex(const QByteArray &text, SqlDialect dialect)
{
    Script s = tokenizeAndSplit(text, dialect);
    const QString problem = mwbtest::checkScriptInvariants(s);
    if (!problem.isEmpty())
        qWarning("invariant violated: %s", qPrintable(problem));
    return s;
}

QByteArray u8(const char *s)
{
    return QByteArray(s);
}

} // namespace

class TestLexer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QTest::failOnWarning(); }

    void dialects()
    {
        for (SqlDialect d : {PG, MY, MA, LITE})
            QCOMPARE(dialectFromName(dialectName(d)), d);
        QCOMPARE(dialectFromName(u"Postgres"), PG);
        QVERIFY(!dialectFromName(u"oracle"));
        QVERIFY(isMySqlFamily(MY));
        QVERIFY(isMySqlFamily(MA));
        QVERIFY(!isMySqlFamily(PG));
        QVERIFY(!isMySqlFamily(LITE));
    }

    void tokens_data()
    {
        QTest::addColumn<SqlDialect>("dialect");
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("expected");

        // PostgreSQL
        QTest::newRow("pg words numbers") << PG << u8("SELECT a1, 42, 3.14, .5, 1e-3, 0x1F, 1_000 FROM t")
                                          << u"word(SELECT) word(a1) comma(,) number(42) comma(,) number(3.14) comma(,) "
                                             u"number(.5) comma(,) number(1e-3) comma(,) number(0x1F) comma(,) "
                                             u"number(1_000) word(FROM) word(t)"_s;
        QTest::newRow("pg dollar quote") << PG << u8("SELECT $$a;b$$, $fn$ x $$ y $fn$")
                                         << u"word(SELECT) dollar-string($$a;b$$) comma(,) dollar-string($fn$ x $$ y $fn$)"_s;
        QTest::newRow("pg dollar vs parameter") << PG << u8("SELECT $1 + $23, a$b$")
                                                << u"word(SELECT) parameter($1) operator(+) parameter($23) comma(,) word(a$b$)"_s;
        QTest::newRow("pg lone dollar") << PG << u8("SELECT $x + 1")
                                        << u"word(SELECT) operator($) word(x) operator(+) number(1)"_s;
        QTest::newRow("pg E string") << PG << u8(R"(SELECT E'it\'s', e'a\\', 'b''c')")
                                     << uR"(word(SELECT) string(E'it\'s') comma(,) string(e'a\\') comma(,) string('b''c'))"_s;
        QTest::newRow("pg standard string backslash") << PG << u8(R"(SELECT 'a\', 1)")
                                                      << uR"(word(SELECT) string('a\') comma(,) number(1))"_s;
        QTest::newRow("pg U& B X N") << PG << u8(R"(SELECT U&'d\0061t', U&"d!0061t", B'101', X'FF', N'x')")
                                     << uR"(word(SELECT) string(U&'d\0061t') comma(,) quoted-identifier(U&"d!0061t") comma(,) string(B'101') comma(,) string(X'FF') comma(,) string(N'x'))"_s;
        QTest::newRow("pg quoted identifier") << PG << u8(R"(SELECT "a""b", "x y")")
                                              << uR"(word(SELECT) quoted-identifier("a""b") comma(,) quoted-identifier("x y"))"_s;
        QTest::newRow("pg nested comment") << PG << u8("SELECT /* a /* b */ c */ 1")
                                           << u"word(SELECT) block-comment(/* a /* b */ c */) number(1)"_s;
        QTest::newRow("pg line comment") << PG << u8("SELECT 1 -- hi\n--x\r\n2")
                                         << u"word(SELECT) number(1) line-comment(-- hi) line-comment(--x) number(2)"_s;
        QTest::newRow("pg casts and operators") << PG << u8("a::int, b->>'k', c @> d, x=-1, y <> z, p||q")
                                                << u"word(a) operator(::) word(int) comma(,) word(b) operator(->>) string('k') "
                                                   u"comma(,) word(c) operator(@>) word(d) comma(,) word(x) operator(=) "
                                                   u"operator(-) number(1) comma(,) word(y) operator(<>) word(z) comma(,) "
                                                   u"word(p) operator(||) word(q)"_s;
        QTest::newRow("pg operator before comment") << PG << u8("a+--c\nb")
                                                    << u"word(a) operator(+) line-comment(--c) word(b)"_s;
        QTest::newRow("pg brackets") << PG << u8("a[1:2]") << u"word(a) left-bracket([) number(1) operator(:) number(2) right-bracket(])"_s;
        QTest::newRow("pg psql variables") << PG << u8("SELECT :v, :'s', :\"i\"")
                                           << u"word(SELECT) parameter(:v) comma(,) parameter(:'s') comma(,) parameter(:\"i\")"_s;
        QTest::newRow("pg meta command") << PG << u8("\\connect db\nSELECT 1;")
                                         << u"meta-command(\\connect db) word(SELECT) number(1) semicolon(;)"_s;
        QTest::newRow("pg hash and backtick are operators") << PG << u8("a # b") << u"word(a) operator(#) word(b)"_s;
        QTest::newRow("pg unicode identifier") << PG << u8("SELECT größe FROM täble")
                                               << u"word(SELECT) word(größe) word(FROM) word(täble)"_s;
        QTest::newRow("pg identifier starting with non-ascii") << PG << u8("SELECT ärger, 名前, $ä$x$ä$ FROM 🙂")
                                                               << u"word(SELECT) word(ärger) comma(,) word(名前) comma(,) "
                                                                  u"dollar-string($ä$x$ä$) word(FROM) word(🙂)"_s;
        QTest::newRow("my identifier starting with non-ascii") << MY << u8("SELECT ärger") << u"word(SELECT) word(ärger)"_s;

        // MySQL / MariaDB
        QTest::newRow("my backticks") << MY << u8("SELECT `a``b` FROM `t`")
                                      << u"word(SELECT) quoted-identifier(`a``b`) word(FROM) quoted-identifier(`t`)"_s;
        QTest::newRow("my double-quoted string") << MY << u8(R"(SELECT "a\"b", 'c\'d', 'e''f')")
                                                 << uR"(word(SELECT) string("a\"b") comma(,) string('c\'d') comma(,) string('e''f'))"_s;
        QTest::newRow("my hash comment") << MY << u8("SELECT 1 # c\n") << u"word(SELECT) number(1) line-comment(# c)"_s;
        QTest::newRow("my dash dash space") << MY << u8("SELECT 1 -- c\nSELECT 1--2")
                                            << u"word(SELECT) number(1) line-comment(-- c) word(SELECT) number(1) "
                                               u"operator(-) operator(-) number(2)"_s;
        QTest::newRow("my dash dash tab and eof") << MY << u8("--\tx\n--") << u"line-comment(--\tx) line-comment(--)"_s;
        QTest::newRow("my executable comment") << MY << u8("/*!50100 SET x=1 */ /*M!100000 y */ /*+ hint */")
                                               << u"executable-comment(/*!50100 SET x=1 */) block-comment(/*M!100000 y */) "
                                                  u"block-comment(/*+ hint */)"_s;
        QTest::newRow("mariadb executable comment") << MA << u8("/*M!100000 y */ /*!z*/")
                                                    << u"executable-comment(/*M!100000 y */) executable-comment(/*!z*/)"_s;
        QTest::newRow("my comments do not nest") << MY << u8("/* a /* b */ c") << u"block-comment(/* a /* b */) word(c)"_s;
        QTest::newRow("my variables and params") << MY << u8("SET @a = @@session.x, ? ")
                                                 << u"word(SET) word(@a) operator(=) word(@@session) dot(.) word(x) comma(,) parameter(?)"_s;
        QTest::newRow("my digits identifier") << MY << u8("SELECT 1abc, 0x1F, x'0A', b'01', N'n'")
                                              << u"word(SELECT) word(1abc) comma(,) number(0x1F) comma(,) string(x'0A') comma(,) "
                                                 u"string(b'01') comma(,) string(N'n')"_s;
        QTest::newRow("my operators") << MY << u8("a<=>b, c->>'$.x', d:=1, e!=f")
                                      << u"word(a) operator(<=>) word(b) comma(,) word(c) operator(->>) string('$.x') comma(,) "
                                         u"word(d) operator(:=) number(1) comma(,) word(e) operator(!=) word(f)"_s;
        QTest::newRow("my delimiter") << MY << u8("DELIMITER //\nSELECT 1; SELECT 2//\nDELIMITER ;\nSELECT 3;")
                                      << u"delimiter-command(DELIMITER //) word(SELECT) number(1) operator(;) word(SELECT) "
                                         u"number(2) semicolon(//) delimiter-command(DELIMITER ;) word(SELECT) number(3) semicolon(;)"_s;
        QTest::newRow("my delimiter inside a word") << MY << u8("delimiter $$\nSELECT a$$")
                                                    << u"delimiter-command(delimiter $$) word(SELECT) word(a) semicolon($$)"_s;
        QTest::newRow("my backslash g") << MY << u8("SELECT 1\\G") << u"word(SELECT) number(1) semicolon(\\G)"_s;

        // SQLite
        QTest::newRow("sqlite identifiers") << LITE << u8("SELECT \"a\", [b c], `d` FROM t")
                                            << u"word(SELECT) quoted-identifier(\"a\") comma(,) quoted-identifier([b c]) comma(,) "
                                               u"quoted-identifier(`d`) word(FROM) word(t)"_s;
        QTest::newRow("sqlite parameters") << LITE << u8("SELECT ?, ?12, :a, @b, $c, X'00'")
                                           << u"word(SELECT) parameter(?) comma(,) parameter(?12) comma(,) parameter(:a) comma(,) "
                                              u"parameter(@b) comma(,) parameter($c) comma(,) string(X'00')"_s;
        QTest::newRow("sqlite comments do not nest") << LITE << u8("/* a /* b */ c -- d\n#")
                                                     << u"block-comment(/* a /* b */) word(c) line-comment(-- d) operator(#)"_s;
        QTest::newRow("sqlite double quotes and doubling") << LITE << u8("SELECT \"a\"\"b\", 'c''d'")
                                                           << u"word(SELECT) quoted-identifier(\"a\"\"b\") comma(,) string('c''d')"_s;
        QTest::newRow("pg strings hide comment markers") << PG << u8("SELECT '/*', '--', $$/*$$, \"--\"")
                                                         << u"word(SELECT) string('/*') comma(,) string('--') comma(,) "
                                                            u"dollar-string($$/*$$) comma(,) quoted-identifier(\"--\")"_s;
        QTest::newRow("pg comments hide quotes") << PG << u8("/* ' */ -- \"\nSELECT 1")
                                                 << u"block-comment(/* ' */) line-comment(-- \") word(SELECT) number(1)"_s;
        QTest::newRow("pg numbers with prefixes") << PG << u8("0o17 0b101 0xFFFF_FFFF 1.5e+10")
                                                  << u"number(0o17) number(0b101) number(0xFFFF_FFFF) number(1.5e+10)"_s;
        QTest::newRow("my dash dash at end of input") << MY << u8("SELECT 1 --") << u"word(SELECT) number(1) line-comment(--)"_s;
        QTest::newRow("my executable comment with delimiter") << MY << u8("DELIMITER ;;\n/*!50003 CREATE TRIGGER t */;;")
                                                              << u"delimiter-command(DELIMITER ;;) executable-comment(/*!50003 CREATE TRIGGER t */) semicolon(;;)"_s;
        QTest::newRow("my backslash N") << MY << u8("SELECT \\N") << u"word(SELECT) word(\\N)"_s;
    }

    void tokens()
    {
        QFETCH(SqlDialect, dialect);
        QFETCH(QByteArray, input);
        QFETCH(QString, expected);
        const Script s = lex(input, dialect);
        QCOMPARE(render(s), expected);
    }

    void statements_data()
    {
        QTest::addColumn<SqlDialect>("dialect");
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QStringList>("expected");
        QTest::addColumn<QString>("terminated");

        QTest::newRow("pg simple") << PG << u8("SELECT 1;\n-- c\nSELECT 2 ;  SELECT 3")
                                   << QStringList{u"SELECT 1;"_s, u"SELECT 2 ;"_s, u"SELECT 3"_s} << u"TT-"_s;
        QTest::newRow("pg empty statements") << PG << u8(";;") << QStringList{u";"_s, u";"_s} << u"TT"_s;
        QTest::newRow("pg only trivia") << PG << u8("  -- x\n/* y */ ") << QStringList{} << QString();
        QTest::newRow("pg empty input") << PG << QByteArray() << QStringList{} << QString();
        QTest::newRow("pg dollar body") << PG
                                        << u8("CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END $$ LANGUAGE plpgsql;\nSELECT f();")
                                        << QStringList{u"CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END $$ LANGUAGE plpgsql;"_s,
                                                       u"SELECT f();"_s}
                                        << u"TT"_s;
        QTest::newRow("pg begin atomic") << PG
                                         << u8("CREATE OR REPLACE FUNCTION f(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC "
                                               "SELECT CASE WHEN a > 0 THEN 1 ELSE 2 END; SELECT 3; END;\nSELECT 4;")
                                         << QStringList{u"CREATE OR REPLACE FUNCTION f(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC "
                                                        u"SELECT CASE WHEN a > 0 THEN 1 ELSE 2 END; SELECT 3; END;"_s,
                                                        u"SELECT 4;"_s}
                                         << u"TT"_s;
        QTest::newRow("pg procedure begin atomic") << PG << u8("CREATE PROCEDURE p() BEGIN ATOMIC INSERT INTO t VALUES (1); END; BEGIN; COMMIT;")
                                                   << QStringList{u"CREATE PROCEDURE p() BEGIN ATOMIC INSERT INTO t VALUES (1); END;"_s,
                                                                  u"BEGIN;"_s, u"COMMIT;"_s}
                                                   << u"TTT"_s;
        QTest::newRow("pg transaction begin is not a body") << PG << u8("BEGIN; CREATE TABLE t(a int); END;")
                                                            << QStringList{u"BEGIN;"_s, u"CREATE TABLE t(a int);"_s, u"END;"_s}
                                                            << u"TTT"_s;
        QTest::newRow("pg create rule parens") << PG << u8("CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2)); SELECT 1;")
                                               << QStringList{u"CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2));"_s,
                                                              u"SELECT 1;"_s}
                                               << u"TT"_s;
        QTest::newRow("pg unbalanced paren does not swallow") << PG << u8("SELECT (1;\nSELECT 2;")
                                                              << QStringList{u"SELECT (1;"_s, u"SELECT 2;"_s} << u"TT"_s;
        QTest::newRow("pg meta commands") << PG << u8("\\set ON_ERROR_STOP on\nSELECT 1;\n\\connect other\n\\i file.sql\nSELECT 2;")
                                          << QStringList{u"\\set ON_ERROR_STOP on"_s, u"SELECT 1;"_s, u"\\connect other"_s,
                                                         u"\\i file.sql"_s, u"SELECT 2;"_s}
                                          << u"-T--T"_s;
        QTest::newRow("pg meta command interrupts") << PG << u8("SELECT 1\n\\gset\nSELECT 2;")
                                                    << QStringList{u"SELECT 1"_s, u"\\gset"_s, u"SELECT 2;"_s} << u"--T"_s;
        QTest::newRow("pg crlf meta") << PG << u8("\\c db\r\nSELECT 1;\r\n")
                                      << QStringList{u"\\c db"_s, u"SELECT 1;"_s} << u"-T"_s;
        QTest::newRow("pg copy from stdin") << PG << u8("COPY t (a, b) FROM stdin; -- data\n1\tit's\n2\t\\N\n\\.\nSELECT 1;")
                                            << QStringList{u"COPY t (a, b) FROM stdin;"_s, u"1\tit's\n2\t\\N\n\\."_s, u"SELECT 1;"_s}
                                            << u"T-T"_s;
        QTest::newRow("pg psql copy from stdin") << PG << u8("\\copy t from stdin with csv\r\na,'b\r\n\\.\r\nSELECT 1;")
                                                 << QStringList{u"\\copy t from stdin with csv"_s, u"a,'b\r\n\\."_s, u"SELECT 1;"_s}
                                                 << u"--T"_s;
        QTest::newRow("pg copy data to the end") << PG << u8("COPY t FROM STDIN;\n1\n\\.x\n2")
                                                 << QStringList{u"COPY t FROM STDIN;"_s, u"1\n\\.x\n2"_s} << u"T-"_s;
        QTest::newRow("pg copy to stdout has no data") << PG << u8("COPY t TO STDOUT;\nSELECT 1;\nCOPY (SELECT 'from stdin') TO STDOUT;")
                                                       << QStringList{u"COPY t TO STDOUT;"_s, u"SELECT 1;"_s,
                                                                      u"COPY (SELECT 'from stdin') TO STDOUT;"_s}
                                                       << u"TTT"_s;
        QTest::newRow("pg semicolons in quotes and comments") << PG << u8("SELECT ';', \";\", $q$;$q$ /* ; */ -- ;\n;")
                                                              << QStringList{u"SELECT ';', \";\", $q$;$q$ /* ; */ -- ;\n;"_s}
                                                              << u"T"_s;

        // MySQL: follows the mysql client.
        QTest::newRow("my default delimiter splits compound bodies")
            << MY << u8("CREATE PROCEDURE p() BEGIN SELECT 1; END;")
            << QStringList{u"CREATE PROCEDURE p() BEGIN SELECT 1;"_s, u"END;"_s} << u"TT"_s;
        QTest::newRow("my delimiter keeps bodies")
            << MY
            << u8("DELIMITER //\nCREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\n  SELECT 2;\nEND //\nDELIMITER ;\nCALL p();")
            << QStringList{u"DELIMITER //"_s, u"CREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\n  SELECT 2;\nEND //"_s,
                           u"DELIMITER ;"_s, u"CALL p();"_s}
            << u"-T-T"_s;
        QTest::newRow("my trigger and event with $$")
            << MA
            << u8("delimiter $$\nCREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; END$$\n"
                  "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM t; END$$\ndelimiter ;\n")
            << QStringList{u"delimiter $$"_s, u"CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; END$$"_s,
                           u"CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM t; END$$"_s, u"delimiter ;"_s}
            << u"-TT-"_s;
        QTest::newRow("my delimiter interrupts open statement")
            << MY << u8("SELECT 1\nDELIMITER ;;\nSELECT 2;;")
            << QStringList{u"SELECT 1"_s, u"DELIMITER ;;"_s, u"SELECT 2;;"_s} << u"--T"_s;
        QTest::newRow("my delimiter word mid-line is a word")
            << MY << u8("SELECT delimiter FROM t;") << QStringList{u"SELECT delimiter FROM t;"_s} << u"T"_s;
        QTest::newRow("my quoted delimiter") << MY << u8("DELIMITER '$$'\nSELECT 1$$")
                                             << QStringList{u"DELIMITER '$$'"_s, u"SELECT 1$$"_s} << u"-T"_s;
        QTest::newRow("my semicolon in strings") << MY << u8("SELECT 'a;', \"b;\", `c;` # ;\n;")
                                                 << QStringList{u"SELECT 'a;', \"b;\", `c;` # ;\n;"_s} << u"T"_s;

        // SQLite
        QTest::newRow("sqlite trigger body") << LITE
                                             << u8("CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE x SET a = CASE WHEN 1 THEN 2 END; "
                                                   "INSERT INTO y VALUES (1); END; SELECT 1;")
                                             << QStringList{u"CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE x SET a = CASE WHEN 1 THEN 2 END; "
                                                            u"INSERT INTO y VALUES (1); END;"_s,
                                                            u"SELECT 1;"_s}
                                             << u"TT"_s;
        QTest::newRow("sqlite explain create trigger") << LITE << u8("EXPLAIN CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; END; SELECT 2;")
                                                       << QStringList{u"EXPLAIN CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; END;"_s,
                                                                      u"SELECT 2;"_s}
                                                       << u"TT"_s;
        QTest::newRow("sqlite plain statements") << LITE << u8("CREATE TABLE t(a);\nBEGIN;\nINSERT INTO t VALUES (';');\nCOMMIT;")
                                                 << QStringList{u"CREATE TABLE t(a);"_s, u"BEGIN;"_s, u"INSERT INTO t VALUES (';');"_s,
                                                                u"COMMIT;"_s}
                                                 << u"TTTT"_s;
        QTest::newRow("sqlite temp trigger") << LITE << u8("CREATE TEMP TRIGGER t2 BEFORE DELETE ON t BEGIN SELECT 1; END;BEGIN;END;")
                                             << QStringList{u"CREATE TEMP TRIGGER t2 BEFORE DELETE ON t BEGIN SELECT 1; END;"_s,
                                                            u"BEGIN;"_s, u"END;"_s}
                                             << u"TTT"_s;
    }

    void statements()
    {
        QFETCH(SqlDialect, dialect);
        QFETCH(QByteArray, input);
        QFETCH(QStringList, expected);
        QFETCH(QString, terminated);
        const Script s = lex(input, dialect);
        QCOMPARE(statementTexts(s), expected);
        QCOMPARE(terminatedFlags(s), terminated);
        QCOMPARE(mwbtest::checkScriptInvariants(s), QString());
    }

    void innerSemicolonsAreOperators()
    {
        const Script s = lex(u8("CREATE FUNCTION f() RETURNS int BEGIN ATOMIC SELECT 1; END;"), PG);
        QCOMPARE(s.statements.size(), 1);
        int semis = 0, ops = 0;
        for (const Token &t : s.tokens) {
            if (s.tokenText(t) != ";")
                continue;
            semis += t.kind == TokenKind::Semicolon;
            ops += t.kind == TokenKind::Operator;
        }
        QCOMPARE(semis, 1);
        QCOMPARE(ops, 1);
        QVERIFY(s.issues.isEmpty());
    }

    void delimiterTracking()
    {
        const Script s = lex(u8("SELECT 1;\nDELIMITER //\nSELECT 2//\nDELIMITER ;\n"), MY);
        QCOMPARE(s.delimiters.size(), 2);
        QCOMPARE(s.delimiters.at(0).delimiter, QByteArray("//"));
        QCOMPARE(s.delimiterAt(0), QByteArray(";"));
        QCOMPARE(s.delimiterAt(s.text.indexOf("SELECT 2")), QByteArray("//"));
        QCOMPARE(s.delimiterAt(s.text.size()), QByteArray(";"));
        QCOMPARE(s.statementAt(0), 0);
        QCOMPARE(s.statementAt(s.text.indexOf("SELECT 2")), 2);
        QCOMPARE(s.statementAt(s.text.size()), s.statements.size());
    }

    void issues_data()
    {
        QTest::addColumn<SqlDialect>("dialect");
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<SyntaxIssueKind>("kind");
        QTest::addColumn<qsizetype>("offset");
        QTest::addColumn<qsizetype>("length");
        QTest::addColumn<int>("statements");

        QTest::newRow("unterminated string") << PG << u8("SELECT 1;\nSELECT 'abc;\nSELECT 2;")
                                             << SyntaxIssueKind::UnterminatedString << qsizetype(17) << qsizetype(1) << 2;
        QTest::newRow("unterminated E string") << PG << u8("SELECT E'abc\\';") << SyntaxIssueKind::UnterminatedString
                                               << qsizetype(7) << qsizetype(2) << 1;
        QTest::newRow("unterminated quoted identifier") << PG << u8("SELECT \"abc") << SyntaxIssueKind::UnterminatedQuotedIdentifier
                                                        << qsizetype(7) << qsizetype(1) << 1;
        QTest::newRow("unterminated nested comment") << PG << u8("SELECT 1; /* /* */ SELECT 2;")
                                                     << SyntaxIssueKind::UnterminatedBlockComment << qsizetype(10) << qsizetype(2) << 2;
        QTest::newRow("unterminated dollar quote") << PG << u8("SELECT 1;\nDO $body$ BEGIN; END $bod$;")
                                                   << SyntaxIssueKind::UnterminatedDollarQuote << qsizetype(13) << qsizetype(6) << 2;
        QTest::newRow("unterminated backtick") << MY << u8("SELECT `a;") << SyntaxIssueKind::UnterminatedQuotedIdentifier
                                               << qsizetype(7) << qsizetype(1) << 1;
        QTest::newRow("unterminated mysql string") << MY << u8("SELECT 'a\\';") << SyntaxIssueKind::UnterminatedString
                                                   << qsizetype(7) << qsizetype(1) << 1;
        QTest::newRow("unterminated sqlite bracket") << LITE << u8("SELECT [a;") << SyntaxIssueKind::UnterminatedQuotedIdentifier
                                                     << qsizetype(7) << qsizetype(1) << 1;
        QTest::newRow("invalid utf8 outside") << PG << u8("SELECT \xff\xfe 1; SELECT 2;") << SyntaxIssueKind::InvalidUtf8
                                              << qsizetype(7) << qsizetype(2) << 2;
        QTest::newRow("invalid utf8 in identifier") << PG << u8("SELECT ab\xc3(1); SELECT 2;") << SyntaxIssueKind::InvalidUtf8
                                                    << qsizetype(9) << qsizetype(1) << 2;
        QTest::newRow("invalid utf8 in string") << PG << u8("SELECT 'a\xe2\x82'; SELECT 2;") << SyntaxIssueKind::InvalidUtf8
                                                << qsizetype(9) << qsizetype(2) << 2;
        QTest::newRow("overlong utf8") << PG << u8("SELECT '\xc0\xaf';") << SyntaxIssueKind::InvalidUtf8 << qsizetype(8)
                                       << qsizetype(2) << 1;
        QTest::newRow("surrogate utf8") << PG << u8("-- \xed\xa0\x80\nSELECT 1;") << SyntaxIssueKind::InvalidUtf8 << qsizetype(3)
                                        << qsizetype(3) << 1;
        QTest::newRow("nul byte") << PG << QByteArray("SELECT 1;\0\0SELECT 2;", 20) << SyntaxIssueKind::NulByte << qsizetype(9)
                                  << qsizetype(2) << 2;
        QTest::newRow("nul in string") << MY << QByteArray("SELECT 'a\0b'; SELECT 2;", 23) << SyntaxIssueKind::NulByte
                                       << qsizetype(9) << qsizetype(1) << 2;
        QTest::newRow("control character") << PG << u8("SELECT \x01; SELECT 2;") << SyntaxIssueKind::UnexpectedCharacter
                                           << qsizetype(7) << qsizetype(1) << 2;
        QTest::newRow("begin atomic without end") << PG << u8("SELECT 1;\nCREATE FUNCTION f() RETURNS int BEGIN ATOMIC SELECT 1;")
                                                  << SyntaxIssueKind::UnterminatedStatement << qsizetype(42) << qsizetype(5) << 2;
        QTest::newRow("sqlite trigger without end") << LITE << u8("CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1;")
                                                    << SyntaxIssueKind::UnterminatedStatement << qsizetype(35) << qsizetype(5) << 1;
        QTest::newRow("delimiter with backslash") << MY << u8("DELIMITER \\\\\nSELECT 1;") << SyntaxIssueKind::UnexpectedCharacter
                                                  << qsizetype(10) << qsizetype(2) << 2;
        QTest::newRow("delimiter with backslash and nul") << MY << QByteArray("DELIMITER /S'\\N\0/\nSELECT 1;", 27)
                                                          << SyntaxIssueKind::UnexpectedCharacter << qsizetype(10) << qsizetype(7) << 2;
        QTest::newRow("sqlite backslash") << LITE << u8("SELECT \\ 1;") << SyntaxIssueKind::UnexpectedCharacter << qsizetype(7)
                                          << qsizetype(1) << 1;
    }

    void issues()
    {
        QFETCH(SqlDialect, dialect);
        QFETCH(QByteArray, input);
        QFETCH(SyntaxIssueKind, kind);
        QFETCH(qsizetype, offset);
        QFETCH(qsizetype, length);
        QFETCH(int, statements);
        const Script s = lex(input, dialect);
        QVERIFY(!s.issues.isEmpty());
        const SyntaxIssue &is = s.issues.constFirst();
        QCOMPARE(is.kind, kind);
        QCOMPARE(is.offset, offset);
        QCOMPARE(is.length, length);
        QVERIFY(!is.message.isEmpty());
        QCOMPARE(s.statements.size(), statements);
        QCOMPARE(mwbtest::checkScriptInvariants(s), QString());
    }

    void unterminatedIsOneInvalidTokenToTheEnd()
    {
        const QByteArray text = "SELECT 1;\nSELECT $x$ never closed;\nSELECT 2;\n";
        const Script s = lex(text, PG);
        QCOMPARE(s.issues.size(), 1);
        QVERIFY(s.issues.constFirst().message.contains(u"$x$"));
        QCOMPARE(s.tokens.constLast().kind, TokenKind::Invalid);
        QCOMPARE(s.tokens.constLast().offset, text.indexOf("$x$"));
        QCOMPARE(s.tokens.constLast().end(), text.size());
        QCOMPARE(s.statements.size(), 2);
        QVERIFY(!s.statements.constLast().terminated);
    }

    void positions_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<qsizetype>("offset");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");

        QTest::newRow("start") << u8("abc") << qsizetype(0) << 1 << 1;
        QTest::newRow("end of input") << u8("abc") << qsizetype(3) << 1 << 4;
        QTest::newRow("second line") << u8("a\nbc") << qsizetype(3) << 2 << 2;
        QTest::newRow("at newline") << u8("a\nbc") << qsizetype(1) << 1 << 2;
        QTest::newRow("after trailing newline") << u8("a\n") << qsizetype(2) << 2 << 1;
        QTest::newRow("crlf") << u8("a\r\nb") << qsizetype(3) << 2 << 1;
        QTest::newRow("utf8 columns") << u8("-- größe\nx") << qsizetype(10) << 1 << 9;
        QTest::newRow("utf8 4 byte") << u8("'\xf0\x9f\x98\x80'x") << qsizetype(6) << 1 << 4;
        QTest::newRow("invalid byte counts one") << u8("\xff\xfex") << qsizetype(2) << 1 << 3;
        QTest::newRow("clamped") << u8("ab") << qsizetype(99) << 1 << 3;
        QTest::newRow("negative clamped") << u8("ab") << qsizetype(-5) << 1 << 1;
    }

    void positions()
    {
        QFETCH(QByteArray, input);
        QFETCH(qsizetype, offset);
        QFETCH(int, line);
        QFETCH(int, column);
        const Script s = lex(input, PG);
        const Position p = s.position(offset);
        QCOMPARE(p.line, line);
        QCOMPARE(p.column, column);
        QCOMPARE(p.offset, std::clamp<qsizetype>(offset, 0, input.size()));
        QCOMPARE(LineIndex(QByteArrayView(input)).position(offset), p);
    }

    void statementPositions()
    {
        const QByteArray text = "-- header\nSELECT 1;\n\n  UPDATE t\n  SET a = 1;\n\\connect x\n";
        const Script s = lex(text, PG);
        QCOMPARE(s.statements.size(), 3);
        QCOMPARE(s.position(s.statements[0].offset), (Position{10, 2, 1}));
        QCOMPARE(s.position(s.statements[0].end()), (Position{19, 2, 10}));
        QCOMPARE(s.position(s.statements[1].offset), (Position{23, 4, 3}));
        QCOMPARE(s.position(s.statements[1].end()), (Position{44, 5, 13}));
        QCOMPARE(s.position(s.statements[2].offset), (Position{45, 6, 1}));
        QCOMPARE(s.statements[1].gapOffset, 19);
        QCOMPARE(s.lines.lineCount(), 7);
        QCOMPARE(s.lines.lineStart(4), 21);
        QCOMPARE(s.lines.lineStart(99), 56);
    }

    /// Every input of the tables above, and every seed of the fuzz corpus, in every dialect.
    void roundTrip_data()
    {
        QTest::addColumn<QByteArray>("input");
        const QString corpus = QStringLiteral(MWB_SOURCE_DIR "/tests/fuzz/corpus/lexer");
        QDirIterator it(corpus, QDir::Files);
        int files = 0;
        while (it.hasNext()) {
            const QString path = it.next();
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QTest::newRow(qPrintable(u"corpus/"_s + QFileInfo(path).fileName())) << f.readAll();
            ++files;
        }
        QVERIFY2(files >= 10, "the seed corpus is missing");
        QTest::newRow("mixed") << u8("SELECT 1; -- x\n/* y */ $$a$$ 'b' \"c\" `d` [e] #f\nDELIMITER //\nx//\n\\q\n");
        QTest::newRow("garbage") << QByteArray("\xff\0\x01'\"`[$a$/*--#\\", 16);
    }

    void roundTrip()
    {
        QFETCH(QByteArray, input);
        for (SqlDialect d : {PG, MY, MA, LITE}) {
            const Script s = tokenizeAndSplit(input, d);
            const QString problem = mwbtest::checkScriptInvariants(s);
            QVERIFY2(problem.isEmpty(), qPrintable(dialectName(d) + u": "_s + problem));
        }
    }

    void pathologicalInputsAreLinear_data()
    {
        QTest::addColumn<QByteArray>("input");
        const int n = 100000;
        QTest::newRow("many comment openers") << QByteArray("/*").repeated(n);
        QTest::newRow("many quotes") << QByteArray("'").repeated(n);
        QTest::newRow("many dollar tags") << QByteArray("$a$ $b$ ").repeated(n / 4);
        QTest::newRow("many backslashes") << QByteArray("\\").repeated(n);
        QTest::newRow("many semicolons") << QByteArray(";").repeated(n);
        QTest::newRow("many delimiter lines") << QByteArray("DELIMITER $$\nDELIMITER ;\n").repeated(n / 20);
        QTest::newRow("long line") << QByteArray("a+").repeated(n);
        QTest::newRow("deep begin") << (QByteArray("CREATE FUNCTION f() BEGIN ATOMIC ") + QByteArray("BEGIN ").repeated(n / 6));
        QTest::newRow("invalid bytes") << QByteArray("\xff\x80 ").repeated(n / 3);
    }

    void pathologicalInputsAreLinear()
    {
        QFETCH(QByteArray, input);
        for (SqlDialect d : {PG, MY, LITE}) {
            const Script s = tokenizeAndSplit(input, d);
            QCOMPARE(mwbtest::checkScriptInvariants(s), QString());
        }
    }

    /// Incremental updates equal a full re-lex, for random edits with a fixed seed.
    void incrementalEqualsFull_data()
    {
        QTest::addColumn<SqlDialect>("dialect");
        QTest::addColumn<QByteArray>("input");
        const QByteArray pg = "-- migration\nCREATE TABLE t (a int, b text);\nCREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END $$ "
                              "LANGUAGE plpgsql;\n\\connect db\nCREATE FUNCTION g() RETURNS int BEGIN ATOMIC SELECT 1; END;\n"
                              "INSERT INTO t VALUES (1, 'x;y'), (2, E'\\'');\n/* c /* d */ */ UPDATE t SET a = a + 1 WHERE b = \"q\";\n"
                              "COPY t FROM stdin;\n1\t'x\n\\.\nSELECT $1, :v;\nCREATE RULE r AS ON INSERT TO t DO ALSO (SELECT 1; SELECT 2);\nSELECT 3";
        const QByteArray my = "SELECT 1;\nDELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; SELECT 'a;b'; END //\nDELIMITER ;\n"
                              "/*!50100 SET x = 1 */;\n# hash\nSELECT `a;b` FROM t -- c\n;\nDELIMITER $$\nSELECT 2$$\nDELIMITER ;\nSELECT 3;";
        const QByteArray lite = "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END;\nSELECT [a;b], \"c\", `d`;\nSELECT ?1, :x;\n"
                                "CREATE TEMP TRIGGER t2 BEFORE DELETE ON t BEGIN DELETE FROM x; END;\nSELECT 4;";
        QTest::newRow("postgresql") << PG << pg;
        QTest::newRow("mysql") << MY << my;
        QTest::newRow("mariadb") << MA << my;
        QTest::newRow("sqlite") << LITE << lite;
    }

    void incrementalEqualsFull()
    {
        QFETCH(SqlDialect, dialect);
        QFETCH(QByteArray, input);
        static const QList<QByteArray> snippets = {
            "'", "\"", "`", "$$", "$a$", "/*", "*/", "--", "-- ", "#", ";", "\n", "\\connect x\n", "DELIMITER //\n",
            "DELIMITER ;\n", "//", "BEGIN", " END", "BEGIN ATOMIC ", "CASE ", "CREATE FUNCTION f() ", "CREATE TRIGGER x ",
            "(", ")", "[", "]", "E'", "x", "SELECT 1;", " ", "\xff", QByteArray("\0", 1), "é", "$1", "/*!", "*",
            "\r\n", "delimiter $$\n", "END;", "COPY t FROM STDIN;\n", "\\.\n", "\\copy t from stdin\n", "\\.", "CREATE RULE r AS ON INSERT TO t DO (", "::", "'a''b'",
        };
        QRandomGenerator rng(20261124u + uint(dialect));
        Script script = tokenizeAndSplit(input, dialect);
        for (int round = 0; round < 800; ++round) {
            const qsizetype size = script.text.size();
            const qsizetype offset = size ? qsizetype(rng.bounded(int(size + 1))) : 0;
            const qsizetype removed = rng.bounded(4) == 0 ? qsizetype(rng.bounded(int(std::min<qsizetype>(size - offset, 12) + 1))) : 0;
            QByteArray inserted;
            if (rng.bounded(5) != 0)
                inserted = snippets.at(rng.bounded(int(snippets.size())));
            const ScriptUpdate up = updateScriptDetailed(script, offset, removed, inserted);
            QByteArray newText = script.text;
            newText.replace(offset, removed, inserted);
            const Script full = tokenizeAndSplit(newText, dialect);
            const QString diff = mwbtest::compareScripts(up.script, full);
            if (!diff.isEmpty()) {
                qWarning("round %d: edit at %lld removing %lld inserting '%s' on:\n%s", round, qlonglong(offset),
                         qlonglong(removed), inserted.constData(), script.text.constData());
            }
            QVERIFY2(diff.isEmpty(), qPrintable(diff));
            QCOMPARE(mwbtest::checkScriptInvariants(up.script), QString());
            // The reported change covers every statement that differs.
            const Script &ns = up.script;
            QVERIFY(up.firstStatement + up.insertedStatements <= ns.statements.size());
            QCOMPARE(ns.statements.size() - up.insertedStatements, script.statements.size() - up.removedStatements);
            for (qsizetype i = 0; i < up.firstStatement; ++i)
                QCOMPARE(ns.statements.at(i), script.statements.at(i));
            for (qsizetype i = up.firstStatement + up.insertedStatements; i < ns.statements.size(); ++i) {
                const Statement &o = script.statements.at(i - up.insertedStatements + up.removedStatements);
                QCOMPARE(ns.statements.at(i).offset, o.offset + up.byteDelta);
                QCOMPARE(script.statementText(o), ns.statementText(ns.statements.at(i)));
            }
            script = up.script;
            if (script.text.size() > 4000) // keep the script small so that the test stays fast
                script = tokenizeAndSplit(input, dialect);
        }
    }

    void incrementalIsLocal()
    {
        QByteArray text;
        for (int i = 0; i < 2000; ++i)
            text += "UPDATE accounts SET balance = balance + " + QByteArray::number(i) + " WHERE id = " + QByteArray::number(i) + ";\n";
        const Script script = tokenizeAndSplit(text, PG);
        const qsizetype at = text.indexOf("+ 1000 ") + 2;
        const ScriptUpdate up = updateScriptDetailed(script, at, 4, "2000");
        QCOMPARE(up.firstStatement, 1000);
        QCOMPARE(up.removedStatements, 1);
        QCOMPARE(up.insertedStatements, 1);
        QVERIFY2(up.relexedBytes < 200, qPrintable(QString::number(up.relexedBytes)));
        // An edit that opens a string re-lexes to the end; closing it again re-synchronises.
        const ScriptUpdate open = updateScriptDetailed(script, at, 0, "'");
        QCOMPARE(open.script.statements.size(), 1001);
        QCOMPARE(open.script.issues.size(), 1);
        const ScriptUpdate closed = updateScriptDetailed(open.script, at + 1, 0, "'");
        QCOMPARE(closed.script.statements.size(), 2000);
        QVERIFY(closed.script.issues.isEmpty());
        QCOMPARE(mwbtest::compareScripts(closed.script, tokenizeAndSplit(closed.script.text, PG)), QString());
    }
};

QTEST_GUILESS_MAIN(TestLexer)
#include "tst_lexer.moc"
