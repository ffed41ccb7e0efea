// SPDX-License-Identifier: GPL-3.0-or-later
// The lock model against real servers. PostgreSQL 17: each statement runs inside a transaction, the locks the
// own backend holds are read from pg_locks and compared with the prediction, and rewrites are detected by a
// changed relfilenode. MariaDB: the predicted ALGORITHM/LOCK must be accepted by the server and the next more
// online one refused (performance_schema.metadata_locks is checked too when the server has it enabled).
#include "testservers.h"

#include "core/connectionparams.h"
#include "core/sql/lockmodel.h"
#include "core/sql/parser.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <pqxx/pqxx>

using namespace Qt::StringLiterals;
using namespace core::sql;

namespace {

constexpr auto pgSetup = R"(
CREATE TABLE users (id bigint PRIMARY KEY, email text, age int, name varchar(50));
INSERT INTO users SELECT g, 'u' || g || '@x', g % 90, 'n' || g FROM generate_series(1, 200) g;
ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age >= 0) NOT VALID;
CREATE INDEX users_email_idx ON users (email);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, price numeric(10,2));
INSERT INTO orders SELECT g, g, g FROM generate_series(1, 200) g;
CREATE TABLE solo (id bigint);
CREATE TABLE p (k int, v text) PARTITION BY LIST (k);
CREATE TABLE p1 PARTITION OF p FOR VALUES IN (1);
CREATE TABLE p2 (k int, v text);
CREATE FUNCTION trgfn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER trg BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION trgfn();
CREATE MATERIALIZED VIEW mv AS SELECT count(*) AS n FROM users;
)";

std::string schemaName()
{
    return "lockcheck_" + std::to_string(QCoreApplication::applicationPid());
}

} // namespace

class TestLocksLive : public QObject
{
    Q_OBJECT
    std::unique_ptr<pqxx::connection> m_pg;
    Catalog m_catalog;

private Q_SLOTS:
    void initTestCase()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "postgresql", "MWB_TEST_PG_URL");
        const auto params = core::ConnectionParams::fromUrl(url);
        QVERIFY(params);
        try {
            m_pg = std::make_unique<pqxx::connection>(params->toLibpqConninfo().toStdString());
            pqxx::nontransaction tx{*m_pg};
            tx.exec("DROP SCHEMA IF EXISTS " + schemaName() + " CASCADE");
            tx.exec("CREATE SCHEMA " + schemaName());
            tx.exec("SET search_path = " + schemaName());
            tx.exec(pgSetup);
        } catch (const std::exception &e) {
            QFAIL(e.what());
        }
        for (const ParsedStatement &s : parseScript(tokenizeAndSplit(QByteArray(pgSetup), SqlDialect::PostgreSQL)))
            m_catalog.apply(s);
    }
    void cleanupTestCase()
    {
        if (!m_pg)
            return;
        try {
            pqxx::nontransaction tx{*m_pg};
            tx.exec("DROP SCHEMA IF EXISTS " + schemaName() + " CASCADE");
        } catch (const std::exception &) {
        }
    }

    void postgres_data()
    {
        QTest::addColumn<QByteArray>("sql");
        const char *rows[] = {
            "CREATE INDEX i1 ON users (email)",
            "ALTER TABLE users ADD COLUMN note text",
            "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid()",
            "ALTER TABLE users ADD COLUMN active boolean DEFAULT true",
            "ALTER TABLE users ADD COLUMN g int GENERATED ALWAYS AS (age + 1) STORED",
            "ALTER TABLE users ADD COLUMN s bigserial",
            "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID",
            "ALTER TABLE orders ADD CONSTRAINT fk2 FOREIGN KEY (user_id) REFERENCES users (id)",
            "ALTER TABLE users ALTER COLUMN age TYPE bigint",
            "ALTER TABLE users ALTER COLUMN name TYPE varchar(100)",
            "ALTER TABLE users ALTER COLUMN name TYPE text",
            "ALTER TABLE orders ALTER COLUMN price TYPE numeric(12,2)",
            "ALTER TABLE orders ALTER COLUMN price TYPE numeric(12,4)",
            "ALTER TABLE users ALTER COLUMN age SET STATISTICS 200",
            "ALTER TABLE users SET (fillfactor = 80)",
            "ALTER TABLE users SET (fillfactor = 80, autovacuum_enabled = false)",
            "ALTER TABLE users DISABLE TRIGGER trg",
            "ALTER TABLE users VALIDATE CONSTRAINT users_age_check",
            "ALTER TABLE users ALTER COLUMN email SET NOT NULL",
            "ALTER TABLE users ALTER COLUMN email DROP NOT NULL",
            "ALTER TABLE users ADD CONSTRAINT u UNIQUE (email)",
            "ALTER TABLE users ADD CONSTRAINT c CHECK (age < 1000)",
            "ALTER TABLE users CLUSTER ON users_pkey",
            "ALTER TABLE users RENAME COLUMN note2 TO note3",
            "ALTER TABLE solo SET UNLOGGED",
            "ALTER TABLE p ATTACH PARTITION p2 FOR VALUES IN (2)",
            "ALTER TABLE p DETACH PARTITION p1",
            "CREATE TRIGGER trg2 BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION trgfn()",
            "TRUNCATE orders",
            "CLUSTER users USING users_pkey",
            "REINDEX TABLE users",
            "COMMENT ON TABLE users IS 'x'",
            "COMMENT ON COLUMN users.email IS 'x'",
            "UPDATE users SET age = 1 WHERE id = 1",
            "DELETE FROM orders WHERE id = 1",
            "INSERT INTO orders VALUES (1000, 1, 1)",
            "LOCK TABLE users IN SHARE MODE",
            "LOCK TABLE users",
            "REFRESH MATERIALIZED VIEW mv",
            "ANALYZE users",
        };
        for (const char *r : rows)
            QTest::newRow(r) << QByteArray(r);
    }
    void postgres()
    {
        QFETCH(QByteArray, sql);
        QVERIFY(m_pg);
        const Script script = tokenizeAndSplit(sql, SqlDialect::PostgreSQL);
        const ParsedStatement st = parseStatement(script, 0);
        QVERIFY2(st.kind != StatementKind::Unclassified, sql.constData());
        const LockEffect predicted = computeLockEffect(st, TargetServer{SqlDialect::PostgreSQL, 17, 0, -1}, LockContext{&m_catalog, false});
        QVERIFY(predicted.transactional);

        QHash<QString, PgLockMode> observed;
        QHash<QString, qint64> before, after;
        const std::string relfilenodes =
            "SELECT c.relname, c.relfilenode FROM pg_class c WHERE c.relnamespace = '" + schemaName()
            + "'::regnamespace AND c.relkind IN ('r', 'm')";
        try {
            // a rewrite does not change relfilenode of a column rename; the ALTER needs the column to exist
            if (sql.contains("note2")) {
                pqxx::nontransaction setup{*m_pg};
                setup.exec("ALTER TABLE users ADD COLUMN IF NOT EXISTS note2 text");
            }
            pqxx::work tx{*m_pg};
            for (const auto &row : tx.exec(relfilenodes))
                before.insert(QString::fromStdString(row[0].as<std::string>()), row[1].as<qint64>());
            tx.exec(sql.toStdString());
            for (const auto &row : tx.exec(relfilenodes))
                after.insert(QString::fromStdString(row[0].as<std::string>()), row[1].as<qint64>());
            for (const auto &row : tx.exec("SELECT c.relname, l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                                           "WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND c.relkind IN ('r', 'p', 'm') "
                                           "AND c.relnamespace = '" + schemaName() + "'::regnamespace")) {
                const QString rel = QString::fromStdString(row[0].as<std::string>());
                const PgLockMode mode = pgLockFromCatalogName(QString::fromStdString(row[1].as<std::string>()));
                observed[rel] = std::max(observed.value(rel, PgLockMode::None), mode);
            }
            tx.abort();
        } catch (const std::exception &e) {
            QFAIL(e.what());
        }
        // every table the model names carries exactly the predicted mode
        QStringList report;
        for (const TableLock &l : predicted.locks) {
            if (l.isIndex)
                continue;
            report << u"%1: predicted %2, observed %3"_s.arg(l.table.name, pgLockName(l.mode), pgLockName(observed.value(l.table.name)));
            QVERIFY2(observed.value(l.table.name) == l.mode, qPrintable(report.join(u"; "_s)));
        }
        // and every table locked beyond ACCESS SHARE is predicted
        for (auto it = observed.cbegin(); it != observed.cend(); ++it) {
            if (*it <= PgLockMode::AccessShare)
                continue;
            QVERIFY2(predicted.modeOn(QualifiedName{{}, it.key()}) == *it,
                     qPrintable(u"%1 observed %2 but predicted %3"_s.arg(it.key(), pgLockName(*it),
                                                                         pgLockName(predicted.modeOn(QualifiedName{{}, it.key()})))));
        }
        // rewrites: the relfilenode of the target changes exactly when the model predicts a rewrite
        const QString table = st.target.isEmpty() ? QString() : st.target.name;
        // (TRUNCATE swaps in a new, empty relfilenode without copying anything: not a rewrite)
        if (before.contains(table) && st.kind != StatementKind::Truncate) {
            const bool rewritten = before.value(table) != after.value(table);
            QVERIFY2(rewritten == predicted.rewrite,
                     qPrintable(u"%1: rewrite predicted %2, observed %3"_s.arg(table).arg(predicted.rewrite).arg(rewritten)));
        }
    }

    void mariadb_data()
    {
        QTest::addColumn<QByteArray>("setup");
        QTest::addColumn<QByteArray>("alter");
        auto row = [](const char *name, const char *setup, const char *alter) {
            QTest::newRow(name) << QByteArray(setup) << QByteArray(alter);
        };
        const char *t = "CREATE TABLE t (id int PRIMARY KEY, a int, b varchar(20), c int NOT NULL, d text) ENGINE=InnoDB";
        row("add column", t, "ALTER TABLE t ADD COLUMN x int");
        row("add column first", t, "ALTER TABLE t ADD COLUMN x int FIRST");
        row("drop column", t, "ALTER TABLE t DROP COLUMN a");
        row("rename column", t, "ALTER TABLE t RENAME COLUMN a TO a2");
        row("set default", t, "ALTER TABLE t ALTER COLUMN a SET DEFAULT 5");
        row("add index", t, "ALTER TABLE t ADD INDEX ia (a)");
        row("create index", t, "CREATE INDEX ib ON t (b)");
        row("int to bigint", t, "ALTER TABLE t MODIFY a bigint");
        row("varchar widen same length bytes", t, "ALTER TABLE t MODIFY b varchar(60)");
        row("not null", t, "ALTER TABLE t MODIFY a int NOT NULL");
        row("drop primary key", t, "ALTER TABLE t DROP PRIMARY KEY");
        row("add primary key", "CREATE TABLE t (id int NOT NULL, a int) ENGINE=InnoDB", "ALTER TABLE t ADD PRIMARY KEY (id)");
        row("force", t, "ALTER TABLE t FORCE");
        row("fulltext", t, "ALTER TABLE t ADD FULLTEXT INDEX f (d)");
        row("stored generated", t, "ALTER TABLE t ADD COLUMN g int AS (a + 1) STORED");
        row("virtual generated", t, "ALTER TABLE t ADD COLUMN g int AS (a + 1) VIRTUAL");
        row("drop index", "CREATE TABLE t (id int PRIMARY KEY, a int, KEY ia (a)) ENGINE=InnoDB", "ALTER TABLE t DROP INDEX ia");
    }
    void mariadb()
    {
        QFETCH(QByteArray, setup);
        QFETCH(QByteArray, alter);
        MWB_REQUIRE_SERVER_VALUE(host, "mariadb", "MWB_TEST_MARIADB_HOST");
        MWB_REQUIRE_SERVER_VALUE(port, "mariadb", "MWB_TEST_MARIADB_PORT");
        MWB_REQUIRE_SERVER_VALUE(user, "mariadb", "MWB_TEST_MARIADB_USER");
        MWB_REQUIRE_SERVER_VALUE(password, "mariadb", "MWB_TEST_MARIADB_PASSWORD");
        MWB_REQUIRE_SERVER_VALUE(database, "mariadb", "MWB_TEST_MARIADB_DATABASE");
        const QString conn = u"locks-live-maria"_s;
        {
            QSqlDatabase db = QSqlDatabase::contains(conn) ? QSqlDatabase::database(conn) : QSqlDatabase::addDatabase(u"QMYSQL"_s, conn);
            db.setHostName(host);
            db.setPort(port.toInt());
            db.setUserName(user);
            db.setPassword(password);
            db.setDatabaseName(database);
            QVERIFY2(db.isOpen() || db.open(), qPrintable(db.lastError().text()));
            QSqlQuery q(db);
            QVERIFY(q.exec(u"SELECT VERSION(), @@performance_schema"_s) && q.next());
            const auto target = TargetServer::parse(SqlDialect::MariaDB, q.value(0).toString().section(u'-', 0, 0));
            QVERIFY(target);
            const bool perfSchema = q.value(1).toInt() == 1;

            Catalog catalog;
            for (const ParsedStatement &s : parseScript(tokenizeAndSplit(setup, SqlDialect::MariaDB)))
                catalog.apply(s);
            const ParsedStatement st = parseStatement(tokenizeAndSplit(alter, SqlDialect::MariaDB), 0);
            const LockEffect e = computeLockEffect(st, *target, LockContext{&catalog, false});
            QVERIFY(e.algorithm != MySqlAlgorithm::None);

            auto attempt = [&](MySqlAlgorithm algo, MySqlLockLevel lock) {
                QSqlQuery r(db);
                r.exec(u"DROP TABLE IF EXISTS t"_s);
                if (!r.exec(QString::fromUtf8(setup)))
                    return QString(u"setup failed: "_s + r.lastError().text());
                QString sql = QString::fromUtf8(alter);
                sql += st.kind == StatementKind::CreateIndex ? u" ALGORITHM=%1 LOCK=%2"_s : u", ALGORITHM=%1, LOCK=%2"_s;
                sql = sql.arg(mySqlAlgorithmName(algo), mySqlLockName(lock));
                return r.exec(sql) ? QString() : r.lastError().text();
            };
            // the predicted algorithm and lock are accepted…
            const QString ok = attempt(e.algorithm, e.mysqlLock);
            QVERIFY2(ok.isEmpty(), qPrintable(u"predicted %1/%2 refused: %3"_s.arg(mySqlAlgorithmName(e.algorithm),
                                                                                   mySqlLockName(e.mysqlLock), ok)));
            // …the next more online algorithm is refused…
            if (e.algorithm != MySqlAlgorithm::Instant) {
                const MySqlAlgorithm better = MySqlAlgorithm(int(e.algorithm) - 1);
                const QString refused = attempt(better, MySqlLockLevel::Exclusive);
                QVERIFY2(!refused.isEmpty(), qPrintable(u"%1 was accepted although the model predicts %2"_s.arg(
                                                  mySqlAlgorithmName(better), mySqlAlgorithmName(e.algorithm))));
            }
            // …and so is a weaker lock than predicted.
            if (e.mysqlLock != MySqlLockLevel::None) {
                const QString refused = attempt(e.algorithm, MySqlLockLevel(int(e.mysqlLock) - 1));
                QVERIFY2(!refused.isEmpty(), "a weaker LOCK than predicted was accepted");
            }
            if (perfSchema) {
                // the DDL's metadata locks are released at its end: nothing of ours may stay behind
                QVERIFY(q.exec(u"SELECT count(*) FROM performance_schema.metadata_locks WHERE OBJECT_NAME = 't' "
                               u"AND LOCK_STATUS = 'GRANTED' AND OWNER_THREAD_ID = PS_CURRENT_THREAD_ID()"_s));
                QVERIFY(q.next());
                QCOMPARE(q.value(0).toInt(), 0);
            }
            q.exec(u"DROP TABLE IF EXISTS t"_s);
            db.close();
        }
        QSqlDatabase::removeDatabase(conn);
    }
};

QTEST_GUILESS_MAIN(TestLocksLive)
#include "tst_locks_live.moc"
