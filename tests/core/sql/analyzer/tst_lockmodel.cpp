// SPDX-License-Identifier: GPL-3.0-or-later
// The lock model: PostgreSQL lock modes per table, rewrites, scans and index builds per target version, and the
// MySQL/MariaDB ALGORITHM/LOCK predictions.
#include "core/sql/lockmodel.h"
#include "core/sql/parser.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace core::sql;

namespace {

struct Eval
{
    ParsedStatement statement;
    LockEffect effect;
};

Eval evalLast(const QByteArray &sql, const TargetServer &target, const QByteArray &given = {})
{
    Catalog catalog;
    if (!given.isEmpty())
        for (const ParsedStatement &s : parseScript(tokenizeAndSplit(given, target.dialect)))
            catalog.apply(s);
    const Script script = tokenizeAndSplit(sql, target.dialect);
    const QList<ParsedStatement> parsed = parseScript(script);
    if (parsed.isEmpty())
        return {};
    return {parsed.last(), computeLockEffect(parsed.last(), target, LockContext{&catalog, false})};
}

QString locksText(const LockEffect &e)
{
    QStringList out;
    for (const TableLock &l : e.locks)
        out << l.table.toString() + u'=' + pgLockName(l.mode);
    return out.join(u';');
}

QString flags(const LockEffect &e)
{
    QStringList f;
    if (e.rewrite)
        f << u"rewrite"_s;
    if (e.scan)
        f << u"scan"_s;
    if (e.indexBuild)
        f << u"index"_s;
    if (!e.transactional)
        f << u"no-tx"_s;
    return f.join(u',');
}

} // namespace

class TestLockModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void postgres_data()
    {
        QTest::addColumn<QByteArray>("sql");
        QTest::addColumn<int>("version");
        QTest::addColumn<QByteArray>("given");
        QTest::addColumn<QString>("locks");
        QTest::addColumn<QString>("flags");
        auto row = [](const char *name, const char *sql, int version, const char *locks, const char *fl, const char *given = "") {
            QTest::newRow(name) << QByteArray(sql) << version << QByteArray(given) << QString::fromUtf8(locks)
                                << QString::fromUtf8(fl);
        };
        row("create index", "CREATE INDEX i ON users (email)", 17, "users=SHARE", "index");
        row("create index concurrently", "CREATE INDEX CONCURRENTLY i ON users (email)", 17, "users=SHARE UPDATE EXCLUSIVE",
            "index,no-tx");
        row("drop index known table", "DROP INDEX i", 17, "users=ACCESS EXCLUSIVE;i=ACCESS EXCLUSIVE", "",
            "CREATE TABLE users (email text); CREATE INDEX i ON users (email);");
        row("drop index concurrently", "DROP INDEX CONCURRENTLY i", 17, "users=SHARE UPDATE EXCLUSIVE;i=ACCESS EXCLUSIVE",
            "no-tx", "CREATE TABLE users (email text); CREATE INDEX i ON users (email);");
        row("add column", "ALTER TABLE users ADD COLUMN note text", 17, "users=ACCESS EXCLUSIVE", "");
        row("add column default 11", "ALTER TABLE users ADD COLUMN a boolean DEFAULT true", 11, "users=ACCESS EXCLUSIVE", "");
        row("add column default 10", "ALTER TABLE users ADD COLUMN a boolean DEFAULT true", 10, "users=ACCESS EXCLUSIVE",
            "rewrite");
        row("add column volatile", "ALTER TABLE users ADD COLUMN a uuid DEFAULT gen_random_uuid()", 17,
            "users=ACCESS EXCLUSIVE", "rewrite");
        row("add column now() is stable", "ALTER TABLE users ADD COLUMN a timestamptz DEFAULT now()", 17,
            "users=ACCESS EXCLUSIVE", "");
        row("add stored generated", "ALTER TABLE t ADD COLUMN g int GENERATED ALWAYS AS (a + 1) STORED", 17,
            "t=ACCESS EXCLUSIVE", "rewrite");
        row("add virtual generated 18", "ALTER TABLE t ADD COLUMN g int GENERATED ALWAYS AS (a + 1) VIRTUAL", 18,
            "t=ACCESS EXCLUSIVE", "");
        row("add identity", "ALTER TABLE t ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY", 17, "t=ACCESS EXCLUSIVE",
            "rewrite");
        row("fk both sides", "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id)", 17,
            "orders=SHARE ROW EXCLUSIVE;users=SHARE ROW EXCLUSIVE", "scan");
        row("fk not valid", "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID", 17,
            "orders=SHARE ROW EXCLUSIVE;users=SHARE ROW EXCLUSIVE", "");
        row("fk plus column is AEL", "ALTER TABLE orders ADD COLUMN x int, ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID",
            17, "orders=ACCESS EXCLUSIVE;users=SHARE ROW EXCLUSIVE", "");
        row("check", "ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)", 17, "t=ACCESS EXCLUSIVE", "scan");
        row("check not valid", "ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID", 17, "t=ACCESS EXCLUSIVE", "");
        row("validate", "ALTER TABLE t VALIDATE CONSTRAINT c", 17, "t=SHARE UPDATE EXCLUSIVE", "scan");
        row("validate fk", "ALTER TABLE orders VALIDATE CONSTRAINT fk", 17,
            "orders=SHARE UPDATE EXCLUSIVE;users=ROW SHARE", "scan",
            "CREATE TABLE orders (user_id bigint, CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id));");
        row("unique", "ALTER TABLE t ADD CONSTRAINT u UNIQUE (a)", 17, "t=ACCESS EXCLUSIVE", "index");
        row("unique using index", "ALTER TABLE t ADD CONSTRAINT u UNIQUE USING INDEX u", 17, "t=ACCESS EXCLUSIVE", "");
        row("set not null", "ALTER TABLE t ALTER COLUMN a SET NOT NULL", 17, "t=ACCESS EXCLUSIVE", "scan");
        row("set not null proven 12", "ALTER TABLE t ALTER COLUMN a SET NOT NULL", 12, "t=ACCESS EXCLUSIVE", "",
            "CREATE TABLE t (a int, CONSTRAINT c CHECK (a IS NOT NULL));");
        row("set not null proven not used 11", "ALTER TABLE t ALTER COLUMN a SET NOT NULL", 11, "t=ACCESS EXCLUSIVE",
            "scan", "CREATE TABLE t (a int, CONSTRAINT c CHECK (a IS NOT NULL));");
        row("type int to bigint", "ALTER TABLE t ALTER COLUMN a TYPE bigint", 17, "t=ACCESS EXCLUSIVE", "rewrite",
            "CREATE TABLE t (a int);");
        row("type varchar widen", "ALTER TABLE t ALTER COLUMN a TYPE varchar(20)", 17, "t=ACCESS EXCLUSIVE", "",
            "CREATE TABLE t (a varchar(10));");
        row("type varchar shrink", "ALTER TABLE t ALTER COLUMN a TYPE varchar(5)", 17, "t=ACCESS EXCLUSIVE", "rewrite",
            "CREATE TABLE t (a varchar(10));");
        row("type numeric scale", "ALTER TABLE t ALTER COLUMN a TYPE numeric(12,3)", 17, "t=ACCESS EXCLUSIVE", "rewrite",
            "CREATE TABLE t (a numeric(10,2));");
        row("set statistics", "ALTER TABLE t ALTER COLUMN a SET STATISTICS 500", 17, "t=SHARE UPDATE EXCLUSIVE", "");
        row("set fillfactor", "ALTER TABLE t SET (fillfactor = 70, autovacuum_enabled = false)", 17,
            "t=SHARE UPDATE EXCLUSIVE", "");
        row("set other reloption", "ALTER TABLE t SET (fillfactor = 70, security_barrier = true)", 17, "t=ACCESS EXCLUSIVE", "");
        row("enable trigger", "ALTER TABLE t DISABLE TRIGGER trg", 17, "t=SHARE ROW EXCLUSIVE", "");
        row("trigger plus column", "ALTER TABLE t DISABLE TRIGGER trg, ALTER COLUMN a SET STATISTICS 10", 17,
            "t=SHARE ROW EXCLUSIVE", "");
        row("cluster on", "ALTER TABLE t CLUSTER ON t_pkey", 17, "t=SHARE UPDATE EXCLUSIVE", "");
        row("set logged", "ALTER TABLE t SET LOGGED", 17, "t=ACCESS EXCLUSIVE", "rewrite");
        row("attach partition", "ALTER TABLE p ATTACH PARTITION p1 FOR VALUES IN (1)", 17,
            "p=SHARE UPDATE EXCLUSIVE;p1=ACCESS EXCLUSIVE", "scan");
        row("attach partition 11", "ALTER TABLE p ATTACH PARTITION p1 FOR VALUES IN (1)", 11,
            "p=ACCESS EXCLUSIVE;p1=ACCESS EXCLUSIVE", "scan");
        row("detach partition", "ALTER TABLE p DETACH PARTITION p1", 17, "p=ACCESS EXCLUSIVE;p1=ACCESS EXCLUSIVE", "");
        row("detach concurrently", "ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY", 17,
            "p=SHARE UPDATE EXCLUSIVE;p1=SHARE UPDATE EXCLUSIVE", "no-tx");
        row("create trigger", "CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()", 17,
            "t=SHARE ROW EXCLUSIVE", "");
        row("truncate", "TRUNCATE a, b", 17, "a=ACCESS EXCLUSIVE;b=ACCESS EXCLUSIVE", "");
        row("vacuum", "VACUUM t", 17, "t=SHARE UPDATE EXCLUSIVE", "scan,no-tx");
        row("vacuum full", "VACUUM FULL t", 17, "t=ACCESS EXCLUSIVE", "rewrite,no-tx");
        row("cluster", "CLUSTER t USING t_pkey", 17, "t=ACCESS EXCLUSIVE", "rewrite");
        row("reindex table", "REINDEX TABLE t", 17, "t=SHARE", "index");
        row("reindex concurrently", "REINDEX TABLE CONCURRENTLY t", 17, "t=SHARE UPDATE EXCLUSIVE", "index,no-tx");
        row("comment", "COMMENT ON TABLE t IS 'x'", 17, "t=SHARE UPDATE EXCLUSIVE", "");
        row("comment column", "COMMENT ON COLUMN app.t.c IS 'x'", 17, "t=SHARE UPDATE EXCLUSIVE", "");
        row("lock default", "LOCK TABLE t", 17, "t=ACCESS EXCLUSIVE", "");
        row("lock share", "LOCK TABLE t IN SHARE ROW EXCLUSIVE MODE", 17, "t=SHARE ROW EXCLUSIVE", "");
        row("update", "UPDATE t SET a = 1 WHERE id = 2", 17, "t=ROW EXCLUSIVE", "scan");
        row("insert", "INSERT INTO app.t VALUES (1)", 17, "app.t=ROW EXCLUSIVE", "");
        row("refresh", "REFRESH MATERIALIZED VIEW mv", 17, "mv=ACCESS EXCLUSIVE", "rewrite");
        row("refresh concurrently", "REFRESH MATERIALIZED VIEW CONCURRENTLY mv", 17, "mv=EXCLUSIVE", "rewrite");
        row("enum add value 11", "ALTER TYPE mood ADD VALUE 'x'", 11, "", "no-tx");
        row("enum add value 12", "ALTER TYPE mood ADD VALUE 'x'", 12, "", "");
        row("create table fk", "CREATE TABLE o (id bigint, u bigint REFERENCES users (id))", 17,
            "o=ACCESS EXCLUSIVE;users=SHARE ROW EXCLUSIVE", "");
        row("partition of", "CREATE TABLE p1 PARTITION OF p FOR VALUES IN (1)", 17, "p1=ACCESS EXCLUSIVE;p=ACCESS EXCLUSIVE", "");
    }
    void postgres()
    {
        QFETCH(QByteArray, sql);
        QFETCH(int, version);
        QFETCH(QByteArray, given);
        QFETCH(QString, locks);
        QFETCH(QString, flags);
        const Eval e = evalLast(sql, TargetServer{SqlDialect::PostgreSQL, version, 0, -1}, given);
        QCOMPARE(locksText(e.effect), locks);
        QCOMPARE(::flags(e.effect), flags);
    }

    void mysql_data()
    {
        QTest::addColumn<QByteArray>("sql");
        QTest::addColumn<int>("dialect");
        QTest::addColumn<QString>("version");
        QTest::addColumn<QByteArray>("given");
        QTest::addColumn<QString>("algorithm");
        QTest::addColumn<QString>("lock");
        QTest::addColumn<bool>("rebuild");
        auto row = [](const char *name, const char *sql, SqlDialect d, const char *version, const char *algo,
                      const char *lock, bool rebuild, const char *given = "") {
            QTest::newRow(name) << QByteArray(sql) << int(d) << QString::fromUtf8(version) << QByteArray(given)
                                << QString::fromUtf8(algo) << QString::fromUtf8(lock) << rebuild;
        };
        const SqlDialect my = SqlDialect::MySQL, ma = SqlDialect::MariaDB;
        row("add column", "ALTER TABLE t ADD COLUMN c int", my, "8.0", "INSTANT", "NONE", false);
        row("add column after 8.0.20", "ALTER TABLE t ADD COLUMN c int AFTER a", my, "8.0.20", "INPLACE", "NONE", true);
        row("add column after 8.0.29", "ALTER TABLE t ADD COLUMN c int AFTER a", my, "8.0.29", "INSTANT", "NONE", false);
        row("add column 8.0.11", "ALTER TABLE t ADD COLUMN c int", my, "8.0.11", "INPLACE", "NONE", true);
        row("drop column", "ALTER TABLE t DROP COLUMN c", my, "8.4", "INSTANT", "NONE", false);
        row("drop column 8.0.20", "ALTER TABLE t DROP COLUMN c", my, "8.0.20", "INPLACE", "NONE", true);
        row("add index", "ALTER TABLE t ADD INDEX i (c)", my, "8.0", "INPLACE", "NONE", false);
        row("create index maria", "CREATE INDEX i ON t (c)", ma, "10.11", "NOCOPY", "NONE", false);
        row("fulltext", "ALTER TABLE t ADD FULLTEXT INDEX f (c)", my, "8.0", "INPLACE", "SHARED", false);
        row("add pk", "ALTER TABLE t ADD PRIMARY KEY (id)", my, "8.0", "INPLACE", "NONE", true);
        row("drop pk", "ALTER TABLE t DROP PRIMARY KEY", my, "8.0", "COPY", "SHARED", true);
        row("drop pk maria 11.8 online copy", "ALTER TABLE t DROP PRIMARY KEY", ma, "11.8", "COPY", "NONE", true);
        row("drop pk maria 10.11", "ALTER TABLE t DROP PRIMARY KEY", ma, "10.11", "COPY", "SHARED", true);
        row("type change", "ALTER TABLE t MODIFY c bigint", my, "8.0", "COPY", "SHARED", true, "CREATE TABLE t (c int);");
        row("varchar widen", "ALTER TABLE t MODIFY c varchar(60)", my, "8.0", "INPLACE", "NONE", false,
            "CREATE TABLE t (c varchar(20));");
        row("varchar length bytes", "ALTER TABLE t MODIFY c varchar(100)", my, "8.0", "COPY", "SHARED", true,
            "CREATE TABLE t (c varchar(20));");
        row("varchar widen maria", "ALTER TABLE t MODIFY c varchar(60)", ma, "10.11", "INSTANT", "NONE", false,
            "CREATE TABLE t (c varchar(20));");
        row("not null", "ALTER TABLE t MODIFY c int NOT NULL", my, "8.0", "INPLACE", "NONE", true, "CREATE TABLE t (c int);");
        row("fk", "ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (u) REFERENCES users (id)", my, "8.0", "COPY", "SHARED", true);
        row("stored generated", "ALTER TABLE t ADD COLUMN g int AS (a + 1) STORED", my, "8.0", "COPY", "SHARED", true);
        row("virtual generated", "ALTER TABLE t ADD COLUMN g int AS (a + 1) VIRTUAL", my, "8.0", "INSTANT", "NONE", false);
        row("rename column", "ALTER TABLE t RENAME COLUMN a TO b", my, "8.0", "INSTANT", "NONE", false);
        row("set default", "ALTER TABLE t ALTER COLUMN a SET DEFAULT 1", ma, "11.4", "INSTANT", "NONE", false);
        row("mixed instant and index", "ALTER TABLE t ADD COLUMN c int, ADD INDEX i (c)", my, "8.0", "INPLACE", "NONE", false);
        row("force", "ALTER TABLE t FORCE", my, "8.0", "INPLACE", "NONE", true);
        row("auto increment column", "ALTER TABLE t ADD COLUMN id bigint AUTO_INCREMENT PRIMARY KEY", my, "8.0", "INPLACE",
            "SHARED", true);
    }
    void mysql()
    {
        QFETCH(QByteArray, sql);
        QFETCH(int, dialect);
        QFETCH(QString, version);
        QFETCH(QByteArray, given);
        QFETCH(QString, algorithm);
        QFETCH(QString, lock);
        QFETCH(bool, rebuild);
        const auto target = TargetServer::parse(SqlDialect(dialect), version);
        QVERIFY(target);
        const Eval e = evalLast(sql, *target, given);
        QCOMPARE(mySqlAlgorithmName(e.effect.algorithm), algorithm);
        QCOMPARE(mySqlLockName(e.effect.mysqlLock), lock);
        QCOMPARE(e.effect.mysqlRebuild, rebuild);
        QVERIFY(!e.effect.transactional);
    }

    void descriptions()
    {
        QCOMPARE(pgLockBlocks(PgLockMode::AccessExclusive), u"blocks all reads and writes until commit"_s);
        QVERIFY(pgLockBlocks(PgLockMode::Share).contains(u"writes"_s));
        QCOMPARE(pgLockFromCatalogName(u"ShareRowExclusiveLock"), PgLockMode::ShareRowExclusive);
        QVERIFY(pgLocksConflict(PgLockMode::AccessExclusive, PgLockMode::AccessShare));
        QVERIFY(!pgLocksConflict(PgLockMode::ShareUpdateExclusive, PgLockMode::RowExclusive));
        QVERIFY(pgLocksConflict(PgLockMode::ShareUpdateExclusive, PgLockMode::ShareUpdateExclusive));
        QVERIFY(pgLocksConflict(PgLockMode::Share, PgLockMode::RowExclusive));
        QVERIFY(!pgLocksConflict(PgLockMode::Share, PgLockMode::Share));
        // symmetric
        for (int a = 1; a <= 8; ++a)
            for (int b = 1; b <= 8; ++b)
                QCOMPARE(pgLocksConflict(PgLockMode(a), PgLockMode(b)), pgLocksConflict(PgLockMode(b), PgLockMode(a)));
    }

    void targetVersions_data()
    {
        QTest::addColumn<int>("dialect");
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::newRow("pg 11") << int(SqlDialect::PostgreSQL) << u"11"_s << true;
        QTest::newRow("pg 18") << int(SqlDialect::PostgreSQL) << u"18"_s << true;
        QTest::newRow("pg 19") << int(SqlDialect::PostgreSQL) << u"19"_s << false;
        QTest::newRow("pg junk") << int(SqlDialect::PostgreSQL) << u"seventeen"_s << false;
        QTest::newRow("mysql 8.0.28") << int(SqlDialect::MySQL) << u"8.0.28"_s << true;
        QTest::newRow("maria 10.11") << int(SqlDialect::MariaDB) << u"10.11"_s << true;
        QTest::newRow("maria 5") << int(SqlDialect::MariaDB) << u"5.5"_s << false;
    }
    void targetVersions()
    {
        QFETCH(int, dialect);
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QCOMPARE(TargetServer::parse(SqlDialect(dialect), text).has_value(), ok);
    }
};

QTEST_GUILESS_MAIN(TestLockModel)
#include "tst_lockmodel.moc"
