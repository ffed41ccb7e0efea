// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/connectionparams.h"
#include "core/engine/backfill.h"

#include "testservers.h"

#include <QTest>

#include <pqxx/pqxx>

#include <atomic>
#include <thread>

using namespace Qt::StringLiterals;
using namespace core::engine;

class TestBackfill : public QObject
{
    Q_OBJECT
    QString m_url;

    core::ConnectionParams params() const
    {
        auto p = *core::ConnectionParams::fromUrl(m_url);
        p.options.append({u"options"_s, u"-c search_path=backfill_test"_s});
        return p;
    }

private Q_SLOTS:
    void parses_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<bool>("ok");
        QTest::newRow("full") << u"-- mwb:backfill table=orders key=id batch=500 pause=20ms max-lag=2s\n"
                                 "UPDATE orders SET x = 1 WHERE id BETWEEN :start AND :end;"_s
                              << true;
        QTest::newRow("no header") << u"UPDATE orders SET x = 1 WHERE id BETWEEN :start AND :end"_s << false;
        QTest::newRow("no range") << u"-- mwb:backfill table=orders key=id\nUPDATE orders SET x = 1"_s << false;
        QTest::newRow("bad batch") << u"-- mwb:backfill table=orders key=id batch=-4\nUPDATE o SET x = 1 WHERE id BETWEEN :start AND :end"_s << false;
        QTest::newRow("bad pause") << u"-- mwb:backfill table=orders key=id pause=soon\nUPDATE o SET x = 1 WHERE id BETWEEN :start AND :end"_s << false;
        QTest::newRow("unknown setting") << u"-- mwb:backfill table=orders key=id speed=9\nUPDATE o SET x = 1 WHERE id BETWEEN :start AND :end"_s << false;
        QTest::newRow("injection in table") << u"-- mwb:backfill table=orders;drop key=id\nUPDATE o SET x = 1 WHERE id BETWEEN :start AND :end"_s << false;
    }
    void parses()
    {
        QFETCH(QString, sql);
        QFETCH(bool, ok);
        const auto spec = parseBackfill(sql);
        QCOMPARE(spec.has_value(), ok);
        if (ok) {
            QCOMPARE(spec->table, u"orders"_s);
            QCOMPARE(spec->key, u"id"_s);
            QCOMPARE(spec->batchSize, 500);
            QCOMPARE(spec->pauseMs, 20);
            QCOMPARE(spec->maxReplicationLagMs, 2000);
            QCOMPARE(spec->name, u"orders.id"_s);
            QCOMPARE(spec->sqlTemplate, u"UPDATE orders SET x = 1 WHERE id BETWEEN :start AND :end"_s);
        } else {
            QVERIFY(!spec.error().detail.isEmpty());
        }
    }

    void cancelledHalfwayResumesAndUpdatesEveryRowOnce()
    {
        m_url = testsupport::serverValue(u"postgresql"_s, u"MWB_TEST_PG_URL"_s);
        QVERIFY2(!m_url.isEmpty(), qPrintable(testsupport::serverUnavailableReason(u"postgresql"_s)));
        constexpr qint64 rows = 1000000;
        {
            pqxx::connection c{core::ConnectionParams::fromUrl(m_url)->toLibpqConninfo().toStdString()};
            pqxx::nontransaction tx{c};
            tx.exec("DROP SCHEMA IF EXISTS backfill_test CASCADE");
            tx.exec("CREATE SCHEMA backfill_test");
            tx.exec("CREATE TABLE backfill_test.big (id bigint PRIMARY KEY, touched int NOT NULL DEFAULT 0)");
            tx.exec("INSERT INTO backfill_test.big (id) SELECT g FROM generate_series(1, " + std::to_string(rows) + ") g");
        }
        const auto spec = parseBackfill(u"-- mwb:backfill table=big key=id batch=20000\n"
                                        "UPDATE big SET touched = touched + 1 WHERE id BETWEEN :start AND :end"_s);
        QVERIFY(spec);

        std::atomic<bool> halfway{false};
        BackfillRunner first([&](const BackfillProgress &p) {
            if (p.fraction() >= 0.5)
                halfway = true;
        });
        core::Result<BackfillResult> r1 = core::fail(core::Error::Code::Unknown, {});
        std::thread worker([&] { r1 = first.run(params(), *spec); });
        QTRY_VERIFY_WITH_TIMEOUT(halfway.load(), 120000);
        first.cancel();
        worker.join();
        QVERIFY2(r1, qPrintable(r1 ? QString() : r1.error().detail));
        QVERIFY(!r1->finished);
        QVERIFY(r1->rowsDone >= rows / 2 && r1->rowsDone < rows);

        QList<BackfillProgress> seen;
        BackfillRunner second([&](const BackfillProgress &p) { seen.append(p); });
        const auto r2 = second.run(params(), *spec);
        QVERIFY2(r2, qPrintable(r2 ? QString() : r2.error().detail));
        QVERIFY(r2->finished);
        QCOMPARE(r2->rowsDone, rows);
        QVERIFY(r2->batches < rows / 20000); // resumed, did not start over
        QVERIFY(!seen.isEmpty());
        QVERIFY(seen.last().rowsPerSecond > 0);
        QCOMPARE(seen.last().etaMs, 0);

        pqxx::connection c{params().toLibpqConninfo().toStdString()};
        pqxx::nontransaction tx{c};
        const auto row = tx.exec("SELECT count(*) FILTER (WHERE touched = 1), count(*) FILTER (WHERE touched <> 1) FROM big").one_row();
        QCOMPARE(row[0].as<qint64>(), rows); // every row updated
        QCOMPARE(row[1].as<qint64>(), 0); // and none twice
        QVERIFY(tx.exec("SELECT finished_at IS NOT NULL FROM mwb_backfill_checkpoint WHERE name = 'big.id'").one_field().as<bool>());

        // A third run sees the finished checkpoint and does nothing.
        BackfillRunner third;
        const auto r3 = third.run(params(), *spec);
        QVERIFY(r3 && r3->finished && r3->batches == 0);
        tx.exec("DROP SCHEMA backfill_test CASCADE");
    }
};

QTEST_GUILESS_MAIN(TestBackfill)
#include "tst_backfill.moc"
