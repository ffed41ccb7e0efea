// SPDX-License-Identifier: GPL-3.0-or-later
// Integration: the apply engine against the fixture's real MariaDB.
#include "core/connectionparams.h"
#include "core/engine/enginehost.h"
#include "core/engine/mysqlapplyrunner.h"
#include "core/engine/preflight.h"
#include "core/project/dbsession.h"

#include "testservers.h"

#include <QSignalSpy>
#include <algorithm>
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

    void preflightNamesBlockingSessions()
    {
        auto setup = core::project::DbSession::open(m_params);
        QVERIFY(setup);
        QVERIFY((*setup)->execScript(u"DROP TABLE IF EXISTS mt_busy; CREATE TABLE mt_busy (id INT) ENGINE=InnoDB; "
                                     "INSERT INTO mt_busy VALUES (1)"_s));
        auto holder = core::project::DbSession::open(m_params);
        QVERIFY(holder);
        const auto id = (*holder)->query(u"SELECT CONNECTION_ID()"_s);
        QVERIFY(id && !id->isEmpty());
        const int pid = id->first().first().toInt();
        const auto listed = [pid](const QList<BlockingSession> &sessions) {
            return std::find_if(sessions.cbegin(), sessions.cend(), [pid](const BlockingSession &s) { return s.pid == pid; });
        };
        // a transaction that read the table: it keeps a metadata lock on it until it ends (InnoDB refreshes
        // information_schema.INNODB_TRX at most every 0.1 s, hence the polling)
        QVERIFY((*holder)->execScript(u"BEGIN"_s));
        QVERIFY((*holder)->query(u"SELECT * FROM mt_busy"_s));
        core::Result<QList<BlockingSession>> sessions = QList<BlockingSession>();
        QTRY_VERIFY_WITH_TIMEOUT((sessions = findBlockingSessions(m_params, {u"mt_busy"_s, u"no_such_table"_s}, 0))
                                     && listed(*sessions) != sessions->cend(),
                                 10000);
        const auto it = listed(*sessions);
        QCOMPARE(it->user, m_params.user);
        QVERIFY(it->transactionAgeMs >= 0);
        QCOMPARE(std::count_if(sessions->cbegin(), sessions->cend(), [pid](const BlockingSession &s) { return s.pid == pid; }), 1);
        // under a long threshold it is listed only where the server reports metadata locks, and then for mt_busy
        const auto longOnly = findBlockingSessions(m_params, {u"mt_busy"_s}, 3600000);
        QVERIFY2(longOnly, qPrintable(longOnly ? QString() : longOnly.error().detail));
        if (const auto l = listed(*longOnly); l != longOnly->cend()) {
            QCOMPARE(l->relation, u"mt_busy"_s);
            QVERIFY(!l->mode.isEmpty());
        }
        // once the session has ended it is gone (PROCESSLIST is live; INNODB_TRX is a cache that InnoDB refreshes
        // only when it has not been read for 0.1 s, so a commit alone may show late while it is polled)
        QVERIFY((*holder)->execScript(u"COMMIT"_s));
        holder->reset();
        core::Result<QList<BlockingSession>> after = QList<BlockingSession>();
        QTRY_VERIFY_WITH_TIMEOUT((after = findBlockingSessions(m_params, {u"mt_busy"_s}, 0)) && listed(*after) == after->cend(), 10000);
        QVERIFY((*setup)->execScript(u"DROP TABLE mt_busy"_s));
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
