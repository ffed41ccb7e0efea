// SPDX-License-Identifier: GPL-3.0-or-later
// The batched backfill on real MariaDB: every row once, resumable after a cancel and after the connection is
// killed mid-run (no row updated twice: each update counts itself), a concurrent writer never fails, a batch that
// hits a held row lock is retried, and the settings MariaDB cannot honour are refused clearly.
#include "core/connectionparams.h"
#include "core/engine/mysqlbackfill.h"
#include "core/project/dbsession.h"

#include "testservers.h"

#include <QElapsedTimer>
#include <QTest>
#include <QThread>

#include <atomic>
#include <thread>

using namespace Qt::StringLiterals;
using core::engine::BackfillProgress;
using core::engine::MySqlBackfillRunner;

class TestMySqlBackfill : public QObject
{
    Q_OBJECT
    core::ConnectionParams m_params;
    std::unique_ptr<core::project::DbSession> m_db;
    QString m_table;

    core::engine::BackfillSpec spec(qint64 batch)
    {
        auto s = core::engine::parseBackfill(
            u"-- mwb:backfill table=%1 key=id batch=%2\n"
            "UPDATE %1 SET email_normalized = LOWER(email), touched = touched + 1\n"
            " WHERE id BETWEEN :start AND :end AND email_normalized IS NULL;"_s.arg(m_table).arg(batch));
        return s ? *s : core::engine::BackfillSpec{};
    }

    qint64 scalar(const QString &sql)
    {
        auto r = m_db->query(sql);
        return r && !r->isEmpty() ? r->first().value(0).toLongLong() : -1;
    }

private Q_SLOTS:
    void init()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "mariadb", "MWB_TEST_MARIADB_URL");
        m_params = *core::ConnectionParams::fromUrl(url);
        auto db = core::project::DbSession::open(m_params);
        QVERIFY2(db, qPrintable(db ? QString() : db.error().detail));
        m_db = std::move(*db);
        m_table = u"bf_users_%1"_s.arg(QCoreApplication::applicationPid());
        QVERIFY(m_db->execScript(u"DROP TABLE IF EXISTS %1"_s.arg(m_table)));
        // The checkpoint table may not exist yet: a failure here is fine.
        (void)m_db->execScript(u"DELETE FROM mwb_backfill_checkpoint WHERE table_name = '%1'"_s.arg(m_table));
        QVERIFY(m_db->execScript(u"CREATE TABLE %1 (id BIGINT PRIMARY KEY, email VARCHAR(100) NOT NULL, "
                                 "email_normalized VARCHAR(100) NULL, touched INT NOT NULL DEFAULT 0) ENGINE=InnoDB"_s
                                     .arg(m_table)));
        // 20,000 rows with gaps in the key range (ids 1..25,000, every fifth missing).
        QVERIFY(m_db->execScript(u"SET SESSION max_recursive_iterations = 100000"_s));
        const auto filled = m_db->execScript(
            u"INSERT INTO %1 (id, email) WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 25000) "
            "SELECT n, CONCAT('User', n, '@Example.COM') FROM seq WHERE MOD(n, 5) <> 0"_s.arg(m_table));
        QVERIFY2(filled, qPrintable(filled ? QString() : filled.error().detail));
        QCOMPARE(scalar(u"SELECT COUNT(*) FROM %1"_s.arg(m_table)), 20000);
    }

    void cleanup()
    {
        if (m_db) {
            (void)m_db->execScript(u"DROP TABLE IF EXISTS %1"_s.arg(m_table));
            (void)m_db->execScript(u"DELETE FROM mwb_backfill_checkpoint WHERE table_name = '%1'"_s.arg(m_table));
        }
    }

    void everyRowOnceWithProgress()
    {
        QList<BackfillProgress> seen;
        MySqlBackfillRunner runner([&seen](const BackfillProgress &p) { seen << p; });
        const auto r = runner.run(m_params, spec(1000));
        QVERIFY2(r, qPrintable(r ? QString() : r.error().detail));
        QVERIFY(r->finished);
        QCOMPARE(r->rowsDone, 20000);
        QCOMPARE(r->batches, 25); // keys 1..25,000 in batches of 1,000
        QCOMPARE(scalar(u"SELECT COUNT(*) FROM %1 WHERE email_normalized = LOWER(email) AND touched = 1"_s.arg(m_table)), 20000);
        QCOMPARE(seen.size(), 25);
        QCOMPARE(seen.last().fraction(), 1.0);
        QVERIFY(seen.first().fraction() < 0.05);
        QCOMPARE(scalar(u"SELECT finished_at IS NOT NULL FROM mwb_backfill_checkpoint WHERE table_name = '%1'"_s.arg(m_table)), 1);
        // Running it again does nothing.
        const auto again = MySqlBackfillRunner().run(m_params, spec(1000));
        QVERIFY(again && again->finished);
        QCOMPARE(again->batches, 0);
        QCOMPARE(scalar(u"SELECT MAX(touched) FROM %1"_s.arg(m_table)), 1);
    }

    void cancelThenResume()
    {
        MySqlBackfillRunner *self = nullptr;
        MySqlBackfillRunner runner([&self](const BackfillProgress &p) {
            if (p.lastKey >= 7000)
                self->cancel();
        });
        self = &runner;
        const auto first = runner.run(m_params, spec(1000));
        QVERIFY(first);
        QVERIFY(!first->finished);
        QCOMPARE(first->batches, 7);
        const qint64 done = scalar(u"SELECT COUNT(*) FROM %1 WHERE touched = 1"_s.arg(m_table));
        QCOMPARE(done, first->rowsDone);
        QCOMPARE(scalar(u"SELECT last_key FROM mwb_backfill_checkpoint WHERE table_name = '%1'"_s.arg(m_table)), 7000);
        const auto second = MySqlBackfillRunner().run(m_params, spec(1000));
        QVERIFY(second && second->finished);
        QCOMPARE(second->batches, 18);
        QCOMPARE(scalar(u"SELECT COUNT(*) FROM %1 WHERE touched = 1"_s.arg(m_table)), 20000);
        QCOMPARE(scalar(u"SELECT MAX(touched) FROM %1"_s.arg(m_table)), 1);
    }

    void killedConnectionResumesExactly()
    {
        // Kill the runner's connection from outside while it works; what it committed matches its checkpoint.
        std::atomic<bool> killed{false};
        MySqlBackfillRunner *self = nullptr;
        MySqlBackfillRunner runner([&](const BackfillProgress &p) {
            if (p.lastKey >= 5000 && !killed.exchange(true))
                (void)m_db->execScript(u"KILL CONNECTION %1"_s.arg(self->connectionId()));
        });
        self = &runner;
        const auto first = runner.run(m_params, spec(500));
        QVERIFY(killed.load());
        QVERIFY2(!first, "the run must fail once its connection is killed");
        const qint64 last = scalar(u"SELECT last_key FROM mwb_backfill_checkpoint WHERE table_name = '%1'"_s.arg(m_table));
        QVERIFY(last >= 5000);
        QCOMPARE(scalar(u"SELECT COUNT(*) FROM %1 WHERE touched = 1"_s.arg(m_table)),
                 scalar(u"SELECT rows_done FROM mwb_backfill_checkpoint WHERE table_name = '%1'"_s.arg(m_table)));
        QCOMPARE(scalar(u"SELECT COUNT(*) FROM %1 WHERE id > %2 AND touched > 0"_s.arg(m_table).arg(last)), 0);
        const auto second = MySqlBackfillRunner().run(m_params, spec(500));
        QVERIFY2(second && second->finished, qPrintable(second ? QString() : second.error().detail));
        QCOMPARE(scalar(u"SELECT COUNT(*) FROM %1 WHERE touched = 1"_s.arg(m_table)), 20000);
        QCOMPARE(scalar(u"SELECT MAX(touched) FROM %1"_s.arg(m_table)), 1);
    }

    void heldRowLockIsRetriedAndWritersKeepGoing()
    {
        // Another session holds a row lock inside the third batch for longer than the lock wait: that batch times
        // out once, is retried, and goes through when the lock is released. A writer updates rows throughout.
        // Qt SQL connections belong to the thread that opened them: the holder opens, locks and commits on its own.
        std::atomic<int> holding{0}; // 1: lock held, -1: could not take it
        std::thread holder([&] {
            auto h = core::project::DbSession::open(m_params);
            if (!h || !(*h)->execScript(u"START TRANSACTION"_s)
                || !(*h)->query(u"SELECT id FROM %1 WHERE id = 2501 FOR UPDATE"_s.arg(m_table))) {
                holding.store(-1);
                return;
            }
            holding.store(1);
            QThread::msleep(1800);
            (void)(*h)->execScript(u"COMMIT"_s);
        });
        QElapsedTimer wait;
        wait.start();
        while (holding.load() == 0 && wait.elapsed() < 10000)
            QThread::msleep(5);
        QCOMPARE(holding.load(), 1);
        std::atomic<bool> stop{false};
        std::atomic<int> writerErrors{0}, writes{0};
        std::thread writer([&] {
            auto w = core::project::DbSession::open(m_params);
            if (!w) {
                ++writerErrors;
                return;
            }
            int i = 0;
            while (!stop.load()) {
                const int id = 10001 + (i++ % 9000);
                if (id % 5 == 0)
                    continue;
                if ((*w)->execScript(u"UPDATE %1 SET email = CONCAT('w', email) WHERE id = %2"_s.arg(m_table).arg(id)))
                    ++writes;
                else
                    ++writerErrors;
            }
        });
        MySqlBackfillRunner runner;
        runner.lockWaitSeconds = 1;
        const auto r = runner.run(m_params, spec(1000));
        holder.join();
        stop.store(true);
        writer.join();
        QVERIFY2(r, qPrintable(r ? QString() : r.error().detail));
        QVERIFY(r->finished);
        QCOMPARE(writerErrors.load(), 0);
        QVERIFY(writes.load() > 0);
        QCOMPARE(scalar(u"SELECT COUNT(*) FROM %1 WHERE touched = 1"_s.arg(m_table)), 20000);
    }

    void refusesWhatMariaDbCannotHonour()
    {
        auto s = spec(1000);
        s.maxReplicationLagMs = 5000;
        const auto r = MySqlBackfillRunner().run(m_params, s);
        QVERIFY(!r);
        QCOMPARE(r.error().code, core::Error::Code::Unsupported);
        QVERIFY(r.error().detail.contains(u"pause="_s));
        core::ConnectionParams pg = m_params;
        pg.dialect = core::Dialect::PostgreSQL;
        QVERIFY(!MySqlBackfillRunner().run(pg, spec(1000)));
        // A template error names the batch and fails without a checkpoint move.
        auto bad = spec(1000);
        bad.sqlTemplate = u"UPDATE %1 SET no_such_column = 1 WHERE id BETWEEN :start AND :end"_s.arg(m_table);
        const auto failed = MySqlBackfillRunner().run(m_params, bad);
        QVERIFY(!failed);
        QVERIFY2(failed.error().detail.contains(u"keys 1–1000"_s), qPrintable(failed.error().detail));
        QCOMPARE(scalar(u"SELECT last_key FROM mwb_backfill_checkpoint WHERE table_name = '%1'"_s.arg(m_table)), 0);
    }
};

QTEST_GUILESS_MAIN(TestMySqlBackfill)
#include "tst_mysqlbackfill.moc"
