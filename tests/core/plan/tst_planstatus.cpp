// SPDX-License-Identifier: GPL-3.0-or-later
// Where a rollout plan stands on each environment: synthetic histories for every state, then a dbmate project
// applied partly to two real PostgreSQL databases (shop_dev ahead of shop_staging) read back by the history
// adapter.
#include "core/connectionparams.h"
#include "core/plan/planstatus.h"
#include "core/plan/verification.h"
#include "core/project/dbsession.h"
#include "core/project/detect.h"
#include "core/project/history.h"
#include "core/project/historywriter.h"

#include "testservers.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
namespace cp = core::project;
using namespace core::plan;
using MState = cp::MigrationStatus::State;

namespace {

cp::MigrationStatus migration(const QString &version, MState state, const QString &detail = {})
{
    cp::MigrationStatus m;
    m.version = version;
    m.id = version;
    m.name = u"m"_s + version;
    m.path = u"/repo/db/migrations/"_s + version + u"_m.sql"_s;
    m.state = state;
    m.detail = detail;
    return m;
}

EnvironmentHistory env(const QString &name, QList<cp::MigrationStatus> migrations)
{
    cp::ProjectStatus st;
    st.historyFound = true;
    st.migrations = std::move(migrations);
    return {name, st, {}};
}

/// add(001) → deploy dual-write → backfill(002, 003) → verify → drop(004)
Plan plan()
{
    Plan p;
    p.name = u"rename"_s;
    const QDate d(2026, 12, 1);
    p.steps = {
        {u"add"_s, u"Add"_s, StepKind::SchemaMigration, Phase::Expand, d, {}, {u"001"_s}, {}, DeployRole::None, false, {}, {}},
        {u"dual"_s, u"Deploy"_s, StepKind::Deploy, Phase::Expand, d.addDays(1), {u"add"_s}, {}, u"v2"_s, DeployRole::DualWrite, false, {}, {}},
        {u"fill"_s, u"Backfill"_s, StepKind::Backfill, Phase::Migrate, d.addDays(2), {u"dual"_s}, {u"002_m.sql"_s, u"db/migrations/003_m.sql"_s}, {}, DeployRole::None, false, {}, {}},
        {u"check"_s, u"Verify"_s, StepKind::Verification, Phase::Migrate, d.addDays(3), {u"fill"_s}, {}, {}, DeployRole::None, false, u"SELECT 1"_s, {}},
        {u"drop"_s, u"Drop"_s, StepKind::SchemaMigration, Phase::Contract, d.addDays(5), {u"check"_s}, {u"004"_s}, {}, DeployRole::None, true, {}, {}},
    };
    return p;
}

QString states(const PlanStatus &st, const Plan &p, const QString &environment)
{
    QStringList out;
    for (const Step &s : p.steps)
        out << s.id + u'=' + stepStateName(st.at(s.id, environment).state);
    return out.join(u' ');
}

bool writeText(const QString &path, const QByteArray &text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

} // namespace

class TestPlanStatus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void synthetic()
    {
        Plan p = plan();
        // dev: add applied, deploy checked off, backfill half done. staging: nothing. prod: unreadable.
        p.checkedOff.insert(u"dual"_s, {u"dev"_s});
        const QList<EnvironmentHistory> envs{
            env(u"dev"_s, {migration(u"001"_s, MState::Applied), migration(u"002"_s, MState::Applied),
                           migration(u"003"_s, MState::Pending), migration(u"004"_s, MState::Pending)}),
            env(u"staging"_s, {migration(u"001"_s, MState::Pending), migration(u"002"_s, MState::Pending),
                               migration(u"003"_s, MState::Pending), migration(u"004"_s, MState::Pending)}),
            {u"prod"_s, std::nullopt, u"password authentication failed"_s},
        };
        const PlanStatus st = computePlanStatus(p, envs);
        QCOMPARE(st.environments, (QStringList{u"dev"_s, u"staging"_s, u"prod"_s}));
        QCOMPARE(states(st, p, u"dev"_s), u"add=done dual=done fill=running check=blocked drop=blocked"_s);
        QCOMPARE(st.at(u"fill"_s, u"dev"_s).detail, u"1 of 2 migrations applied"_s);
        QCOMPARE(st.at(u"check"_s, u"dev"_s).detail, u"waits for step 'fill'"_s);
        // staging: dev has the first step done, so it is pending there; the deploy waits for it.
        QCOMPARE(states(st, p, u"staging"_s), u"add=pending dual=blocked fill=blocked check=blocked drop=blocked"_s);
        QCOMPARE(st.nextStep(p, u"staging"_s), u"add"_s);
        QCOMPARE(st.nextStep(p, u"dev"_s), QString());
        QCOMPARE(st.at(u"add"_s, u"prod"_s).state, StepState::Unknown);
        QCOMPARE(st.at(u"add"_s, u"prod"_s).detail, u"password authentication failed"_s);
    }

    void promotionWaitsForThePreviousEnvironment()
    {
        Plan p = plan();
        // staging is "ahead" on the deploy check-off, but dev has not done it: staging must wait for dev.
        p.checkedOff.insert(u"dual"_s, {u"staging"_s});
        const QList<EnvironmentHistory> envs{
            env(u"dev"_s, {migration(u"001"_s, MState::Applied), migration(u"002"_s, MState::Pending),
                           migration(u"003"_s, MState::Pending)}),
            env(u"staging"_s, {migration(u"001"_s, MState::Applied), migration(u"002"_s, MState::Pending),
                               migration(u"003"_s, MState::Pending)}),
        };
        const PlanStatus st = computePlanStatus(p, envs);
        QCOMPARE(st.at(u"dual"_s, u"dev"_s).state, StepState::Pending);
        QCOMPARE(st.at(u"dual"_s, u"staging"_s).state, StepState::Done); // what happened is shown as it is
        QCOMPARE(st.at(u"fill"_s, u"staging"_s).state, StepState::Blocked);
        QCOMPARE(st.at(u"fill"_s, u"staging"_s).detail, u"waits for dev"_s);
    }

    void failedDriftedAndMissingMigrations()
    {
        const Plan p = plan();
        const QList<EnvironmentHistory> envs{
            env(u"a"_s, {migration(u"001"_s, MState::Failed, u"Dirty database version 1"_s)}),
            env(u"b"_s, {migration(u"001"_s, MState::Drifted, u"checksum differs"_s)}),
            env(u"c"_s, {migration(u"002"_s, MState::Applied)}), // 001 is not in the project at all
        };
        const PlanStatus st = computePlanStatus(p, envs);
        QCOMPARE(st.at(u"add"_s, u"a"_s).state, StepState::Failed);
        QCOMPARE(st.at(u"add"_s, u"a"_s).detail, u"001 failed: Dirty database version 1"_s);
        QCOMPARE(st.at(u"add"_s, u"b"_s).state, StepState::Failed);
        QVERIFY(st.at(u"add"_s, u"b"_s).detail.contains(u"drifted"_s));
        QCOMPARE(st.at(u"add"_s, u"c"_s).state, StepState::Unknown);
        QCOMPARE(st.at(u"add"_s, u"c"_s).detail, u"migration '001' is not in the project"_s);
        QCOMPARE(st.at(u"dual"_s, u"a"_s).state, StepState::Blocked);
    }

    void findMigrationByVersionIdNameOrPath()
    {
        cp::ProjectStatus st;
        st.migrations = {migration(u"001"_s, MState::Applied), migration(u"002"_s, MState::Pending)};
        st.migrations[1].id = u"002_m"_s;
        QCOMPARE(findMigration(st, u"001"_s)->version, u"001"_s);
        QCOMPARE(findMigration(st, u"002_m"_s)->version, u"002"_s);
        QCOMPARE(findMigration(st, u"002_m.sql"_s)->version, u"002"_s);
        QCOMPARE(findMigration(st, u"db/migrations/002_m.sql"_s)->version, u"002"_s);
        QCOMPARE(findMigration(st, u"db\\migrations\\001_m.sql"_s)->version, u"001"_s);
        QVERIFY(!findMigration(st, u"003"_s));
        QVERIFY(!findMigration(st, QString()));
    }

    void gatesBeforeApplyingAStep()
    {
        Plan p = plan();
        p.checkedOff.insert(u"dual"_s, {u"dev"_s});
        const QList<EnvironmentHistory> envs{
            env(u"dev"_s, {migration(u"001"_s, MState::Applied), migration(u"002"_s, MState::Applied),
                           migration(u"003"_s, MState::Applied), migration(u"004"_s, MState::Pending)}),
            env(u"staging"_s, {migration(u"001"_s, MState::Pending), migration(u"002"_s, MState::Pending),
                               migration(u"003"_s, MState::Pending), migration(u"004"_s, MState::Pending)}),
        };
        const PlanStatus st = computePlanStatus(p, envs);
        // drop on dev: every dependency done except the verification, which must be re-run right before it.
        auto ready = checkStepReady(p, st, u"drop"_s, u"dev"_s);
        QVERIFY2(ready, qPrintable(ready ? QString() : ready.error().detail));
        QCOMPARE(*ready, QStringList{u"check"_s});
        // drop on staging: its dependencies are not done there.
        auto blocked = checkStepReady(p, st, u"drop"_s, u"staging"_s);
        QVERIFY(!blocked);
        QVERIFY2(blocked.error().detail.contains(u"waits for"_s), qPrintable(blocked.error().detail));
        // add on staging: done on dev, so it may be promoted; fill on staging may not (waits for the deploy).
        QVERIFY(checkStepReady(p, st, u"add"_s, u"staging"_s));
        QVERIFY(!checkStepReady(p, st, u"fill"_s, u"staging"_s));
        // Done already, unknown step, unknown environment.
        QVERIFY(checkStepReady(p, st, u"add"_s, u"dev"_s).error().detail.contains(u"already done"_s));
        QVERIFY(!checkStepReady(p, st, u"nope"_s, u"dev"_s));
        QVERIFY(!checkStepReady(p, st, u"add"_s, u"prod"_s));
        // A step not done on the previous environment cannot be promoted past it.
        auto notOnDev = checkStepReady(plan(),
                                       computePlanStatus(plan(), {env(u"dev"_s, {migration(u"001"_s, MState::Pending)}),
                                                                  env(u"staging"_s, {migration(u"001"_s, MState::Pending)})}),
                                       u"add"_s, u"staging"_s);
        QVERIFY(!notOnDev);
        QVERIFY2(notOnDev.error().detail.contains(u"promote it there first"_s), qPrintable(notOnDev.error().detail));
    }

    void verificationChecksOnPostgres()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "postgresql", "MWB_TEST_PG_URL");
        auto params = core::ConnectionParams::fromUrl(url);
        QVERIFY(params);
        auto db = cp::DbSession::open(*params);
        QVERIFY(db);
        cp::DbSession &s = **db;
        const QString t = u"mwb_verify_%1"_s.arg(QCoreApplication::applicationPid());
        QVERIFY(s.execScript(u"DROP TABLE IF EXISTS %1; CREATE TABLE %1 (id int, email text, email_address text);"
                             "INSERT INTO %1 VALUES (1, 'a@x', 'a@x'), (2, 'b@x', NULL)"_s.arg(t)));
        const QString check = u"SELECT id, email_address FROM %1 WHERE email_address IS DISTINCT FROM email"_s.arg(t);
        auto r = runVerification(s, check);
        QVERIFY2(r, qPrintable(r ? QString() : r.error().detail));
        QVERIFY(!r->passed);
        QCOMPARE(r->rows, qsizetype(1));
        QCOMPARE(r->summary(), u"failed: 1 row, first: (2, NULL)"_s);
        QVERIFY(s.execScript(u"UPDATE %1 SET email_address = email"_s.arg(t)));
        r = runVerification(s, check + u";"_s);
        QVERIFY(r && r->passed);
        QCOMPARE(r->summary(), u"passed: no rows"_s);
        // A boolean check.
        r = runVerification(s, u"SELECT count(*) = 2 FROM %1"_s.arg(t));
        QVERIFY(r && r->passed);
        r = runVerification(s, u"SELECT count(*) = 3 FROM %1"_s.arg(t));
        QVERIFY(r && !r->passed);
        // A check cannot write: read-only transaction, and nothing changed.
        auto write = runVerification(s, u"DELETE FROM %1 RETURNING id"_s.arg(t));
        QVERIFY(!write);
        QCOMPARE(write.error().sqlState, u"25006"_s); // read_only_sql_transaction
        auto count = s.query(u"SELECT count(*) FROM %1"_s.arg(t));
        QVERIFY(count);
        QCOMPARE(count->first().first(), u"2"_s);
        // A slow check hits its time limit and the session stays usable.
        auto slow = runVerification(s, u"SELECT pg_sleep(5)"_s, 1);
        QVERIFY(!slow);
        QCOMPARE(slow.error().sqlState, u"57014"_s); // query_canceled
        QVERIFY(s.query(u"SELECT 1"_s));
        // Malformed SQL: a clear error naming the check.
        auto bad = runVerification(s, u"SELEC 1"_s);
        QVERIFY(!bad);
        QVERIFY(bad.error().detail.startsWith(u"verification check failed to run"_s));
        QVERIFY(!runVerification(s, u"  ;"_s));
        QVERIFY(s.execScript(u"DROP TABLE %1"_s.arg(t)));
    }

    void verificationChecksOnMariaDb()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "mariadb", "MWB_TEST_MARIADB_URL");
        auto params = core::ConnectionParams::fromUrl(url);
        QVERIFY(params);
        auto db = cp::DbSession::open(*params);
        QVERIFY2(db, qPrintable(db ? QString() : db.error().detail));
        cp::DbSession &s = **db;
        const QString t = u"mwb_verify_%1"_s.arg(QCoreApplication::applicationPid());
        QVERIFY(s.execScript(u"DROP TABLE IF EXISTS %1"_s.arg(t)));
        QVERIFY(s.execScript(u"CREATE TABLE %1 (id int, email text, email_address text)"_s.arg(t)));
        QVERIFY(s.execScript(u"INSERT INTO %1 VALUES (1, 'a@x', NULL)"_s.arg(t)));
        const QString check = u"SELECT id FROM %1 WHERE NOT (email_address <=> email)"_s.arg(t);
        auto r = runVerification(s, check);
        QVERIFY2(r, qPrintable(r ? QString() : r.error().detail));
        QVERIFY2(!r->passed, qPrintable(r->summary()));
        QCOMPARE(r->summary(), u"failed: 1 row, first: (1)"_s);
        QVERIFY(s.execScript(u"UPDATE %1 SET email_address = email"_s.arg(t)));
        r = runVerification(s, check);
        QVERIFY(r && r->passed);
        // Read only there too.
        QVERIFY(!runVerification(s, u"INSERT INTO %1 VALUES (2, 'b', 'b')"_s.arg(t)));
        auto count = s.query(u"SELECT count(*) FROM %1"_s.arg(t));
        QVERIFY(count);
        QCOMPARE(count->first().first(), u"1"_s);
        // A boolean-looking result is a row like any other on MySQL: it fails (no boolean type to tell it apart).
        r = runVerification(s, u"SELECT count(*) = 1 FROM %1"_s.arg(t));
        QVERIFY(r && !r->passed);
        // max_statement_time interrupts a slow check: an error, or SLEEP's 1 ("interrupted") as a failing row.
        QElapsedTimer clock;
        clock.start();
        auto slow = runVerification(s, u"SELECT SLEEP(5)"_s, 1);
        QVERIFY(!slow || !slow->passed);
        QVERIFY(clock.elapsed() < 4500);
        QVERIFY(s.query(u"SELECT 1"_s));
        QVERIFY(s.execScript(u"DROP TABLE %1"_s.arg(t)));
    }

    void realHistoriesOnTwoDatabases()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "postgresql", "MWB_TEST_PG_URL");
        const QString superUrl = testsupport::serverValue(u"postgresql"_s, u"MWB_TEST_PG_SUPERUSER_URL"_s);
        auto su = core::ConnectionParams::fromUrl(superUrl);
        auto base = core::ConnectionParams::fromUrl(url);
        QVERIFY(su && base);
        auto admin = cp::DbSession::open(*su);
        QVERIFY2(admin, qPrintable(admin ? QString() : admin.error().detail));

        QTemporaryDir dir;
        const QString migrations = dir.filePath(u"db/migrations"_s);
        QVERIFY(writeText(migrations + u"/001_m.sql"_s,
                          "-- migrate:up\nCREATE TABLE users (id bigint PRIMARY KEY, email text);\n"
                          "-- migrate:down\nDROP TABLE users;\n"));
        QVERIFY(writeText(migrations + u"/002_m.sql"_s,
                          "-- migrate:up\nALTER TABLE users ADD COLUMN email_address text;\n"
                          "-- migrate:down\nALTER TABLE users DROP COLUMN email_address;\n"));
        QVERIFY(writeText(migrations + u"/003_m.sql"_s,
                          "-- migrate:up\nUPDATE users SET email_address = email WHERE email_address IS NULL;\n"
                          "-- migrate:down\n"));
        QVERIFY(writeText(migrations + u"/004_m.sql"_s,
                          "-- migrate:up\nALTER TABLE users DROP COLUMN email;\n-- migrate:down\n"));
        const auto project = cp::openProject(dir.path(), cp::Format::Dbmate);
        QVERIFY2(project, qPrintable(project ? QString() : project.error().detail));
        QCOMPARE(project->migrations.size(), 4);

        Plan p = plan();
        p.checkedOff.insert(u"dual"_s, {u"shop_dev"_s});
        QList<EnvironmentHistory> envs;
        const QList<std::pair<QString, int>> targets{{u"shop_dev"_s, 3}, {u"shop_staging"_s, 1}};
        for (const auto &[name, applied] : targets) {
            const QString db = u"mwb_plan_%1_%2"_s.arg(name).arg(QCoreApplication::applicationPid());
            (void)(*admin)->execScript(u"DROP DATABASE IF EXISTS %1"_s.arg(db));
            QVERIFY((*admin)->execScript(u"CREATE DATABASE %1 OWNER %2"_s.arg(db, base->user)));
            core::ConnectionParams params = *base;
            params.database = db;
            auto session = cp::DbSession::open(params);
            QVERIFY(session);
            const auto applyResult = cp::applyAsTool(**session, *project, project->migrations.mid(0, applied));
            QVERIFY2(applyResult, qPrintable(applyResult ? QString() : applyResult.error().detail));
            auto status = cp::readStatus(*project, params);
            QVERIFY2(status, qPrintable(status ? QString() : status.error().detail));
            envs << EnvironmentHistory{name, *status, {}};
        }
        core::ConnectionParams wrong = *base;
        wrong.password = u"not-the-password"_s;
        wrong.database = u"mwb_plan_nowhere"_s;
        auto unreadable = cp::readStatus(*project, wrong);
        QVERIFY(!unreadable);
        envs << EnvironmentHistory{u"shop_prod"_s, std::nullopt, unreadable.error().detail};

        const PlanStatus st = computePlanStatus(p, envs);
        QCOMPARE(states(st, p, u"shop_dev"_s), u"add=done dual=done fill=done check=pending drop=blocked"_s);
        QCOMPARE(states(st, p, u"shop_staging"_s), u"add=done dual=pending fill=blocked check=blocked drop=blocked"_s);
        QCOMPARE(st.at(u"fill"_s, u"shop_staging"_s).detail, u"waits for step 'dual'"_s);
        QCOMPARE(st.nextStep(p, u"shop_dev"_s), u"check"_s);
        QCOMPARE(st.nextStep(p, u"shop_staging"_s), u"dual"_s);
        QCOMPARE(st.at(u"add"_s, u"shop_prod"_s).state, StepState::Unknown);
        QVERIFY(!st.at(u"add"_s, u"shop_prod"_s).detail.isEmpty());
        for (const auto &[name, applied] : targets)
            (void)(*admin)->execScript(
                u"DROP DATABASE IF EXISTS mwb_plan_%1_%2"_s.arg(name).arg(QCoreApplication::applicationPid()));
    }
};

QTEST_GUILESS_MAIN(TestPlanStatus)
#include "tst_planstatus.moc"
