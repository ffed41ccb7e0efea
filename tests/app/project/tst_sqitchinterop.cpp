// SPDX-License-Identifier: GPL-3.0-or-later
// Interop with the REAL sqitch (Debian's sqitch 1.5, from packaging/devroot.packages) on the fixture's PostgreSQL
// 17: sqitch writes the plan and deploys the first half; `mwb status` reports exactly that; `mwb apply` deploys the
// rest through the engine, writing sqitch's registry; then sqitch's own status, check, verify and deploy agree that
// nothing is pending or corrupt, sqitch reverts over the workbench's rows, and the rows sqitch writes when it
// deploys the same changes again equal the workbench's, column by column (except the commit times).
#include "core/connectionparams.h"

#include "../engine/clirun.h"
#include "testservers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <pqxx/pqxx>

using namespace Qt::StringLiterals;
using clitest::Run;
using clitest::write;

namespace {

const QString kName = u"Pat Planner"_s;
const QString kEmail = u"pat@example.org"_s;

} // namespace

class TestSqitchInterop : public QObject
{
    Q_OBJECT
    QString m_url;
    QString m_superUrl;
    QTemporaryDir m_home;
    int m_db = 0;

    QString freshDatabase()
    {
        const QString name = u"sqitch_interop_%1_%2"_s.arg(QCoreApplication::applicationPid()).arg(++m_db);
        pqxx::connection c{core::ConnectionParams::fromUrl(m_superUrl)->toLibpqConninfo().toStdString()};
        pqxx::nontransaction tx{c};
        tx.exec("CREATE DATABASE " + name.toStdString() + " OWNER mwb_test");
        auto p = *core::ConnectionParams::fromUrl(m_url);
        p.database = name;
        return u"postgres://%1:%2@%3:%4/%5?sslmode=disable"_s.arg(QString::fromUtf8(QUrl::toPercentEncoding(p.user)),
                                                                  QString::fromUtf8(QUrl::toPercentEncoding(p.password)), p.host)
            .arg(p.port)
            .arg(name);
    }
    static QString value(const QString &url, const std::string &sql)
    {
        pqxx::connection c{core::ConnectionParams::fromUrl(url)->toLibpqConninfo().toStdString()};
        pqxx::nontransaction tx{c};
        QStringList rows;
        for (const auto &row : tx.exec(sql)) {
            QStringList fields;
            for (const auto &f : row)
                fields.append(f.is_null() ? u"NULL"_s : QString::fromStdString(f.as<std::string>()));
            rows.append(fields.join(u','));
        }
        return rows.join(u';');
    }

    // sqitch in `dir`, against the database of `url` (target and password from the environment, as sqitch reads them).
    Run sqitch(const QStringList &args, const QString &dir, const QString &url)
    {
        const auto p = *core::ConnectionParams::fromUrl(url);
        QProcess proc;
        auto e = QProcessEnvironment::systemEnvironment();
        e.insert(u"SQITCH_FULLNAME"_s, kName);
        e.insert(u"SQITCH_EMAIL"_s, kEmail);
        e.insert(u"SQITCH_USER_CONFIG"_s, m_home.filePath(u"no-user-sqitch.conf"_s));
        e.insert(u"SQITCH_SYSTEM_CONFIG"_s, m_home.filePath(u"no-system-sqitch.conf"_s));
        e.insert(u"SQITCH_TARGET"_s, u"db:pg://%1@%2:%3/%4"_s.arg(p.user, p.host).arg(p.port).arg(p.database));
        e.insert(u"SQITCH_PASSWORD"_s, p.password);
        e.insert(u"PGSSLMODE"_s, u"disable"_s);
        proc.setProcessEnvironment(e);
        proc.setWorkingDirectory(dir);
        proc.start(u"sqitch"_s, args);
        if (!proc.waitForFinished(120000)) {
            proc.kill();
            proc.waitForFinished();
            return {-1, {}, u"sqitch timed out or did not start: "_s + proc.errorString()};
        }
        return {proc.exitStatus() == QProcess::NormalExit ? proc.exitCode() : -1, QString::fromUtf8(proc.readAllStandardOutput()),
                QString::fromUtf8(proc.readAllStandardError())};
    }
    Run mwb(const QStringList &args)
    {
        qputenv("SQITCH_FULLNAME", kName.toUtf8());
        qputenv("SQITCH_EMAIL", kEmail.toUtf8());
        qputenv("SQITCH_USER_CONFIG", m_home.filePath(u"no-user-sqitch.conf"_s).toUtf8());
        qputenv("SQITCH_SYSTEM_CONFIG", m_home.filePath(u"no-system-sqitch.conf"_s).toUtf8());
        return clitest::mwb(args, m_home.path());
    }
    QStringList states(const QString &dir, const QString &url)
    {
        const Run r = mwb({u"status"_s, dir, u"--url"_s, url, u"--format"_s, u"json"_s});
        QStringList out;
        for (const auto &m : QJsonDocument::fromJson(r.out.toUtf8()).object().value(u"migrations"_s).toArray())
            out.append(m.toObject().value(u"name"_s).toString() + u'=' + m.toObject().value(u"state"_s).toString());
        if (out.isEmpty())
            out.append(r.err + r.out);
        return out;
    }
    // The registry rows of `changes` (but their commit times): what sqitch and the workbench must write alike.
    static QString registryRows(const QString &url, const QString &changes)
    {
        const std::string in = changes.toStdString();
        return value(url, "SELECT change_id, script_hash, change, project, note, committer_name, committer_email, planned_at, "
                          "planner_name, planner_email FROM sqitch.changes WHERE change IN (" + in + ") ORDER BY committed_at")
            + u'|'
            + value(url, "SELECT d.change_id, d.type, d.dependency, d.dependency_id FROM sqitch.dependencies d JOIN sqitch.changes c "
                         "USING (change_id) WHERE c.change IN (" + in + ") ORDER BY 1, 3")
            + u'|'
            + value(url, "SELECT t.tag_id, t.tag, t.project, t.change_id, t.note, t.committer_name, t.committer_email, t.planned_at, "
                         "t.planner_name, t.planner_email FROM sqitch.tags t JOIN sqitch.changes c USING (change_id) "
                         "WHERE c.change IN (" + in + ") ORDER BY 1")
            + u'|'
            + value(url, "SELECT event, change_id, change, project, note, requires, conflicts, tags, committer_name, committer_email, "
                         "planned_at, planner_name, planner_email FROM sqitch.events WHERE event = 'deploy' AND change IN (" + in + ") "
                         "AND committed_at = (SELECT max(committed_at) FROM sqitch.events e WHERE e.change_id = events.change_id "
                         "AND e.event = 'deploy') ORDER BY committed_at");
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_url = testsupport::serverValue(u"postgresql"_s, u"MWB_TEST_PG_URL"_s);
        m_superUrl = testsupport::serverValue(u"postgresql"_s, u"MWB_TEST_PG_SUPERUSER_URL"_s);
        QVERIFY2(!m_url.isEmpty() && !m_superUrl.isEmpty(), qPrintable(testsupport::serverUnavailableReason(u"postgresql"_s)));
        QVERIFY(m_home.isValid());
        QProcess version;
        version.start(u"sqitch"_s, {u"--version"_s});
        QVERIFY2(version.waitForFinished(60000) && version.exitCode() == 0,
                 "sqitch is not installed: it comes with packaging/devroot.packages");
        QVERIFY2(QString::fromUtf8(version.readAllStandardOutput()).contains(u"App::Sqitch"_s), "not sqitch");
    }

    void postgresqlHalfBySqitchRestByTheWorkbench()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(u"proj"_s);
        QVERIFY(QDir().mkpath(dir));
        const QString url = freshDatabase();
        // The plan as sqitch itself writes it: four changes with dependencies, a tag in the middle and one at the end.
        Run r = sqitch({u"init"_s, u"widgets"_s, u"--engine"_s, u"pg"_s, u"--uri"_s, u"https://example.org/widgets"_s}, dir, url);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        const QList<QStringList> adds{{u"users"_s, u"-n"_s, u"Add users"_s},
                                      {u"widgets"_s, u"-r"_s, u"users"_s, u"-n"_s, u"Widgets and owners"_s},
                                      {u"widgets_idx"_s, u"-r"_s, u"widgets"_s, u"-n"_s, u"Owner index, built concurrently"_s},
                                      {u"comments"_s, u"-r"_s, u"users"_s, u"-r"_s, u"widgets@v1.0"_s, u"-n"_s, u"Comments"_s}};
        for (int i = 0; i < adds.size(); ++i) {
            r = sqitch(QStringList{u"add"_s} + adds.at(i), dir, url);
            QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
            if (i == 1) {
                r = sqitch({u"tag"_s, u"v1.0"_s, u"-n"_s, u"First release"_s}, dir, url);
                QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
            }
        }
        r = sqitch({u"tag"_s, u"v2.0"_s, u"-n"_s, u"Second release"_s}, dir, url);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        auto script = [&](const QString &kind, const QString &change, const QByteArray &body) {
            write(dir + u'/' + kind + u'/' + change + u".sql"_s, body);
        };
        script(u"deploy"_s, u"users"_s, "-- Deploy widgets:users to pg\n\nBEGIN;\n\nCREATE TABLE users (id int PRIMARY KEY, name text NOT NULL);\n\nCOMMIT;\n");
        script(u"deploy"_s, u"widgets"_s, "-- Deploy widgets:widgets to pg\n-- requires: users\n\nBEGIN;\n\nCREATE TABLE widgets (id int PRIMARY KEY, owner_id int);\n\nCOMMIT;\n");
        script(u"deploy"_s, u"widgets_idx"_s, "-- Deploy widgets:widgets_idx to pg\n-- No BEGIN/COMMIT: CREATE INDEX CONCURRENTLY cannot run in a transaction.\n\n"
                                             "CREATE INDEX CONCURRENTLY widgets_owner_idx ON widgets (owner_id);\n");
        script(u"deploy"_s, u"comments"_s, "-- Deploy widgets:comments to pg\n\nBEGIN;\n\nCREATE TABLE comments (id int PRIMARY KEY, body text NOT NULL);\n\n"
                                          "INSERT INTO comments VALUES (1, 'first');\n\nCOMMIT;\n");
        script(u"revert"_s, u"users"_s, "BEGIN;\nDROP TABLE users;\nCOMMIT;\n");
        script(u"revert"_s, u"widgets"_s, "BEGIN;\nDROP TABLE widgets;\nCOMMIT;\n");
        script(u"revert"_s, u"widgets_idx"_s, "DROP INDEX CONCURRENTLY widgets_owner_idx;\n");
        script(u"revert"_s, u"comments"_s, "BEGIN;\nDROP TABLE comments;\nCOMMIT;\n");
        script(u"verify"_s, u"users"_s, "SELECT id, name FROM users WHERE false;\n");
        script(u"verify"_s, u"widgets"_s, "SELECT id, owner_id FROM widgets WHERE false;\n");
        script(u"verify"_s, u"widgets_idx"_s, "SELECT 1/count(*) FROM pg_indexes WHERE indexname = 'widgets_owner_idx';\n");
        script(u"verify"_s, u"comments"_s, "SELECT 1/count(*) FROM comments WHERE body = 'first';\n");

        // sqitch deploys the first half (up to the tag @v1.0).
        r = sqitch({u"deploy"_s, u"--to"_s, u"@v1.0"_s}, dir, url);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QCOMPARE(states(dir, url), (QStringList{u"users=applied"_s, u"widgets=applied"_s, u"widgets_idx=pending"_s, u"comments=pending"_s}));

        // The workbench deploys the rest through its engine.
        r = mwb({u"apply"_s, dir, u"--url"_s, url, u"--override-reason"_s, u"interop test"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QCOMPARE(states(dir, url), (QStringList{u"users=applied"_s, u"widgets=applied"_s, u"widgets_idx=applied"_s, u"comments=applied"_s}));
        QCOMPARE(value(url, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'widgets_owner_idx'::regclass"), u"t"_s);
        QCOMPARE(value(url, "SELECT body FROM comments"), u"first"_s);
        const QString ours = registryRows(url, u"'widgets_idx', 'comments'"_s);
        QVERIFY2(ours.contains(kEmail) && ours.contains(u"@v2.0"_s), qPrintable(ours));
        QCOMPARE(value(url, "SELECT count(*) FROM sqitch.dependencies d JOIN sqitch.changes c USING (change_id) WHERE c.change = 'comments' "
                            "AND d.type = 'require' AND d.dependency_id IS NOT NULL"),
                 u"2"_s);

        // sqitch agrees: nothing to deploy, no script changed, every change verifies.
        r = sqitch({u"status"_s}, dir, url);
        QVERIFY2(r.exitCode == 0 && r.out.contains(u"Nothing to deploy (up-to-date)"_s), qPrintable(r.err + r.out));
        QVERIFY2(r.out.contains(u"comments"_s) && r.out.contains(u"@v2.0"_s), qPrintable(r.out));
        r = sqitch({u"check"_s}, dir, url);
        QVERIFY2(r.exitCode == 0 && !r.out.contains(u"diverge"_s), qPrintable(r.err + r.out));
        r = sqitch({u"verify"_s}, dir, url);
        QVERIFY2(r.exitCode == 0 && r.out.contains(u"Verify successful"_s), qPrintable(r.err + r.out));
        r = sqitch({u"deploy"_s}, dir, url);
        QVERIFY2(r.exitCode == 0 && r.out.contains(u"Nothing to deploy"_s), qPrintable(r.err + r.out));

        // sqitch reverts what the workbench deployed (its dependencies and tags rows are what sqitch needs) ...
        r = sqitch({u"revert"_s, u"-y"_s, u"--to"_s, u"@v1.0"_s}, dir, url);
        QVERIFY2(r.exitCode == 0 && r.out.contains(u"comments"_s) && r.out.contains(u"widgets_idx"_s), qPrintable(r.err + r.out));
        QCOMPARE(states(dir, url), (QStringList{u"users=applied"_s, u"widgets=applied"_s, u"widgets_idx=pending"_s, u"comments=pending"_s}));
        // ... and deploys them again itself: its rows equal the workbench's.
        r = sqitch({u"deploy"_s}, dir, url);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QCOMPARE(registryRows(url, u"'widgets_idx', 'comments'"_s), ours);
        QCOMPARE(states(dir, url), (QStringList{u"users=applied"_s, u"widgets=applied"_s, u"widgets_idx=applied"_s, u"comments=applied"_s}));
    }
};

QTEST_GUILESS_MAIN(TestSqitchInterop)
#include "tst_sqitchinterop.moc"
