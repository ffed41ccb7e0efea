// SPDX-License-Identifier: GPL-3.0-or-later
// Rollout plans in workbench.toml: round trip of every field, other sections kept byte for byte, TOML dates and
// strings, check-offs, and clear errors that name the plan and the step.
#include "planfixtures.h"

#include "core/plan/planstore.h"
#include "core/project/projectfile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace {

bool writeText(const QString &path, const QByteArray &text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

QByteArray readText(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestPlanStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTripKeepsEveryFieldAndOtherSections()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QByteArray environments = "# Pipeline, in order\n[[environments]]\nname = \"shop_dev\" # local\n"
                                        "color = \"#2e7d32\"\n\n[[environments]]\nname = \"shop_staging\"\n"
                                        "protected = false\n";
        const QByteArray lint = "[lint]\n# team decision, 2026-10\n\"rule.prefer-text-field\" = \"off\"\n";
        QVERIFY(writeText(dir.filePath(u"workbench.toml"_s), environments + "\n" + lint));

        core::plan::Plan plan = renameColumnPlan();
        plan.steps[3].notes = u"Run on a replica first.\nThen on the primary."_s;
        plan.checkedOff.insert(u"dual"_s, {u"shop_dev"_s, u"shop_staging"_s});
        core::plan::Plan second;
        second.name = u"Index orders.customer_id"_s;
        second.steps = {{u"idx"_s, u"Build the index"_s, core::plan::StepKind::SchemaMigration,
                         core::plan::Phase::Expand, QDate(2027, 1, 4), {}, {u"20270104_idx"_s}, {},
                         core::plan::DeployRole::None, false, {}, {}}};
        QVERIFY(core::plan::savePlans(dir.path(), {plan, second}));

        const QByteArray saved = readText(dir.filePath(u"workbench.toml"_s));
        QVERIFY2(saved.startsWith(environments), saved.constData());
        QVERIFY2(saved.contains(lint), saved.constData());
        QVERIFY(saved.contains("[[plans]]"));
        QVERIFY(saved.contains("[[plans.steps]]"));

        const auto loaded = core::plan::loadPlans(dir.path());
        QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error().detail));
        QCOMPARE(loaded->size(), 2);
        QCOMPARE(loaded->at(0), plan);
        QCOMPARE(loaded->at(1), second);

        // Saving again without changes writes the same text.
        QVERIFY(core::plan::savePlans(dir.path(), *loaded));
        QCOMPARE(readText(dir.filePath(u"workbench.toml"_s)), saved);

        // Removing every plan removes the section and keeps the rest.
        QVERIFY(core::plan::savePlans(dir.path(), {}));
        const QByteArray without = readText(dir.filePath(u"workbench.toml"_s));
        QVERIFY(!without.contains("plans"));
        QVERIFY(without.startsWith(environments));
        QVERIFY(without.contains(lint));
    }

    void handWrittenTomlWithDatesReads()
    {
        QTemporaryDir dir;
        QVERIFY(writeText(dir.filePath(u"workbench.toml"_s),
                          "[[plans]]\nname = \"split\"\n\n[[plans.steps]]\nid = \"a\"\nkind = \"schema\"\n"
                          "day = 2026-12-03\nmigrations = [\"001_a.sql\"]\n\n[[plans.steps]]\nid = \"b\"\n"
                          "kind = \"deploy\"\nphase = \"migrate\"\nday = \"2026-12-04\"\ndepends_on = [\"a\"]\n"
                          "deploy_role = \"read-switch\"\ndeploy_version = \"v9\"\ndone_in = [\"dev\"]\n"));
        const auto plans = core::plan::loadPlans(dir.path());
        QVERIFY2(plans, qPrintable(plans ? QString() : plans.error().detail));
        QCOMPARE(plans->size(), 1);
        const auto &p = plans->first();
        QCOMPARE(p.steps.size(), 2);
        QCOMPARE(p.steps[0].day, QDate(2026, 12, 3));
        QCOMPARE(p.steps[0].phase, core::plan::Phase::Expand); // the default
        QCOMPARE(p.steps[1].day, QDate(2026, 12, 4));
        QCOMPARE(p.steps[1].deployRole, core::plan::DeployRole::ReadSwitch);
        QCOMPARE(p.steps[1].dependsOn, QStringList{u"a"_s});
        QVERIFY(p.isCheckedOff(u"b"_s, u"dev"_s));
        QVERIFY(!p.isCheckedOff(u"a"_s, u"dev"_s));
    }

    void noFileMeansNoPlans()
    {
        QTemporaryDir dir;
        const auto plans = core::plan::loadPlans(dir.path());
        QVERIFY(plans);
        QVERIFY(plans->isEmpty());
    }

    void errorsNameThePlanAndStep_data()
    {
        QTest::addColumn<QByteArray>("toml");
        QTest::addColumn<QString>("expected");
        const QByteArray head = "[[plans]]\nname = \"p1\"\n[[plans.steps]]\n";
        QTest::newRow("unknown kind") << head + "id = \"s\"\nkind = \"deplyo\"\n" << u"plan 'p1' step 's': unknown kind 'deplyo'"_s;
        QTest::newRow("unknown phase") << head + "id = \"s\"\nphase = \"later\"\n" << u"unknown phase 'later'"_s;
        QTest::newRow("bad day") << head + "id = \"s\"\nday = \"next tuesday\"\n" << u"day 'next tuesday' is not a date"_s;
        QTest::newRow("impossible day") << head + "id = \"s\"\nday = \"2026-02-30\"\n" << u"is not a date"_s;
        QTest::newRow("unknown role") << head + "id = \"s\"\ndeploy_role = \"both\"\n" << u"unknown deploy_role 'both'"_s;
        QTest::newRow("unknown key") << head + "id = \"s\"\ndepends = [\"x\"]\n" << u"unknown key 'depends'"_s;
        QTest::newRow("no id") << head + "title = \"x\"\n" << u"a step needs an id"_s;
        QTest::newRow("duplicate id") << head + "id = \"s\"\n[[plans.steps]]\nid = \"s\"\n" << u"two steps have the id 's'"_s;
        QTest::newRow("dangling dependency") << head + "id = \"s\"\ndepends_on = [\"ghost\"]\n"
                                             << u"step 's' depends on 'ghost', which is not in the plan"_s;
        QTest::newRow("list of numbers") << head + "id = \"s\"\nmigrations = [1, 2]\n" << u"migrations must be a list of strings"_s;
        QTest::newRow("no name") << QByteArray("[[plans]]\nsubject = \"x\"\n") << u"plan #1: a plan needs a name"_s;
        QTest::newRow("duplicate plan") << QByteArray("[[plans]]\nname = \"a\"\n[[plans]]\nname = \"a\"\n")
                                        << u"two plans have this name"_s;
        QTest::newRow("table not array") << QByteArray("[plans]\nname = \"a\"\n") << u"must be an array of tables"_s;
    }

    void errorsNameThePlanAndStep()
    {
        QFETCH(QByteArray, toml);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        QVERIFY(writeText(dir.filePath(u"workbench.toml"_s), toml));
        const auto plans = core::plan::loadPlans(dir.path());
        QVERIFY(!plans);
        QCOMPARE(plans.error().code, core::Error::Code::InvalidArgument);
        QVERIFY2(plans.error().detail.contains(expected), qPrintable(plans.error().detail));
    }

    void malformedFileIsNotOverwritten()
    {
        QTemporaryDir dir;
        const QByteArray broken = "[[plans]\nname = \"x\"\n";
        QVERIFY(writeText(dir.filePath(u"workbench.toml"_s), broken));
        QVERIFY(!core::plan::loadPlans(dir.path()));
        QVERIFY(!core::plan::savePlans(dir.path(), {renameColumnPlan()}));
        QCOMPARE(readText(dir.filePath(u"workbench.toml"_s)), broken);
    }
};

QTEST_GUILESS_MAIN(TestPlanStore)
#include "tst_planstore.moc"
