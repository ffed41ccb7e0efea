// SPDX-License-Identifier: GPL-3.0-or-later
// Integration: `mwb apply` as users run it, against the fixture's real PostgreSQL 17: dbmate and golang-migrate
// projects, dry-runs, the production guard, preflight blocking, kill -9 at random moments, and eight runs at once.
#include "core/connectionparams.h"

#include "testservers.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <pqxx/pqxx>

#include <csignal>

using namespace Qt::StringLiterals;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

QString mwb()
{
    return QStringLiteral(MWB_BIN_DIR) + u"/mwb"_s;
}

void write(const QString &path, const QByteArray &text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write test file");
    f.write(text);
}

// A dbmate project: one table per migration.
void dbmateProject(const QString &dir, int count)
{
    for (int i = 1; i <= count; ++i) {
        write(u"%1/db/migrations/2026%2_t%3.sql"_s.arg(dir).arg(i, 10, 10, QChar(u'0')).arg(i),
              QStringLiteral("-- migrate:up\nCREATE TABLE t%1 (id bigint PRIMARY KEY, v text);\nINSERT INTO t%1 VALUES (1, 'x');\n\n"
                             "-- migrate:down\nDROP TABLE t%1;\n")
                  .arg(i)
                  .toUtf8());
    }
}

} // namespace

class TestApply : public QObject
{
    Q_OBJECT
    QString m_url;
    QString m_superUrl;
    QTemporaryDir m_home;
    int m_db = 0;

    // A fresh database per scenario, so that every tool table starts empty.
    QString freshDatabase()
    {
        const QString name = u"apply_%1_%2"_s.arg(QCoreApplication::applicationPid()).arg(++m_db);
        pqxx::connection c{core::ConnectionParams::fromUrl(m_superUrl)->toLibpqConninfo().toStdString()};
        pqxx::nontransaction tx{c};
        tx.exec("CREATE DATABASE " + name.toStdString() + " OWNER mwb_test");
        auto p = *core::ConnectionParams::fromUrl(m_url);
        p.database = name;
        QString url = m_url;
        return url.replace(QRegularExpression(u"/mwb_test$"_s), u"/"_s + name);
    }
    static std::string conninfo(const QString &url) { return core::ConnectionParams::fromUrl(url)->toLibpqConninfo().toStdString(); }
    static int count(const QString &url, const std::string &sql)
    {
        pqxx::connection c{conninfo(url)};
        pqxx::nontransaction tx{c};
        return tx.exec(sql).one_field().as<int>();
    }

    QProcessEnvironment env() const
    {
        auto e = QProcessEnvironment::systemEnvironment();
        e.insert(u"XDG_DATA_HOME"_s, m_home.filePath(u"data"_s));
        e.insert(u"MWB_AUDIT_LOG"_s, m_home.filePath(u"audit.jsonl"_s));
        return e;
    }
    Run run(const QStringList &args, int timeoutMs = 120000)
    {
        QProcess p;
        p.setProcessEnvironment(env());
        p.start(mwb(), args);
        if (!p.waitForFinished(timeoutMs)) {
            p.kill();
            p.waitForFinished();
            return {};
        }
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError())};
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_url = testsupport::serverValue(u"postgresql"_s, u"MWB_TEST_PG_URL"_s);
        m_superUrl = testsupport::serverValue(u"postgresql"_s, u"MWB_TEST_PG_SUPERUSER_URL"_s);
        QVERIFY2(!m_url.isEmpty() && !m_superUrl.isEmpty(), qPrintable(testsupport::serverUnavailableReason(u"postgresql"_s)));
        QVERIFY(m_home.isValid());
    }

    void appliesDbmateProjectAndStatusAgrees()
    {
        QTemporaryDir dir;
        dbmateProject(dir.path(), 5);
        const QString url = freshDatabase();
        const Run r = run({u"apply"_s, dir.path(), u"--url"_s, url, u"--format"_s, u"json"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o.value(u"format"_s).toString(), u"dbmate"_s);
        QCOMPARE(o.value(u"migrations"_s).toArray().size(), 5);
        for (const auto &m : o.value(u"migrations"_s).toArray())
            QCOMPARE(m.toObject().value(u"outcome"_s).toString(), u"applied"_s);
        QCOMPARE(count(url, "SELECT count(*) FROM schema_migrations"), 5);
        QCOMPARE(count(url, "SELECT count(*) FROM t5"), 1);
        const Run st = run({u"status"_s, dir.path(), u"--url"_s, url, u"--format"_s, u"json"_s});
        QCOMPARE(st.exitCode, 0);
        for (const auto &m : QJsonDocument::fromJson(st.out.toUtf8()).object().value(u"migrations"_s).toArray())
            QCOMPARE(m.toObject().value(u"state"_s).toString(), u"applied"_s);
        // Nothing left: a second run applies nothing and succeeds.
        const Run again = run({u"apply"_s, dir.path(), u"--url"_s, url});
        QCOMPARE(again.exitCode, 0);
        QVERIFY2(again.out.contains(u"nothing to apply"_s), qPrintable(again.out));
        // Every run is in the audit log, without the password.
        QFile audit(m_home.filePath(u"audit.jsonl"_s));
        QVERIFY(audit.open(QIODevice::ReadOnly));
        const QByteArray log = audit.readAll();
        QVERIFY(log.count('\n') >= 5);
        const QString password = testsupport::serverValue(u"postgresql"_s, u"MWB_TEST_PG_PASSWORD"_s);
        QVERIFY(!log.contains(password.toUtf8()));
    }

    void dryRunReportsLocksAndChangesNothing()
    {
        QTemporaryDir dir;
        const QString url = freshDatabase();
        write(dir.filePath(u"db/migrations/20260101000001_orders.sql"_s),
              "-- migrate:up\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\n-- migrate:down\nDROP TABLE orders;\n");
        QCOMPARE(run({u"apply"_s, dir.path(), u"--url"_s, url}).exitCode, 0);
        write(dir.filePath(u"db/migrations/20260101000002_index.sql"_s),
              "-- migrate:up\nCREATE INDEX orders_customer_idx ON orders (customer_id);\n-- migrate:down\nDROP INDEX orders_customer_idx;\n");
        const Run r = run({u"apply"_s, dir.path(), u"--url"_s, url, u"--dry-run"_s, u"--format"_s, u"json"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QVERIFY(o.value(u"dryRun"_s).toBool());
        const QJsonArray statements = o.value(u"migrations"_s).toArray().at(0).toObject().value(u"statements"_s).toArray();
        bool share = false;
        for (const auto &s : statements) {
            for (const auto &l : s.toObject().value(u"locks"_s).toArray())
                share = share || (l.toObject().value(u"relation"_s).toString() == u"orders" && l.toObject().value(u"mode"_s).toString() == u"SHARE");
        }
        QVERIFY2(share, qPrintable(r.out));
        QCOMPARE(count(url, "SELECT count(*) FROM schema_migrations"), 1);
        QCOMPARE(count(url, "SELECT count(*) FROM pg_indexes WHERE indexname = 'orders_customer_idx'"), 0);
        // Without --dry-run the analyzer's error finding (a blocking CREATE INDEX) stops the apply...
        const Run blocked = run({u"apply"_s, dir.path(), u"--url"_s, url});
        QCOMPARE(blocked.exitCode, 1);
        QVERIFY2(blocked.err.contains(u"require-concurrent-index-creation"_s), qPrintable(blocked.err));
        QCOMPARE(count(url, "SELECT count(*) FROM schema_migrations"), 1);
        // ...unless overridden with a reason, which the audit log records.
        const Run forced = run({u"apply"_s, dir.path(), u"--url"_s, url, u"--override-reason"_s, u"empty table, approved by DBA"_s});
        QVERIFY2(forced.exitCode == 0, qPrintable(forced.err));
        QCOMPARE(count(url, "SELECT count(*) FROM schema_migrations"), 2);
        QFile audit(m_home.filePath(u"audit.jsonl"_s));
        QVERIFY(audit.open(QIODevice::ReadOnly));
        QVERIFY(audit.readAll().contains("approved by DBA"));
    }

    void protectedEnvironmentNeedsTheTypedName()
    {
        QTemporaryDir dir;
        dbmateProject(dir.path(), 1);
        write(dir.filePath(u"workbench.toml"_s),
              "[[environments]]\nname = \"staging\"\nprotected = false\n\n[[environments]]\nname = \"prod\"\nprotected = true\n");
        const QString url = freshDatabase();
        const Run refused = run({u"apply"_s, dir.path(), u"--url"_s, url, u"--env"_s, u"prod"_s});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains(u"refusing to apply to 'prod'"_s), qPrintable(refused.err));
        const Run wrong = run({u"apply"_s, dir.path(), u"--url"_s, url, u"--env"_s, u"prod"_s, u"--confirm"_s, u"Prod"_s});
        QCOMPARE(wrong.exitCode, 1);
        QCOMPARE(count(url, "SELECT count(*) FROM pg_tables WHERE tablename = 't1'"), 0);
        const Run ok = run({u"apply"_s, dir.path(), u"--url"_s, url, u"--env"_s, u"prod"_s, u"--confirm"_s, u"prod"_s});
        QVERIFY2(ok.exitCode == 0, qPrintable(ok.err));
        QCOMPARE(count(url, "SELECT count(*) FROM t1"), 1);
        QCOMPARE(run({u"apply"_s, dir.path(), u"--url"_s, url, u"--env"_s, u"nowhere"_s}).exitCode, 2);
    }

    void killNineAtRandomMomentsNeverCorrupts()
    {
        QTemporaryDir dir;
        constexpr int migrations = 200;
        dbmateProject(dir.path(), migrations);
        const QString url = freshDatabase();
        auto resetSchema = [&url] {
            pqxx::connection c{conninfo(url)};
            pqxx::nontransaction tx{c};
            tx.exec("DROP SCHEMA public CASCADE");
            tx.exec("CREATE SCHEMA public");
        };
        // How long a whole run takes on this machine (sanitizers, load): the kills are drawn within it, so that
        // they land inside runs however fast or slow the apply is.
        QElapsedTimer whole;
        whole.start();
        const Run full = run({u"apply"_s, dir.path(), u"--url"_s, url});
        QVERIFY2(full.exitCode == 0, qPrintable(full.err));
        const qint64 wholeMs = whole.elapsed();
        resetSchema();
        auto *rng = QRandomGenerator::global();
        int killedMidway = 0;
        for (int trial = 0; trial < 30; ++trial) {
            // Every other trial starts from scratch; the others resume what the killed run before left.
            if (trial % 2 == 0 && trial > 0)
                resetSchema();
            QProcess p;
            p.setProcessEnvironment(env());
            p.start(mwb(), {u"apply"_s, dir.path(), u"--url"_s, url});
            QVERIFY(p.waitForStarted());
            QElapsedTimer t;
            t.start();
            const int delay = int(rng->bounded(qint64(10), std::max<qint64>(20, wholeMs * 9 / 10)));
            // Not a sleep: the process may finish first, and waitForFinished returns then.
            if (!p.waitForFinished(delay)) {
                ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
                p.waitForFinished();
                ++killedMidway;
            }
            // After every kill the history matches what the schema really contains.
            // (A run killed before it created the history table leaves none: zero recorded.)
            // Both counts in one statement, so in one snapshot: the server may still be committing the last message
            // the killed client sent, and two separate queries could straddle that commit.
            const bool history = count(url, "SELECT count(*) FROM pg_tables WHERE tablename = 'schema_migrations'") == 1;
            int recorded = 0;
            int tables = 0;
            {
                pqxx::connection c{conninfo(url)};
                pqxx::nontransaction tx{c};
                const auto row = tx.exec(history ? "SELECT (SELECT count(*) FROM schema_migrations), (SELECT count(*) FROM pg_tables "
                                                   "WHERE schemaname = 'public' AND tablename ~ '^t[0-9]+$')"
                                                 : "SELECT 0, (SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND "
                                                   "tablename ~ '^t[0-9]+$')").one_row();
                recorded = row[0].as<int>();
                tables = row[1].as<int>();
            }
            QCOMPARE(tables, recorded);
            if (history)
                QCOMPARE(count(url, "SELECT count(*) FROM (SELECT version FROM schema_migrations GROUP BY version HAVING count(*) > 1) d"), 0);
            // A run that got everything done leaves nothing to interrupt: start the next trial from scratch.
            if (recorded == migrations)
                resetSchema();
        }
        qInfo("killed midway: %d of 30 runs (a whole run takes %lld ms)", killedMidway, static_cast<long long>(wholeMs));
        QVERIFY2(killedMidway >= 10, qPrintable(u"only %1 runs of 30 were killed midway (a whole run takes %2 ms)"_s
                                                    .arg(killedMidway).arg(wholeMs)));
        const Run finish = run({u"apply"_s, dir.path(), u"--url"_s, url});
        QVERIFY2(finish.exitCode == 0, qPrintable(finish.err));
        QCOMPARE(count(url, "SELECT count(*) FROM schema_migrations"), migrations);
        QCOMPARE(count(url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename ~ '^t[0-9]+$'"), migrations);
        // Each migration inserted one row: applied exactly once.
        for (int i : {1, 57, 133, 200})
            QCOMPARE(count(url, "SELECT count(*) FROM t" + std::to_string(i)), 1);
    }

    void eightRunsAtOnceApplyEachMigrationOnce()
    {
        QTemporaryDir dir;
        constexpr int migrations = 60;
        dbmateProject(dir.path(), migrations);
        const QString url = freshDatabase();
        std::vector<std::unique_ptr<QProcess>> runs;
        for (int i = 0; i < 8; ++i) {
            auto p = std::make_unique<QProcess>();
            p->setProcessEnvironment(env());
            p->start(mwb(), {u"apply"_s, dir.path(), u"--url"_s, url, u"--format"_s, u"json"_s});
            runs.push_back(std::move(p));
        }
        int appliedTotal = 0;
        for (auto &p : runs) {
            QVERIFY(p->waitForFinished(300000));
            const QString err = QString::fromUtf8(p->readAllStandardError());
            QVERIFY2(p->exitStatus() == QProcess::NormalExit && p->exitCode() == 0, qPrintable(err));
            const QJsonObject o = QJsonDocument::fromJson(p->readAllStandardOutput()).object();
            for (const auto &m : o.value(u"migrations"_s).toArray())
                appliedTotal += m.toObject().value(u"outcome"_s).toString() == u"applied" ? 1 : 0;
        }
        QCOMPARE(appliedTotal, migrations); // every migration applied by exactly one of the eight
        QCOMPARE(count(url, "SELECT count(*) FROM schema_migrations"), migrations);
        QCOMPARE(count(url, "SELECT count(*) FROM t60"), 1);
    }
};

QTEST_GUILESS_MAIN(TestApply)
#include "tst_apply.moc"
