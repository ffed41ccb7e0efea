// SPDX-License-Identifier: GPL-3.0-or-later
// Integration: the apply engine against the fixture's real MariaDB.
#include "core/connectionparams.h"
#include "core/engine/enginehost.h"
#include "core/engine/mysqlapplyrunner.h"

#include "testservers.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace core::engine;

class TestMySqlApply : public QObject
{
    Q_OBJECT
    core::ConnectionParams m_params;

    QStringList tables()
    {
        QStringList out;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QMYSQL"_s, u"check"_s);
            db.setHostName(m_params.host);
            db.setPort(m_params.port);
            db.setDatabaseName(m_params.database);
            db.setUserName(m_params.user);
            db.setPassword(m_params.password);
            if (db.open()) {
                QSqlQuery q(db);
                q.exec(u"SHOW TABLES"_s);
                while (q.next())
                    out.append(q.value(0).toString());
                q.exec(u"SHOW COLUMNS FROM mt_a"_s);
                while (q.next())
                    out.append(u"mt_a."_s + q.value(0).toString());
            }
        }
        QSqlDatabase::removeDatabase(u"check"_s);
        out.sort();
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "mariadb", "MWB_TEST_MARIADB_URL");
        m_params = *core::ConnectionParams::fromUrl(url);
    }

    void failingAtTheThirdDdlReportsWhatTookEffect()
    {
        PlannedMigration m;
        m.version = u"001"_s;
        m.name = u"three_ddl"_s;
        m.statements = {{u"CREATE TABLE mt_a (id INT PRIMARY KEY)"_s, 1, true},
                        {u"ALTER TABLE mt_a ADD COLUMN name VARCHAR(20), ALGORITHM=INSTANT"_s, 2, true},
                        {u"ALTER TABLE mt_missing ADD COLUMN x INT"_s, 4, true},
                        {u"CREATE TABLE mt_never (id INT)"_s, 5, true}};
        m.historyOnSuccess = {u"CREATE TABLE mt_history_should_not_exist (id INT)"_s};
        MySqlApplyRunner runner;
        const ApplyReport report = runner.run({m_params, {m}, {}, {}}, {u"mwb-test-lock"_s});
        QVERIFY(report.error);
        QCOMPARE(report.error->code, core::Error::Code::Sql);
        QCOMPARE(report.error->sqlState, u"1146"_s); // table doesn't exist
        QVERIFY2(report.error->detail.contains(u"failed at statement 3 (line 4)"_s), qPrintable(report.error->detail));
        QVERIFY2(report.error->detail.contains(u"statements 1 to 2 took effect"_s), qPrintable(report.error->detail));
        const auto &st = report.migrations.at(0).statements;
        QCOMPARE(st.size(), 4);
        QCOMPARE(st.at(0).outcome, Outcome::Applied);
        QCOMPARE(st.at(1).outcome, Outcome::Applied);
        QCOMPARE(st.at(2).outcome, Outcome::Failed);
        QCOMPARE(st.at(3).outcome, Outcome::Skipped);
        // What the report says is what the server has.
        const QStringList t = tables();
        QVERIFY2(t.contains(u"mt_a"_s) && t.contains(u"mt_a.name"_s), qPrintable(t.join(u", "_s)));
        QVERIFY(!t.contains(u"mt_never"_s));
        QVERIFY(!t.contains(u"mt_history_should_not_exist"_s));
    }

    void engineDispatchesMySql()
    {
        EngineHost host;
        QSignalSpy finished(&host, &EngineHost::finished);
        PlannedMigration m;
        m.version = u"002"_s;
        m.statements = {{u"CREATE TABLE mt_b (id INT)"_s, 1, true}};
        host.requestApply({m_params, {m}, {}, {}});
        QVERIFY(finished.wait(30000));
        const auto report = finished.at(0).at(1).value<ApplyReport>();
        QVERIFY2(!report.error, qPrintable(report.error ? report.error->detail : QString()));
        QVERIFY(tables().contains(u"mt_b"_s));
    }

    void dryRunIsRefusedClearly()
    {
        ApplyOptions o;
        o.dryRun = true;
        MySqlApplyRunner runner;
        const ApplyReport report = runner.run({m_params, {}, o, {}});
        QVERIFY(report.error);
        QCOMPARE(report.error->code, core::Error::Code::Unsupported);
    }
};

QTEST_GUILESS_MAIN(TestMySqlApply)
#include "tst_mysqlapply.moc"
