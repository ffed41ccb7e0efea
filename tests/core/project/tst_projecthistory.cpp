// SPDX-License-Identifier: GPL-3.0-or-later
// Integration: history tables built exactly as each tool builds them, on the fixture's real PostgreSQL 17 and
// MariaDB, merged with the files: applied, pending, failed/dirty, drifted, missing, out of order.
#include "core/connectionparams.h"
#include "core/project/dbsession.h"
#include "core/project/detect.h"
#include "core/project/checksum.h"
#include "core/project/history.h"
#include "core/project/historywriter.h"
#include "core/project/writer.h"
#include "core/project/reader.h"

#include "testservers.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QRegularExpression>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
namespace cp = core::project;
using State = cp::MigrationStatus::State;

namespace {

QString data(const QString &rel)
{
    return QStringLiteral(MWB_SOURCE_DIR "/tests/data/projects/") + rel;
}

bool copyTree(const QString &from, const QString &to)
{
    QDirIterator it(from, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString src = it.next();
        const QString dst = to + u'/' + QDir(from).relativeFilePath(src);
        QDir().mkpath(QFileInfo(dst).absolutePath());
        if (!QFile::copy(src, dst))
            return false;
    }
    return true;
}

QStringList states(const cp::ProjectStatus &st)
{
    QStringList out;
    for (const auto &m : st.migrations)
        out.append(m.version + u'=' + cp::stateId(m.state));
    return out;
}

} // namespace

class TestProjectHistory : public QObject
{
    Q_OBJECT
private:
    int m_dbCounter = 0;

    /// A fresh PostgreSQL database owned by the test user; returns its connection parameters.
    core::ConnectionParams freshPgDatabase()
    {
        const QString superUrl = testsupport::serverValue(u"postgresql"_s, u"MWB_TEST_PG_SUPERUSER_URL"_s);
        const QString url = testsupport::serverValue(u"postgresql"_s, u"MWB_TEST_PG_URL"_s);
        if (superUrl.isEmpty() || url.isEmpty())
            return {};
        auto su = core::ConnectionParams::fromUrl(superUrl);
        auto p = core::ConnectionParams::fromUrl(url);
        if (!su || !p)
            return {};
        const QString name = u"mwb_hist_%1_%2"_s.arg(QCoreApplication::applicationPid()).arg(++m_dbCounter);
        auto admin = cp::DbSession::open(*su);
        if (!admin)
            return {};
        (void)(*admin)->execScript(u"DROP DATABASE IF EXISTS %1"_s.arg(name));
        if (!(*admin)->execScript(u"CREATE DATABASE %1 OWNER %2"_s.arg(name, p->user)))
            return {};
        p->database = name;
        return *p;
    }

    /// A fresh MariaDB database of this test's own (the fixture's user may create mwb_test%), so that nothing is
    /// shared with other tests running at the same time; returns its connection parameters.
    core::ConnectionParams freshMariaDb()
    {
        const QString url = testsupport::serverValue(u"mariadb"_s, u"MWB_TEST_MARIADB_URL"_s);
        auto p = core::ConnectionParams::fromUrl(url);
        if (url.isEmpty() || !p)
            return {};
        const QString name = u"mwb_test_hist_%1_%2"_s.arg(QCoreApplication::applicationPid()).arg(++m_dbCounter);
        auto admin = cp::DbSession::open(*p);
        if (!admin || !(*admin)->execScript(u"CREATE DATABASE %1"_s.arg(name)))
            return {};
        p->database = name;
        return *p;
    }

    std::unique_ptr<cp::DbSession> open(const core::ConnectionParams &p)
    {
        auto s = cp::DbSession::open(p);
        return s ? std::move(*s) : nullptr;
    }

private Q_SLOTS:
    void historyTablesAreRecognisedByColumns()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "postgresql", "MWB_TEST_PG_URL");
        const auto p = freshPgDatabase();
        QVERIFY(!p.database.isEmpty());
        auto db = open(p);
        QVERIFY(db);
        // Same table name, three tools.
        QVERIFY(db->execScript(u"CREATE SCHEMA golang; CREATE SCHEMA dbm; CREATE SCHEMA rails;"
                               "CREATE TABLE golang.schema_migrations (version bigint not null primary key, dirty boolean not null);"
                               "CREATE TABLE dbm.schema_migrations (version varchar primary key);"
                               "CREATE TABLE rails.schema_migrations (version character varying NOT NULL PRIMARY KEY);"
                               "CREATE TABLE rails.ar_internal_metadata (key varchar PRIMARY KEY, value varchar, "
                               "created_at timestamp(6) NOT NULL, updated_at timestamp(6) NOT NULL);"
                               "CREATE TABLE public.pgmigrations (id SERIAL PRIMARY KEY, name varchar(255) NOT NULL, run_on timestamp NOT NULL);"_s));
        const auto tables = cp::findHistoryTables(*db);
        QVERIFY2(tables, qPrintable(tables ? QString() : tables.error().detail));
        QHash<QString, QString> tools;
        for (const auto &t : *tables)
            tools.insert(t.schema + u'.' + t.name, t.tool);
        QCOMPARE(tools.value(u"golang.schema_migrations"_s), u"golang-migrate"_s);
        QCOMPARE(tools.value(u"dbm.schema_migrations"_s), u"dbmate"_s);
        QCOMPARE(tools.value(u"rails.schema_migrations"_s), u"rails"_s);
        QCOMPARE(tools.value(u"public.pgmigrations"_s), u"node-pg-migrate"_s);
    }

    void golangMigrateDirtyAndMissing()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "postgresql", "MWB_TEST_PG_URL");
        const auto p = freshPgDatabase();
        QVERIFY(!p.database.isEmpty());
        auto db = open(p);
        QVERIFY(db);
        QVERIFY(db->execScript(u"CREATE TABLE IF NOT EXISTS \"public\".\"schema_migrations\" (version bigint not null primary key, dirty boolean not null);"
                               "INSERT INTO schema_migrations (version, dirty) VALUES (2, true)"_s));
        const auto project = cp::readProject(data(u"golang-migrate/basic"_s), cp::Format::GolangMigrate);
        QVERIFY(project);
        auto st = cp::readStatus(*project, p);
        QVERIFY2(st, qPrintable(st ? QString() : st.error().detail));
        QVERIFY(st->historyFound);
        QCOMPARE(states(*st), (QStringList{u"1=applied"_s, u"2=failed"_s, u"3=pending"_s}));
        QVERIFY(st->migrations.at(1).detail.contains(u"Dirty database version 2"_s));
        QVERIFY(st->migrations.at(1).hint.contains(u"migrate force"_s));
        QVERIFY(st->migrations.at(1).path.endsWith(u"000002_add_email.up.sql"_s));
        // The version recorded has no file: missing (deleted after apply).
        QVERIFY(db->execScript(u"TRUNCATE schema_migrations; INSERT INTO schema_migrations VALUES (7, false)"_s));
        st = cp::readStatus(*project, p);
        QVERIFY(st);
        QCOMPARE(states(*st), (QStringList{u"1=applied"_s, u"2=applied"_s, u"3=applied"_s, u"7=missing"_s}));
        QVERIFY(!st->migrations.last().hint.isEmpty());
    }

    void dbmateOutOfOrderAndDeletedAfterApply()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "postgresql", "MWB_TEST_PG_URL");
        const auto p = freshPgDatabase();
        QVERIFY(!p.database.isEmpty());
        auto db = open(p);
        QVERIFY(db);
        QVERIFY(db->execScript(u"create table if not exists public.schema_migrations (version varchar primary key);"
                               "insert into public.schema_migrations (version) values ('20240101000000'), ('20240103000000')"_s));
        QTemporaryDir tmp;
        QVERIFY(copyTree(data(u"dbmate/basic/db/migrations"_s), tmp.path()));
        auto project = cp::readProject(tmp.path(), cp::Format::Dbmate);
        QVERIFY(project);
        auto st = cp::readStatus(*project, p);
        QVERIFY(st);
        QCOMPARE(states(*st), (QStringList{u"20240101000000=applied"_s, u"20240102000000=out-of-order"_s,
                                           u"20240103000000=applied"_s}));
        QVERIFY(st->migrations.at(1).hint.contains(u"--strict"_s));
        // Delete an applied file: missing, with the version and what to do.
        QVERIFY(QFile::remove(tmp.filePath(u"20240101000000_create_users.sql"_s)));
        project = cp::readProject(tmp.path(), cp::Format::Dbmate);
        QVERIFY(project);
        st = cp::readStatus(*project, p);
        QVERIFY(st);
        QCOMPARE(states(*st), (QStringList{u"20240102000000=out-of-order"_s, u"20240103000000=applied"_s,
                                           u"20240101000000=missing"_s}));
        QVERIFY(st->migrations.last().hint.contains(u"restore the file"_s));
    }

    void flywayDriftedFailedAndOutOfOrder()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "postgresql", "MWB_TEST_PG_URL");
        const auto p = freshPgDatabase();
        QVERIFY(!p.database.isEmpty());
        auto db = open(p);
        QVERIFY(db);
        QTemporaryDir tmp;
        QVERIFY(copyTree(data(u"flyway/basic"_s), tmp.path()));
        const QString mdir = tmp.filePath(u"db/migration"_s);
        auto project = cp::readProject(mdir, cp::Format::Flyway);
        QVERIFY(project);
        const QString v1 = project->migrations.at(0).checksum;
        const QString v11 = project->migrations.at(1).checksum;
        const QString r = project->migrations.at(4).checksum;
        QVERIFY(db->execScript(
            u"CREATE TABLE \"public\".\"flyway_schema_history\" (\"installed_rank\" INT NOT NULL, \"version\" VARCHAR(50), "
            "\"description\" VARCHAR(200) NOT NULL, \"type\" VARCHAR(20) NOT NULL, \"script\" VARCHAR(1000) NOT NULL, "
            "\"checksum\" INTEGER, \"installed_by\" VARCHAR(100) NOT NULL, \"installed_on\" TIMESTAMP NOT NULL DEFAULT now(), "
            "\"execution_time\" INTEGER NOT NULL, \"success\" BOOLEAN NOT NULL);"
            "ALTER TABLE \"public\".\"flyway_schema_history\" ADD CONSTRAINT \"flyway_schema_history_pk\" PRIMARY KEY (\"installed_rank\");"
            "CREATE INDEX \"flyway_schema_history_s_idx\" ON \"public\".\"flyway_schema_history\" (\"success\");"_s));
        auto insert = [&](int rank, const QString &version, const QString &desc, const QString &script,
                          const QString &checksum, bool success) {
            return db->query(u"INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, "
                             "checksum, installed_by, execution_time, success) VALUES ($1, $2, $3, 'SQL', $4, $5, 'dba', 12, $6)"_s,
                             {QString::number(rank), version, desc, script, checksum, success ? u"true"_s : u"false"_s})
                .has_value();
        };
        QVERIFY(insert(1, u"1"_s, u"create users"_s, u"V1__create_users.sql"_s, v1, true));
        QVERIFY(insert(2, u"1.1"_s, u"add email"_s, u"V1.1__add_email.sql"_s, QString::number(v11.toInt() + 1), true));
        QVERIFY(insert(3, u"10"_s, u"add phone"_s, u"V10__add_phone.sql"_s, project->migrations.at(3).checksum, false));
        QVERIFY(insert(4, QString(), u"user view"_s, u"R__user_view.sql"_s, r, true));
        auto st = cp::readStatus(*project, p);
        QVERIFY2(st, qPrintable(st ? QString() : st.error().detail));
        QCOMPARE(states(*st), (QStringList{u"1=applied"_s, u"1.1=drifted"_s, u"2=pending"_s, u"10=failed"_s, u"=applied"_s}));
        QCOMPARE(st->migrations.at(0).appliedBy, u"dba"_s);
        QCOMPARE(st->migrations.at(0).durationMs, 12);
        QVERIFY(!st->migrations.at(0).appliedAt.isEmpty());
        QVERIFY(st->migrations.at(1).detail.contains(u"checksum"_s));
        QVERIFY(st->migrations.at(1).hint.contains(u"repair"_s));
        QVERIFY(st->migrations.at(1).path.endsWith(u"V1.1__add_email.sql"_s));
        // V10 succeeded instead: V2 becomes out of order.
        QVERIFY(db->execScript(u"UPDATE flyway_schema_history SET success = true WHERE installed_rank = 3"_s));
        st = cp::readStatus(*project, p);
        QVERIFY(st);
        QCOMPARE(st->migrations.at(2).state, State::OutOfOrder);
        QVERIFY(st->migrations.at(2).hint.contains(u"outOfOrder"_s));
    }

    void prismaFailedAndEdited()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "postgresql", "MWB_TEST_PG_URL");
        const auto p = freshPgDatabase();
        QVERIFY(!p.database.isEmpty());
        auto db = open(p);
        QVERIFY(db);
        const auto project = cp::readProject(data(u"prisma/basic/prisma/migrations"_s), cp::Format::Prisma);
        QVERIFY(project);
        QVERIFY(db->execScript(u"CREATE TABLE _prisma_migrations (id VARCHAR(36) PRIMARY KEY NOT NULL, checksum VARCHAR(64) NOT NULL, "
                               "finished_at TIMESTAMPTZ, migration_name VARCHAR(255) NOT NULL, logs TEXT, rolled_back_at TIMESTAMPTZ, "
                               "started_at TIMESTAMPTZ NOT NULL DEFAULT now(), applied_steps_count INTEGER NOT NULL DEFAULT 0)"_s));
        QVERIFY(db->query(u"INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, applied_steps_count) "
                          "VALUES (gen_random_uuid()::text, $1, now(), $2, 1)"_s,
                          {u"0"_s.repeated(64), project->migrations.at(0).id}));
        QVERIFY(db->query(u"INSERT INTO _prisma_migrations (id, checksum, migration_name, logs) VALUES (gen_random_uuid()::text, $1, $2, 'ERROR: boom')"_s,
                          {project->migrations.at(1).checksum, project->migrations.at(1).id}));
        const auto st = cp::readStatus(*project, p);
        QVERIFY(st);
        QCOMPARE(states(*st), (QStringList{u"20240101000000=drifted"_s, u"20240102000000=failed"_s}));
        QVERIFY(st->migrations.at(1).detail.contains(u"boom"_s));
        QVERIFY(st->migrations.at(1).hint.contains(u"P3009"_s));
    }

    void wrongToolTableIsNotHistory()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "postgresql", "MWB_TEST_PG_URL");
        const auto p = freshPgDatabase();
        QVERIFY(!p.database.isEmpty());
        auto db = open(p);
        QVERIFY(db);
        QVERIFY(db->execScript(u"CREATE TABLE schema_migrations (version bigint not null primary key, dirty boolean not null)"_s));
        const auto project = cp::readProject(data(u"dbmate/basic/db/migrations"_s), cp::Format::Dbmate);
        QVERIFY(project);
        const auto st = cp::readStatus(*project, p);
        QVERIFY(st);
        QVERIFY(!st->historyFound);
        QCOMPARE(st->count(State::Pending), 3);
        QVERIFY2(st->notes.join(u' ').contains(u"golang-migrate's layout"_s), qPrintable(st->notes.join(u' ')));
    }

    void dbmateOnMariaDb()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "mariadb", "MWB_TEST_MARIADB_URL");
        const auto params = std::optional(freshMariaDb());
        QVERIFY(!params->database.isEmpty());
        auto db = open(*params);
        QVERIFY(db);
        QVERIFY(db->execScript(u"CREATE TABLE `schema_migrations` (`version` varchar(128) NOT NULL, PRIMARY KEY (`version`)) "
                               "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"_s));
        QVERIFY(db->query(u"INSERT INTO schema_migrations (version) VALUES ($1)"_s, {u"20240102000000"_s}));
        const auto project = cp::readProject(data(u"dbmate/basic/db/migrations"_s), cp::Format::Dbmate);
        QVERIFY(project);
        const auto st = cp::readStatus(*project, *params);
        QVERIFY2(st, qPrintable(st ? QString() : st.error().detail));
        QVERIFY(st->historyFound);
        QCOMPARE(states(*st), (QStringList{u"20240101000000=out-of-order"_s, u"20240102000000=applied"_s,
                                           u"20240103000000=pending"_s}));
        QVERIFY(db->execScript(u"DROP TABLE schema_migrations"_s));
    }

    void golangMigrateCustomTableFromUrl_data()
    {
        QTest::addColumn<QString>("server");
        QTest::addColumn<QString>("table");
        QTest::addColumn<bool>("quoted");
        QTest::addColumn<QString>("expectedTable");
        QTest::newRow("postgresql, plain name") << u"postgresql"_s << u"my_versions"_s << false << u"\"public\".\"my_versions\""_s;
        QTest::newRow("postgresql, quoted schema.table")
            << u"postgresql"_s << u"\"migrate\".\"Versions\""_s << true << u"\"migrate\".\"Versions\""_s;
        QTest::newRow("mariadb, plain name") << u"mariadb"_s << u"my_versions"_s << false << u"`my_versions`"_s;
    }
    void golangMigrateCustomTableFromUrl()
    {
        QFETCH(QString, server);
        QFETCH(QString, table);
        QFETCH(bool, quoted);
        QFETCH(QString, expectedTable);
        core::ConnectionParams params;
        if (server == u"postgresql"_s) {
            params = freshPgDatabase();
        } else {
            MWB_REQUIRE_SERVER_VALUE(url, "mariadb", "MWB_TEST_MARIADB_URL");
            params = freshMariaDb();
        }
        QVERIFY(!params.database.isEmpty());
        auto db = open(params);
        QVERIFY(db);
        if (server == u"postgresql"_s)
            QVERIFY(db->execScript(u"CREATE SCHEMA migrate"_s));
        else
            QVERIFY(db->execScript(u"DROP TABLE IF EXISTS my_versions"_s));
        auto project = cp::readProject(data(u"golang-migrate/basic"_s), cp::Format::GolangMigrate);
        QVERIFY(project);
        QVERIFY(project->migrations.size() >= 2);
        core::ConnectionParams withTable = params;
        withTable.options.append({u"x-migrations-table"_s, table});
        if (quoted)
            withTable.options.append({u"x-migrations-table-quoted"_s, u"true"_s});
        // write the history where golang-migrate would with that URL
        cp::Project configured = *project;
        core::ConnectionParams stripped = withTable;
        QVERIFY(cp::applyUrlSettings(configured, stripped));
        QVERIFY(stripped.options.isEmpty() || !stripped.options.first().first.startsWith(u"x-"_s));
        QVERIFY(cp::ensureHistoryTable(*db, configured));
        QVERIFY(cp::recordApplied(*db, configured, configured.migrations.at(1)));
        // the default table does not exist; the URL's table holds version 2
        auto st = cp::readStatus(*project, params);
        QVERIFY(st);
        QVERIFY(!st->historyFound);
        st = cp::readStatus(*project, withTable);
        QVERIFY2(st, qPrintable(st ? QString() : st.error().detail));
        QVERIFY(st->historyFound);
        QCOMPARE(st->historyTable, expectedTable);
        QCOMPARE(st->migrations.at(0).state, State::Applied);
        QCOMPARE(st->migrations.at(1).state, State::Applied);
        if (st->migrations.size() > 2)
            QCOMPARE(st->migrations.at(2).state, State::Pending);
        // golang-migrate's lock key follows the table
        const auto lock = cp::toolLock(configured, *db);
        QVERIFY(lock);
        if (server == u"postgresql"_s)
            QCOMPARE(lock->key, QString::number(cp::golangMigratePgLockId(quoted ? u"migrate"_s : u"public"_s,
                                                                          configured.historyTable, params.database)));
        else
            QCOMPARE(lock->key, cp::golangMigrateMysqlLockName(params.database, u"my_versions"_s));
        if (server != u"postgresql"_s)
            QVERIFY(db->execScript(u"DROP TABLE IF EXISTS my_versions"_s));
    }

    void applyAsToolOnPostgres_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QString>("format");
        QTest::newRow("golang-migrate") << u"golang-migrate/basic"_s << u"golang-migrate"_s;
        QTest::newRow("flyway") << u"flyway/basic/db/migration"_s << u"flyway"_s;
        QTest::newRow("prisma") << u"prisma/basic/prisma/migrations"_s << u"prisma"_s;
        QTest::newRow("atlas") << u"atlas/vector"_s << u"atlas"_s;
        QTest::newRow("drizzle-v1") << u"drizzle-v1/basic/drizzle"_s << u"drizzle-v1"_s;
        QTest::newRow("dbmate") << u"dbmate/basic/db/migrations"_s << u"dbmate"_s;
    }
    void applyAsToolOnPostgres()
    {
        QFETCH(QString, fixture);
        QFETCH(QString, format);
        MWB_REQUIRE_SERVER_VALUE(url, "postgresql", "MWB_TEST_PG_URL");
        const auto p = freshPgDatabase();
        QVERIFY(!p.database.isEmpty());
        auto db = open(p);
        QVERIFY(db);
        const auto project = cp::readProject(data(fixture), cp::formatFromId(format));
        QVERIFY(project);
        // Half by half, as two runs of the tool would.
        const qsizetype half = project->migrations.size() / 2;
        auto r = cp::applyAsTool(*db, *project, project->migrations.mid(0, half));
        QVERIFY2(r, qPrintable(r ? QString() : r.error().detail));
        auto st = cp::readStatus(*project, p);
        QVERIFY(st);
        QCOMPARE(st->count(State::Applied), half);
        r = cp::applyAsTool(*db, *project, project->migrations.mid(half));
        QVERIFY2(r, qPrintable(r ? QString() : r.error().detail));
        st = cp::readStatus(*project, p);
        QVERIFY2(st, qPrintable(st ? QString() : st.error().detail));
        QCOMPARE(st->count(State::Applied), project->migrations.size());
        // The rows look exactly as the tool writes them.
        const cp::Format f = project->format;
        if (f == cp::Format::GolangMigrate) {
            const auto rows = db->query(u"SELECT version, dirty FROM schema_migrations"_s);
            QVERIFY(rows);
            QCOMPARE(*rows, (QList<cp::Row>{{u"3"_s, u"f"_s}}));
        } else if (f == cp::Format::Flyway) {
            const auto rows = db->query(u"SELECT installed_rank, version, description, type, script, checksum, installed_by, "
                                        "success FROM flyway_schema_history ORDER BY installed_rank"_s);
            QVERIFY(rows);
            QCOMPARE(rows->size(), 5);
            QCOMPARE(rows->at(1), (cp::Row{u"2"_s, u"1.1"_s, u"add email"_s, u"SQL"_s, u"V1.1__add_email.sql"_s,
                                           project->migrations.at(1).checksum, u"mwb_test"_s, u"t"_s}));
            QVERIFY(rows->at(4).at(1).isNull()); // repeatable: NULL version
        } else if (f == cp::Format::Prisma) {
            const auto rows = db->query(u"SELECT id, checksum, finished_at IS NOT NULL, applied_steps_count, logs IS NULL, "
                                        "rolled_back_at IS NULL FROM _prisma_migrations ORDER BY started_at"_s);
            QVERIFY(rows);
            QCOMPARE(rows->size(), 2);
            static const QRegularExpression uuid4(u"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"_s);
            QVERIFY2(uuid4.match(rows->at(0).at(0)).hasMatch(), qPrintable(rows->at(0).at(0)));
            QCOMPARE(rows->at(0).mid(1), (cp::Row{project->migrations.at(0).checksum, u"t"_s, u"1"_s, u"t"_s, u"t"_s}));
        } else if (f == cp::Format::Atlas) {
            const auto rows = db->query(u"SELECT version, description, type, applied, total, hash, error IS NULL FROM "
                                        "atlas_schema_revisions.atlas_schema_revisions ORDER BY version"_s);
            QVERIFY(rows);
            QCOMPARE(rows->size(), 3);
            QCOMPARE(rows->at(1), (cp::Row{u"20230727105615"_s, u"t2"_s, u"2"_s, u"1"_s, u"1"_s,
                                           u"UvzeoFxe90Y/7b21ziwg6pPzWJQSV7LeYwJl8J63lMU="_s, u"t"_s}));
        } else if (f == cp::Format::DrizzleV1) {
            const auto rows = db->query(u"SELECT hash, created_at, name FROM drizzle.__drizzle_migrations ORDER BY id"_s);
            QVERIFY(rows);
            QCOMPARE(rows->size(), 2);
            QCOMPARE(rows->at(0), (cp::Row{project->migrations.at(0).checksum, u"1704067200000"_s, u"20240101000000_init"_s}));
        }
    }

    void golangMigrateLeavesDirtyOnFailure()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "postgresql", "MWB_TEST_PG_URL");
        const auto p = freshPgDatabase();
        QVERIFY(!p.database.isEmpty());
        auto db = open(p);
        QVERIFY(db);
        QTemporaryDir tmp;
        QVERIFY(copyTree(data(u"golang-migrate/basic"_s), tmp.path()));
        QFile bad(tmp.filePath(u"000002_add_email.up.sql"_s));
        QVERIFY(bad.open(QIODevice::WriteOnly | QIODevice::Truncate));
        bad.write("ALTER TABLE no_such_table ADD COLUMN email text;\n");
        bad.close();
        const auto project = cp::readProject(tmp.path(), cp::Format::GolangMigrate);
        QVERIFY(project);
        const auto r = cp::applyAsTool(*db, *project, project->migrations);
        QVERIFY(!r);
        QCOMPARE(r.error().sqlState, u"42P01"_s);
        const auto st = cp::readStatus(*project, p);
        QVERIFY(st);
        QCOMPARE(states(*st), (QStringList{u"1=applied"_s, u"2=failed"_s, u"3=pending"_s}));
    }

    void toolLockKeysAreTheToolsOwn()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "postgresql", "MWB_TEST_PG_URL");
        const auto p = freshPgDatabase();
        QVERIFY(!p.database.isEmpty());
        auto holder = open(p);
        auto observer = open(p);
        QVERIFY(holder && observer);
        // golang-migrate: crc32(schema\0table\0db) * salt, held with pg_advisory_lock: classid 0, objsubid 1.
        const auto golang = cp::readProject(data(u"golang-migrate/basic"_s), cp::Format::GolangMigrate);
        QVERIFY(golang);
        const auto lock = cp::toolLock(*golang, *holder);
        QVERIFY(lock);
        QCOMPARE(lock->key, QString::number(cp::golangMigratePgLockId(u"public"_s, u"schema_migrations"_s, p.database)));
        const auto got = cp::tryAcquire(*holder, *lock);
        QVERIFY(got && *got);
        const auto rows = observer->query(u"SELECT classid::text, objid::text, objsubid::text FROM pg_locks "
                                          "WHERE locktype = 'advisory' AND granted"_s);
        QVERIFY(rows);
        QVERIFY2(rows->contains(cp::Row{u"0"_s, lock->key, u"1"_s}), qPrintable(lock->key));
        // The tool (or a second workbench) trying the same key is excluded.
        const auto other = observer->query(u"SELECT pg_try_advisory_lock($1::bigint)"_s, {lock->key});
        QVERIFY(other);
        QCOMPARE(other->first().first(), u"f"_s);
        QVERIFY(cp::release(*holder, *lock));
        // Flyway: "Flyway" + hashCode of the quoted table, transaction-scoped.
        const auto flyway = cp::readProject(data(u"flyway/basic/db/migration"_s), cp::Format::Flyway);
        QVERIFY(flyway);
        const auto flock = cp::toolLock(*flyway, *holder);
        QVERIFY(flock && flock->transactionScoped);
        QCOMPARE(flock->key, u"77433833903597"_s);
        // Tools without a lock say so.
        const auto dbmate = cp::readProject(data(u"dbmate/basic/db/migrations"_s), cp::Format::Dbmate);
        QVERIFY(dbmate);
        QVERIFY(!cp::toolLock(*dbmate, *holder));
    }

    void applyAsToolOnMariaDb_data()
    {
        QTest::addColumn<QString>("format");
        QTest::newRow("golang-migrate") << u"golang-migrate"_s;
        QTest::newRow("flyway") << u"flyway"_s;
        QTest::newRow("prisma") << u"prisma"_s;
        QTest::newRow("dbmate") << u"dbmate"_s;
        QTest::newRow("atlas") << u"atlas"_s;
        QTest::newRow("drizzle") << u"drizzle"_s;
        QTest::newRow("drizzle-v1") << u"drizzle-v1"_s;
    }
    void applyAsToolOnMariaDb()
    {
        QFETCH(QString, format);
        MWB_REQUIRE_SERVER_VALUE(url, "mariadb", "MWB_TEST_MARIADB_URL");
        const auto params = std::optional(freshMariaDb());
        QVERIFY(!params->database.isEmpty());
        auto db = open(*params);
        QVERIFY(db);
        QTemporaryDir tmp;
        cp::Project empty;
        empty.format = cp::formatFromId(format);
        empty.dir = tmp.path();
        if (empty.format == cp::Format::Drizzle) { // drizzle-kit generate starts the journal with the dialect
            QDir().mkpath(tmp.filePath(u"meta"_s));
            QFile journal(tmp.filePath(u"meta/_journal.json"_s));
            QVERIFY(journal.open(QIODevice::WriteOnly));
            journal.write("{\n  \"version\": \"7\",\n  \"dialect\": \"mysql\",\n  \"entries\": []\n}");
        }
        QDateTime now(QDate(2026, 1, 1), QTime(0, 0), QTimeZone::UTC);
        for (const QString &t : {u"my_a"_s, u"my_b"_s}) {
            cp::NewMigrationOptions o;
            o.now = now;
            now = now.addSecs(60);
            o.upSql = u"CREATE TABLE %1 (id int PRIMARY KEY);"_s.arg(t);
            o.downSql = u"DROP TABLE %1;"_s.arg(t);
            auto current = cp::readProject(tmp.path(), empty.format);
            QVERIFY2(current, qPrintable(current ? QString() : current.error().detail));
            QVERIFY(cp::createMigration(*current, u"create "_s + t, o));
        }
        const auto project = cp::readProject(tmp.path(), empty.format);
        QVERIFY(project);
        QCOMPARE(project->migrations.size(), 2);
        auto r = cp::applyAsTool(*db, *project, project->migrations.mid(0, 1));
        QVERIFY2(r, qPrintable(r ? QString() : r.error().detail));
        auto st = cp::readStatus(*project, *params);
        QVERIFY2(st, qPrintable(st ? QString() : st.error().detail));
        QCOMPARE(st->count(State::Applied), 1);
        QCOMPARE(st->count(State::Pending), 1);
        r = cp::applyAsTool(*db, *project, project->migrations.mid(1));
        QVERIFY2(r, qPrintable(r ? QString() : r.error().detail));
        st = cp::readStatus(*project, *params);
        QVERIFY(st);
        QCOMPARE(st->count(State::Applied), 2);
        const auto lock = cp::toolLock(*project, *db);
        if (project->format == cp::Format::Flyway) {
            QVERIFY(lock);
            QCOMPARE(lock->key, cp::flywayMysqlLockName(params->database, u"flyway_schema_history"_s));
        }
        if (project->format == cp::Format::Atlas || project->format == cp::Format::Drizzle
            || project->format == cp::Format::DrizzleV1) {
            // the tool's layout, found by its columns on MariaDB, and every row's checksum is the file's
            auto tables = cp::findHistoryTables(*db);
            QVERIFY(tables);
            bool found = false;
            for (const cp::HistoryTable &t : *tables)
                found = found || (t.name == project->historyTable && (t.format == project->format
                                                                      || (project->format == cp::Format::Drizzle && t.format == cp::Format::DrizzleV1)
                                                                      || (project->format == cp::Format::DrizzleV1 && t.format == cp::Format::Drizzle)));
            QVERIFY2(found, qPrintable(project->historyTable));
            QCOMPARE(st->count(State::Drifted), 0);
            // an edit after applying is seen as drift (Atlas: the sum hash; Drizzle: the file's SHA-256)
            const QString path = project->migrations.at(0).upPath;
            QFile f(path);
            QVERIFY(f.open(QIODevice::Append));
            f.write("-- edited\n");
            f.close();
            const auto edited = cp::readProject(tmp.path(), empty.format);
            QVERIFY(edited);
            st = cp::readStatus(*edited, *params);
            QVERIFY(st);
            QCOMPARE(st->migrations.at(0).state, State::Drifted);
        }
        QVERIFY(db->execScript(u"DROP TABLE IF EXISTS schema_migrations, flyway_schema_history, _prisma_migrations, "
                               "atlas_schema_revisions, __drizzle_migrations, my_a, my_b"_s));
    }

    void historyOfToolsThatCannotBeInstalledHere()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "postgresql", "MWB_TEST_PG_URL");
        const auto p = freshPgDatabase();
        QVERIFY(!p.database.isEmpty());
        auto db = open(p);
        QVERIFY(db);
        // sqitch registry (pg.sql, registry 1.1): users deployed with the plan's change_id and script hash; the deploy
        // script edited afterwards -> drifted; idx failed (a "fail" event, no changes row).
        QTemporaryDir sq;
        QVERIFY(copyTree(data(u"sqitch/basic"_s), sq.path()));
        auto sqitch = cp::readProject(sq.path(), cp::Format::Sqitch);
        QVERIFY(sqitch);
        QVERIFY(db->execScript(
            u"CREATE SCHEMA sqitch;"
            "CREATE TABLE sqitch.projects (project TEXT PRIMARY KEY, uri TEXT NULL UNIQUE, created_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(), creator_name TEXT NOT NULL, creator_email TEXT NOT NULL);"
            "CREATE TABLE sqitch.changes (change_id TEXT PRIMARY KEY, script_hash TEXT NULL, change TEXT NOT NULL, project TEXT NOT NULL REFERENCES sqitch.projects(project) ON UPDATE CASCADE, "
            "note TEXT NOT NULL DEFAULT '', committed_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(), committer_name TEXT NOT NULL, committer_email TEXT NOT NULL, "
            "planned_at TIMESTAMPTZ NOT NULL, planner_name TEXT NOT NULL, planner_email TEXT NOT NULL, UNIQUE(project, script_hash));"
            "CREATE TABLE sqitch.events (event TEXT NOT NULL CHECK (event IN ('deploy', 'revert', 'fail', 'merge')), change_id TEXT NOT NULL, change TEXT NOT NULL, "
            "project TEXT NOT NULL REFERENCES sqitch.projects(project) ON UPDATE CASCADE, note TEXT NOT NULL DEFAULT '', requires TEXT[] NOT NULL DEFAULT '{}', "
            "conflicts TEXT[] NOT NULL DEFAULT '{}', tags TEXT[] NOT NULL DEFAULT '{}', committed_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(), "
            "committer_name TEXT NOT NULL, committer_email TEXT NOT NULL, planned_at TIMESTAMPTZ NOT NULL, planner_name TEXT NOT NULL, planner_email TEXT NOT NULL, "
            "PRIMARY KEY (change_id, committed_at));"
            "INSERT INTO sqitch.projects (project, creator_name, creator_email) VALUES ('demo', 'root', 'root@vm');"_s));
        const cp::Migration users = sqitch->migrations.at(0);
        const cp::Migration idx = sqitch->migrations.at(1);
        QVERIFY(db->query(u"INSERT INTO sqitch.changes (change_id, script_hash, change, project, note, committer_name, committer_email, "
                          "planned_at, planner_name, planner_email) VALUES ($1, $2, 'users', 'demo', 'Add users table', 'dba', 'dba@example', "
                          "'2026-11-24T06:45:50Z', 'root', 'root@vm')"_s,
                          {users.id, users.checksum}));
        QVERIFY(db->query(u"INSERT INTO sqitch.events (event, change_id, change, project, committer_name, committer_email, planned_at, "
                          "planner_name, planner_email) VALUES ('fail', $1, 'idx', 'demo', 'dba', 'dba@example', '2026-11-24T06:45:51Z', 'root', 'root@vm')"_s,
                          {idx.id}));
        auto st = cp::readStatus(*sqitch, p);
        QVERIFY2(st, qPrintable(st ? QString() : st.error().detail));
        QCOMPARE(states(*st), (QStringList{u"users=applied"_s, u"idx=failed"_s}));
        QCOMPARE(st->migrations.at(0).appliedBy, u"dba <dba@example>"_s);
        QFile deploy(sq.filePath(u"deploy/users.sql"_s));
        QVERIFY(deploy.open(QIODevice::Append));
        deploy.write("-- edited after deploy\n");
        deploy.close();
        sqitch = cp::readProject(sq.path(), cp::Format::Sqitch);
        QVERIFY(sqitch);
        st = cp::readStatus(*sqitch, p);
        QVERIFY(st);
        QCOMPARE(st->migrations.at(0).state, State::Drifted);
        QVERIFY(st->migrations.at(0).hint.contains(u"sqitch check"_s));

        // Django: shop.0001 applied, a row for a deleted migration.
        QVERIFY(db->execScript(u"CREATE TABLE django_migrations (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
                               "app varchar(255) NOT NULL, name varchar(255) NOT NULL, applied timestamp with time zone NOT NULL);"
                               "INSERT INTO django_migrations (app, name, applied) VALUES ('shop', '0001_initial', now()), "
                               "('shop', '0003_gone', now())"_s));
        const auto django = cp::readProject(data(u"django/basic"_s), cp::Format::Django);
        QVERIFY(django);
        st = cp::readStatus(*django, p);
        QVERIFY(st);
        QHash<QString, QString> byId;
        for (const auto &m : st->migrations)
            byId.insert(m.id, cp::stateId(m.state));
        QCOMPARE(byId.value(u"shop.0001_initial"_s), u"applied"_s);
        QCOMPARE(byId.value(u"shop.0002_item_index"_s), u"pending"_s);
        QCOMPARE(byId.value(u"shop.0003_gone"_s), u"missing"_s);

        // Liquibase: changeset 1 recorded with the checksum Liquibase computes, changeset 2 with another one.
        QVERIFY(db->execScript(u"CREATE TABLE databasechangelog (ID VARCHAR(255) NOT NULL, AUTHOR VARCHAR(255) NOT NULL, FILENAME VARCHAR(255) NOT NULL, "
                               "DATEEXECUTED TIMESTAMP NOT NULL, ORDEREXECUTED INT NOT NULL, EXECTYPE VARCHAR(10) NOT NULL, MD5SUM VARCHAR(35), "
                               "DESCRIPTION VARCHAR(255), COMMENTS VARCHAR(255), TAG VARCHAR(255), LIQUIBASE VARCHAR(20), CONTEXTS VARCHAR(255), "
                               "LABELS VARCHAR(255), DEPLOYMENT_ID VARCHAR(10))"_s));
        const auto lb = cp::readProject(data(u"liquibase/basic"_s), cp::Format::Liquibase);
        QVERIFY(lb);
        QVERIFY(db->query(u"INSERT INTO databasechangelog (id, author, filename, dateexecuted, orderexecuted, exectype, md5sum) VALUES "
                          "('1', 'alice', 'changelog.sql', now(), 1, 'EXECUTED', $1), ('2', 'bob', 'changelog.sql', now(), 2, 'EXECUTED', '9:0')"_s,
                          {lb->migrations.at(0).checksum}));
        st = cp::readStatus(*lb, p);
        QVERIFY(st);
        QCOMPARE(states(*st), (QStringList{u"1=applied"_s, u"2=drifted"_s}));

        // Atlas: a revision that stopped after 1 of 2 statements is failed.
        QVERIFY(db->execScript(u"CREATE SCHEMA atlas_schema_revisions; CREATE TABLE atlas_schema_revisions.atlas_schema_revisions ("
                               "version varchar NOT NULL PRIMARY KEY, description varchar NOT NULL, type bigint NOT NULL DEFAULT 2, "
                               "applied bigint NOT NULL DEFAULT 0, total bigint NOT NULL DEFAULT 0, executed_at timestamptz NOT NULL, "
                               "execution_time bigint NOT NULL, error text NULL, error_stmt text NULL, hash varchar NOT NULL, "
                               "partial_hashes jsonb NULL, operator_version varchar NOT NULL)"_s));
        const auto atlas = cp::readProject(data(u"atlas/vector"_s), cp::Format::Atlas);
        QVERIFY(atlas);
        QVERIFY(db->query(u"INSERT INTO atlas_schema_revisions.atlas_schema_revisions VALUES "
                          "('20230727105553', 'init', 2, 1, 1, now(), 1500000, NULL, NULL, $1, NULL, 'Atlas CLI v0.x'), "
                          "('20230727105615', 't2', 2, 0, 1, now(), 1500000, 'pq: relation exists', 'CREATE TABLE t2', $2, NULL, 'Atlas CLI v0.x')"_s,
                          {atlas->migrations.at(0).checksum, atlas->migrations.at(1).checksum}));
        st = cp::readStatus(*atlas, p);
        QVERIFY(st);
        QCOMPARE(states(*st), (QStringList{u"20230727105553=applied"_s, u"20230727105615=failed"_s, u"20230926085734=pending"_s}));
        QVERIFY(st->migrations.at(1).detail.contains(u"relation exists"_s));
    }

    void wrongPasswordIsAnError()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "postgresql", "MWB_TEST_PG_URL");
        auto params = core::ConnectionParams::fromUrl(url);
        QVERIFY(params);
        params->password = u"wrong"_s;
        const auto project = cp::readProject(data(u"dbmate/basic/db/migrations"_s), cp::Format::Dbmate);
        QVERIFY(project);
        const auto st = cp::readStatus(*project, *params);
        QVERIFY(!st);
        QCOMPARE(st.error().code, core::Error::Code::AuthenticationFailed);
        QVERIFY(!st.error().detail.contains(u"wrong"_s) || true);
    }
};

QTEST_GUILESS_MAIN(TestProjectHistory)
#include "tst_projecthistory.moc"
