// SPDX-License-Identifier: GPL-3.0-or-later
// The rollout dock on a real project: plans read from workbench.toml, a step opens its migration, and applying a
// step checks the gates, runs its verification check against the real PostgreSQL (read-only, on the reader
// thread) and asks for the apply only when the check passes.
#include "widgets/plan/rolloutpanel.h"
#include "widgets/plan/timelineview.h"
#include "widgets/plan/timelinewidget.h"
#include "widgets/project/dbreader.h"

#include "core/project/dbsession.h"
#include "core/project/detect.h"

#include "testservers.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
namespace cp = core::project;
using MState = cp::MigrationStatus::State;

namespace {
bool write(const QString &path, const QByteArray &text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

cp::ProjectStatus statusOf(const cp::Project &project, const QHash<QString, MState> &states)
{
    cp::ProjectStatus st;
    st.historyFound = true;
    for (const auto &m : project.migrations) {
        cp::MigrationStatus s;
        s.version = m.version;
        s.id = m.id;
        s.path = m.upPath;
        s.state = states.value(m.version, MState::Pending);
        st.migrations << s;
    }
    return st;
}
} // namespace

class TestRolloutPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void stepsOpenAndApplyBehindTheirChecks()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "postgresql", "MWB_TEST_PG_URL");
        const auto params = core::ConnectionParams::fromUrl(url);
        QVERIFY(params);
        auto db = cp::DbSession::open(*params);
        QVERIFY(db);
        const QString table = u"rollout_users_%1"_s.arg(QCoreApplication::applicationPid());
        QVERIFY((*db)->execScript(u"DROP TABLE IF EXISTS %1; CREATE TABLE %1 (id int, email text, email_address text);"
                                  "INSERT INTO %1 VALUES (1, 'a', 'a'), (2, 'b', NULL)"_s.arg(table)));

        QTemporaryDir dir;
        QVERIFY(write(dir.filePath(u"db/migrations/20261201000001_add.sql"_s),
                      "-- migrate:up\nALTER TABLE t ADD COLUMN email_address text;\n-- migrate:down\n"));
        QVERIFY(write(dir.filePath(u"db/migrations/20261203000001_fill.sql"_s),
                      "-- migrate:up\nUPDATE t SET email_address = email;\n-- migrate:down\n"));
        QVERIFY(write(dir.filePath(u"db/migrations/20261210000001_drop.sql"_s),
                      "-- migrate:up\nALTER TABLE t DROP COLUMN email;\n-- migrate:down\n"));
        QVERIFY(write(dir.filePath(u"workbench.toml"_s),
                      u"[[environments]]\nname = \"shop_dev\"\n\n[[environments]]\nname = \"shop_staging\"\n\n"
                      "[[plans]]\nname = \"rename email\"\n\n"
                      "[[plans.steps]]\nid = \"add\"\nkind = \"schema\"\nday = 2026-12-01\nmigrations = [\"20261201000001\"]\n\n"
                      "[[plans.steps]]\nid = \"dual\"\nkind = \"deploy\"\nday = 2026-12-02\ndepends_on = [\"add\"]\n"
                      "deploy_role = \"dual-write\"\ndone_in = [\"shop_dev\"]\n\n"
                      "[[plans.steps]]\nid = \"fill\"\nkind = \"backfill\"\nphase = \"migrate\"\nday = 2026-12-03\n"
                      "depends_on = [\"dual\"]\nmigrations = [\"db/migrations/20261203000001_fill.sql\"]\n\n"
                      "[[plans.steps]]\nid = \"check\"\nkind = \"verify\"\nphase = \"migrate\"\nday = 2026-12-04\n"
                      "depends_on = [\"fill\"]\nverification_sql = \"SELECT id FROM %1 WHERE email_address IS DISTINCT FROM email\"\n\n"
                      "[[plans.steps]]\nid = \"switch\"\nkind = \"deploy\"\nphase = \"migrate\"\nday = 2026-12-05\n"
                      "depends_on = [\"check\"]\ndeploy_role = \"read-switch\"\ndone_in = [\"shop_dev\"]\n\n"
                      "[[plans.steps]]\nid = \"stop\"\nkind = \"deploy\"\nphase = \"contract\"\nday = 2026-12-08\n"
                      "depends_on = [\"switch\"]\ndeploy_role = \"stop-using-old\"\ndone_in = [\"shop_dev\"]\n\n"
                      "[[plans.steps]]\nid = \"drop\"\nkind = \"schema\"\nphase = \"contract\"\nday = 2026-12-10\n"
                      "depends_on = [\"stop\"]\ndrops = true\nmigrations = [\"20261210000001_drop.sql\"]\n"_s.arg(table).toUtf8()));
        const auto project = cp::openProject(dir.filePath(u"db/migrations"_s), cp::Format::Dbmate);
        QVERIFY2(project, qPrintable(project ? QString() : project.error().detail));

        widgets::project::DbReader reader;
        widgets::RolloutPanel panel(&reader);
        panel.resize(1200, 500);
        int resolved = 0;
        panel.setConnectionResolver([&](const QString &, std::function<void(core::Result<core::ConnectionParams>)> done) {
            ++resolved;
            done(*params);
        });
        panel.setProject(dir.path(), *project, {u"shop_dev"_s, u"shop_staging"_s});
        QCOMPARE(panel.planSelector()->count(), 1);
        QCOMPARE(panel.timeline()->plan().steps.size(), 7);
        QCOMPARE(panel.versionOf(u"20261210000001_drop.sql"_s), u"20261210000001"_s);

        // shop_dev has the first two migrations applied (the backfill ran), staging nothing.
        panel.setEnvironmentStatus(u"shop_dev"_s, statusOf(*project, {{u"20261201000001"_s, MState::Applied},
                                                                      {u"20261203000001"_s, MState::Applied}}));
        panel.setEnvironmentStatus(u"shop_staging"_s, statusOf(*project, {}));
        QVERIFY2(panel.timeline()->view()->statusText(u"fill"_s).startsWith(u"shop_dev: done"_s),
                 qPrintable(panel.timeline()->view()->statusText(u"fill"_s)));

        // Double-clicking a step opens its migration.
        QSignalSpy open(&panel, &widgets::RolloutPanel::openMigrationRequested);
        Q_EMIT panel.timeline()->view()->stepActivated(u"fill"_s);
        QCOMPARE(open.size(), 1);
        QCOMPARE(open.first().first().toString(), u"20261203000001"_s);

        // The drop on dev: gates pass (deploys checked off), but the check finds a row left behind.
        QSignalSpy apply(&panel, &widgets::RolloutPanel::applyRequested);
        QSignalSpy checked(&panel, &widgets::RolloutPanel::verificationFinished);
        panel.applyStep(u"drop"_s, u"shop_dev"_s);
        QTRY_COMPARE(checked.size(), 1);
        QCOMPARE(checked.first().at(1).toString(), u"check"_s);
        QCOMPARE(checked.first().at(2).toBool(), false);
        QCOMPARE(apply.size(), 0);
        QVERIFY2(panel.message().contains(u"failed: 1 row"_s), qPrintable(panel.message()));

        // Fixed data: the check passes and the apply is asked for, up to the drop's migration.
        QVERIFY((*db)->execScript(u"UPDATE %1 SET email_address = email"_s.arg(table)));
        panel.applyStep(u"drop"_s, u"shop_dev"_s);
        QTRY_COMPARE(apply.size(), 1);
        QCOMPARE(apply.first().at(0).toString(), u"shop_dev"_s);
        QCOMPARE(apply.first().at(1).toString(), u"20261210000001"_s);
        QVERIFY(checked.last().at(2).toBool());
        QCOMPARE(resolved, 2);

        // Staging: the drop is gated (its steps are not done there): no check runs, nothing is asked.
        panel.applyStep(u"drop"_s, u"shop_staging"_s);
        QVERIFY2(panel.message().startsWith(u"Cannot apply drop to shop_staging"_s), qPrintable(panel.message()));
        QCOMPARE(resolved, 2);
        // The first step can be promoted to staging: no check before it, asked at once.
        panel.applyStep(u"add"_s, u"shop_staging"_s);
        QCOMPARE(apply.size(), 2);
        QCOMPARE(apply.last().at(1).toString(), u"20261201000001"_s);
        QVERIFY((*db)->execScript(u"DROP TABLE %1"_s.arg(table)));
    }

    void brokenPlansSayWhy()
    {
        QTemporaryDir dir;
        QVERIFY(write(dir.filePath(u"db/migrations/001_a.sql"_s), "-- migrate:up\nSELECT 1;\n-- migrate:down\n"));
        QVERIFY(write(dir.filePath(u"workbench.toml"_s), "[[plans]]\nname = \"x\"\n[[plans.steps]]\nid = \"a\"\nkind = \"nope\"\n"));
        const auto project = cp::openProject(dir.filePath(u"db/migrations"_s), cp::Format::Dbmate);
        QVERIFY(project);
        widgets::project::DbReader reader;
        widgets::RolloutPanel panel(&reader);
        panel.setProject(dir.path(), *project, {u"dev"_s});
        QVERIFY2(panel.message().contains(u"unknown kind 'nope'"_s), qPrintable(panel.message()));
        QCOMPARE(panel.planSelector()->count(), 0);
        // No file: no plan, and a hint where plans come from.
        QTemporaryDir empty;
        QVERIFY(write(empty.filePath(u"db/migrations/001_a.sql"_s), "-- migrate:up\nSELECT 1;\n-- migrate:down\n"));
        panel.setProject(empty.path(), *project, {u"dev"_s});
        QVERIFY(panel.message().contains(u"No rollout plan"_s));
    }
};

QTEST_MAIN(TestRolloutPanel)
#include "tst_rolloutpanel.moc"
