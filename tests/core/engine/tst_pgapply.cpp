// SPDX-License-Identifier: GPL-3.0-or-later
// Integration: the apply engine against the fixture's real PostgreSQL 17.
#include "core/connectionparams.h"
#include "core/engine/enginehost.h"
#include "core/engine/pgapplyrunner.h"
#include "core/engine/preflight.h"

#include "testservers.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <pqxx/pqxx>

#include <atomic>
#include <mutex>
#include <thread>

using namespace Qt::StringLiterals;
using namespace core::engine;

namespace {

PlannedMigration migration(const QString &version, const QStringList &statements, bool transactional = true)
{
    PlannedMigration m;
    m.version = version;
    m.name = u"m"_s + version;
    m.transactional = transactional;
    int line = 1;
    for (const QString &sql : statements)
        m.statements.append({sql, line++, true});
    m.historyOnSuccess = {u"INSERT INTO history (version) VALUES ('%1')"_s.arg(version)};
    return m;
}

} // namespace

class TestPgApply : public QObject
{
    Q_OBJECT

    QString m_url;
    QString m_superUrl;
    QString m_schema;
    int m_counter = 0;

    core::ConnectionParams params(const QString &appName = {}) const
    {
        auto p = *core::ConnectionParams::fromUrl(m_url);
        p.options.append({u"options"_s, u"-c search_path=%1"_s.arg(m_schema)});
        if (!appName.isEmpty())
            p.options.append({u"application_name"_s, appName});
        return p;
    }
    std::string conninfo() const { return params().toLibpqConninfo().toStdString(); }

    QString scalar(const QString &sql) const
    {
        pqxx::connection c{conninfo()};
        pqxx::nontransaction tx{c};
        const auto r = tx.exec(sql.toStdString());
        return r.empty() || r[0][0].is_null() ? QString() : QString::fromStdString(r[0][0].as<std::string>());
    }
    void exec(const QString &sql) const
    {
        pqxx::connection c{conninfo()};
        pqxx::nontransaction tx{c};
        tx.exec(sql.toStdString());
    }
    bool tableExists(const QString &name) const
    {
        return scalar(u"SELECT to_regclass('%1.%2') IS NOT NULL"_s.arg(m_schema, name)) == u"t"_s;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_url = testsupport::serverValue(u"postgresql"_s, u"MWB_TEST_PG_URL"_s);
        m_superUrl = testsupport::serverValue(u"postgresql"_s, u"MWB_TEST_PG_SUPERUSER_URL"_s);
        QVERIFY2(!m_url.isEmpty() && !m_superUrl.isEmpty(), qPrintable(testsupport::serverUnavailableReason(u"postgresql"_s)));
    }

    void init()
    {
        // A fresh schema per test function: tests never see each other's tables.
        m_schema = u"apply_%1_%2"_s.arg(QCoreApplication::applicationPid()).arg(++m_counter);
        auto p = *core::ConnectionParams::fromUrl(m_url);
        pqxx::connection c{p.toLibpqConninfo().toStdString()};
        pqxx::nontransaction tx{c};
        tx.exec("CREATE SCHEMA " + m_schema.toStdString());
        tx.exec("CREATE TABLE " + m_schema.toStdString() + ".history (version text PRIMARY KEY, applied_at timestamptz DEFAULT now())");
    }

    void appliesInOrderWithHistory()
    {
        PgApplyRunner runner;
        ApplyRequest req{params(), {migration(u"001"_s, {u"CREATE TABLE a (id int)"_s}),
                                    migration(u"002"_s, {u"CREATE TABLE b (id int)"_s, u"INSERT INTO b VALUES (1)"_s}),
                                    migration(u"003"_s, {u"ALTER TABLE a ADD COLUMN name text"_s})},
                         {}};
        const ApplyReport report = runner.run(req);
        QVERIFY2(!report.error, qPrintable(report.error ? report.error->detail : QString()));
        QCOMPARE(report.appliedCount(), 3);
        QVERIFY(tableExists(u"a"_s));
        QCOMPARE(scalar(u"SELECT count(*) FROM b"_s), u"1"_s);
        QCOMPARE(scalar(u"SELECT string_agg(version, ',' ORDER BY version) FROM history"_s), u"001,002,003"_s);
        QCOMPARE(report.migrations.at(1).statements.size(), 2);
        QCOMPARE(report.migrations.at(1).statements.at(1).outcome, Outcome::Applied);
    }

    void failureRollsBackThatMigrationOnly()
    {
        PgApplyRunner runner;
        ApplyRequest req{params(), {migration(u"001"_s, {u"CREATE TABLE a (id int)"_s}),
                                    migration(u"002"_s, {u"CREATE TABLE b (id int)"_s, u"INSERT INTO nope VALUES (1)"_s}),
                                    migration(u"003"_s, {u"CREATE TABLE c (id int)"_s})},
                         {}};
        const ApplyReport report = runner.run(req);
        QVERIFY(report.error);
        QCOMPARE(report.error->code, core::Error::Code::Sql);
        QCOMPARE(report.error->sqlState, u"42P01"_s); // undefined_table
        QCOMPARE(report.migrations.size(), 2);
        QCOMPARE(report.migrations.at(0).outcome, Outcome::Applied);
        QCOMPARE(report.migrations.at(1).outcome, Outcome::RolledBack);
        QCOMPARE(report.migrations.at(1).statements.at(1).outcome, Outcome::Failed);
        QVERIFY(report.migrations.at(1).statements.at(1).error.contains(u"nope"_s));
        QVERIFY(tableExists(u"a"_s));
        QVERIFY(!tableExists(u"b"_s)); // its transaction rolled back
        QVERIFY(!tableExists(u"c"_s)); // never started
        QCOMPARE(scalar(u"SELECT string_agg(version, ',') FROM history"_s), u"001"_s);
    }

    void dryRunReportsLocksAndRewrites()
    {
        exec(u"CREATE TABLE customers (id bigint PRIMARY KEY); CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);"
             "INSERT INTO customers SELECT g FROM generate_series(1, 100) g;"
             "INSERT INTO orders SELECT g, g FROM generate_series(1, 100) g"_s);
        ApplyOptions options;
        options.dryRun = true;
        PlannedMigration m = migration(u"010"_s,
                                       {u"CREATE INDEX orders_customer_idx ON orders (customer_id)"_s,
                                        u"ALTER TABLE orders ADD COLUMN token double precision DEFAULT random()"_s,
                                        u"ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)"_s,
                                        u"CREATE INDEX CONCURRENTLY orders_token_idx ON orders (token)"_s});
        PgApplyRunner runner;
        const ApplyReport report = runner.run({params(), {m}, options});
        QVERIFY2(!report.error, qPrintable(report.error ? report.error->detail : QString()));
        QVERIFY(report.dryRun);
        QCOMPARE(report.migrations.size(), 1);
        const auto &st = report.migrations.at(0).statements;
        QCOMPARE(st.size(), 4);

        const auto hasLock = [](const StatementReport &s, const QString &rel, const QString &mode) {
            return s.locks.contains(LockObservation{rel, mode});
        };
        QVERIFY2(hasLock(st.at(0), u"orders"_s, u"ShareLock"_s), "CREATE INDEX takes SHARE on orders");
        QVERIFY(st.at(0).rewrittenTables.isEmpty());
        QVERIFY2(hasLock(st.at(1), u"orders"_s, u"AccessExclusiveLock"_s), "ADD COLUMN takes ACCESS EXCLUSIVE");
        QCOMPARE(st.at(1).rewrittenTables, QStringList{u"orders"_s}); // volatile default: table rewritten
        QVERIFY2(hasLock(st.at(2), u"orders"_s, u"ShareRowExclusiveLock"_s), "FK: SHARE ROW EXCLUSIVE on the referencing table");
        QVERIFY2(hasLock(st.at(2), u"customers"_s, u"ShareRowExclusiveLock"_s), "FK: SHARE ROW EXCLUSIVE on the referenced table");
        QCOMPARE(st.at(3).outcome, Outcome::NotRehearsable);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(st.at(i).outcome, Outcome::RolledBack);
        // Nothing stayed: the rehearsal rolled back.
        QCOMPARE(scalar(u"SELECT count(*) FROM information_schema.columns WHERE table_schema = '%1' AND table_name = 'orders' AND column_name = 'token'"_s.arg(m_schema)), u"0"_s);
        QCOMPARE(scalar(u"SELECT count(*) FROM history"_s), u"0"_s);
        QVERIFY(scalar(u"SELECT to_regclass('%1.orders_customer_idx')"_s.arg(m_schema)).isEmpty());
    }

    void lockTimeoutRetriesThenGivesUpWithoutBlockingReaders()
    {
        exec(u"CREATE TABLE hot (id int); INSERT INTO hot VALUES (1)"_s);
        // Another session holds a conflicting lock: an open transaction that read the table.
        pqxx::connection holder{conninfo()};
        pqxx::work holding{holder};
        holding.exec("SELECT * FROM hot");

        ApplyOptions options;
        options.lockTimeoutMs = 300;
        options.maxAttempts = 3;
        options.backoffInitialMs = 100;
        PgApplyRunner runner;
        ApplyReport report;
        std::atomic<bool> done{false};
        std::thread worker([&] {
            report = runner.run({params(), {migration(u"020"_s, {u"ALTER TABLE hot ADD COLUMN x int"_s})}, options});
            done = true;
        });
        // Meanwhile readers keep reading: each read may wait at most about one lock timeout behind the ALTER.
        qint64 worstReadMs = 0;
        int reads = 0;
        {
            pqxx::connection reader{conninfo()};
            while (!done) {
                QElapsedTimer t;
                t.start();
                pqxx::nontransaction tx{reader};
                tx.exec("SELECT count(*) FROM hot");
                worstReadMs = std::max(worstReadMs, t.elapsed());
                ++reads;
            }
        }
        worker.join();
        QVERIFY(report.error);
        QCOMPARE(report.error->code, core::Error::Code::Timeout);
        QCOMPARE(report.error->sqlState, u"55P03"_s);
        QVERIFY2(report.error->detail.contains(u"gave up after 3 attempts"_s), qPrintable(report.error->detail));
        QCOMPARE(report.migrations.at(0).statements.at(0).attempts, 3);
        QVERIFY(reads > 3);
        QVERIFY2(worstReadMs < options.lockTimeoutMs + 700, qPrintable(u"a reader waited %1 ms"_s.arg(worstReadMs)));
        holding.abort();
        // Once the long transaction is gone, the same migration goes through.
        PgApplyRunner again;
        const ApplyReport ok = again.run({params(), {migration(u"020"_s, {u"ALTER TABLE hot ADD COLUMN x int"_s})}, options});
        QVERIFY2(!ok.error, qPrintable(ok.error ? ok.error->detail : QString()));
        QCOMPARE(scalar(u"SELECT count(*) FROM history"_s), u"1"_s);
    }

    void cancelRollsBackCleanly()
    {
        std::atomic<bool> running{false};
        PgApplyRunner runner({.progress = [&](const Progress &p) {
                                  if (p.status.contains(u"statement 2 of 2"_s))
                                      running = true;
                              },
                              .notice = {}});
        ApplyReport report;
        std::thread worker([&] {
            report = runner.run({params(), {migration(u"030"_s, {u"CREATE TABLE doomed (id int)"_s, u"SELECT pg_sleep(30)"_s})}, {}});
        });
        QTRY_VERIFY_WITH_TIMEOUT(running.load(), 10000);
        QElapsedTimer t;
        t.start();
        runner.cancel();
        worker.join();
        QVERIFY2(t.elapsed() < 5000, "cancel took too long");
        QVERIFY(report.cancelled);
        QVERIFY(report.error);
        QCOMPARE(report.error->code, core::Error::Code::Cancelled);
        QCOMPARE(report.migrations.at(0).outcome, Outcome::Cancelled);
        QVERIFY(!tableExists(u"doomed"_s));
        QCOMPARE(scalar(u"SELECT count(*) FROM history"_s), u"0"_s);
    }

    void terminatedBackendIsAClearErrorAndTheNextRunSucceeds()
    {
        const QString app = u"mwb-test-terminate-%1"_s.arg(m_counter);
        PgApplyRunner runner;
        ApplyReport report;
        std::thread worker([&] {
            report = runner.run({params(app), {migration(u"040"_s, {u"CREATE TABLE t40 (id int)"_s, u"SELECT pg_sleep(30)"_s})}, {}});
        });
        pqxx::connection super{core::ConnectionParams::fromUrl(m_superUrl)->toLibpqConninfo().toStdString()};
        const std::string find = "SELECT pid FROM pg_stat_activity WHERE application_name = '" + app.toStdString()
            + "' AND query LIKE '%pg_sleep%' AND state = 'active'";
        QTRY_VERIFY_WITH_TIMEOUT(!pqxx::nontransaction(super).exec(find).empty(), 10000);
        {
            pqxx::nontransaction tx{super};
            tx.exec("SELECT pg_terminate_backend(pid) FROM (" + find + ") s");
        }
        worker.join();
        QVERIFY(report.error);
        QCOMPARE(report.error->code, core::Error::Code::ConnectionFailed);
        QVERIFY2(report.error->detail.contains(u"connection was lost"_s), qPrintable(report.error->detail));
        QVERIFY(!tableExists(u"t40"_s));
        PgApplyRunner again;
        const ApplyReport ok = again.run({params(), {migration(u"040"_s, {u"CREATE TABLE t40 (id int)"_s})}, {}});
        QVERIFY2(!ok.error, qPrintable(ok.error ? ok.error->detail : QString()));
        QVERIFY(tableExists(u"t40"_s));
    }

    void nonTransactionalMigrationReportsWhatTookEffect()
    {
        PgApplyRunner runner;
        const ApplyReport report = runner.run(
            {params(), {migration(u"050"_s, {u"CREATE TABLE n (id int)"_s, u"CREATE INDEX CONCURRENTLY n_idx ON n (id)"_s,
                                             u"CREATE INDEX CONCURRENTLY n_bad ON n (missing)"_s, u"CREATE TABLE never (id int)"_s})},
             {}});
        QVERIFY(report.error);
        const auto &st = report.migrations.at(0).statements;
        QCOMPARE(st.at(0).outcome, Outcome::Applied);
        QCOMPARE(st.at(1).outcome, Outcome::Applied);
        QCOMPARE(st.at(2).outcome, Outcome::Failed);
        QCOMPARE(st.at(3).outcome, Outcome::Skipped);
        QCOMPARE(report.migrations.at(0).outcome, Outcome::Failed);
        QVERIFY2(report.error->detail.contains(u"Statements 1 to 2 took effect"_s), qPrintable(report.error->detail));
        QVERIFY(tableExists(u"n"_s));
        QVERIFY(!tableExists(u"never"_s));
        QCOMPARE(scalar(u"SELECT count(*) FROM history"_s), u"0"_s);
    }

    void waitsForAdvisoryLockAndSaysWho()
    {
        const qint64 key = 0x6d7762000000LL + m_counter; // above 2^32: tests the classid/objid split
        pqxx::connection other{(conninfo() + " application_name=other-migrator")};
        pqxx::nontransaction otx{other};
        otx.exec("SELECT pg_advisory_lock(" + std::to_string(key) + ")");

        ApplyOptions options;
        options.advisoryLockKeys = {key};
        options.advisoryLockWaitMs = 600;
        QStringList statuses;
        PgApplyRunner runner({.progress = [&](const Progress &p) { statuses.append(p.status); }, .notice = {}});
        const ApplyReport report = runner.run({params(), {migration(u"060"_s, {u"CREATE TABLE locked (id int)"_s})}, options});
        QVERIFY(report.error);
        QCOMPARE(report.error->code, core::Error::Code::Timeout);
        QVERIFY2(report.error->detail.contains(u"application other-migrator"_s), qPrintable(report.error->detail));
        QVERIFY(!statuses.isEmpty());
        QVERIFY2(statuses.first().startsWith(u"waiting for lock held by pid "_s), qPrintable(statuses.first()));
        QVERIFY(!tableExists(u"locked"_s));

        otx.exec("SELECT pg_advisory_unlock_all()");
        PgApplyRunner again;
        QVERIFY(!again.run({params(), {migration(u"060"_s, {u"CREATE TABLE locked (id int)"_s})}, options}).error);
        QVERIFY(tableExists(u"locked"_s));
        // The lock was released when the run ended: the other session can take it at once.
        QVERIFY(otx.exec("SELECT pg_try_advisory_lock(" + std::to_string(key) + ")").one_field().as<bool>());
    }

    void refusesReadOnlySessions()
    {
        auto p = params();
        p.options.append({u"options"_s, u"-c search_path=%1 -c default_transaction_read_only=on"_s.arg(m_schema)});
        p.options.removeAt(0); // replace the first -c options entry
        PgApplyRunner runner;
        const ApplyReport report = runner.run({p, {migration(u"070"_s, {u"CREATE TABLE ro (id int)"_s})}, {}});
        QVERIFY(report.error);
        QCOMPARE(report.error->code, core::Error::Code::Unsupported);
        QVERIFY(report.migrations.isEmpty());
    }

    void streamsNotices()
    {
        QStringList notices;
        PgApplyRunner runner({.progress = {}, .notice = [&](const QString &n) { notices.append(n); }});
        const ApplyReport report = runner.run(
            {params(), {migration(u"080"_s, {u"DO $$ BEGIN RAISE NOTICE 'backfilled % rows', 42; END $$"_s})}, {}});
        QVERIFY(!report.error);
        QCOMPARE(notices.size(), 1);
        QVERIFY2(notices.first().contains(u"backfilled 42 rows"_s), qPrintable(notices.first()));
        QCOMPARE(report.notices, notices);
    }

    void preflightNamesBlockingSessions()
    {
        exec(u"CREATE TABLE busy (id int); CREATE TABLE quiet (id int)"_s);
        pqxx::connection holder{conninfo() + " application_name=report-job"};
        pqxx::work holding{holder};
        holding.exec("SELECT * FROM busy");
        const auto sessions = findBlockingSessions(params(), {u"busy"_s, u"quiet"_s, u"no_such_table"_s}, 3600000);
        QVERIFY2(sessions, qPrintable(sessions ? QString() : sessions.error().detail));
        QCOMPARE(sessions->size(), 1);
        const BlockingSession &b = sessions->first();
        QCOMPARE(b.pid, holder.backendpid());
        QCOMPARE(b.application, u"report-job"_s);
        QCOMPARE(b.relation, u"busy"_s);
        QCOMPARE(b.mode, u"AccessShareLock"_s);
        QCOMPARE(b.state, u"idle in transaction"_s);
        QVERIFY(b.query.contains(u"SELECT * FROM busy"_s));
        // With a zero threshold the same session also counts as a long transaction, but is listed once.
        const auto again = findBlockingSessions(params(), {u"busy"_s}, 0);
        QVERIFY(again);
        QCOMPARE(std::count_if(again->cbegin(), again->cend(), [&](const BlockingSession &s) { return s.pid == b.pid; }), 1);
        holding.abort();
        const auto none = findBlockingSessions(params(), {u"busy"_s}, 3600000);
        QVERIFY(none && none->isEmpty());
    }

    void reportsIndexBuildProgress()
    {
        // Big enough that the build spans several polls of pg_stat_progress_create_index.
        exec(u"CREATE TABLE wide AS SELECT g AS id, md5(g::text) || md5((g * 7)::text) AS payload FROM generate_series(1, 1500000) g"_s);
        QStringList statuses;
        std::mutex mutex;
        PgApplyRunner runner({.progress =
                                  [&](const Progress &p) {
                                      std::lock_guard lock(mutex);
                                      statuses.append(p.status);
                                  },
                              .notice = {}});
        const ApplyReport report = runner.run(
            {params(), {migration(u"085"_s, {u"SET LOCAL maintenance_work_mem = '1MB'"_s, u"CREATE INDEX wide_payload_idx ON wide (payload)"_s})}, {}});
        QVERIFY2(!report.error, qPrintable(report.error ? report.error->detail : QString()));
        std::lock_guard lock(mutex);
        const auto it = std::find_if(statuses.cbegin(), statuses.cend(),
                                     [](const QString &s) { return s.contains(u"building index: "_s); });
        QVERIFY2(it != statuses.cend(), qPrintable(statuses.join(u'\n')));
        QVERIFY2(it->startsWith(u"applying 085_m085, statement 2 of 2: building index: "_s), qPrintable(*it));
    }

    void engineHostRunsOnItsThreadAndThrottlesProgress()
    {
        EngineHost host;
        QCOMPARE(host.engineThread().objectName(), u"mwb-engine"_s);
        QSignalSpy progress(&host, &EngineHost::progress);
        QSignalSpy finished(&host, &EngineHost::finished);
        QList<PlannedMigration> many;
        for (int i = 0; i < 200; ++i)
            many.append(migration(u"%1"_s.arg(i, 4, 10, QChar(u'0')), {u"CREATE TABLE t%1 (id int)"_s.arg(i)}));
        QElapsedTimer t;
        t.start();
        const RequestId id = host.requestApply({params(), many, {}});
        QVERIFY(host.isBusy());
        QVERIFY(finished.wait(60000));
        const qint64 elapsed = t.elapsed();
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(0).value<RequestId>(), id);
        const auto report = finished.at(0).at(1).value<ApplyReport>();
        QVERIFY2(!report.error, qPrintable(report.error ? report.error->detail : QString()));
        QCOMPARE(report.appliedCount(), 200);
        QVERIFY(progress.size() >= 1);
        QVERIFY2(progress.size() <= elapsed / 100 + 2, qPrintable(u"%1 updates in %2 ms"_s.arg(progress.size()).arg(elapsed)));
        QVERIFY(!host.isBusy());
    }

    void engineHostCancelDropsNothingAndRollsBack()
    {
        EngineHost host;
        QSignalSpy progress(&host, &EngineHost::progress);
        QSignalSpy finished(&host, &EngineHost::finished);
        const RequestId id = host.requestApply(
            {params(), {migration(u"090"_s, {u"CREATE TABLE gone (id int)"_s, u"SELECT pg_sleep(30)"_s})}, {}});
        QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty(), 10000);
        host.cancel(id);
        QVERIFY(finished.wait(10000));
        const auto report = finished.at(0).at(1).value<ApplyReport>();
        QVERIFY(report.cancelled);
        QVERIFY(!tableExists(u"gone"_s));
    }
};

QTEST_GUILESS_MAIN(TestPgApply)
#include "tst_pgapply.moc"
