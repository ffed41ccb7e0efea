// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/editor/findingsmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using models::editor::EditorFinding;
using models::editor::FindingsModel;

class TestFindingsModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rowsAndRoles()
    {
        FindingsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        const auto result = core::sql::analyze(QByteArray("SELECT 1;\nCREATE INDEX i ON t (c);\n"), {});
        QVERIFY(!result.findings.isEmpty());
        QList<EditorFinding> list;
        for (const auto &f : result.findings)
            list.append({f, f.offset, f.length});
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setFindings(list);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), list.size());
        QCOMPARE(model.columnCount(), int(FindingsModel::ColumnCount));
        const QModelIndex rule = model.index(0, FindingsModel::RuleColumn);
        QCOMPARE(rule.data().toString(), list.first().finding.rule);
        QCOMPARE(model.index(0, FindingsModel::LineColumn).data().toString(), u"2:1"_s);
        QCOMPARE(rule.data(FindingsModel::PositionRole).toLongLong(), 10);
        QCOMPARE(rule.data(FindingsModel::RuleRole).toString(), list.first().finding.rule);
        QCOMPARE(model.rowAtPosition(12), 0);
        QCOMPARE(model.rowAtPosition(0), -1);
        QVERIFY(!model.headerData(0, Qt::Horizontal).toString().isEmpty());
        QVERIFY(!model.index(0, 0, model.index(0, 0)).isValid());
        QCOMPARE(model.findingAt(-1), nullptr);
        model.setFindings({});
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestFindingsModel)
#include "tst_findingsmodel.moc"
