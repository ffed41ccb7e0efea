// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/versionsmodel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace Qt::StringLiterals;

class TestVersionsModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void showsSnapshot()
    {
        models::VersionsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);

        model.setVersions(core::coreComponentVersions());
        QVERIFY(model.rowCount() >= 4);
        QCOMPARE(model.columnCount(), 2);
        QStringList names;
        for (int row = 0; row < model.rowCount(); ++row)
            names.append(model.index(row, models::VersionsModel::NameColumn).data().toString());
        QVERIFY(names.contains(u"Qt"_s));
        QVERIFY(names.contains(u"libpqxx"_s));
        QVERIFY(names.contains(u"spdlog"_s));
        const int pqxx = int(names.indexOf(u"libpqxx"_s));
        QVERIFY(model.index(pqxx, models::VersionsModel::VersionColumn).data().toString().startsWith(u"7."_s));
        QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), u"Component"_s);

        model.setVersions({{u"a"_s, u"1"_s}});
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, 1).data().toString(), u"1"_s);
        QVERIFY(!model.index(0, 0).data(Qt::DecorationRole).isValid());
    }
};

QTEST_GUILESS_MAIN(TestVersionsModel)
#include "tst_versionsmodel.moc"
