// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/plan/planmodel.h"

#include "planfixtures.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace core::plan;

class TestPlanModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void adaptsSnapshots()
    {
        models::PlanModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        Plan plan = renameColumnPlan();
        model.setPlan(plan);
        QCOMPARE(model.rowCount(), 7);
        QCOMPARE(model.columnCount(), int(models::PlanModel::ColumnCount));
        const QModelIndex drop = model.indexOfStep(u"drop"_s);
        QCOMPARE(drop.data().toString(), u"Drop users.email"_s);
        QCOMPARE(model.index(drop.row(), models::PlanModel::PhaseColumn).data().toString(), u"contract"_s);
        QCOMPARE(model.index(drop.row(), models::PlanModel::DayColumn).data().toString(), u"2026-12-09"_s);
        QCOMPARE(drop.data(models::PlanModel::DateRole).toDate(), QDate(2026, 12, 9));
        QVERIFY(drop.data(models::PlanModel::ViolationsRole).toStringList().isEmpty());

        // Same steps: updated in place (dataChanged, no reset), and violations follow the new snapshot.
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        plan.steps[plan.indexOf(u"drop"_s)].day = QDate(2026, 12, 2);
        model.setPlan(plan);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(changed.size(), 1);
        QVERIFY(!model.indexOfStep(u"drop"_s).data(models::PlanModel::ViolationsRole).toStringList().isEmpty());

        // Different steps: reset.
        plan.steps.removeLast();
        model.setPlan(plan);
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.rowCount(), 6);
        QVERIFY(!model.indexOfStep(u"drop"_s).isValid());
    }
};

QTEST_GUILESS_MAIN(TestPlanModel)
#include "tst_planmodel.moc"
