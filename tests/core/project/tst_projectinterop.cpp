// SPDX-License-Identifier: GPL-3.0-or-later
// Interop with the REAL tools from npm (dbmate, drizzle-kit + drizzle-orm + pg, node-pg-migrate), on the
// fixture's PostgreSQL 17 (and MariaDB for dbmate): the tool applies half the migrations and the workbench
// reports exactly that; the workbench applies the rest through its history writer and the tool's own
// status / next run agrees that nothing is pending and nothing is corrupt.
//
// The tools are installed once per build tree into <build>/npm-tools (skipped when the right versions are
// there). MWB_NPM_CAFILE, when set, is passed to npm as --cafile (for registries behind a TLS proxy).
#include "core/connectionparams.h"
#include "core/project/dbsession.h"
#include "core/project/history.h"
#include "core/project/historywriter.h"
#include "core/project/reader.h"
#include "core/project/writer.h"

#include "testservers.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
namespace cp = core::project;
using State = cp::MigrationStatus::State;

namespace {

const QList<QPair<QString, QString>> kTools{{u"dbmate"_s, u"2.36.0"_s},
                                            {u"drizzle-kit"_s, u"0.31.11"_s},
                                            {u"drizzle-orm"_s, u"0.45.4"_s},
                                            {u"pg"_s, u"8.23.1"_s},
                                            {u"node-pg-migrate"_s, u"9.0.0"_s}};

QString toolsDir()
{
    return QStringLiteral(MWB_BUILD_DIR "/npm-tools");
}

QString installedVersion(const QString &package)
{
    QFile f(toolsDir() + u"/node_modules/"_s + package + u"/package.json"_s);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object().value(u"version"_s).toString();
}

struct Run
{
    int exitCode = -1;
    QString out;
};

Run run(const QString &program, const QStringList &args, const QString &cwd, const QProcessEnvironment &env = {},
        int timeoutMs = 180000)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.setWorkingDirectory(cwd);
    QProcessEnvironment e = env.isEmpty() ? QProcessEnvironment::systemEnvironment() : env;
    p.setProcessEnvironment(e);
    p.start(program, args);
    Run r;
    if (!p.waitForStarted(30000)) {
        r.out = p.errorString();
        return r;
    }
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        r.out = u"timed out: "_s + QString::fromUtf8(p.readAll());
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAll());
    return r;
}

QString bin(const QString &tool)
{
    return toolsDir() + u"/node_modules/.bin/"_s + tool;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

QString pgUrl(const core::ConnectionParams &p, const QString &extra = {})
{
    return u"postgres://%1:%2@%3:%4/%5?sslmode=disable%6"_s.arg(
        QString::fromUtf8(QUrl::toPercentEncoding(p.user)), QString::fromUtf8(QUrl::toPercentEncoding(p.password)),
        p.host, QString::number(p.port), p.database, extra);
}

QStringList stateList(const cp::ProjectStatus &st)
{
    QStringList out;
    for (const auto &m : st.migrations)
        out.append(cp::stateId(m.state));
    return out;
}

} // namespace

class TestProjectInterop : public QObject
{
    Q_OBJECT
private:
    int m_counter = 0;

    core::ConnectionParams freshPgDatabase()
    {
        const QString superUrl = testsupport::serverValue(u"postgresql"_s, u"MWB_TEST_PG_SUPERUSER_URL"_s);
        const QString url = testsupport::serverValue(u"postgresql"_s, u"MWB_TEST_PG_URL"_s);
        auto su = core::ConnectionParams::fromUrl(superUrl);
        auto p = core::ConnectionParams::fromUrl(url);
        if (superUrl.isEmpty() || !su || !p)
            return {};
        const QString name = u"mwb_interop_%1_%2"_s.arg(QCoreApplication::applicationPid()).arg(++m_counter);
        auto admin = cp::DbSession::open(*su);
        if (!admin || !(*admin)->execScript(u"CREATE DATABASE %1 OWNER %2"_s.arg(name, p->user)))
            return {};
        p->database = name;
        return *p;
    }

private Q_SLOTS:
    void initTestCase()
    {
        bool present = true;
        for (const auto &[pkg, version] : kTools)
            present = present && installedVersion(pkg) == version;
        if (present)
            return;
        QStringList args{u"install"_s, u"--no-audit"_s, u"--no-fund"_s, u"--prefix"_s, toolsDir()};
        const QString cafile = qEnvironmentVariable("MWB_NPM_CAFILE");
        if (!cafile.isEmpty())
            args << u"--cafile"_s << cafile;
        for (const auto &[pkg, version] : kTools)
            args.append(pkg + u'@' + version);
        QDir().mkpath(toolsDir());
        const Run r = run(u"npm"_s, args, toolsDir(), {}, 540000);
        QVERIFY2(r.exitCode == 0, qPrintable(u"npm install failed: "_s + r.out.right(3000)));
        for (const auto &[pkg, version] : kTools)
            QCOMPARE(installedVersion(pkg), version);
    }

    void dbmate_data()
    {
        QTest::addColumn<QString>("server");
        QTest::newRow("postgresql") << u"postgresql"_s;
        QTest::newRow("mariadb") << u"mariadb"_s;
    }
    void dbmate()
    {
        QFETCH(QString, server);
        core::ConnectionParams params;
        QString url;
        if (server == u"postgresql") {
            MWB_REQUIRE_SERVER_VALUE(pg, "postgresql", "MWB_TEST_PG_URL");
            params = freshPgDatabase();
            QVERIFY(!params.database.isEmpty());
            url = pgUrl(params);
        } else {
            MWB_REQUIRE_SERVER_VALUE(my, "mariadb", "MWB_TEST_MARIADB_URL");
            auto p = core::ConnectionParams::fromUrl(my);
            QVERIFY(p);
            params = *p;
            // A database of this test's own (the fixture's user may create mwb_test%).
            const QString name = u"mwb_test_interop_%1_%2"_s.arg(QCoreApplication::applicationPid()).arg(++m_counter);
            auto admin = cp::DbSession::open(params);
            QVERIFY(admin);
            QVERIFY((*admin)->execScript(u"CREATE DATABASE "_s + name));
            params.database = name;
            url = u"mysql://%1:%2@%3:%4/%5"_s.arg(QString::fromUtf8(QUrl::toPercentEncoding(params.user)),
                                                QString::fromUtf8(QUrl::toPercentEncoding(params.password)), params.host,
                                                QString::number(params.port), params.database);
        }
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(u"db/migrations"_s);
        const QStringList names{u"a"_s, u"b"_s, u"c"_s, u"d"_s};
        auto file = [&](int i) {
            return dir + u"/2024010"_s + QString::number(i + 1) + u"000000_create_"_s + names.at(i) + u".sql"_s;
        };
        auto body = [&](int i) {
            return "-- migrate:up\ncreate table dbm_" + names.at(i).toUtf8() + " (id int primary key);\n\n-- migrate:down\ndrop table dbm_"
                + names.at(i).toUtf8() + ";\n";
        };
        // The tool applies the first half.
        QVERIFY(writeFile(file(0), body(0)));
        QVERIFY(writeFile(file(1), body(1)));
        const QStringList common{u"--url"_s, url, u"--migrations-dir"_s, dir, u"--no-dump-schema"_s};
        Run r = run(bin(u"dbmate"_s), QStringList(common) << u"migrate"_s, tmp.path());
        QVERIFY2(r.exitCode == 0, qPrintable(r.out));
        QVERIFY(writeFile(file(2), body(2)));
        QVERIFY(writeFile(file(3), body(3)));
        auto project = cp::readProject(dir, cp::Format::Dbmate);
        QVERIFY(project);
        auto st = cp::readStatus(*project, params);
        QVERIFY2(st, qPrintable(st ? QString() : st.error().detail));
        QCOMPARE(stateList(*st), (QStringList{u"applied"_s, u"applied"_s, u"pending"_s, u"pending"_s}));
        // The workbench applies the rest as dbmate would.
        auto db = cp::DbSession::open(params);
        QVERIFY(db);
        const auto applied = cp::applyAsTool(**db, *project, project->migrations.mid(2));
        QVERIFY2(applied, qPrintable(applied ? QString() : applied.error().detail));
        st = cp::readStatus(*project, params);
        QVERIFY(st);
        QCOMPARE(st->count(State::Applied), 4);
        // dbmate agrees: nothing pending (exit code 0), all four applied.
        r = run(bin(u"dbmate"_s), QStringList(common) << u"status"_s << u"--exit-code"_s, tmp.path());
        QVERIFY2(r.exitCode == 0, qPrintable(r.out));
        QVERIFY2(r.out.contains(u"Applied: 4"_s) && r.out.contains(u"Pending: 0"_s), qPrintable(r.out));
        // And its next run and rollback work on what the workbench wrote.
        r = run(bin(u"dbmate"_s), QStringList(common) << u"migrate"_s, tmp.path());
        QVERIFY2(r.exitCode == 0 && !r.out.contains(u"Applying"_s), qPrintable(r.out));
        r = run(bin(u"dbmate"_s), QStringList(common) << u"rollback"_s, tmp.path());
        QVERIFY2(r.exitCode == 0 && r.out.contains(u"create_d"_s), qPrintable(r.out));
        st = cp::readStatus(*project, params);
        QVERIFY(st);
        QCOMPARE(stateList(*st), (QStringList{u"applied"_s, u"applied"_s, u"applied"_s, u"pending"_s}));
        if (server == u"mariadb")
            QVERIFY((*db)->execScript(u"DROP DATABASE "_s + params.database));
    }

    void nodePgMigrate()
    {
        MWB_REQUIRE_SERVER_VALUE(pg, "postgresql", "MWB_TEST_PG_URL");
        const auto params = freshPgDatabase();
        QVERIFY(!params.database.isEmpty());
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(u"migrations"_s);
        for (int i = 0; i < 4; ++i)
            QVERIFY(writeFile(dir + u"/170000000"_s + QString::number(i) + u"000_create-t"_s + QString::number(i) + u".sql"_s,
                              "-- Up Migration\nCREATE TABLE npgm_t" + QByteArray::number(i) + " (id int);\n\n-- Down Migration\nDROP TABLE npgm_t"
                                  + QByteArray::number(i) + ";\n"));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"DATABASE_URL"_s, pgUrl(params));
        // The tool applies two.
        Run r = run(bin(u"node-pg-migrate"_s), {u"up"_s, u"2"_s, u"-m"_s, dir}, tmp.path(), env);
        QVERIFY2(r.exitCode == 0, qPrintable(r.out));
        auto project = cp::readProject(dir, cp::Format::NodePgMigrate);
        QVERIFY(project);
        auto st = cp::readStatus(*project, params);
        QVERIFY(st);
        QCOMPARE(stateList(*st), (QStringList{u"applied"_s, u"applied"_s, u"pending"_s, u"pending"_s}));
        QVERIFY(!st->migrations.first().appliedAt.isEmpty());
        auto db = cp::DbSession::open(params);
        QVERIFY(db);
        // The tool's own lock key excludes the workbench while node-pg-migrate would hold it.
        const auto lock = cp::toolLock(*project, **db);
        QVERIFY(lock);
        QCOMPARE(lock->key, u"7241865325823964"_s);
        const auto applied = cp::applyAsTool(**db, *project, project->migrations.mid(2));
        QVERIFY2(applied, qPrintable(applied ? QString() : applied.error().detail));
        st = cp::readStatus(*project, params);
        QVERIFY(st);
        QCOMPARE(st->count(State::Applied), 4);
        // node-pg-migrate agrees: nothing to run, order check passes; and it can go down over our rows.
        r = run(bin(u"node-pg-migrate"_s), {u"up"_s, u"-m"_s, dir}, tmp.path(), env);
        QVERIFY2(r.exitCode == 0 && r.out.contains(u"No migrations to run"_s), qPrintable(r.out));
        r = run(bin(u"node-pg-migrate"_s), {u"down"_s, u"-m"_s, dir}, tmp.path(), env);
        QVERIFY2(r.exitCode == 0 && r.out.contains(u"create-t3"_s), qPrintable(r.out));
    }

    void drizzleKit()
    {
        MWB_REQUIRE_SERVER_VALUE(pg, "postgresql", "MWB_TEST_PG_URL");
        const auto params = freshPgDatabase();
        QVERIFY(!params.database.isEmpty());
        QTemporaryDir tmp;
        const QString out = tmp.filePath(u"drizzle"_s);
        QVERIFY(writeFile(tmp.filePath(u"drizzle.config.js"_s),
                          "module.exports = { dialect: 'postgresql', out: './drizzle', dbCredentials: { url: process.env.DATABASE_URL } };\n"));
        QVERIFY(writeFile(out + u"/meta/_journal.json"_s, "{\n  \"version\": \"7\",\n  \"dialect\": \"postgresql\",\n  \"entries\": []\n}"));
        // Two migrations created by the workbench's writer (journal updated as drizzle-kit does).
        auto project = cp::readProject(out, cp::Format::Drizzle);
        QVERIFY(project);
        const QDateTime base(QDate(2026, 1, 1), QTime(0, 0), QTimeZone::UTC);
        for (int i = 0; i < 2; ++i) {
            cp::NewMigrationOptions o;
            o.now = base.addSecs(i * 60);
            o.upSql = u"CREATE TABLE \"drz_%1\" (\"id\" integer);--> statement-breakpoint\nCREATE INDEX \"drz_%1_idx\" ON \"drz_%1\" (\"id\");"_s.arg(i);
            QVERIFY(cp::createMigration(*project, u"t%1"_s.arg(i), o));
            project = cp::readProject(out, cp::Format::Drizzle);
            QVERIFY(project);
        }
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"DATABASE_URL"_s, pgUrl(params));
        Run r = run(bin(u"drizzle-kit"_s), {u"migrate"_s, u"--config"_s, u"drizzle.config.js"_s}, tmp.path(), env);
        QVERIFY2(r.exitCode == 0, qPrintable(r.out));
        for (int i = 2; i < 4; ++i) {
            cp::NewMigrationOptions o;
            o.now = base.addSecs(i * 60);
            o.upSql = u"CREATE TABLE \"drz_%1\" (\"id\" integer);"_s.arg(i);
            QVERIFY(cp::createMigration(*project, u"t%1"_s.arg(i), o));
            project = cp::readProject(out, cp::Format::Drizzle);
            QVERIFY(project);
        }
        auto st = cp::readStatus(*project, params);
        QVERIFY2(st, qPrintable(st ? QString() : st.error().detail));
        QCOMPARE(stateList(*st), (QStringList{u"applied"_s, u"applied"_s, u"pending"_s, u"pending"_s}));
        auto db = cp::DbSession::open(params);
        QVERIFY(db);
        const auto applied = cp::applyAsTool(**db, *project, project->migrations.mid(2));
        QVERIFY2(applied, qPrintable(applied ? QString() : applied.error().detail));
        st = cp::readStatus(*project, params);
        QVERIFY(st);
        QCOMPARE(st->count(State::Applied), 4);
        // drizzle-kit's next run applies nothing (re-running would fail on CREATE TABLE) and adds no row.
        r = run(bin(u"drizzle-kit"_s), {u"migrate"_s, u"--config"_s, u"drizzle.config.js"_s}, tmp.path(), env);
        QVERIFY2(r.exitCode == 0, qPrintable(r.out));
        const auto rows = (*db)->query(u"SELECT count(*), count(DISTINCT hash) FROM drizzle.__drizzle_migrations"_s);
        QVERIFY(rows);
        QCOMPARE(rows->first().value(0), u"4"_s);
        QCOMPARE(rows->first().value(1), u"4"_s);
    }
};

QTEST_GUILESS_MAIN(TestProjectInterop)
#include "tst_projectinterop.moc"
