// SPDX-License-Identifier: GPL-3.0-or-later
// Interop with the REAL sqitch (Debian's sqitch 1.5, from packaging/devroot.packages) on the fixture's PostgreSQL
// 17: sqitch writes the plan and deploys the first half; `mwb status` reports exactly that; `mwb apply` deploys the
// rest through the engine, writing sqitch's registry; then sqitch's own status, check, verify and deploy agree that
// nothing is pending or corrupt, sqitch reverts over the workbench's rows, and the rows sqitch writes when it
// deploys the same changes again equal the workbench's, column by column (except the commit times).
#include "core/connectionparams.h"
#include "core/project/dbsession.h"

#include "../engine/clirun.h"
#include "testservers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <pqxx/pqxx>

using namespace Qt::StringLiterals;
using clitest::Run;
using clitest::write;

namespace {

const QString kName = u"Pat Planner"_s;
const QString kEmail = u"pat@example.org"_s;

} // namespace

class TestSqitchInterop : public QObject
{
    Q_OBJECT
    QString m_url;
    QString m_superUrl;
    QString m_myUrl;
    QTemporaryDir m_home;
    int m_db = 0;

    QString freshDatabase()
    {
        const QString name = u"sqitch_interop_%1_%2"_s.arg(QCoreApplication::applicationPid()).arg(++m_db);
        pqxx::connection c{core::ConnectionParams::fromUrl(m_superUrl)->toLibpqConninfo().toStdString()};
        pqxx::nontransaction tx{c};
        tx.exec("CREATE DATABASE " + name.toStdString() + " OWNER mwb_test");
        auto p = *core::ConnectionParams::fromUrl(m_url);
        p.database = name;
        return u"postgres://%1:%2@%3:%4/%5?sslmode=disable"_s.arg(QString::fromUtf8(QUrl::toPercentEncoding(p.user)),
                                                                  QString::fromUtf8(QUrl::toPercentEncoding(p.password)), p.host)
            .arg(p.port)
            .arg(name);
    }
    static QString value(const QString &url, const std::string &sql)
    {
        pqxx::connection c{core::ConnectionParams::fromUrl(url)->toLibpqConninfo().toStdString()};
        pqxx::nontransaction tx{c};
        QStringList rows;
        for (const auto &row : tx.exec(sql)) {
            QStringList fields;
            for (const auto &f : row)
                fields.append(f.is_null() ? u"NULL"_s : QString::fromStdString(f.as<std::string>()));
            rows.append(fields.join(u','));
        }
        return rows.join(u';');
    }

    // sqitch in `dir`, against the database of `url` (target and password from the environment, as sqitch reads them).
    Run sqitch(const QStringList &args, const QString &dir, const QString &url)
    {
        const auto p = *core::ConnectionParams::fromUrl(url);
        const bool mysql = p.dialect == core::Dialect::MySQL;
        QProcess proc;
        auto e = QProcessEnvironment::systemEnvironment();
        e.insert(u"SQITCH_FULLNAME"_s, kName);
        e.insert(u"SQITCH_EMAIL"_s, kEmail);
        e.insert(u"SQITCH_USER_CONFIG"_s, m_home.filePath(u"no-user-sqitch.conf"_s));
        e.insert(u"SQITCH_SYSTEM_CONFIG"_s, m_home.filePath(u"no-system-sqitch.conf"_s));
        e.insert(u"SQITCH_TARGET"_s, u"db:%5://%1@%2:%3/%4"_s.arg(p.user, p.host).arg(p.port).arg(p.database, mysql ? u"mysql"_s : u"pg"_s));
        e.insert(u"SQITCH_PASSWORD"_s, p.password);
        e.insert(u"PGSSLMODE"_s, u"disable"_s);
        proc.setProcessEnvironment(e);
        proc.setWorkingDirectory(dir);
        proc.start(u"sqitch"_s, args);
        if (!proc.waitForFinished(120000)) {
            proc.kill();
            proc.waitForFinished();
            return {-1, {}, u"sqitch timed out or did not start: "_s + proc.errorString()};
        }
        return {proc.exitStatus() == QProcess::NormalExit ? proc.exitCode() : -1, QString::fromUtf8(proc.readAllStandardOutput()),
                QString::fromUtf8(proc.readAllStandardError())};
    }
    Run mwb(const QStringList &args)
    {
        qputenv("SQITCH_FULLNAME", kName.toUtf8());
        qputenv("SQITCH_EMAIL", kEmail.toUtf8());
        qputenv("SQITCH_USER_CONFIG", m_home.filePath(u"no-user-sqitch.conf"_s).toUtf8());
        qputenv("SQITCH_SYSTEM_CONFIG", m_home.filePath(u"no-system-sqitch.conf"_s).toUtf8());
        return clitest::mwb(args, m_home.path());
    }
    QStringList states(const QString &dir, const QString &url)
    {
        const Run r = mwb({u"status"_s, dir, u"--url"_s, url, u"--format"_s, u"json"_s});
        QStringList out;
        for (const auto &m : QJsonDocument::fromJson(r.out.toUtf8()).object().value(u"migrations"_s).toArray())
            out.append(m.toObject().value(u"name"_s).toString() + u'=' + m.toObject().value(u"state"_s).toString());
        if (out.isEmpty())
            out.append(r.err + r.out);
        return out;
    }
    // The registry rows of `changes` (but their commit times): what sqitch and the workbench must write alike.
    static QString registryRows(const QString &url, const QString &changes)
    {
        const std::string in = changes.toStdString();
        return value(url, "SELECT change_id, script_hash, change, project, note, committer_name, committer_email, planned_at, "
                          "planner_name, planner_email FROM sqitch.changes WHERE change IN (" + in + ") ORDER BY committed_at")
            + u'|'
            + value(url, "SELECT d.change_id, d.type, d.dependency, d.dependency_id FROM sqitch.dependencies d JOIN sqitch.changes c "
                         "USING (change_id) WHERE c.change IN (" + in + ") ORDER BY 1, 3")
            + u'|'
            + value(url, "SELECT t.tag_id, t.tag, t.project, t.change_id, t.note, t.committer_name, t.committer_email, t.planned_at, "
                         "t.planner_name, t.planner_email FROM sqitch.tags t JOIN sqitch.changes c USING (change_id) "
                         "WHERE c.change IN (" + in + ") ORDER BY 1")
            + u'|'
            + value(url, "SELECT event, change_id, change, project, note, requires, conflicts, tags, committer_name, committer_email, "
                         "planned_at, planner_name, planner_email FROM sqitch.events WHERE event = 'deploy' AND change IN (" + in + ") "
                         "AND committed_at = (SELECT max(committed_at) FROM sqitch.events e WHERE e.change_id = events.change_id "
                         "AND e.event = 'deploy') ORDER BY committed_at");
    }

    // MariaDB: a fresh database for the target (the fixture's user may create and use mwb_test%).
    QString freshMariaDb(const QString &name)
    {
        auto p = *core::ConnectionParams::fromUrl(m_myUrl);
        auto db = core::project::DbSession::open(p);
        if (!db || !(*db)->execScript(u"CREATE DATABASE "_s + name))
            return {};
        return u"mysql://%1:%2@%3:%4/%5"_s.arg(QString::fromUtf8(QUrl::toPercentEncoding(p.user)),
                                              QString::fromUtf8(QUrl::toPercentEncoding(p.password)), p.host)
            .arg(p.port)
            .arg(name);
    }
    QString myValue(const QString &sql)
    {
        auto db = core::project::DbSession::open(*core::ConnectionParams::fromUrl(m_myUrl));
        if (!db)
            return db.error().detail;
        const auto rows = (*db)->query(sql);
        if (!rows)
            return u"error: "_s + rows.error().detail;
        QStringList out;
        for (const auto &r : *rows)
            out.append(QStringList(r.begin(), r.end()).join(u','));
        return out.join(u';');
    }
    // A sqitch project for MySQL/MariaDB with its registry database `registry`: four changes, tags @v1.0 and @v2.0.
    bool mysqlProject(const QString &dir, const QString &url, const QString &registry)
    {
        QDir().mkpath(dir);
        Run r = sqitch({u"init"_s, u"widgets"_s, u"--engine"_s, u"mysql"_s, u"--uri"_s, u"https://example.org/widgets"_s}, dir, url);
        r = r.exitCode == 0 ? sqitch({u"config"_s, u"engine.mysql.registry"_s, registry}, dir, url) : r;
        const QList<QStringList> adds{{u"users"_s, u"-n"_s, u"Add users"_s},
                                      {u"widgets"_s, u"-r"_s, u"users"_s, u"-n"_s, u"Widgets and owners"_s},
                                      {u"widgets_idx"_s, u"-r"_s, u"widgets"_s, u"-n"_s, u"Owner index"_s},
                                      {u"comments"_s, u"-r"_s, u"users"_s, u"-r"_s, u"widgets@v1.0"_s, u"-n"_s, u"Comments"_s}};
        for (int i = 0; i < adds.size() && r.exitCode == 0; ++i) {
            r = sqitch(QStringList{u"add"_s} + adds.at(i), dir, url);
            if (i == 1 && r.exitCode == 0)
                r = sqitch({u"tag"_s, u"v1.0"_s, u"-n"_s, u"First release"_s}, dir, url);
        }
        if (r.exitCode == 0)
            r = sqitch({u"tag"_s, u"v2.0"_s, u"-n"_s, u"Second release"_s}, dir, url);
        if (r.exitCode != 0) {
            qWarning().noquote() << r.err << r.out;
            return false;
        }
        auto script = [&](const QString &kind, const QString &change, const QByteArray &body) {
            write(dir + u'/' + kind + u'/' + change + u".sql"_s, body);
        };
        script(u"deploy"_s, u"users"_s, "-- Deploy widgets:users to mysql\n\nBEGIN;\n\nCREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL);\n\nCOMMIT;\n");
        script(u"deploy"_s, u"widgets"_s, "-- Deploy widgets:widgets to mysql\n\nBEGIN;\n\nCREATE TABLE widgets (id INT PRIMARY KEY, owner_id INT);\n\nCOMMIT;\n");
        script(u"deploy"_s, u"widgets_idx"_s, "-- Deploy widgets:widgets_idx to mysql\n\nCREATE INDEX widgets_owner_idx ON widgets (owner_id);\n");
        script(u"deploy"_s, u"comments"_s, "-- Deploy widgets:comments to mysql\n\nBEGIN;\n\nCREATE TABLE comments (id INT PRIMARY KEY, body VARCHAR(100) NOT NULL);\n\n"
                                          "INSERT INTO comments VALUES (1, 'first');\n\nCOMMIT;\n");
        script(u"revert"_s, u"users"_s, "DROP TABLE users;\n");
        script(u"revert"_s, u"widgets"_s, "DROP TABLE widgets;\n");
        script(u"revert"_s, u"widgets_idx"_s, "DROP INDEX widgets_owner_idx ON widgets;\n");
        script(u"revert"_s, u"comments"_s, "DROP TABLE comments;\n");
        script(u"verify"_s, u"users"_s, "SELECT id, name FROM users WHERE 0;\n");
        script(u"verify"_s, u"widgets"_s, "SELECT id, owner_id FROM widgets WHERE 0;\n");
        // checkit() is the function sqitch (and the workbench) creates in the registry database.
        script(u"verify"_s, u"widgets_idx"_s, "SELECT " + registry.toUtf8() + ".checkit(COUNT(*), 'no index') FROM information_schema.statistics "
                                              "WHERE table_schema = DATABASE() AND index_name = 'widgets_owner_idx';\n");
        script(u"verify"_s, u"comments"_s, "SELECT " + registry.toUtf8() + ".checkit(COUNT(*), 'no comment') FROM comments WHERE body = 'first';\n");
        return true;
    }
    // The registry database's tables, triggers and function, as the server reports them (names and DDL).
    QString registryLayout(const QString &registry)
    {
        QString out;
        for (const QString &t : {u"releases"_s, u"projects"_s, u"changes"_s, u"tags"_s, u"dependencies"_s, u"events"_s})
            out += myValue(u"SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_KEY, COLUMN_DEFAULT, COLUMN_COMMENT, CHARACTER_SET_NAME "
                           "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '%1' AND TABLE_NAME = '%2' ORDER BY ORDINAL_POSITION"_s.arg(registry, t))
                + u'\n'
                + myValue(u"SELECT INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME FROM information_schema.STATISTICS "
                          "WHERE TABLE_SCHEMA = '%1' AND TABLE_NAME = '%2' ORDER BY INDEX_NAME, SEQ_IN_INDEX"_s.arg(registry, t))
                + u'\n'
                + myValue(u"SELECT ENGINE, TABLE_COLLATION, TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = '%1' "
                          "AND TABLE_NAME = '%2'"_s.arg(registry, t))
                + u'\n';
        out += myValue(u"SELECT CONSTRAINT_NAME, TABLE_NAME, REFERENCED_TABLE_NAME, UPDATE_RULE, DELETE_RULE FROM "
                       "information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = '%1' ORDER BY 1"_s.arg(registry));
        out += u'\n' + myValue(u"SELECT TRIGGER_NAME, EVENT_MANIPULATION, EVENT_OBJECT_TABLE, ACTION_TIMING, ACTION_STATEMENT FROM "
                               "information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = '%1' ORDER BY 1"_s.arg(registry));
        out += u'\n' + myValue(u"SELECT ROUTINE_NAME, ROUTINE_TYPE, DATA_TYPE, IS_DETERMINISTIC, ROUTINE_DEFINITION FROM "
                               "information_schema.ROUTINES WHERE ROUTINE_SCHEMA = '%1'"_s.arg(registry));
        return out;
    }
    // The rows of the workbench-or-sqitch-written changes, but their commit times.
    QString myRegistryRows(const QString &registry, const QString &changes)
    {
        return myValue(u"SELECT change_id, script_hash, `change`, project, note, committer_name, committer_email, planned_at, planner_name, "
                       "planner_email FROM %1.changes WHERE `change` IN (%2) ORDER BY committed_at"_s.arg(registry, changes))
            + u'|'
            + myValue(u"SELECT d.change_id, d.type, d.dependency, d.dependency_id FROM %1.dependencies d JOIN %1.changes c "
                      "ON c.change_id = d.change_id WHERE c.`change` IN (%2) ORDER BY 1, 3"_s.arg(registry, changes))
            + u'|'
            + myValue(u"SELECT t.tag_id, t.tag, t.project, t.change_id, t.note, t.committer_name, t.committer_email, t.planned_at, "
                      "t.planner_name, t.planner_email FROM %1.tags t JOIN %1.changes c ON c.change_id = t.change_id "
                      "WHERE c.`change` IN (%2) ORDER BY 1"_s.arg(registry, changes))
            + u'|'
            + myValue(u"SELECT event, change_id, `change`, project, note, requires, conflicts, tags, committer_name, committer_email, "
                      "planned_at, planner_name, planner_email FROM %1.events e WHERE event = 'deploy' AND `change` IN (%2) "
                      "AND committed_at = (SELECT max(x.committed_at) FROM %1.events x WHERE x.change_id = e.change_id "
                      "AND x.event = 'deploy') ORDER BY committed_at"_s.arg(registry, changes));
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_url = testsupport::serverValue(u"postgresql"_s, u"MWB_TEST_PG_URL"_s);
        m_superUrl = testsupport::serverValue(u"postgresql"_s, u"MWB_TEST_PG_SUPERUSER_URL"_s);
        QVERIFY2(!m_url.isEmpty() && !m_superUrl.isEmpty(), qPrintable(testsupport::serverUnavailableReason(u"postgresql"_s)));
        m_myUrl = testsupport::serverValue(u"mariadb"_s, u"MWB_TEST_MARIADB_URL"_s);
        QVERIFY2(!m_myUrl.isEmpty(), qPrintable(testsupport::serverUnavailableReason(u"mariadb"_s)));
        QVERIFY(m_home.isValid());
        QProcess version;
        version.start(u"sqitch"_s, {u"--version"_s});
        QVERIFY2(version.waitForFinished(60000) && version.exitCode() == 0,
                 "sqitch is not installed: it comes with packaging/devroot.packages");
        QVERIFY2(QString::fromUtf8(version.readAllStandardOutput()).contains(u"App::Sqitch"_s), "not sqitch");
    }

    void postgresqlHalfBySqitchRestByTheWorkbench()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(u"proj"_s);
        QVERIFY(QDir().mkpath(dir));
        const QString url = freshDatabase();
        // The plan as sqitch itself writes it: four changes with dependencies, a tag in the middle and one at the end.
        Run r = sqitch({u"init"_s, u"widgets"_s, u"--engine"_s, u"pg"_s, u"--uri"_s, u"https://example.org/widgets"_s}, dir, url);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        const QList<QStringList> adds{{u"users"_s, u"-n"_s, u"Add users"_s},
                                      {u"widgets"_s, u"-r"_s, u"users"_s, u"-n"_s, u"Widgets and owners"_s},
                                      {u"widgets_idx"_s, u"-r"_s, u"widgets"_s, u"-n"_s, u"Owner index, built concurrently"_s},
                                      {u"comments"_s, u"-r"_s, u"users"_s, u"-r"_s, u"widgets@v1.0"_s, u"-n"_s, u"Comments"_s}};
        for (int i = 0; i < adds.size(); ++i) {
            r = sqitch(QStringList{u"add"_s} + adds.at(i), dir, url);
            QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
            if (i == 1) {
                r = sqitch({u"tag"_s, u"v1.0"_s, u"-n"_s, u"First release"_s}, dir, url);
                QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
            }
        }
        r = sqitch({u"tag"_s, u"v2.0"_s, u"-n"_s, u"Second release"_s}, dir, url);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        auto script = [&](const QString &kind, const QString &change, const QByteArray &body) {
            write(dir + u'/' + kind + u'/' + change + u".sql"_s, body);
        };
        script(u"deploy"_s, u"users"_s, "-- Deploy widgets:users to pg\n\nBEGIN;\n\nCREATE TABLE users (id int PRIMARY KEY, name text NOT NULL);\n\nCOMMIT;\n");
        script(u"deploy"_s, u"widgets"_s, "-- Deploy widgets:widgets to pg\n-- requires: users\n\nBEGIN;\n\nCREATE TABLE widgets (id int PRIMARY KEY, owner_id int);\n\nCOMMIT;\n");
        script(u"deploy"_s, u"widgets_idx"_s, "-- Deploy widgets:widgets_idx to pg\n-- No BEGIN/COMMIT: CREATE INDEX CONCURRENTLY cannot run in a transaction.\n\n"
                                             "CREATE INDEX CONCURRENTLY widgets_owner_idx ON widgets (owner_id);\n");
        script(u"deploy"_s, u"comments"_s, "-- Deploy widgets:comments to pg\n\nBEGIN;\n\nCREATE TABLE comments (id int PRIMARY KEY, body text NOT NULL);\n\n"
                                          "INSERT INTO comments VALUES (1, 'first');\n\nCOMMIT;\n");
        script(u"revert"_s, u"users"_s, "BEGIN;\nDROP TABLE users;\nCOMMIT;\n");
        script(u"revert"_s, u"widgets"_s, "BEGIN;\nDROP TABLE widgets;\nCOMMIT;\n");
        script(u"revert"_s, u"widgets_idx"_s, "DROP INDEX CONCURRENTLY widgets_owner_idx;\n");
        script(u"revert"_s, u"comments"_s, "BEGIN;\nDROP TABLE comments;\nCOMMIT;\n");
        script(u"verify"_s, u"users"_s, "SELECT id, name FROM users WHERE false;\n");
        script(u"verify"_s, u"widgets"_s, "SELECT id, owner_id FROM widgets WHERE false;\n");
        script(u"verify"_s, u"widgets_idx"_s, "SELECT 1/count(*) FROM pg_indexes WHERE indexname = 'widgets_owner_idx';\n");
        script(u"verify"_s, u"comments"_s, "SELECT 1/count(*) FROM comments WHERE body = 'first';\n");

        // sqitch deploys the first half (up to the tag @v1.0).
        r = sqitch({u"deploy"_s, u"--to"_s, u"@v1.0"_s}, dir, url);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QCOMPARE(states(dir, url), (QStringList{u"users=applied"_s, u"widgets=applied"_s, u"widgets_idx=pending"_s, u"comments=pending"_s}));

        // The workbench deploys the rest through its engine.
        r = mwb({u"apply"_s, dir, u"--url"_s, url, u"--override-reason"_s, u"interop test"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QCOMPARE(states(dir, url), (QStringList{u"users=applied"_s, u"widgets=applied"_s, u"widgets_idx=applied"_s, u"comments=applied"_s}));
        QCOMPARE(value(url, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'widgets_owner_idx'::regclass"), u"t"_s);
        QCOMPARE(value(url, "SELECT body FROM comments"), u"first"_s);
        const QString ours = registryRows(url, u"'widgets_idx', 'comments'"_s);
        QVERIFY2(ours.contains(kEmail) && ours.contains(u"@v2.0"_s), qPrintable(ours));
        QCOMPARE(value(url, "SELECT count(*) FROM sqitch.dependencies d JOIN sqitch.changes c USING (change_id) WHERE c.change = 'comments' "
                            "AND d.type = 'require' AND d.dependency_id IS NOT NULL"),
                 u"2"_s);

        // sqitch agrees: nothing to deploy, no script changed, every change verifies.
        r = sqitch({u"status"_s}, dir, url);
        QVERIFY2(r.exitCode == 0 && r.out.contains(u"Nothing to deploy (up-to-date)"_s), qPrintable(r.err + r.out));
        QVERIFY2(r.out.contains(u"comments"_s) && r.out.contains(u"@v2.0"_s), qPrintable(r.out));
        r = sqitch({u"check"_s}, dir, url);
        QVERIFY2(r.exitCode == 0 && !r.out.contains(u"diverge"_s), qPrintable(r.err + r.out));
        r = sqitch({u"verify"_s}, dir, url);
        QVERIFY2(r.exitCode == 0 && r.out.contains(u"Verify successful"_s), qPrintable(r.err + r.out));
        r = sqitch({u"deploy"_s}, dir, url);
        QVERIFY2(r.exitCode == 0 && r.out.contains(u"Nothing to deploy"_s), qPrintable(r.err + r.out));

        // sqitch reverts what the workbench deployed (its dependencies and tags rows are what sqitch needs) ...
        r = sqitch({u"revert"_s, u"-y"_s, u"--to"_s, u"@v1.0"_s}, dir, url);
        QVERIFY2(r.exitCode == 0 && r.out.contains(u"comments"_s) && r.out.contains(u"widgets_idx"_s), qPrintable(r.err + r.out));
        QCOMPARE(states(dir, url), (QStringList{u"users=applied"_s, u"widgets=applied"_s, u"widgets_idx=pending"_s, u"comments=pending"_s}));
        // ... and deploys them again itself: its rows equal the workbench's.
        r = sqitch({u"deploy"_s}, dir, url);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QCOMPARE(registryRows(url, u"'widgets_idx', 'comments'"_s), ours);
        QCOMPARE(states(dir, url), (QStringList{u"users=applied"_s, u"widgets=applied"_s, u"widgets_idx=applied"_s, u"comments=applied"_s}));

        // The workbench first, on a fresh database: it creates the registry schema as sqitch does, and sqitch
        // carries on from it.
        const QString url2 = freshDatabase();
        r = mwb({u"apply"_s, dir, u"--url"_s, url2, u"--to"_s, u"widgets"_s, u"--override-reason"_s, u"interop test"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        const std::string layout = "SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns "
                                   "WHERE table_schema = 'sqitch' ORDER BY table_name, ordinal_position";
        const std::string constraints = "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                                        "WHERE connamespace = 'sqitch'::regnamespace ORDER BY 1, 2";
        QVERIFY(value(url, layout).contains(u"committer_email"_s));
        QCOMPARE(value(url2, layout), value(url, layout));
        QCOMPARE(value(url2, constraints), value(url, constraints));
        const std::string comments = "SELECT coalesce(c.relname, ''), d.objsubid, d.description FROM pg_description d "
                                     "LEFT JOIN pg_class c ON c.oid = d.objoid WHERE c.relnamespace = 'sqitch'::regnamespace "
                                     "OR d.objoid = 'sqitch'::regnamespace ORDER BY 1, 2";
        QVERIFY(value(url, comments).contains(u"Sqitch database deployment metadata"_s));
        QCOMPARE(value(url2, comments), value(url, comments));
        QCOMPARE(value(url2, "SELECT version, installer_name, installer_email FROM sqitch.releases"), u"1.1,%1,%2"_s.arg(kName, kEmail));
        r = sqitch({u"status"_s}, dir, url2);
        QVERIFY2(r.exitCode == 0 && r.out.contains(u"@v1.0"_s) && r.out.contains(u"widgets_idx"_s), qPrintable(r.err + r.out));
        r = sqitch({u"deploy"_s}, dir, url2);
        QVERIFY2(r.exitCode == 0 && r.out.contains(u"comments"_s), qPrintable(r.err + r.out));
        r = sqitch({u"verify"_s}, dir, url2);
        QVERIFY2(r.exitCode == 0 && r.out.contains(u"Verify successful"_s), qPrintable(r.err + r.out));
        QCOMPARE(states(dir, url2), (QStringList{u"users=applied"_s, u"widgets=applied"_s, u"widgets_idx=applied"_s, u"comments=applied"_s}));

        // The workbench reverts the last two (mwb down, revert scripts with and without BEGIN/COMMIT) ...
        r = mwb({u"down"_s, dir, u"--url"_s, url2, u"--steps"_s, u"2"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QCOMPARE(states(dir, url2), (QStringList{u"users=applied"_s, u"widgets=applied"_s, u"widgets_idx=pending"_s, u"comments=pending"_s}));
        QCOMPARE(value(url2, "SELECT to_regclass('widgets_owner_idx') IS NULL, to_regclass('comments') IS NULL"), u"t,t"_s);
        r = sqitch({u"status"_s}, dir, url2);
        QVERIFY2(r.out.contains(u"Undeployed changes:"_s) && r.out.contains(u"* comments @v2.0"_s), qPrintable(r.err + r.out));
        // ... sqitch deploys them again over the workbench's revert, and reverts them itself: its revert events equal ours.
        r = sqitch({u"deploy"_s}, dir, url2);
        QVERIFY2(r.exitCode == 0 && r.out.contains(u"comments"_s), qPrintable(r.err + r.out));
        r = sqitch({u"revert"_s, u"-y"_s, u"--to"_s, u"@v1.0"_s}, dir, url2);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        const QStringList reverts = value(url2, "SELECT event, change_id, change, project, note, requires, conflicts, tags, committer_name, "
                                                "committer_email, planned_at, planner_name, planner_email FROM sqitch.events "
                                                "WHERE event = 'revert' ORDER BY committed_at")
                                        .split(u';');
        QCOMPARE(reverts.size(), 4);
        QVERIFY2(reverts.at(0).contains(u"comments"_s) && reverts.at(1).contains(u"widgets_idx"_s), qPrintable(reverts.join(u'\n')));
        QCOMPARE(reverts.mid(0, 2), reverts.mid(2, 2));
    }

    // sqitch's MySQL engine keeps its registry in a database of its own (the registry setting, default "sqitch";
    // here mwb_test_…, which the fixture's user may create). Half by sqitch, the rest by the workbench; then, on a
    // second database, the workbench first (it creates the registry) and sqitch after it.
    void mariadbRegistryDatabase()
    {
        const QString tag = u"%1_%2"_s.arg(QCoreApplication::applicationPid()).arg(++m_db);
        const QString url = freshMariaDb(u"mwb_test_sqt_"_s + tag);
        QVERIFY(!url.isEmpty());
        const QString registry = u"mwb_test_sqreg_"_s + tag;
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(u"proj"_s);
        QVERIFY(mysqlProject(dir, url, registry));

        Run r = sqitch({u"deploy"_s, u"--to"_s, u"@v1.0"_s}, dir, url);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QCOMPARE(myValue(u"SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '%1'"_s.arg(registry)), u"6"_s);
        QCOMPARE(states(dir, url), (QStringList{u"users=applied"_s, u"widgets=applied"_s, u"widgets_idx=pending"_s, u"comments=pending"_s}));

        r = mwb({u"apply"_s, dir, u"--url"_s, url, u"--override-reason"_s, u"interop test"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QCOMPARE(states(dir, url), (QStringList{u"users=applied"_s, u"widgets=applied"_s, u"widgets_idx=applied"_s, u"comments=applied"_s}));
        const QString ours = myRegistryRows(registry, u"'widgets_idx', 'comments'"_s);
        QVERIFY2(ours.contains(kEmail) && ours.contains(u"@v2.0"_s) && !ours.contains(u"error"_s), qPrintable(ours));
        r = sqitch({u"status"_s}, dir, url);
        QVERIFY2(r.exitCode == 0 && r.out.contains(u"Nothing to deploy (up-to-date)"_s) && r.out.contains(u"@v2.0"_s), qPrintable(r.err + r.out));
        r = sqitch({u"check"_s}, dir, url);
        QVERIFY2(r.exitCode == 0 && !r.out.contains(u"diverge"_s), qPrintable(r.err + r.out));
        r = sqitch({u"verify"_s}, dir, url);
        QVERIFY2(r.exitCode == 0 && r.out.contains(u"Verify successful"_s), qPrintable(r.err + r.out));
        r = sqitch({u"revert"_s, u"-y"_s, u"--to"_s, u"@v1.0"_s}, dir, url);
        QVERIFY2(r.exitCode == 0 && r.out.contains(u"comments"_s) && r.out.contains(u"widgets_idx"_s), qPrintable(r.err + r.out));
        QCOMPARE(states(dir, url), (QStringList{u"users=applied"_s, u"widgets=applied"_s, u"widgets_idx=pending"_s, u"comments=pending"_s}));
        r = sqitch({u"deploy"_s}, dir, url);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QCOMPARE(myRegistryRows(registry, u"'widgets_idx', 'comments'"_s), ours);

        // The workbench first, on a fresh database and registry: it creates the registry as sqitch does.
        const QString tag2 = u"%1_%2"_s.arg(QCoreApplication::applicationPid()).arg(++m_db);
        const QString url2 = freshMariaDb(u"mwb_test_sqt_"_s + tag2);
        QVERIFY(!url2.isEmpty());
        const QString registry2 = u"mwb_test_sqreg_"_s + tag2;
        QTemporaryDir tmp2;
        const QString dir2 = tmp2.filePath(u"proj"_s);
        QVERIFY(mysqlProject(dir2, url2, registry2));
        r = mwb({u"apply"_s, dir2, u"--url"_s, url2, u"--to"_s, u"widgets"_s, u"--override-reason"_s, u"interop test"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QCOMPARE(states(dir2, url2), (QStringList{u"users=applied"_s, u"widgets=applied"_s, u"widgets_idx=pending"_s, u"comments=pending"_s}));
        const QString layout = registryLayout(registry);
        QVERIFY2(!layout.contains(u"error"_s) && layout.contains(u"ck_insert_dependency"_s) && layout.contains(u"checkit"_s)
                     && layout.contains(u"Contains full history of all deployment events."_s),
                 qPrintable(layout));
        QCOMPARE(registryLayout(registry2), layout);
        QCOMPARE(myValue(u"SELECT version, installer_name, installer_email FROM %1.releases"_s.arg(registry2)),
                 u"1.1,%1,%2"_s.arg(kName, kEmail));
        r = sqitch({u"status"_s}, dir2, url2);
        QVERIFY2(r.exitCode == 0 && r.out.contains(u"@v1.0"_s) && r.out.contains(u"widgets_idx"_s), qPrintable(r.err + r.out));
        r = sqitch({u"deploy"_s}, dir2, url2);
        QVERIFY2(r.exitCode == 0 && r.out.contains(u"comments"_s), qPrintable(r.err + r.out));
        r = sqitch({u"verify"_s}, dir2, url2);
        QVERIFY2(r.exitCode == 0 && r.out.contains(u"Verify successful"_s), qPrintable(r.err + r.out));
        QCOMPARE(states(dir2, url2), (QStringList{u"users=applied"_s, u"widgets=applied"_s, u"widgets_idx=applied"_s, u"comments=applied"_s}));
        // The workbench reverts the last two; sqitch deploys them again, and its revert events equal the workbench's.
        r = mwb({u"down"_s, dir2, u"--url"_s, url2, u"--steps"_s, u"2"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QCOMPARE(states(dir2, url2), (QStringList{u"users=applied"_s, u"widgets=applied"_s, u"widgets_idx=pending"_s, u"comments=pending"_s}));
        r = sqitch({u"deploy"_s}, dir2, url2);
        QVERIFY2(r.exitCode == 0 && r.out.contains(u"comments"_s), qPrintable(r.err + r.out));
        r = sqitch({u"revert"_s, u"-y"_s, u"--to"_s, u"@v1.0"_s}, dir2, url2);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        const QStringList reverts = myValue(u"SELECT event, change_id, `change`, project, note, requires, conflicts, tags, committer_name, "
                                            "committer_email, planned_at, planner_name, planner_email FROM %1.events "
                                            "WHERE event = 'revert' ORDER BY committed_at"_s.arg(registry2))
                                        .split(u';');
        QCOMPARE(reverts.size(), 4);
        QVERIFY2(reverts.at(0).contains(u"comments"_s) && reverts.at(1).contains(u"widgets_idx"_s), qPrintable(reverts.join(u'\n')));
        QCOMPARE(reverts.mid(0, 2), reverts.mid(2, 2));
        for (const QString &name : QStringList{u"mwb_test_sqt_"_s + tag, registry, u"mwb_test_sqt_"_s + tag2, registry2})
            QCOMPARE(myValue(u"DROP DATABASE "_s + name), QString());
    }
};

QTEST_GUILESS_MAIN(TestSqitchInterop)
#include "tst_sqitchinterop.moc"
