// SPDX-License-Identifier: GPL-3.0-or-later
// A `-- mwb:backfill` migration in an apply through the engine, on real PostgreSQL and MariaDB with dbmate
// projects: the migrations before it run as usual, the backfill runs batched through its runner, the one after it
// sees the filled column, the history holds all three exactly as dbmate writes them; a cancel mid-backfill leaves
// it resumable and unrecorded, and the next apply finishes it without touching a row twice; a rehearsal reports it
// as not rehearsable instead of sending its template.
#include "core/connectionparams.h"
#include "core/engine/backfillstep.h"
#include "core/engine/enginehost.h"
#include "core/engine/projectrun.h"
#include "core/project/dbsession.h"
#include "core/project/detect.h"
#include "core/project/history.h"

#include "testservers.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
namespace ce = core::engine;
namespace cp = core::project;

namespace {
bool write(const QString &path, const QByteArray &text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}
} // namespace

class TestBackfillApply : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_counter = 0;

    /// A fresh database on the server of `key`, owned by the test user.
    core::ConnectionParams freshDatabase(const char *server, const char *superKey, const char *userKey)
    {
        const QString su = testsupport::serverValue(QString::fromLatin1(server), QString::fromLatin1(superKey));
        const QString user = testsupport::serverValue(QString::fromLatin1(server), QString::fromLatin1(userKey));
        auto suParams = core::ConnectionParams::fromUrl(su.isEmpty() ? user : su);
        auto params = core::ConnectionParams::fromUrl(user);
        if (!suParams || !params)
            return {};
        auto admin = cp::DbSession::open(*suParams);
        if (!admin)
            return {};
        // MariaDB's test user may create databases named mwb_test…; PostgreSQL's superuser makes any.
        const QString name = u"mwb_test_bfa_%1_%2"_s.arg(QCoreApplication::applicationPid()).arg(++m_counter);
        (void)(*admin)->execScript(u"DROP DATABASE IF EXISTS %1"_s.arg(name));
        const bool pg = params->dialect == core::Dialect::PostgreSQL;
        if (!(*admin)->execScript(pg ? u"CREATE DATABASE %1 OWNER %2"_s.arg(name, params->user)
                                     : u"CREATE DATABASE %1"_s.arg(name)))
            return {};
        params->database = name;
        return *params;
    }

    cp::Project project(bool pg)
    {
        const QString dir = m_dir.filePath(pg ? u"pg/db/migrations"_s : u"my/db/migrations"_s);
        const QByteArray series = pg ? "INSERT INTO users (id, email) SELECT g, 'User' || g || '@X.org' FROM generate_series(1, 4000) g;\n"
                                     : "INSERT INTO users (id, email) SELECT seq, CONCAT('User', seq, '@X.org') FROM seq_1_to_4000;\n";
        write(dir + u"/20260101000001_users.sql"_s,
              "-- migrate:up\nCREATE TABLE users (id bigint PRIMARY KEY, email varchar(100) NOT NULL, email_lower varchar(100), touched int NOT NULL DEFAULT 0);\n"
                  + series + "-- migrate:down\nDROP TABLE users;\n");
        write(dir + u"/20260101000002_backfill.sql"_s,
              "-- migrate:up transaction:false\n-- mwb:backfill table=users key=id batch=250 pause=50ms\n"
              "UPDATE users SET email_lower = LOWER(email), touched = touched + 1 WHERE id BETWEEN :start AND :end AND email_lower IS NULL;\n"
              "-- migrate:down\n");
        write(dir + u"/20260101000003_not_null.sql"_s,
              pg ? "-- migrate:up\nALTER TABLE users ALTER COLUMN email_lower SET NOT NULL;\n-- migrate:down\nALTER TABLE users ALTER COLUMN email_lower DROP NOT NULL;\n"
                 : "-- migrate:up\nALTER TABLE users MODIFY email_lower varchar(100) NOT NULL;\n-- migrate:down\n");
        auto p = cp::openProject(dir, cp::Format::Dbmate);
        return p ? *p : cp::Project{};
    }

    ce::ApplyRequest request(const cp::Project &p, const core::ConnectionParams &params, bool dryRun = false)
    {
        ce::ApplyRequest r;
        r.connection = params;
        r.options.dryRun = dryRun;
        r.options.advisoryLockKeys = {ce::kWorkbenchLockKey};
        r.mysqlLockNames = {ce::workbenchMysqlLockName(params.database)};
        for (const auto &m : p.migrations)
            r.migrations << ce::planMigration(m, ce::Direction::Up, params.dialect);
        r.hooks = ce::projectHooks(p, {});
        return r;
    }

    void carriedThrough(const char *server, const char *superKey, const char *userKey)
    {
        const auto params = freshDatabase(server, superKey, userKey);
        QVERIFY2(!params.database.isEmpty(), "no fresh database");
        const bool pg = params.dialect == core::Dialect::PostgreSQL;
        const cp::Project p = project(pg);
        QCOMPARE(p.migrations.size(), 3);
        QVERIFY(ce::backfillOf(ce::planMigration(p.migrations.at(1), ce::Direction::Up, params.dialect)));
        QVERIFY(!ce::backfillOf(ce::planMigration(p.migrations.at(0), ce::Direction::Up, params.dialect)));

        ce::EngineHost host;
        QSignalSpy finished(&host, &ce::EngineHost::finished);
        QSignalSpy progress(&host, &ce::EngineHost::progress);

        // A rehearsal (PostgreSQL) does not send the template: the migration before it is rehearsed, the backfill
        // and what depends on its data are "not rehearsable", nothing is recorded.
        ce::ApplyReport report;
        if (pg) {
            host.requestApply(request(p, params, true));
            QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
            report = finished.takeFirst().at(1).value<ce::ApplyReport>();
            QVERIFY2(!report.error, qPrintable(report.error ? report.error->detail : QString()));
            QCOMPARE(report.migrations.size(), 3);
            QCOMPARE(report.migrations.at(0).outcome, ce::Outcome::RolledBack);
            QCOMPARE(report.migrations.at(1).outcome, ce::Outcome::NotRehearsable);
            QCOMPARE(report.migrations.at(2).outcome, ce::Outcome::NotRehearsable);
        }

        // Cancel during the backfill: the first migration is applied, the backfill is not recorded.
        const ce::RequestId id = host.requestApply(request(p, params));
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(progress.cbegin(), progress.cend(), [](const QList<QVariant> &args) {
                                     return args.at(1).value<ce::Progress>().status.startsWith(u"backfilling"_s);
                                 }),
                                 30000);
        host.cancel(id);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        report = finished.takeFirst().at(1).value<ce::ApplyReport>();
        QVERIFY(report.cancelled);
        QVERIFY2(report.error && report.error->detail.contains(u"resume"_s), qPrintable(report.error ? report.error->detail : QString()));
        auto status = cp::readStatus(p, params);
        QVERIFY2(status, qPrintable(status ? QString() : status.error().detail));
        QCOMPARE(status->migrations.at(0).state, cp::MigrationStatus::State::Applied);
        QCOMPARE(status->migrations.at(1).state, cp::MigrationStatus::State::Pending);
        auto db = cp::DbSession::open(params);
        QVERIFY(db);
        const auto partial = (*db)->query(u"SELECT COUNT(*) FROM users WHERE touched = 1"_s);
        QVERIFY(partial);
        const qint64 doneBefore = partial->first().first().toLongLong();
        QVERIFY2(doneBefore < 4000, qPrintable(QString::number(doneBefore)));

        // Apply again: the backfill resumes from its checkpoint, then the NOT NULL migration sees every row filled.
        progress.clear();
        host.requestApply(request(p, params));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 120000);
        report = finished.takeFirst().at(1).value<ce::ApplyReport>();
        QVERIFY2(!report.error, qPrintable(report.error ? report.error->detail : QString()));
        QCOMPARE(report.appliedCount(), 2);
        status = cp::readStatus(p, params);
        QVERIFY(status);
        for (const auto &m : status->migrations)
            QCOMPARE(m.state, cp::MigrationStatus::State::Applied);
        const auto once = (*db)->query(u"SELECT COUNT(*), MAX(touched), MIN(touched) FROM users WHERE email_lower = LOWER(email)"_s);
        QVERIFY(once);
        QCOMPARE(once->first().at(0), u"4000"_s);
        QCOMPARE(once->first().at(1), u"1"_s); // no row twice
        QCOMPARE(once->first().at(2), u"1"_s);
        // dbmate's own history: one row per version, nothing else.
        const auto rows = (*db)->query(u"SELECT version FROM schema_migrations ORDER BY version"_s);
        QVERIFY(rows);
        QCOMPARE(rows->size(), 3);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void postgres()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "postgresql", "MWB_TEST_PG_URL");
        carriedThrough("postgresql", "MWB_TEST_PG_SUPERUSER_URL", "MWB_TEST_PG_URL");
    }

    void mariadb()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "mariadb", "MWB_TEST_MARIADB_URL");
        carriedThrough("mariadb", "MWB_TEST_MARIADB_SUPERUSER_URL", "MWB_TEST_MARIADB_URL");
    }
};

QTEST_GUILESS_MAIN(TestBackfillApply)
#include "tst_backfillapply.moc"
