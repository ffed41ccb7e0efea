// SPDX-License-Identifier: GPL-3.0-or-later
// Benchmark (label bench, `make bench`): detect and read the status of a generated 5,000-migration dbmate
// project against the fixture's PostgreSQL (4,000 applied, 1,000 pending). Goal: under 300 ms.
// Side by side, when the real dbmate is installed in <build>/npm-tools (tst_projectinterop installs it):
// `dbmate status` on the same folder and database, and the ratio.
#include "core/connectionparams.h"
#include "core/project/dbsession.h"
#include "core/project/detect.h"
#include "core/project/history.h"
#include "core/project/reader.h"

#include "testservers.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace Qt::StringLiterals;
namespace cp = core::project;

class BenchProjectStatus : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void detectAndStatus5000()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "postgresql", "MWB_TEST_PG_URL");
        MWB_REQUIRE_SERVER_VALUE(superUrl, "postgresql", "MWB_TEST_PG_SUPERUSER_URL");
        auto su = core::ConnectionParams::fromUrl(superUrl);
        auto params = core::ConnectionParams::fromUrl(url);
        QVERIFY(su && params);
        const QString dbName = u"mwb_bench_project_%1"_s.arg(QCoreApplication::applicationPid());
        {
            auto admin = cp::DbSession::open(*su);
            QVERIFY(admin);
            QVERIFY((*admin)->execScript(u"CREATE DATABASE %1 OWNER %2"_s.arg(dbName, params->user)));
        }
        params->database = dbName;
        constexpr int kFiles = 5000;
        constexpr int kApplied = 4000;
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(u"db/migrations"_s);
        QVERIFY(QDir().mkpath(dir));
        QStringList versions;
        for (int i = 1; i <= kFiles; ++i) {
            const QString version = QString::number(20200000000000LL + i);
            versions.append(version);
            QFile f(dir + u'/' + version + u"_create_t"_s + QString::number(i) + u".sql"_s);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("-- migrate:up\ncreate table t_" + QByteArray::number(i) + " (id int);\n\n-- migrate:down\ndrop table t_"
                    + QByteArray::number(i) + ";\n");
        }
        auto db = cp::DbSession::open(*params);
        QVERIFY(db);
        QVERIFY((*db)->execScript(u"create table if not exists public.schema_migrations (version varchar primary key);"
                                  "insert into public.schema_migrations (version) select (20200000000000 + g)::text "
                                  "from generate_series(1, %1) g"_s.arg(kApplied)));
        std::vector<qint64> times, detectTimes, readTimes;
        for (int run = 0; run < 7; ++run) {
            QElapsedTimer t;
            t.start();
            cp::FileCache cache; // what openProject() does
            const auto detected = cp::detectFormat(tmp.path(), &cache);
            QVERIFY(detected);
            detectTimes.push_back(t.elapsed());
            const auto project = cp::readProject(detected->dir, detected->format, &cache);
            QVERIFY(project);
            readTimes.push_back(t.elapsed() - detectTimes.back());
            const auto st = cp::readStatus(*project, *params);
            QVERIFY2(st, qPrintable(st ? QString() : st.error().detail));
            times.push_back(t.elapsed());
            QCOMPARE(st->count(cp::MigrationStatus::State::Applied), kApplied);
            QCOMPARE(st->count(cp::MigrationStatus::State::Pending), kFiles - kApplied);
        }
        std::ranges::sort(times);
        std::ranges::sort(detectTimes);
        std::ranges::sort(readTimes);
        const qint64 median = times[times.size() / 2];
        std::printf("project status: phases (median): detect %lld ms, read files %lld ms, connect + history + merge %lld ms\n",
                    static_cast<long long>(detectTimes[3]), static_cast<long long>(readTimes[3]),
                    static_cast<long long>(median - detectTimes[3] - readTimes[3]));
        std::printf("project status: detect + read + status of %d dbmate migrations (%d applied) on PostgreSQL: "
                    "median %lld ms, min %lld ms, max %lld ms over %zu runs (goal < 300 ms)\n",
                    kFiles, kApplied, static_cast<long long>(median), static_cast<long long>(times.front()),
                    static_cast<long long>(times.back()), times.size());
        const QString dbmate = QStringLiteral(MWB_BUILD_DIR "/npm-tools/node_modules/.bin/dbmate");
        if (QFile::exists(dbmate)) {
            const QString dbmateUrl = u"postgres://%1:%2@%3:%4/%5?sslmode=disable"_s.arg(
                QString::fromUtf8(QUrl::toPercentEncoding(params->user)),
                QString::fromUtf8(QUrl::toPercentEncoding(params->password)), params->host, QString::number(params->port),
                params->database);
            std::vector<qint64> peer;
            for (int run = 0; run < 3; ++run) {
                QProcess p;
                QElapsedTimer t;
                t.start();
                p.start(dbmate, {u"--url"_s, dbmateUrl, u"--migrations-dir"_s, dir, u"status"_s});
                QVERIFY(p.waitForFinished(120000));
                peer.push_back(t.elapsed());
                QVERIFY2(p.readAllStandardOutput().contains("Pending: 1000"), "dbmate status disagrees");
            }
            std::ranges::sort(peer);
            const qint64 peerMedian = peer[peer.size() / 2];
            std::printf("project status: peer `dbmate status` (2.36.0, whole process) on the same folder: median %lld ms; "
                        "ratio mwb/dbmate %.2f\n",
                        static_cast<long long>(peerMedian), peerMedian > 0 ? double(median) / double(peerMedian) : 0.0);
        } else {
            std::printf("project status: peer dbmate not installed in %s (run tst_projectinterop first)\n",
                        MWB_BUILD_DIR "/npm-tools");
        }
        std::fflush(stdout);
        db->reset();
        auto admin = cp::DbSession::open(*su);
        QVERIFY(admin);
        QVERIFY((*admin)->execScript(u"DROP DATABASE %1"_s.arg(dbName)));
        QVERIFY2(median < 3000, "an order of magnitude over the goal even in a debug build");
    }
};

QTEST_GUILESS_MAIN(BenchProjectStatus)
#include "bench_projectstatus.moc"
