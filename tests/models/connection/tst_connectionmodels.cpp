// SPDX-License-Identifier: GPL-3.0-or-later
// The connection profiles and environments models, checked by QAbstractItemModelTester through every change.
#include "models/connection/environmentsmodel.h"
#include "models/connection/profilesmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace core::connection;
using models::EnvironmentsModel;
using models::ProfilesModel;

class TestConnectionModels : public QObject
{
    Q_OBJECT
private:
    static ConnectionProfile profile(const QString &name, const QString &host)
    {
        ConnectionProfile p = ConnectionProfile::create(core::Dialect::PostgreSQL, name);
        p.host = host;
        p.port = 5432;
        p.user = u"app"_s;
        p.database = u"shop"_s;
        return p;
    }

private Q_SLOTS:
    void profiles()
    {
        ProfilesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        const ConnectionProfile a = profile(u"primary"_s, u"db1"_s);
        ConnectionProfile b = profile(u"replica"_s, u"2001:db8::5"_s);
        b.readOnly = true;
        model.setProfiles({a});
        QCOMPARE(model.rowCount(), 1);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QCOMPARE(model.upsert(b), 1);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(model.index(1, ProfilesModel::TargetColumn).data().toString(), u"app@[2001:db8::5]:5432/shop"_s);
        QCOMPARE(model.index(1, ProfilesModel::FlagsColumn).data().toString(), u"read-only"_s);
        QCOMPARE(model.index(1, 0).data(ProfilesModel::ReadOnlyRole).toBool(), true);
        QCOMPARE(model.index(0, 0).data(ProfilesModel::IdRole).toString(), a.id);

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        ConnectionProfile renamed = a;
        renamed.name = u"primary (eu)"_s;
        QCOMPARE(model.upsert(renamed), 0);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, 0).data().toString(), u"primary (eu)"_s);
        QCOMPARE(model.names(), QStringList({u"primary (eu)"_s, u"replica"_s}));

        ConnectionProfile socket = profile(u"local"_s, {});
        socket.socket = u"/run/postgresql"_s;
        socket.port = 0;
        model.upsert(socket);
        QCOMPARE(model.index(2, ProfilesModel::TargetColumn).data().toString(), u"app@/run/postgresql/shop"_s);
        ConnectionProfile lite = ConnectionProfile::create(core::Dialect::SQLite, u"file"_s);
        lite.database = u"/tmp/x.db"_s;
        model.upsert(lite);
        QCOMPARE(model.index(3, ProfilesModel::TargetColumn).data().toString(), u"/tmp/x.db"_s);

        QVERIFY(model.removeProfile(b.id));
        QVERIFY(!model.removeProfile(b.id));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.rowOf(b.id), -1);
        QVERIFY(!model.profileAt(7));
        model.setProfiles({});
        QCOMPARE(model.rowCount(), 0);
    }

    void environments()
    {
        EnvironmentsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const ConnectionProfile p = profile(u"prod db"_s, u"db"_s);
        model.setProfiles({p});
        EnvironmentPipeline pipeline = EnvironmentPipeline::defaults();
        Environment prod = *pipeline.find(u"prod");
        prod.profileId = p.id;
        QVERIFY(pipeline.update(prod));
        model.setPipeline(pipeline);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(2, EnvironmentsModel::ProfileColumn).data().toString(), u"prod db"_s);
        QCOMPARE(model.index(2, EnvironmentsModel::ProtectedColumn).data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
        QCOMPARE(model.index(0, 0).data(EnvironmentsModel::ColourRole).toString(), u"#2e7d32"_s);

        // protected is checkable, the name editable; invalid edits are refused
        QVERIFY(model.setData(model.index(0, EnvironmentsModel::ProtectedColumn), Qt::Checked, Qt::CheckStateRole));
        QVERIFY(model.pipeline().environments()[0].isProtected);
        QVERIFY(model.setData(model.index(0, 0), u"development"_s));
        QCOMPARE(model.pipeline().environments()[0].name, u"development"_s);
        QVERIFY(!model.setData(model.index(0, 0), u"prod"_s)); // duplicate
        QVERIFY(!model.setData(model.index(0, 0), u""_s));
        QVERIFY(!model.setData(model.index(0, 0), u"#zzzzzz"_s, EnvironmentsModel::ColourRole));
        QVERIFY(model.setData(model.index(0, 0), u"#00ff00"_s, EnvironmentsModel::ColourRole));

        // pipeline order
        QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
        QVERIFY(model.moveEnvironment(2, 0));
        QCOMPARE(model.pipeline().environments()[0].name, u"prod"_s);
        QVERIFY(model.moveRows({}, 0, 1, {}, 3)); // back to the end
        QCOMPARE(model.pipeline().environments()[2].name, u"prod"_s);
        QCOMPARE(moved.size(), 2);
        QVERIFY(!model.moveEnvironment(0, 5));

        QVERIFY(model.addEnvironment(Environment::create(u"live-eu"_s)));
        QCOMPARE(model.rowCount(), 4);
        QVERIFY(model.pipeline().environments()[3].isProtected);
        QVERIFY(!model.addEnvironment(Environment::create(u"LIVE-EU"_s)));
        QVERIFY(model.removeEnvironment(1));
        QVERIFY(!model.removeEnvironment(9));
        QCOMPARE(model.rowCount(), 3);
        model.setProfiles({});
        QCOMPARE(model.index(1, EnvironmentsModel::ProfileColumn).data().toString(), u"(missing profile)"_s);
    }
};

QTEST_GUILESS_MAIN(TestConnectionModels)
#include "tst_connectionmodels.moc"
