// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/plan/planvalidator.h"

#include "planfixtures.h"

#include <QTest>

using namespace core::plan;

namespace {
QStringList rules(const QList<PlanViolation> &violations)
{
    QStringList out;
    for (const auto &v : violations)
        out.append(v.rule);
    out.removeDuplicates();
    out.sort();
    return out;
}
Step &stepById(Plan &p, const QString &id)
{
    return p.steps[p.indexOf(id)];
}
} // namespace

class TestPlanValidator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void validPlanPasses()
    {
        const auto v = validatePlan(renameColumnPlan());
        QVERIFY2(v.isEmpty(), qPrintable(v.isEmpty() ? QString() : v.first().message));
    }

    // Each gate: one valid plan (above) and an invalid variant that must name the rule and the steps.
    void gates_data()
    {
        QTest::addColumn<int>("variant");
        QTest::addColumn<QString>("rule");
        QTest::addColumn<QStringList>("steps");
        QTest::newRow("drop scheduled before the stop deploy") << 0 << u"contract-before-deploy"_s << QStringList{u"drop"_s, u"stop"_s};
        QTest::newRow("drop not depending on the stop deploy") << 1 << u"contract-before-deploy"_s << QStringList{u"drop"_s, u"stop"_s};
        QTest::newRow("no stop deploy at all") << 2 << u"contract-before-deploy"_s << QStringList{u"drop"_s};
        QTest::newRow("read switch before the backfill") << 3 << u"read-switch-before-backfill"_s << QStringList{u"switch"_s, u"backfill"_s};
        QTest::newRow("drop before the read switch") << 4 << u"drop-before-read-switch"_s << QStringList{u"drop"_s, u"switch"_s};
        QTest::newRow("drop in the expand phase") << 5 << u"drop-outside-contract"_s << QStringList{u"drop"_s};
        QTest::newRow("unknown dependency") << 6 << u"unknown-dependency"_s << QStringList{u"check"_s};
        QTest::newRow("cycle") << 7 << u"dependency-cycle"_s << QStringList{u"add"_s};
        QTest::newRow("dependency planned later") << 8 << u"dependency-scheduled-later"_s << QStringList{u"check"_s, u"backfill"_s};
        QTest::newRow("expand depends on contract") << 9 << u"phase-order"_s << QStringList{u"add"_s, u"drop"_s};
        QTest::newRow("verification without SQL") << 10 << u"empty-verification"_s << QStringList{u"check"_s};
        QTest::newRow("duplicate id") << 11 << u"duplicate-id"_s << QStringList{u"check"_s};
        QTest::newRow("no day") << 12 << u"missing-day"_s << QStringList{u"switch"_s};
    }
    void gates()
    {
        QFETCH(int, variant);
        QFETCH(QString, rule);
        QFETCH(QStringList, steps);
        Plan p = renameColumnPlan();
        switch (variant) {
        case 0: stepById(p, u"drop"_s).day = stepById(p, u"stop"_s).day.addDays(-1); stepById(p, u"drop"_s).dependsOn = {u"stop"_s}; break;
        case 1: stepById(p, u"drop"_s).dependsOn = {u"switch"_s}; break;
        case 2: stepById(p, u"stop"_s).deployRole = DeployRole::None; stepById(p, u"stop"_s).phase = Phase::Migrate; break;
        case 3: stepById(p, u"switch"_s).dependsOn = {u"dual"_s}; break;
        case 4: stepById(p, u"switch"_s).day = stepById(p, u"drop"_s).day.addDays(1); stepById(p, u"stop"_s).dependsOn = {u"check"_s}; break;
        case 5: stepById(p, u"drop"_s).phase = Phase::Expand; break;
        case 6: stepById(p, u"check"_s).dependsOn = {u"nope"_s}; break;
        case 7: stepById(p, u"add"_s).dependsOn = {u"drop"_s}; break;
        case 8: stepById(p, u"check"_s).day = stepById(p, u"backfill"_s).day.addDays(-1); break;
        case 9: stepById(p, u"add"_s).dependsOn = {u"drop"_s}; break;
        case 10: stepById(p, u"check"_s).verificationSql = u"  "_s; break;
        case 11: stepById(p, u"dual"_s).id = u"check"_s; break;
        case 12: stepById(p, u"switch"_s).day = {}; break;
        }
        const auto violations = validatePlan(p);
        QVERIFY2(rules(violations).contains(rule), qPrintable(rules(violations).join(u", "_s)));
        const auto it = std::find_if(violations.cbegin(), violations.cend(), [&](const PlanViolation &v) { return v.rule == rule; });
        QCOMPARE(it->steps, steps);
        QVERIFY(!it->message.isEmpty());
    }

    void moveRefusedWithReason()
    {
        const Plan p = renameColumnPlan();
        // Dragging the drop before the deploy that stops using the old column is refused, with the gate named.
        const auto bad = violationsAfterMove(p, u"drop"_s, p.step(u"stop"_s)->day.addDays(-2));
        QVERIFY(!bad.isEmpty());
        QVERIFY(rules(bad).contains(u"contract-before-deploy"_s));
        QVERIFY2(bad.first().message.contains(u"Deploy without email"_s), qPrintable(bad.first().message));
        // Moving it later is fine.
        QVERIFY(violationsAfterMove(p, u"drop"_s, p.step(u"drop"_s)->day.addDays(3)).isEmpty());
        // Moving the backfill after the read switch breaks the read-switch gate.
        QVERIFY(rules(violationsAfterMove(p, u"backfill"_s, p.step(u"switch"_s)->day.addDays(1))).contains(u"read-switch-before-backfill"_s));
        QVERIFY(!violationsAfterMove(p, u"nope"_s, QDate(2026, 1, 1)).isEmpty());
    }

    void ruleIdsAreListed()
    {
        const QStringList ids = planRuleIds();
        for (const QString &r : {u"contract-before-deploy"_s, u"read-switch-before-backfill"_s, u"drop-before-read-switch"_s})
            QVERIFY(ids.contains(r));
    }
};

QTEST_GUILESS_MAIN(TestPlanValidator)
#include "tst_planvalidator.moc"
