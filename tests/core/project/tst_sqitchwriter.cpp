// SPDX-License-Identifier: GPL-3.0-or-later
// sqitch registry writes on the fixture's real PostgreSQL 17, as sqitch 1.x writes them (sqitch itself cannot be
// installed here): registry DDL, release and project rows, and per change the changes / dependencies / tags /
// events rows with sqitch's ids and values; revert and fail events; sqitch's table lock; the workbench's own
// status reader agrees with what was written.
#include "core/connectionparams.h"
#include "core/project/checksum.h"
#include "core/project/dbsession.h"
#include "core/project/history.h"
#include "core/project/reader.h"
#include "core/project/sqitchwriter.h"

#include "testservers.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
namespace cp = core::project;
using State = cp::MigrationStatus::State;

namespace {

QString fixture()
{
    return QStringLiteral(MWB_SOURCE_DIR "/tests/data/projects/sqitch/basic");
}

QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestSqitchWriter : public QObject
{
    Q_OBJECT
    core::ConnectionParams m_params;
    std::unique_ptr<cp::DbSession> m_db;
    QString m_dbName;
    const cp::SqitchUser m_user{u"Workbench Tester"_s, u"tester@example.com"_s};

    QList<cp::Row> rows(const QString &sql, const QStringList &params = {})
    {
        auto r = m_db->query(sql, params);
        return r ? *r : QList<cp::Row>{};
    }

private Q_SLOTS:
    void initTestCase()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "postgresql", "MWB_TEST_PG_URL");
        MWB_REQUIRE_SERVER_VALUE(superUrl, "postgresql", "MWB_TEST_PG_SUPERUSER_URL");
        auto p = core::ConnectionParams::fromUrl(url);
        auto su = core::ConnectionParams::fromUrl(superUrl);
        QVERIFY(p && su);
        m_dbName = u"mwb_sqitch_%1"_s.arg(QCoreApplication::applicationPid());
        auto admin = cp::DbSession::open(*su);
        QVERIFY(admin);
        (void)(*admin)->execScript(u"DROP DATABASE IF EXISTS %1"_s.arg(m_dbName));
        QVERIFY((*admin)->execScript(u"CREATE DATABASE %1 OWNER %2"_s.arg(m_dbName, p->user)));
        m_params = *p;
        m_params.database = m_dbName;
        auto db = cp::DbSession::open(m_params);
        QVERIFY(db);
        m_db = std::move(*db);
    }

    void cleanupTestCase()
    {
        m_db.reset();
        const QString superUrl = testsupport::serverValue(u"postgresql"_s, u"MWB_TEST_PG_SUPERUSER_URL"_s);
        if (auto su = core::ConnectionParams::fromUrl(superUrl))
            if (auto admin = cp::DbSession::open(*su))
                (void)(*admin)->execScript(u"DROP DATABASE IF EXISTS %1"_s.arg(m_dbName));
    }

    void planHasSqitchsIds()
    {
        const auto plan = cp::readSqitchPlan(fixture());
        QVERIFY2(plan, qPrintable(plan ? QString() : plan.error().detail));
        const auto project = cp::readProject(fixture(), cp::Format::Sqitch);
        QVERIFY(project);
        QCOMPARE(plan->project, u"demo"_s);
        QCOMPARE(plan->changes.size(), 2);
        QCOMPARE(plan->changes.at(0).id, project->migrations.at(0).id);
        QCOMPARE(plan->changes.at(1).id, project->migrations.at(1).id);
        QCOMPARE(plan->changes.at(1).requires_, QStringList{u"users"_s});
        QCOMPARE(plan->changes.at(0).scriptHash, cp::sha1Hex(fileBytes(fixture() + u"/deploy/users.sql"_s)));
        QCOMPARE(plan->changes.at(0).plannerName, u"root"_s);
        QCOMPARE(plan->changes.at(0).plannerEmail, u"root@vm"_s);
        QCOMPARE(plan->changes.at(0).timestamp, u"2026-11-24T06:45:50Z"_s);
        QVERIFY(plan->changes.at(0).tags.isEmpty());
        QCOMPARE(plan->changes.at(1).tags.size(), 1);
        const cp::SqitchTag &tag = plan->changes.at(1).tags.first();
        QCOMPARE(tag.name, u"v1.0"_s);
        QCOMPARE(tag.note, u"tag"_s);
        // App::Sqitch::Plan::Tag->info / id
        const QString info = u"project demo\ntag @v1.0\nchange "_s + plan->changes.at(1).id
            + u"\nplanner root <root@vm>\ndate 2026-11-24T06:46:00Z\n\ntag"_s;
        QCOMPARE(tag.id, cp::sqitchObjectId(u"tag"_s, info));
        QCOMPARE(tag.id.size(), 40);
    }

    void registryDeployRevertFail()
    {
        QVERIFY(m_db);
        const auto plan = cp::readSqitchPlan(fixture());
        QVERIFY(plan);
        const cp::SqitchChange &users = plan->changes.at(0);
        const cp::SqitchChange &idx = plan->changes.at(1);
        QVERIFY(cp::sqitchInitRegistry(*m_db, *plan, m_user));
        QVERIFY(cp::sqitchInitRegistry(*m_db, *plan, m_user)); // again: nothing more
        QCOMPARE(rows(u"SELECT version::text, installer_name, installer_email FROM sqitch.releases"_s),
                 (QList<cp::Row>{{u"1.1"_s, m_user.name, m_user.email}}));
        QCOMPARE(rows(u"SELECT project, uri, creator_name, creator_email FROM sqitch.projects"_s),
                 (QList<cp::Row>{{u"demo"_s, QString(), m_user.name, m_user.email}}));
        // the layout sqitch's own registry has, as the history reader recognises it
        auto tables = cp::findHistoryTables(*m_db);
        QVERIFY(tables);
        bool found = false;
        for (const cp::HistoryTable &t : *tables)
            found = found || (t.schema == u"sqitch"_s && t.name == u"changes"_s && t.format == cp::Format::Sqitch);
        QVERIFY(found);

        // a required change that is not deployed: refused, nothing written
        QVERIFY(cp::sqitchBeginWork(*m_db));
        auto refused = cp::sqitchLogDeploy(*m_db, *plan, idx, m_user);
        QVERIFY(!refused);
        QVERIFY(refused.error().detail.contains(u"Missing required change: users"_s));
        QVERIFY(cp::sqitchRollbackWork(*m_db));

        // deploy users, then idx, each as sqitch does: lock, script (another session), rows, commit
        for (const cp::SqitchChange *c : {&users, &idx}) {
            QVERIFY(cp::sqitchBeginWork(*m_db));
            // sqitch's lock: another session cannot take the changes table meanwhile
            auto other = cp::DbSession::open(m_params);
            QVERIFY(other);
            QVERIFY((*other)->execScript(u"SET lock_timeout = '50ms'"_s));
            QVERIFY(!(*other)->execScript(u"LOCK TABLE sqitch.changes IN EXCLUSIVE MODE"_s));
            QVERIFY2((*other)->execScript(QString::fromUtf8(fileBytes(c->deployFile))), qPrintable(c->name));
            auto logged = cp::sqitchLogDeploy(*m_db, *plan, *c, m_user);
            QVERIFY2(logged, qPrintable(logged ? QString() : logged.error().detail));
            QVERIFY(cp::sqitchFinishWork(*m_db));
        }
        QCOMPARE(rows(u"SELECT change_id, script_hash, change, project, note, committer_name, committer_email, "
                      "to_char(planned_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), planner_name, planner_email "
                      "FROM sqitch.changes ORDER BY committed_at"_s),
                 (QList<cp::Row>{{users.id, users.scriptHash, u"users"_s, u"demo"_s, u"Add users table"_s, m_user.name,
                                  m_user.email, u"2026-11-24T06:45:50Z"_s, u"root"_s, u"root@vm"_s},
                                 {idx.id, idx.scriptHash, u"idx"_s, u"demo"_s, u"index"_s, m_user.name, m_user.email,
                                  u"2026-11-24T06:45:51Z"_s, u"root"_s, u"root@vm"_s}}));
        QCOMPARE(rows(u"SELECT change_id, type, dependency, dependency_id FROM sqitch.dependencies"_s),
                 (QList<cp::Row>{{idx.id, u"require"_s, u"users"_s, users.id}}));
        QCOMPARE(rows(u"SELECT tag_id, tag, project, change_id, note, committer_name, "
                      "to_char(planned_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), planner_name FROM sqitch.tags"_s),
                 (QList<cp::Row>{{idx.tags.first().id, u"@v1.0"_s, u"demo"_s, idx.id, u"tag"_s, m_user.name,
                                  u"2026-11-24T06:46:00Z"_s, u"root"_s}}));
        QCOMPARE(rows(u"SELECT event, change_id, change, tags::text, requires::text, conflicts::text FROM sqitch.events "
                      "ORDER BY committed_at"_s),
                 (QList<cp::Row>{{u"deploy"_s, users.id, u"users"_s, u"{}"_s, u"{}"_s, u"{}"_s},
                                 {u"deploy"_s, idx.id, u"idx"_s, u"{@v1.0}"_s, u"{users}"_s, u"{}"_s}}));
        // committed_at from the server clock, in order
        QCOMPARE(rows(u"SELECT count(*) FROM sqitch.changes WHERE committed_at > now() - interval '1 hour'"_s).value(0).value(0),
                 u"2"_s);

        // the workbench's status reader agrees: both applied
        const auto project = cp::readProject(fixture(), cp::Format::Sqitch);
        QVERIFY(project);
        auto st = cp::readStatus(*project, m_params);
        QVERIFY2(st, qPrintable(st ? QString() : st.error().detail));
        QVERIFY(st->historyFound);
        QCOMPARE(st->count(State::Applied), 2);

        // revert idx: its tag and dependency go, the event lists them
        QVERIFY(cp::sqitchBeginWork(*m_db));
        QVERIFY(cp::sqitchLogRevert(*m_db, *plan, idx, m_user));
        QVERIFY(cp::sqitchFinishWork(*m_db));
        QCOMPARE(rows(u"SELECT change FROM sqitch.changes"_s), (QList<cp::Row>{{u"users"_s}}));
        QVERIFY(rows(u"SELECT * FROM sqitch.tags"_s).isEmpty());
        QVERIFY(rows(u"SELECT * FROM sqitch.dependencies"_s).isEmpty());
        QCOMPARE(rows(u"SELECT event, change, tags::text, requires::text FROM sqitch.events ORDER BY committed_at DESC LIMIT 1"_s),
                 (QList<cp::Row>{{u"revert"_s, u"idx"_s, u"{@v1.0}"_s, u"{users}"_s}}));
        st = cp::readStatus(*project, m_params);
        QVERIFY(st);
        QCOMPARE(st->migrations.at(0).state, State::Applied);
        QCOMPARE(st->migrations.at(1).state, State::Pending);

        // a failed deploy: only a fail event
        QVERIFY(cp::sqitchBeginWork(*m_db));
        QVERIFY(cp::sqitchLogFail(*m_db, *plan, idx, m_user));
        QVERIFY(cp::sqitchFinishWork(*m_db));
        QCOMPARE(rows(u"SELECT count(*) FROM sqitch.changes"_s).value(0).value(0), u"1"_s);
        QCOMPARE(rows(u"SELECT event, change FROM sqitch.events ORDER BY committed_at DESC LIMIT 1"_s),
                 (QList<cp::Row>{{u"fail"_s, u"idx"_s}}));
        QCOMPARE(rows(u"SELECT count(*) FROM sqitch.events"_s).value(0).value(0), u"4"_s);
    }

    void editedDeployScriptIsDrift()
    {
        QVERIFY(m_db);
        // a copy of the project whose users.sql was edited after the deploy above
        QTemporaryDir tmp;
        for (const QString &rel : {u"sqitch.plan"_s, u"sqitch.conf"_s, u"deploy/users.sql"_s, u"deploy/idx.sql"_s,
                                   u"revert/users.sql"_s, u"revert/idx.sql"_s}) {
            QDir().mkpath(QFileInfo(tmp.filePath(rel)).absolutePath());
            QVERIFY(QFile::copy(fixture() + u'/' + rel, tmp.filePath(rel)));
        }
        QFile f(tmp.filePath(u"deploy/users.sql"_s));
        QVERIFY(f.setPermissions(f.permissions() | QFileDevice::WriteOwner));
        QVERIFY(f.open(QIODevice::Append));
        f.write("-- edited\n");
        f.close();
        const auto project = cp::readProject(tmp.path(), cp::Format::Sqitch);
        QVERIFY(project);
        const auto st = cp::readStatus(*project, m_params);
        QVERIFY(st);
        QCOMPARE(st->migrations.at(0).state, State::Drifted);
    }
};

QTEST_GUILESS_MAIN(TestSqitchWriter)
#include "tst_sqitchwriter.moc"
