// SPDX-License-Identifier: GPL-3.0-or-later
// The structural parser: statement kinds, names, ALTER TABLE sub-commands, columns, constraints and flags.
#include "core/sql/parser.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace core::sql;

namespace {

ParsedStatement parseOne(const QByteArray &sql, SqlDialect d = SqlDialect::PostgreSQL)
{
    const Script script = tokenizeAndSplit(sql, d);
    return script.statements.isEmpty() ? ParsedStatement{} : parseStatement(script, 0);
}

} // namespace

class TestParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void kinds_data()
    {
        QTest::addColumn<QByteArray>("sql");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("target");
        const QList<std::tuple<const char *, const char *, const char *>> rows = {
            {"CREATE TABLE app.t (id int)", "create-table", "app.t"},
            {"CREATE TEMP TABLE IF NOT EXISTS t (id int)", "create-table", "t"},
            {"CREATE UNLOGGED TABLE \"Quoted\"\"Name\" (id int)", "create-table", "Quoted\"Name"},
            {"ALTER TABLE IF EXISTS ONLY t ADD COLUMN c int", "alter-table", "t"},
            {"DROP TABLE a, b CASCADE", "drop-table", "a"},
            {"CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON t (c)", "create-index", "i"},
            {"DROP INDEX CONCURRENTLY i", "drop-index", "i"},
            {"ALTER INDEX i RENAME TO j", "alter-index", "i"},
            {"CREATE TYPE mood AS ENUM ('a')", "create-type", "mood"},
            {"ALTER TYPE mood ADD VALUE 'b'", "alter-type", "mood"},
            {"DROP TYPE mood", "drop-type", "mood"},
            {"CREATE DOMAIN d AS int", "create-domain", "d"},
            {"ALTER DOMAIN d SET NOT NULL", "alter-domain", "d"},
            {"DROP DOMAIN d", "drop-domain", "d"},
            {"CREATE OR REPLACE VIEW v AS SELECT 1", "create-view", "v"},
            {"ALTER VIEW v RENAME TO w", "alter-view", "v"},
            {"DROP VIEW v", "drop-view", "v"},
            {"CREATE MATERIALIZED VIEW mv AS SELECT 1 WITH NO DATA", "create-materialized-view", "mv"},
            {"REFRESH MATERIALIZED VIEW CONCURRENTLY mv", "refresh-materialized-view", "mv"},
            {"DROP MATERIALIZED VIEW mv", "drop-materialized-view", "mv"},
            {"CREATE SEQUENCE s", "create-sequence", "s"},
            {"ALTER SEQUENCE s RESTART", "alter-sequence", "s"},
            {"DROP SEQUENCE s", "drop-sequence", "s"},
            {"CREATE SCHEMA IF NOT EXISTS s", "create-schema", "s"},
            {"ALTER SCHEMA s RENAME TO r", "alter-schema", "s"},
            {"DROP SCHEMA s CASCADE", "drop-schema", "s"},
            {"CREATE OR REPLACE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql", "create-function", "f"},
            {"CREATE PROCEDURE p() LANGUAGE sql AS $$ SELECT 1 $$", "create-function", "p"},
            {"DROP FUNCTION f(int)", "drop-function", "f"},
            {"CREATE TRIGGER trg AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()", "create-trigger", "trg"},
            {"DROP TRIGGER trg ON t", "drop-trigger", "trg"},
            {"UPDATE t SET a = 1 WHERE b", "update", "t"},
            {"DELETE FROM t", "delete", "t"},
            {"INSERT INTO t VALUES (1)", "insert", "t"},
            {"MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE", "merge", "t"},
            {"BEGIN", "begin", ""},
            {"START TRANSACTION", "begin", ""},
            {"COMMIT", "commit", ""},
            {"ROLLBACK", "rollback", ""},
            {"SET lock_timeout = '5s'", "set", ""},
            {"DO $$ BEGIN NULL; END $$", "do", ""},
            {"VACUUM (ANALYZE) t", "vacuum", "t"},
            {"CLUSTER t", "cluster", "t"},
            {"REINDEX INDEX i", "reindex", "i"},
            {"TRUNCATE t", "truncate", "t"},
            {"COMMENT ON TABLE t IS 'x'", "comment", "t"},
            {"GRANT SELECT ON t TO r", "grant", ""},
            {"SELECT 1", "select", ""},
            {"FROBNICATE the table", "unclassified", ""},
        };
        for (const auto &[sql, kind, target] : rows)
            QTest::newRow(sql) << QByteArray(sql) << QString::fromUtf8(kind) << QString::fromUtf8(target);
    }
    void kinds()
    {
        QFETCH(QByteArray, sql);
        QFETCH(QString, kind);
        QFETCH(QString, target);
        const ParsedStatement s = parseOne(sql + ';');
        QCOMPARE(statementKindName(s.kind), kind);
        QCOMPARE(s.target.toString(), target);
        QCOMPARE(s.offset, 0);
        QCOMPARE(s.length, sql.size() + 1);
    }

    void alterActions_data()
    {
        QTest::addColumn<QByteArray>("sql");
        QTest::addColumn<QList<int>>("kinds");
        using K = AlterAction::Kind;
        auto k = [](std::initializer_list<K> l) {
            QList<int> out;
            for (K x : l)
                out << int(x);
            return out;
        };
        QTest::newRow("many") << QByteArray("ALTER TABLE t ADD COLUMN a int, DROP COLUMN b, ALTER COLUMN c TYPE text USING c::text, "
                                            "ALTER c SET DEFAULT 1, ALTER c DROP DEFAULT, ALTER c SET NOT NULL, ALTER c DROP NOT NULL")
                              << k({K::AddColumn, K::DropColumn, K::AlterColumnType, K::SetDefault, K::DropDefault, K::SetNotNull,
                                    K::DropNotNull});
        QTest::newRow("constraints") << QByteArray("ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID, VALIDATE CONSTRAINT c, "
                                                   "DROP CONSTRAINT IF EXISTS d, ALTER CONSTRAINT e DEFERRABLE, RENAME CONSTRAINT f TO g")
                                     << k({K::AddConstraint, K::ValidateConstraint, K::DropConstraint, K::AlterConstraint,
                                           K::RenameConstraint});
        QTest::newRow("table level") << QByteArray("ALTER TABLE t SET (fillfactor = 50), RESET (fillfactor), SET TABLESPACE x, "
                                                   "SET LOGGED, SET UNLOGGED, SET ACCESS METHOD heap, CLUSTER ON i, SET WITHOUT CLUSTER, "
                                                   "ENABLE TRIGGER ALL, DISABLE RULE r, ENABLE ROW LEVEL SECURITY, INHERIT p, NO INHERIT p, "
                                                   "OWNER TO bob, REPLICA IDENTITY FULL, NOT OF")
                                     << k({K::SetRelOptions, K::SetRelOptions, K::SetTablespace, K::SetLogged, K::SetUnlogged,
                                           K::SetAccessMethod, K::ClusterOn, K::SetWithoutCluster, K::EnableDisableTrigger,
                                           K::EnableDisableRule, K::RowLevelSecurity, K::Inherit, K::NoInherit, K::OwnerTo,
                                           K::ReplicaIdentity, K::NotOf});
        QTest::newRow("column level") << QByteArray("ALTER TABLE t ALTER a SET STATISTICS 100, ALTER a SET (n_distinct = 1), ALTER a SET STORAGE PLAIN, "
                                                    "ALTER a SET COMPRESSION lz4, ALTER a DROP EXPRESSION, ALTER a ADD GENERATED ALWAYS AS IDENTITY, "
                                                    "ALTER a DROP IDENTITY, ALTER a RESTART, RENAME a TO b")
                                      << k({K::SetStatistics, K::SetAttributeOptions, K::SetStorage, K::SetCompression,
                                            K::DropExpression, K::AddIdentity, K::DropIdentity, K::SetIdentity, K::RenameColumn});
        QTest::newRow("partitions") << QByteArray("ALTER TABLE p ATTACH PARTITION p1 FOR VALUES IN (1, 2)")
                                    << k({K::AttachPartition});
        QTest::newRow("rename table") << QByteArray("ALTER TABLE t RENAME TO u") << k({K::RenameTable});
        QTest::newRow("set schema") << QByteArray("ALTER TABLE t SET SCHEMA s") << k({K::SetSchema});
    }
    void alterActions()
    {
        QFETCH(QByteArray, sql);
        QFETCH(QList<int>, kinds);
        const ParsedStatement s = parseOne(sql);
        QCOMPARE(s.kind, StatementKind::AlterTable);
        QList<int> got;
        for (const AlterAction &a : s.actions)
            got << int(a.kind);
        QCOMPARE(got, kinds);
    }

    void columns()
    {
        const ParsedStatement s = parseOne(
            "CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email character varying(100) NOT NULL UNIQUE, "
            "at timestamp(3) with time zone DEFAULT now(), token uuid DEFAULT gen_random_uuid(), tags text[], "
            "total numeric(10, 2) GENERATED ALWAYS AS (a * b) STORED, user_id bigint REFERENCES app.users (id) ON DELETE CASCADE, "
            "CONSTRAINT c CHECK (email IS NOT NULL), FOREIGN KEY (a, b) REFERENCES x (a, b)) PARTITION BY RANGE (at);");
        QCOMPARE(s.columns.size(), 7);
        QVERIFY(s.columns[0].identity);
        QVERIFY(s.columns[0].primaryKey);
        QCOMPARE(s.columns[1].type.name, u"varchar"_s);
        QCOMPARE(s.columns[1].type.modifiers, QList<int>{100});
        QVERIFY(s.columns[1].notNull);
        QVERIFY(s.columns[1].unique);
        QCOMPARE(s.columns[2].type.name, u"timestamptz"_s);
        QVERIFY(s.columns[2].hasDefault);
        QVERIFY(!s.columns[2].volatileDefault);
        QVERIFY(s.columns[3].volatileDefault);
        QVERIFY(s.columns[4].type.isArray);
        QCOMPARE(s.columns[5].generated, GeneratedKind::Stored);
        QCOMPARE(s.columns[5].type.modifiers, (QList<int>{10, 2}));
        QCOMPARE(s.columns[6].references.toString(), u"app.users"_s);
        QVERIFY(s.partitioned);
        bool check = false, fk = false;
        for (const ConstraintDef &c : s.constraints) {
            if (c.kind == ConstraintKind::Check && c.name == u"c"_s) {
                check = true;
                QCOMPARE(c.checkNotNullColumn, u"email"_s);
            }
            if (c.kind == ConstraintKind::ForeignKey && c.columns == QStringList{u"a"_s, u"b"_s}) {
                fk = true;
                QCOMPARE(c.refTable.toString(), u"x"_s);
            }
        }
        QVERIFY(check);
        QVERIFY(fk);
    }

    void setStatements_data()
    {
        QTest::addColumn<QByteArray>("sql");
        QTest::addColumn<int>("dialect");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("local");
        QTest::newRow("pg") << QByteArray("SET lock_timeout = '5s'") << int(SqlDialect::PostgreSQL) << u"lock_timeout"_s << u"5s"_s << false;
        QTest::newRow("pg local to") << QByteArray("SET LOCAL statement_timeout TO 1000") << int(SqlDialect::PostgreSQL)
                                     << u"statement_timeout"_s << u"1000"_s << true;
        QTest::newRow("mysql session") << QByteArray("SET SESSION lock_wait_timeout = 5") << int(SqlDialect::MySQL)
                                       << u"lock_wait_timeout"_s << u"5"_s << false;
        QTest::newRow("mysql fk") << QByteArray("SET foreign_key_checks = 0") << int(SqlDialect::MySQL) << u"foreign_key_checks"_s
                                  << u"0"_s << false;
    }
    void setStatements()
    {
        QFETCH(QByteArray, sql);
        QFETCH(int, dialect);
        QFETCH(QString, name);
        QFETCH(QString, value);
        QFETCH(bool, local);
        const ParsedStatement s = parseOne(sql, SqlDialect(dialect));
        QCOMPARE(s.kind, StatementKind::Set);
        QCOMPARE(s.setName, name);
        QCOMPARE(s.setValue, value);
        QCOMPARE(s.setLocal, local);
    }

    void flags()
    {
        QVERIFY(parseOne("UPDATE t SET a = (SELECT b FROM c WHERE d) ;").hasWhere == false);
        QVERIFY(parseOne("UPDATE t SET a = 1 WHERE id = 1;").hasWhere);
        QVERIFY(parseOne("DROP INDEX CONCURRENTLY IF EXISTS i;").ifExists);
        QVERIFY(parseOne("CREATE INDEX CONCURRENTLY i ON ONLY t (c);").only);
        QVERIFY(parseOne("VACUUM (FULL) t;").full);
        QVERIFY(!parseOne("VACUUM (FULL false) t;").full);
        const ParsedStatement my = parseOne("ALTER TABLE t ADD COLUMN c int, ALGORITHM=INPLACE, LOCK=NONE;", SqlDialect::MySQL);
        QCOMPARE(my.mysqlAlgorithm, u"INPLACE"_s);
        QCOMPARE(my.mysqlLock, u"NONE"_s);
        const ParsedStatement ft = parseOne("CREATE FULLTEXT INDEX f ON t (c);", SqlDialect::MySQL);
        QVERIFY(ft.fulltext);
        QCOMPARE(ft.table.toString(), u"t"_s);
        const ParsedStatement di = parseOne("DROP INDEX i ON t;", SqlDialect::MySQL);
        QCOMPARE(di.kind, StatementKind::DropIndex);
        QCOMPARE(di.table.toString(), u"t"_s);
    }

    void everyStatementSpans()
    {
        const QByteArray sql("CREATE TABLE a (id int);\n-- c\nFROB x;\nALTER TABLE a ADD b int;\nSELECT 'x");
        const Script script = tokenizeAndSplit(sql, SqlDialect::PostgreSQL);
        const QList<ParsedStatement> parsed = parseScript(script);
        QCOMPARE(parsed.size(), script.statements.size());
        for (qsizetype i = 0; i < parsed.size(); ++i) {
            QCOMPARE(parsed[i].offset, script.statements[i].offset);
            QCOMPARE(parsed[i].length, script.statements[i].length);
        }
        QCOMPARE(parsed[1].kind, StatementKind::Unclassified);
    }

    /// Found by tst_incremental's random edits: a "(" or "[" where a column's type should start crashed the parser.
    void columnWithoutType()
    {
        const ParsedStatement a = parseOne("CREATE TABLE t (payload_json( text)", SqlDialect::PostgreSQL);
        QCOMPARE(a.kind, StatementKind::CreateTable);
        QCOMPARE(a.target.toString(), u"t"_s);
        QVERIFY(!a.columns.isEmpty());
        QCOMPARE(a.columns.first().name, u"payload_json"_s);
        QVERIFY(a.columns.first().type.isEmpty());
        const ParsedStatement b = parseOne("CREATE TABLE t (tags [ int);", SqlDialect::PostgreSQL);
        QCOMPARE(b.kind, StatementKind::CreateTable);
        const ParsedStatement c = parseOne("ALTER TABLE t ADD COLUMN x (int);", SqlDialect::PostgreSQL);
        QCOMPARE(c.kind, StatementKind::AlterTable);
    }
};

QTEST_GUILESS_MAIN(TestParser)
#include "tst_parser.moc"
