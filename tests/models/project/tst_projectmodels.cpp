// SPDX-License-Identifier: GPL-3.0-or-later
// The project browser's and the history dock's models, checked with QAbstractItemModelTester.
#include "models/project/historymodel.h"
#include "models/project/migrationlistmodel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace Qt::StringLiterals;
namespace cp = core::project;
using State = cp::MigrationStatus::State;
using models::project::HistoryModel;
using models::project::MigrationListModel;

namespace {

cp::Project project(int count)
{
    cp::Project p;
    p.format = cp::Format::Dbmate;
    p.dir = u"/tmp/shop/db/migrations"_s;
    for (int i = 1; i <= count; ++i) {
        cp::Migration m;
        m.version = u"2025010100000%1"_s.arg(i);
        m.id = m.version;
        m.name = u"step_%1"_s.arg(i);
        m.upPath = p.dir + u'/' + m.version + u'_' + m.name + u".sql"_s;
        m.transactional = i != 2;
        p.migrations.append(m);
    }
    return p;
}

cp::MigrationStatus status(const QString &version, State state)
{
    cp::MigrationStatus s;
    s.version = version;
    s.id = version;
    s.state = state;
    return s;
}

} // namespace

class TestProjectModels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void migrationListStatesPerEnvironment()
    {
        MigrationListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setProject(project(3), {u"dev"_s, u"staging"_s});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), MigrationListModel::FirstEnvironmentColumn + 2);
        QCOMPARE(model.headerData(MigrationListModel::FirstEnvironmentColumn + 1, Qt::Horizontal).toString(), u"staging"_s);
        QCOMPARE(model.index(1, MigrationListModel::TransactionColumn).data().toString(), u"no"_s);
        // unknown until read: no state is invented
        QVERIFY(!model.state(u"20250101000001"_s, u"dev"_s));
        QCOMPARE(model.index(0, MigrationListModel::FirstEnvironmentColumn).data(MigrationListModel::StateRole).toString(), QString());

        cp::ProjectStatus dev;
        dev.migrations = {status(u"20250101000001"_s, State::Applied), status(u"20250101000002"_s, State::Drifted),
                          status(u"20250101000003"_s, State::Pending)};
        model.setStatus(u"dev"_s, dev);
        QCOMPARE(model.state(u"20250101000002"_s, u"dev"_s), std::optional(State::Drifted));
        QCOMPARE(model.index(1, MigrationListModel::FirstEnvironmentColumn).data().toString(), u"drifted"_s);
        QCOMPARE(model.index(1, MigrationListModel::FirstEnvironmentColumn).data(MigrationListModel::ColourRole).toString(), u"#c62828"_s);
        QCOMPARE(model.count(u"dev"_s, State::Pending), 1);
        QVERIFY(!model.state(u"20250101000001"_s, u"staging"_s));

        // a recorded migration without a file becomes a row of its own
        cp::ProjectStatus staging;
        cp::MigrationStatus missing = status(u"20241231000000"_s, State::Missing);
        missing.name = u"hotfix"_s;
        staging.migrations = {status(u"20250101000001"_s, State::Applied), missing};
        model.setStatus(u"staging"_s, staging);
        QCOMPARE(model.rowCount(), 4);
        const int row = model.rowOf(u"20241231000000"_s);
        QVERIFY(row >= 0);
        QCOMPARE(model.index(row, MigrationListModel::NameColumn).data().toString(), u"hotfix (no file)"_s);
        QCOMPARE(model.state(u"20241231000000"_s, u"staging"_s), std::optional(State::Missing));
        // the dev column of that row stays unknown
        QVERIFY(!model.state(u"20241231000000"_s, u"dev"_s));

        model.clearStatus(u"dev"_s);
        QVERIFY(!model.state(u"20250101000001"_s, u"dev"_s));
        QCOMPARE(model.state(u"20250101000001"_s, u"staging"_s), std::optional(State::Applied));

        // severities: "…" while the analysis runs, then the worst one per migration
        QCOMPARE(model.index(0, MigrationListModel::SeverityColumn).data().toString(), u"…"_s);
        model.setSeverities({{u"20250101000003"_s, core::sql::Severity::Warning}});
        QCOMPARE(model.index(0, MigrationListModel::SeverityColumn).data().toString(), QString());
        QCOMPARE(model.index(2, MigrationListModel::SeverityColumn).data().toString(), u"warning"_s);
        QCOMPARE(model.index(2, 0).data(MigrationListModel::SeverityRole).toInt(), int(core::sql::Severity::Warning));
        QVERIFY(model.index(2, 0).data(MigrationListModel::SearchTextRole).toString().contains(u"step_3"_s));

        // a new project resets everything
        model.setProject(project(1), {u"dev"_s});
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.columnCount(), MigrationListModel::FirstEnvironmentColumn + 1);
    }

    void historyNewestFirst()
    {
        HistoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        cp::History history;
        history.found = true;
        cp::AppliedRecord a;
        a.key = a.version = u"1"_s;
        a.durationMs = 12;
        a.appliedBy = u"alice"_s;
        cp::AppliedRecord b;
        b.key = b.version = u"2"_s;
        b.failed = true;
        b.error = u"boom"_s;
        history.records = {a, b};
        model.setHistory(u"staging"_s, history);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.environment(), u"staging"_s);
        QCOMPARE(model.index(0, HistoryModel::VersionColumn).data().toString(), u"2"_s);
        QCOMPARE(model.index(0, HistoryModel::ResultColumn).data().toString(), u"failed"_s);
        QCOMPARE(model.index(0, 0).data(HistoryModel::ColourRole).toString(), u"#c62828"_s);
        QCOMPARE(model.index(0, 0).data(Qt::ToolTipRole).toString(), u"boom"_s);
        QCOMPARE(model.index(1, HistoryModel::DurationColumn).data().toString(), u"12 ms"_s);
        QCOMPARE(model.index(1, HistoryModel::AppliedByColumn).data().toString(), u"alice"_s);
        QCOMPARE(model.index(0, HistoryModel::DurationColumn).data().toString(), u"—"_s);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestProjectModels)
#include "tst_projectmodels.moc"
