// SPDX-License-Identifier: GPL-3.0-or-later
// Benchmarks of the apply engine, side by side with peers in the same run:
// 1. 1,000 trivial migrations applied to a fresh PostgreSQL database by `mwb apply` and by `dbmate up`
//    (goal: at most half of dbmate's time);
// 2. a 5-million-row backfill with the batched runner versus one UPDATE statement, while a second connection
//    performs single-row updates in a loop: rows per second of both, and the writer's p50/p99/max latency
//    (goal: at least half the single statement's throughput, writer p99 under 50 ms);
// 3. the rehearsal (dry run, lock and rewrite trace) of 1,000 migrations' statements in one rolled-back
//    transaction, as the window rehearses them: its time, with the trace checked statement by statement.
#include "core/connectionparams.h"
#include "core/engine/backfill.h"
#include "core/engine/pgapplyrunner.h"

#include "testservers.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <pqxx/pqxx>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>

using namespace Qt::StringLiterals;

class BenchApply : public QObject
{
    Q_OBJECT
    QString m_url;
    QString m_superUrl;
    int m_db = 0;

    QString freshDatabase()
    {
        const QString name = u"bench_%1_%2"_s.arg(QCoreApplication::applicationPid()).arg(++m_db);
        pqxx::connection c{core::ConnectionParams::fromUrl(m_superUrl)->toLibpqConninfo().toStdString()};
        pqxx::nontransaction tx{c};
        tx.exec("CREATE DATABASE " + name.toStdString() + " OWNER mwb_test");
        QString url = m_url;
        return url.replace(QRegularExpression(u"/mwb_test$"_s), u"/"_s + name);
    }
    static int count(const QString &url, const std::string &sql)
    {
        pqxx::connection c{core::ConnectionParams::fromUrl(url)->toLibpqConninfo().toStdString()};
        pqxx::nontransaction tx{c};
        return tx.exec(sql).one_field().as<int>();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_url = testsupport::serverValue(u"postgresql"_s, u"MWB_TEST_PG_URL"_s);
        m_superUrl = testsupport::serverValue(u"postgresql"_s, u"MWB_TEST_PG_SUPERUSER_URL"_s);
        QVERIFY2(!m_url.isEmpty() && !m_superUrl.isEmpty(), qPrintable(testsupport::serverUnavailableReason(u"postgresql"_s)));
    }

    void rehearsalOf1000()
    {
        const QString url = freshDatabase();
        {
            pqxx::connection c{core::ConnectionParams::fromUrl(url)->toLibpqConninfo().toStdString()};
            pqxx::nontransaction tx{c};
            tx.exec("CREATE TABLE existing (id bigint PRIMARY KEY); INSERT INTO existing SELECT generate_series(1, 1000)");
        }
        core::engine::PlannedMigration combined;
        combined.version = u"rehearsal"_s;
        for (int i = 1; i <= 1000; ++i)
            combined.statements.append({u"CREATE TABLE rehearse_t%1 (id bigint PRIMARY KEY, note text)"_s.arg(i), i, true});
        combined.statements.append({u"ALTER TABLE existing ADD COLUMN at timestamptz DEFAULT clock_timestamp()"_s, 1001, true});
        core::engine::ApplyRequest request;
        request.connection = *core::ConnectionParams::fromUrl(url);
        request.options.dryRun = true;
        request.migrations = {combined};
        QList<qint64> runs;
        for (int round = 0; round < 3; ++round) {
            core::engine::PgApplyRunner runner;
            QElapsedTimer clock;
            clock.start();
            const core::engine::ApplyReport report = runner.run(request);
            runs.append(clock.elapsed());
            QVERIFY2(!report.error, qPrintable(report.error ? report.error->detail : QString()));
            QCOMPARE(report.migrations.size(), 1);
            const auto &statements = report.migrations.first().statements;
            QCOMPARE(statements.size(), 1001);
            for (int i = 0; i < 1000; ++i) {
                QVERIFY(statements.at(i).outcome == core::engine::Outcome::RolledBack);
                QVERIFY(statements.at(i).locks.contains(core::engine::LockObservation{u"rehearse_t%1"_s.arg(i + 1), u"AccessExclusiveLock"_s}));
                QVERIFY(statements.at(i).rewrittenTables.isEmpty());
            }
            QCOMPARE(statements.last().rewrittenTables, QStringList{u"existing"_s});
            QVERIFY(statements.last().locks.contains(core::engine::LockObservation{u"existing"_s, u"AccessExclusiveLock"_s}));
            qint64 statementMs = 0;
            for (const auto &st : statements)
                statementMs += st.elapsedMs;
            std::printf("rehearsal: round %d: %lld ms, of which the statements themselves %lld ms\n", round + 1,
                        static_cast<long long>(runs.last()), static_cast<long long>(statementMs));
            std::fflush(stdout);
        }
        std::sort(runs.begin(), runs.end());
        std::printf("rehearsal of 1,001 statements (1,000 new tables, one rewrite) in one rolled-back transaction, "
                    "lock and rewrite trace per statement: median of 3 %lld ms (%.0f statements/s)\n",
                    static_cast<long long>(runs.at(1)), 1001.0 * 1000.0 / double(std::max<qint64>(1, runs.at(1))));
        std::fflush(stdout);
    }

    void thousandMigrationsAgainstDbmate()
    {
        const QString dbmate = QStringLiteral(MWB_BUILD_DIR "/npm-tools/node_modules/.bin/dbmate");
        QVERIFY2(QFile::exists(dbmate), "dbmate is not installed: the npm-tools fixture failed");
        QTemporaryDir dir;
        for (int i = 1; i <= 1000; ++i) {
            QFile f(dir.filePath(u"db/migrations/%1_t%2.sql"_s.arg(20260000000000LL + i).arg(i)));
            QDir().mkpath(QFileInfo(f).absolutePath());
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QStringLiteral("-- migrate:up\nCREATE TABLE t%1 (id int);\n\n-- migrate:down\nDROP TABLE t%1;\n").arg(i).toUtf8());
        }
        // Three rounds, alternating which tool goes first, each on fresh databases; the medians are compared, and
        // every round is printed (the machine is shared: one round alone can be skewed by other load).
        auto runMwb = [&](const QString &ours) -> qint64 {
            QProcess mwb;
            QElapsedTimer t;
            t.start();
            // Both over the same transport: dbmate is given sslmode=disable below, so mwb is too (the fixture's
            // server offers TLS, which libpq would otherwise prefer).
            mwb.start(QStringLiteral(MWB_BIN_DIR) + u"/mwb"_s, {u"apply"_s, dir.path(), u"--url"_s, ours + u"?sslmode=disable"_s});
            if (!mwb.waitForFinished(600000) || mwb.exitCode() != 0) {
                qWarning("mwb apply failed: %s", mwb.readAllStandardError().constData());
                return -1;
            }
            return t.elapsed();
        };
        auto runDbmate = [&](const QString &theirs) -> qint64 {
            const auto p = *core::ConnectionParams::fromUrl(theirs);
            const QString dbmateUrl = u"postgres://%1:%2@%3:%4/%5?sslmode=disable"_s.arg(
                QString::fromUtf8(QUrl::toPercentEncoding(p.user)), QString::fromUtf8(QUrl::toPercentEncoding(p.password)), p.host,
                QString::number(p.port), p.database);
            QProcess peer;
            QElapsedTimer t;
            t.start();
            peer.start(dbmate, {u"--url"_s, dbmateUrl, u"--migrations-dir"_s, dir.filePath(u"db/migrations"_s), u"--no-dump-schema"_s, u"up"_s});
            if (!peer.waitForFinished(600000) || peer.exitCode() != 0) {
                qWarning("dbmate up failed: %s", peer.readAllStandardError().constData());
                return -1;
            }
            return t.elapsed();
        };
        QList<qint64> mwbMs;
        QList<qint64> dbmateMs;
        for (int round = 0; round < 3; ++round) {
            const QString ours = freshDatabase();
            const QString theirs = freshDatabase();
            qint64 m = -1;
            qint64 d = -1;
            if (round % 2 == 0) {
                m = runMwb(ours);
                d = runDbmate(theirs);
            } else {
                d = runDbmate(theirs);
                m = runMwb(ours);
            }
            QVERIFY(m > 0 && d > 0);
            QCOMPARE(count(ours, "SELECT count(*) FROM schema_migrations"), 1000);
            QCOMPARE(count(theirs, "SELECT count(*) FROM schema_migrations"), 1000);
            std::printf("apply: round %d: mwb apply %lld ms, dbmate up %lld ms\n", round + 1, static_cast<long long>(m),
                        static_cast<long long>(d));
            mwbMs.append(m);
            dbmateMs.append(d);
        }
        std::ranges::sort(mwbMs);
        std::ranges::sort(dbmateMs);
        std::printf("apply: 1,000 trivial migrations on PostgreSQL, median of 3: mwb apply %lld ms, dbmate up %lld ms; "
                    "ratio mwb/dbmate %.2f (goal <= 0.50)\n",
                    static_cast<long long>(mwbMs.at(1)), static_cast<long long>(dbmateMs.at(1)),
                    double(mwbMs.at(1)) / double(std::max<qint64>(1, dbmateMs.at(1))));
        std::fflush(stdout);
    }

    void backfillVersusOneUpdateUnderWrites()
    {
        constexpr qint64 rows = 5000000;
        const QString url = freshDatabase();
        const std::string conninfo = core::ConnectionParams::fromUrl(url)->toLibpqConninfo().toStdString();
        {
            pqxx::connection c{conninfo};
            pqxx::nontransaction tx{c};
            tx.exec("CREATE TABLE a (id bigint PRIMARY KEY, v int NOT NULL DEFAULT 0, w int NOT NULL DEFAULT 0)");
            tx.exec("INSERT INTO a (id) SELECT g FROM generate_series(1, " + std::to_string(rows) + ") g");
            tx.exec("CREATE TABLE b AS SELECT * FROM a");
            tx.exec("ALTER TABLE b ADD PRIMARY KEY (id)");
            tx.exec("VACUUM ANALYZE");
        }
        // A writer updating single rows of `table` until stopped; latencies in microseconds.
        auto measureWriter = [&](const std::string &table, const std::function<void()> &work) {
            std::atomic<bool> stop{false};
            std::vector<qint64> latencies;
            std::thread writer([&] {
                pqxx::connection c{conninfo};
                for (qint64 i = 0; !stop; ++i) {
                    QElapsedTimer t;
                    t.start();
                    pqxx::work tx{c};
                    tx.exec("UPDATE " + table + " SET w = w + 1 WHERE id = " + std::to_string(1 + (i * 7919) % rows));
                    tx.commit();
                    latencies.push_back(t.nsecsElapsed() / 1000);
                }
            });
            work();
            stop = true;
            writer.join();
            std::ranges::sort(latencies);
            return latencies;
        };
        auto pct = [](const std::vector<qint64> &v, double q) { return v.empty() ? 0.0 : v[size_t(q * double(v.size() - 1))] / 1000.0; };

        qint64 singleMs = 0;
        const auto singleLatencies = measureWriter("a", [&] {
            pqxx::connection c{conninfo};
            QElapsedTimer t;
            t.start();
            pqxx::work tx{c};
            tx.exec("UPDATE a SET v = v + 1");
            tx.commit();
            singleMs = t.elapsed();
        });
        qint64 batchedMs = 0;
        const auto batchedLatencies = measureWriter("b", [&] {
            auto spec = core::engine::parseBackfill(u"-- mwb:backfill table=b key=id batch=20000\n"
                                                    "UPDATE b SET v = v + 1 WHERE id BETWEEN :start AND :end"_s);
            QVERIFY(spec);
            core::engine::BackfillRunner runner;
            QElapsedTimer t;
            t.start();
            const auto r = runner.run(*core::ConnectionParams::fromUrl(url), *spec);
            batchedMs = t.elapsed();
            QVERIFY(r && r->finished && r->rowsDone == rows);
        });
        QCOMPARE(count(url, "SELECT count(*) FROM b WHERE v <> 1"), 0);
        const double singleRate = rows / (singleMs / 1000.0);
        const double batchedRate = rows / (batchedMs / 1000.0);
        std::printf("backfill: 5,000,000 rows; one UPDATE %.0f rows/s (%lld ms), writer p50 %.1f ms, p99 %.1f ms, max %.1f ms (%zu writes)\n",
                    singleRate, static_cast<long long>(singleMs), pct(singleLatencies, 0.5), pct(singleLatencies, 0.99),
                    pct(singleLatencies, 1.0), singleLatencies.size());
        std::printf("backfill: 5,000,000 rows; batched runner %.0f rows/s (%lld ms), writer p50 %.1f ms, p99 %.1f ms, max %.1f ms (%zu writes); "
                    "throughput ratio %.2f (goal >= 0.50), writer p99 goal < 50 ms\n",
                    batchedRate, static_cast<long long>(batchedMs), pct(batchedLatencies, 0.5), pct(batchedLatencies, 0.99),
                    pct(batchedLatencies, 1.0), batchedLatencies.size(), batchedRate / singleRate);
        std::fflush(stdout);
    }
};

QTEST_GUILESS_MAIN(BenchApply)
#include "bench_apply.moc"
