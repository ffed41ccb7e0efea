// SPDX-License-Identifier: GPL-3.0-or-later
// Integration: `mwb down` and `mwb repair` against the fixture's real PostgreSQL 17, checking the history rows
// each tool would have written (golang-migrate's version/dirty row, dbmate's rows, Flyway's UNDO_SQL and failed
// rows, Prisma's rolled_back_at), the irreversible stop, the forward-only production guard, and the INVALID index
// a failed CREATE INDEX CONCURRENTLY leaves behind.
#include "core/connectionparams.h"

#include "clirun.h"
#include "testservers.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QElapsedTimer>
#include <QTest>

#include <csignal>

#include <pqxx/pqxx>

using namespace Qt::StringLiterals;
using clitest::Run;
using clitest::write;

namespace {

void golangProject(const QString &dir, int count)
{
    for (int i = 1; i <= count; ++i) {
        write(u"%1/%2_t%3.up.sql"_s.arg(dir).arg(i, 6, 10, QChar(u'0')).arg(i),
              QStringLiteral("CREATE TABLE g%1 (id int);\n").arg(i).toUtf8());
        write(u"%1/%2_t%3.down.sql"_s.arg(dir).arg(i, 6, 10, QChar(u'0')).arg(i),
              QStringLiteral("DROP TABLE g%1;\n").arg(i).toUtf8());
    }
}

void dbmateFile(const QString &dir, int i, const QString &down)
{
    write(u"%1/db/migrations/2026%2_d%3.sql"_s.arg(dir).arg(i, 10, 10, QChar(u'0')).arg(i),
          QStringLiteral("-- migrate:up\nCREATE TABLE d%1 (id int);\n\n-- migrate:down\n%2\n").arg(i).arg(down).toUtf8());
}

} // namespace

class TestDownRepair : public QObject
{
    Q_OBJECT
    QString m_url;
    QString m_superUrl;
    QTemporaryDir m_home;
    int m_db = 0;

    QString freshDatabase()
    {
        const QString name = u"downrepair_%1_%2"_s.arg(QCoreApplication::applicationPid()).arg(++m_db);
        pqxx::connection c{core::ConnectionParams::fromUrl(m_superUrl)->toLibpqConninfo().toStdString()};
        pqxx::nontransaction tx{c};
        tx.exec("CREATE DATABASE " + name.toStdString() + " OWNER mwb_test");
        QString url = m_url;
        return url.replace(QRegularExpression(u"/mwb_test$"_s), u"/"_s + name);
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
    static bool tableExists(const QString &url, const QString &table)
    {
        return value(url, "SELECT to_regclass('" + table.toStdString() + "') IS NOT NULL") == u"t";
    }
    Run mwb(const QStringList &args) { return clitest::mwb(args, m_home.path()); }

private Q_SLOTS:
    void initTestCase()
    {
        m_url = testsupport::serverValue(u"postgresql"_s, u"MWB_TEST_PG_URL"_s);
        m_superUrl = testsupport::serverValue(u"postgresql"_s, u"MWB_TEST_PG_SUPERUSER_URL"_s);
        QVERIFY2(!m_url.isEmpty() && !m_superUrl.isEmpty(), qPrintable(testsupport::serverUnavailableReason(u"postgresql"_s)));
        QVERIFY(m_home.isValid());
    }

    void golangMigrateDownMovesTheVersionLikeTheTool()
    {
        QTemporaryDir dir;
        golangProject(dir.path(), 4);
        const QString url = freshDatabase();
        Run r = mwb({u"apply"_s, dir.path(), u"--url"_s, url});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QCOMPARE(value(url, "SELECT version, dirty FROM schema_migrations"), u"4,f"_s);

        r = mwb({u"down"_s, dir.path(), u"--url"_s, url}); // default: one step
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QVERIFY2(r.out.contains(u"reverted 4 t4"_s), qPrintable(r.out));
        QCOMPARE(value(url, "SELECT version, dirty FROM schema_migrations"), u"3,f"_s);
        QVERIFY(!tableExists(url, u"g4"_s));
        QVERIFY(tableExists(url, u"g3"_s));

        r = mwb({u"down"_s, dir.path(), u"--url"_s, url, u"--to"_s, u"1"_s, u"--format"_s, u"json"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        const QJsonArray ms = QJsonDocument::fromJson(r.out.toUtf8()).object().value(u"migrations"_s).toArray();
        QCOMPARE(ms.size(), 2);
        QCOMPARE(ms.at(0).toObject().value(u"version"_s).toString(), u"3"_s); // newest first
        QCOMPARE(ms.at(1).toObject().value(u"outcome"_s).toString(), u"reverted"_s);
        QCOMPARE(value(url, "SELECT version, dirty FROM schema_migrations"), u"1,f"_s);

        // Reverting the first migration leaves golang-migrate's table empty (its nil version).
        r = mwb({u"down"_s, dir.path(), u"--url"_s, url, u"--steps"_s, u"1"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QCOMPARE(value(url, "SELECT count(*) FROM schema_migrations"), u"0"_s);
        QVERIFY(!tableExists(url, u"g1"_s));
        r = mwb({u"down"_s, dir.path(), u"--url"_s, url});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(u"nothing to revert"_s));

        // And forward again from nothing.
        r = mwb({u"apply"_s, dir.path(), u"--url"_s, url});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QCOMPARE(value(url, "SELECT version, dirty FROM schema_migrations"), u"4,f"_s);
    }

    void dbmateDownDeletesRowsAndStopsBeforeAnIrreversibleOne()
    {
        QTemporaryDir dir;
        dbmateFile(dir.path(), 1, u"DROP TABLE d1;"_s);
        dbmateFile(dir.path(), 2, u"-- mwb:irreversible\n-- the data is gone"_s);
        dbmateFile(dir.path(), 3, u"DROP TABLE d3;"_s);
        dbmateFile(dir.path(), 4, u"DROP TABLE d4;"_s);
        const QString url = freshDatabase();
        Run r = mwb({u"apply"_s, dir.path(), u"--url"_s, url});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));

        // Three steps would cross migration 2: refused before anything is reverted.
        r = mwb({u"down"_s, dir.path(), u"--url"_s, url, u"--steps"_s, u"3"_s});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"irreversible"_s) && r.err.contains(u"Nothing was reverted"_s), qPrintable(r.err));
        QVERIFY2(r.err.contains(u"--steps 2"_s), qPrintable(r.err));
        QCOMPARE(value(url, "SELECT count(*) FROM schema_migrations"), u"4"_s);
        QVERIFY(tableExists(url, u"d4"_s));

        r = mwb({u"down"_s, dir.path(), u"--url"_s, url, u"--steps"_s, u"2"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QCOMPARE(value(url, "SELECT string_agg(version, ' ' ORDER BY version) FROM schema_migrations"),
                 u"20260000000001 20260000000002"_s);
        QVERIFY(!tableExists(url, u"d3"_s) && !tableExists(url, u"d4"_s));
        QVERIFY(tableExists(url, u"d2"_s));

        // A migration without any down section is irreversible too (here: a file with an empty down block).
        r = mwb({u"down"_s, dir.path(), u"--url"_s, url});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains(u"20260000000002"_s));
        QCOMPARE(value(url, "SELECT count(*) FROM schema_migrations"), u"2"_s);
    }

    void nodePgMigrateDownDeletesTheRow()
    {
        QTemporaryDir dir;
        for (int i = 1; i <= 2; ++i)
            write(dir.filePath(u"migrations/170000000000%1_n%1.sql"_s.arg(i)),
                  QStringLiteral("-- Up Migration\nCREATE TABLE n%1 (id int);\n\n-- Down Migration\nDROP TABLE n%1;\n").arg(i).toUtf8());
        const QString url = freshDatabase();
        Run r = mwb({u"apply"_s, dir.path(), u"--url"_s, url, u"--tool"_s, u"node-pg-migrate"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QCOMPARE(value(url, "SELECT string_agg(name, ' ' ORDER BY id) FROM pgmigrations"), u"1700000000001_n1 1700000000002_n2"_s);
        r = mwb({u"down"_s, dir.path(), u"--url"_s, url, u"--tool"_s, u"node-pg-migrate"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QCOMPARE(value(url, "SELECT string_agg(name, ' ' ORDER BY id) FROM pgmigrations"), u"1700000000001_n1"_s);
        QVERIFY(!tableExists(url, u"n2"_s));
    }

    void batchedApplyStopsAtTheFailingMigrationAndNamesItsStatement()
    {
        // dbmate migrations go several to a message; a failure in the middle must still be reported exactly, with
        // everything before it applied and recorded, and nothing after it run.
        QTemporaryDir dir;
        for (int i = 1; i <= 10; ++i) {
            const QString body = i == 6 ? u"CREATE TABLE d6 (id int);\nINSERT INTO d6_typo VALUES (1);"_s : u"CREATE TABLE d%1 (id int);"_s.arg(i);
            write(u"%1/db/migrations/2026%2_d%3.sql"_s.arg(dir.path()).arg(i, 10, 10, QChar(u'0')).arg(i),
                  QStringLiteral("-- migrate:up\n%1\n\n-- migrate:down\nDROP TABLE d%2;\n").arg(body).arg(i).toUtf8());
        }
        const QString url = freshDatabase();
        Run r = mwb({u"apply"_s, dir.path(), u"--url"_s, url, u"--format"_s, u"json"_s});
        QCOMPARE(r.exitCode, 1);
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const QJsonArray ms = o.value(u"migrations"_s).toArray();
        QCOMPARE(ms.size(), 6);
        for (int i = 0; i < 5; ++i)
            QCOMPARE(ms.at(i).toObject().value(u"outcome"_s).toString(), u"applied"_s);
        const QJsonArray st = ms.at(5).toObject().value(u"statements"_s).toArray();
        QCOMPARE(st.at(1).toObject().value(u"outcome"_s).toString(), u"failed"_s);
        QVERIFY2(st.at(1).toObject().value(u"error"_s).toString().contains(u"d6_typo"_s), qPrintable(r.out));
        QCOMPARE(value(url, "SELECT count(*) FROM schema_migrations"), u"5"_s);
        QVERIFY(tableExists(url, u"d5"_s) && !tableExists(url, u"d6"_s) && !tableExists(url, u"d7"_s));
        // Fixed, the rest goes through.
        write(u"%1/db/migrations/20260000000006_d6.sql"_s.arg(dir.path()), "-- migrate:up\nCREATE TABLE d6 (id int);\n\n-- migrate:down\nDROP TABLE d6;\n");
        r = mwb({u"apply"_s, dir.path(), u"--url"_s, url});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QCOMPARE(value(url, "SELECT count(*) FROM schema_migrations"), u"10"_s);
        QVERIFY(tableExists(url, u"d10"_s));
    }

    void productionIsForwardOnly()
    {
        QTemporaryDir dir;
        dbmateFile(dir.path(), 1, u"DROP TABLE d1;"_s);
        const QString url = freshDatabase();
        QCOMPARE(mwb({u"apply"_s, dir.path(), u"--url"_s, url}).exitCode, 0);
        Run r = mwb({u"down"_s, dir.path(), u"--url"_s, url, u"--env"_s, u"prod"_s});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"refusing to revert on 'prod'"_s), qPrintable(r.err));
        r = mwb({u"down"_s, dir.path(), u"--url"_s, url, u"--env"_s, u"prod"_s, u"--confirm"_s, u"prod"_s});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"forward only"_s) && r.err.contains(u"--emergency-reason"_s), qPrintable(r.err));
        QCOMPARE(value(url, "SELECT count(*) FROM schema_migrations"), u"1"_s);
        r = mwb({u"down"_s, dir.path(), u"--url"_s, url, u"--env"_s, u"prod"_s, u"--confirm"_s, u"prod"_s,
                 u"--emergency-reason"_s, u"INC-42: the new table breaks the nightly export"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QCOMPARE(value(url, "SELECT count(*) FROM schema_migrations"), u"0"_s);
        QFile audit(m_home.filePath(u"audit.jsonl"_s));
        QVERIFY(audit.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = audit.readAll().trimmed().split('\n');
        const QJsonObject last = QJsonDocument::fromJson(lines.last()).object();
        QCOMPARE(last.value(u"operation"_s).toString(), u"down"_s);
        QCOMPARE(last.value(u"environment"_s).toString(), u"prod"_s);
        QCOMPARE(last.value(u"overrideReason"_s).toString(), u"INC-42: the new table breaks the nightly export"_s);
    }

    void flywayUndoWritesAnUndoRowAndTheVersionIsPendingAgain()
    {
        QTemporaryDir dir;
        write(dir.filePath(u"db/migration/V1__one.sql"_s), "CREATE TABLE f1 (id int);\n");
        write(dir.filePath(u"db/migration/V2__two.sql"_s), "CREATE TABLE f2 (id int);\n");
        write(dir.filePath(u"db/migration/U2__two.sql"_s), "DROP TABLE f2;\n");
        const QString url = freshDatabase();
        Run r = mwb({u"apply"_s, dir.path(), u"--url"_s, url});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        r = mwb({u"down"_s, dir.path(), u"--url"_s, url});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QCOMPARE(value(url, "SELECT installed_rank, version, type, script, success FROM flyway_schema_history ORDER BY installed_rank"),
                 u"1,1,SQL,V1__one.sql,t;2,2,SQL,V2__two.sql,t;3,2,UNDO_SQL,U2__two.sql,t"_s);
        QVERIFY(!tableExists(url, u"f2"_s));
        r = mwb({u"status"_s, dir.path(), u"--url"_s, url, u"--format"_s, u"json"_s});
        const QJsonArray st = QJsonDocument::fromJson(r.out.toUtf8()).object().value(u"migrations"_s).toArray();
        QCOMPARE(st.at(1).toObject().value(u"state"_s).toString(), u"pending"_s);
        // V1 has no undo script: irreversible.
        r = mwb({u"down"_s, dir.path(), u"--url"_s, url});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"no down migration"_s), qPrintable(r.err));
        r = mwb({u"apply"_s, dir.path(), u"--url"_s, url});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QVERIFY(tableExists(url, u"f2"_s));
        QCOMPARE(value(url, "SELECT count(*) FROM flyway_schema_history"), u"4"_s);
    }

    void cancelledDownRollsBackAndChangesNoHistory()
    {
        QTemporaryDir dir;
        golangProject(dir.path(), 2);
        write(dir.filePath(u"000002_t2.down.sql"_s), "DROP TABLE g2;\nSELECT pg_sleep(60);\n");
        const QString url = freshDatabase();
        QCOMPARE(mwb({u"apply"_s, dir.path(), u"--url"_s, url}).exitCode, 0);
        QProcess p;
        auto e = QProcessEnvironment::systemEnvironment();
        e.insert(u"MWB_AUDIT_LOG"_s, m_home.filePath(u"audit.jsonl"_s));
        p.setProcessEnvironment(e);
        p.start(QStringLiteral(MWB_BIN_DIR) + u"/mwb"_s, {u"down"_s, dir.path(), u"--url"_s, url});
        QVERIFY(p.waitForStarted());
        // Wait until the down migration is inside its pg_sleep (the DROP TABLE already ran in its transaction).
        QElapsedTimer waited;
        waited.start();
        while (value(url, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'mwb' AND query LIKE '%pg_sleep%' "
                          "AND state = 'active'") != u"1"_s) {
            QVERIFY2(waited.elapsed() < 30000, "the down migration never reached its pg_sleep");
            QVERIFY(!p.waitForFinished(20));
        }
        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitCode(), 1);
        QVERIFY2(QString::fromUtf8(p.readAllStandardError()).contains(u"cancelled"_s), "no cancel message");
        // Rolled back: the table is back, the version untouched.
        QVERIFY(tableExists(url, u"g2"_s));
        QCOMPARE(value(url, "SELECT version, dirty FROM schema_migrations"), u"2,f"_s);
        write(dir.filePath(u"000002_t2.down.sql"_s), "DROP TABLE g2;\n");
        const Run r = mwb({u"down"_s, dir.path(), u"--url"_s, url});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QCOMPARE(value(url, "SELECT version, dirty FROM schema_migrations"), u"1,f"_s);
    }

    void golangDownOutsideATransactionFailingLeavesThePreviousVersionDirty()
    {
        QTemporaryDir dir;
        golangProject(dir.path(), 2);
        // two statements: golang-migrate sends them as one query, which PostgreSQL runs in a transaction (no CONCURRENTLY)
        write(dir.filePath(u"000002_t2.up.sql"_s), "CREATE TABLE g2 (id int);\nCREATE INDEX g2_id ON g2 (id);\n");
        write(dir.filePath(u"000002_t2.down.sql"_s), "DROP INDEX CONCURRENTLY g2_id;\nDROP TABLE g2_typo;\n");
        const QString url = freshDatabase();
        Run r = mwb({u"apply"_s, dir.path(), u"--url"_s, url});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        r = mwb({u"down"_s, dir.path(), u"--url"_s, url});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"statement 2"_s), qPrintable(r.err));
        // As golang-migrate: SetVersion(previous, dirty) before the body, and it stays dirty after the failure.
        QCOMPARE(value(url, "SELECT version, dirty FROM schema_migrations"), u"1,t"_s);
        r = mwb({u"down"_s, dir.path(), u"--url"_s, url});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"Dirty database version 1"_s), qPrintable(r.err));
    }

    void repairAfterAFailedConcurrentIndexBuild()
    {
        QTemporaryDir dir;
        write(dir.filePath(u"000001_dup.up.sql"_s), "CREATE TABLE dup (id int, v int);\nINSERT INTO dup VALUES (1, 7), (2, 7);\n");
        write(dir.filePath(u"000001_dup.down.sql"_s), "DROP TABLE dup;\n");
        write(dir.filePath(u"000002_uniq.up.sql"_s), "CREATE UNIQUE INDEX CONCURRENTLY dup_v ON dup (v);\n");
        write(dir.filePath(u"000002_uniq.down.sql"_s), "DROP INDEX CONCURRENTLY dup_v;\n");
        const QString url = freshDatabase();
        Run r = mwb({u"apply"_s, dir.path(), u"--url"_s, url});
        QCOMPARE(r.exitCode, 1);
        // The apply failure names the INVALID index and how to drop it.
        QVERIFY2(r.err.contains(u"INVALID index public.dup_v"_s) && r.err.contains(u"DROP INDEX CONCURRENTLY IF EXISTS public.dup_v"_s),
                 qPrintable(r.err));
        QCOMPARE(value(url, "SELECT version, dirty FROM schema_migrations"), u"2,t"_s);
        QCOMPARE(value(url, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'dup_v'::regclass"), u"f"_s);

        // Without --execute: the plan only, nothing changed; a dirty golang-migrate version needs a decision.
        r = mwb({u"repair"_s, dir.path(), u"--url"_s, url});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains(u"DROP INDEX CONCURRENTLY IF EXISTS public.dup_v"_s), qPrintable(r.out));
        QVERIFY2(r.out.contains(u"dirty at version 2"_s) && r.out.contains(u"--version 1"_s), qPrintable(r.out));
        QVERIFY(r.out.contains(u"nothing was changed"_s));
        QCOMPARE(value(url, "SELECT version, dirty FROM schema_migrations"), u"2,t"_s);
        QVERIFY(tableExists(url, u"dup_v"_s));

        // The DBA undid nothing else (the index build is the only statement): force the previous version.
        r = mwb({u"repair"_s, dir.path(), u"--url"_s, url, u"--version"_s, u"1"_s, u"--execute"_s, u"--format"_s, u"json"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QVERIFY(o.value(u"executed"_s).toBool());
        QCOMPARE(o.value(u"actions"_s).toArray().size(), 3); // TRUNCATE, INSERT, DROP INDEX
        QCOMPARE(value(url, "SELECT version, dirty FROM schema_migrations"), u"1,f"_s);
        QVERIFY(!tableExists(url, u"dup_v"_s));

        // Fixed data, and the retry goes through.
        {
            pqxx::connection c{core::ConnectionParams::fromUrl(url)->toLibpqConninfo().toStdString()};
            pqxx::nontransaction tx{c};
            tx.exec("UPDATE dup SET v = 8 WHERE id = 2");
        }
        r = mwb({u"apply"_s, dir.path(), u"--url"_s, url});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QCOMPARE(value(url, "SELECT version, dirty FROM schema_migrations"), u"2,f"_s);
        QCOMPARE(value(url, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'dup_v'::regclass"), u"t"_s);
        r = mwb({u"repair"_s, dir.path(), u"--url"_s, url});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(u"nothing to repair"_s), qPrintable(r.out));
    }

    void repairPrismaFailedRow()
    {
        QTemporaryDir dir;
        write(dir.filePath(u"prisma/migrations/migration_lock.toml"_s), "provider = \"postgresql\"\n");
        write(dir.filePath(u"prisma/migrations/20260101000000_init/migration.sql"_s), "CREATE TABLE p1 (id int);\n");
        write(dir.filePath(u"prisma/migrations/20260102000000_second/migration.sql"_s), "CREATE TABLE p2 (id int);\n");
        const QString url = freshDatabase();
        const QString migrations = dir.filePath(u"prisma/migrations"_s);
        Run r = mwb({u"apply"_s, migrations, u"--url"_s, url, u"--to"_s, u"20260101000000"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        // What `prisma migrate deploy` leaves when the second migration fails (P3009 from then on).
        {
            pqxx::connection c{core::ConnectionParams::fromUrl(url)->toLibpqConninfo().toStdString()};
            pqxx::nontransaction tx{c};
            tx.exec("INSERT INTO _prisma_migrations (id, checksum, started_at, migration_name, logs) VALUES "
                    "('6f1c2a64-1111-4c1e-9f00-000000000002', 'x', now(), '20260102000000_second', 'db error: boom')");
        }
        r = mwb({u"apply"_s, migrations, u"--url"_s, url});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"failed"_s), qPrintable(r.err));
        r = mwb({u"repair"_s, migrations, u"--url"_s, url, u"--execute"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QVERIFY(r.out.contains(u"migrate resolve --rolled-back 20260102000000_second"_s));
        QCOMPARE(value(url, "SELECT rolled_back_at IS NOT NULL FROM _prisma_migrations WHERE migration_name = '20260102000000_second'"), u"t"_s);
        r = mwb({u"apply"_s, migrations, u"--url"_s, url});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QVERIFY(tableExists(url, u"p2"_s));
        QCOMPARE(value(url, "SELECT count(*) FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL"), u"2"_s);
    }

    void repairFlywayFailedRowsAndChecksums()
    {
        QTemporaryDir dir;
        write(dir.filePath(u"db/migration/V1__one.sql"_s), "CREATE TABLE fr1 (id int);\n");
        write(dir.filePath(u"db/migration/V2__two.sql"_s), "CREATE TABLE fr2 (id int);\n");
        const QString url = freshDatabase();
        Run r = mwb({u"apply"_s, dir.path(), u"--url"_s, url, u"--to"_s, u"1"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        // A failed row for V2 (as Flyway writes on a database without transactional DDL) and an edited V1.
        {
            pqxx::connection c{core::ConnectionParams::fromUrl(url)->toLibpqConninfo().toStdString()};
            pqxx::nontransaction tx{c};
            tx.exec("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, "
                    "installed_by, execution_time, success) VALUES (2, '2', 'two', 'SQL', 'V2__two.sql', 1, 'mwb_test', 3, false)");
        }
        write(dir.filePath(u"db/migration/V1__one.sql"_s), "-- reviewed\nCREATE TABLE fr1 (id int);\n");
        r = mwb({u"repair"_s, dir.path(), u"--url"_s, url});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QVERIFY(r.out.contains(u"remove the failed row of 2"_s));
        QVERIFY(r.out.contains(u"realign version 1"_s));
        QCOMPARE(value(url, "SELECT count(*) FROM flyway_schema_history"), u"2"_s); // shown, not done
        r = mwb({u"repair"_s, dir.path(), u"--url"_s, url, u"--execute"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QCOMPARE(value(url, "SELECT count(*) FROM flyway_schema_history"), u"1"_s);
        r = mwb({u"status"_s, dir.path(), u"--url"_s, url, u"--format"_s, u"json"_s});
        const QJsonArray st = QJsonDocument::fromJson(r.out.toUtf8()).object().value(u"migrations"_s).toArray();
        QCOMPARE(st.at(0).toObject().value(u"state"_s).toString(), u"applied"_s); // checksum realigned
        QCOMPARE(st.at(1).toObject().value(u"state"_s).toString(), u"pending"_s);
        r = mwb({u"apply"_s, dir.path(), u"--url"_s, url});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QVERIFY(tableExists(url, u"fr2"_s));
    }

    // flyway repair's second action (DbRepair.deleteMissingMigrations, JdbcTableSchemaHistory.delete): an applied
    // migration whose file is gone gets a DELETE row; a version above every file ("future") is left alone.
    void repairFlywayMarksMigrationsWithoutAFileDeleted()
    {
        QTemporaryDir dir;
        for (int i = 1; i <= 4; ++i)
            write(dir.filePath(u"db/migration/V%1__step_%1.sql"_s.arg(i)), QStringLiteral("CREATE TABLE fd%1 (id int);\n").arg(i).toUtf8());
        write(dir.filePath(u"db/migration/R__fd_view.sql"_s), "CREATE OR REPLACE VIEW fd_view AS SELECT id FROM fd1;\n");
        const QString url = freshDatabase();
        Run r = mwb({u"apply"_s, dir.path(), u"--url"_s, url});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        const QString before = value(url, "SELECT installed_rank, version, description, type, script, checksum, installed_by, "
                                          "execution_time, success FROM flyway_schema_history ORDER BY installed_rank");
        QCOMPARE(value(url, "SELECT count(*) FROM flyway_schema_history"), u"5"_s);
        QVERIFY(QFile::remove(dir.filePath(u"db/migration/V2__step_2.sql"_s)));
        QVERIFY(QFile::remove(dir.filePath(u"db/migration/V4__step_4.sql"_s)));
        QVERIFY(QFile::remove(dir.filePath(u"db/migration/R__fd_view.sql"_s)));
        r = mwb({u"status"_s, dir.path(), u"--url"_s, url, u"--format"_s, u"json"_s});
        QStringList states;
        for (const auto &m : QJsonDocument::fromJson(r.out.toUtf8()).object().value(u"migrations"_s).toArray())
            states.append(m.toObject().value(u"version"_s).toString() + u'=' + m.toObject().value(u"state"_s).toString());
        QCOMPARE(states, (QStringList{u"1=applied"_s, u"3=applied"_s, u"2=missing"_s, u"4=missing"_s, u"R:fd view=missing"_s}));

        // Shown first: two DELETE rows (V2, then the repeatable, in the order they were applied); V4 is "future".
        r = mwb({u"repair"_s, dir.path(), u"--url"_s, url});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QVERIFY2(r.out.contains(u"mark version 2 (V2__step_2.sql) as deleted"_s), qPrintable(r.out));
        QVERIFY2(r.out.contains(u"mark the repeatable migration \"fd view\" (R__fd_view.sql) as deleted"_s), qPrintable(r.out));
        QVERIFY2(r.out.contains(u"version 4 (V4__step_4.sql) is applied but above every migration file"_s), qPrintable(r.out));
        QCOMPARE(value(url, "SELECT count(*) FROM flyway_schema_history"), u"5"_s);

        r = mwb({u"repair"_s, dir.path(), u"--url"_s, url, u"--execute"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        // The applied rows stay as they were; each DELETE row repeats its applied row's version, description,
        // script and checksum, with the next installed_rank, installed_by = the user, execution_time 0, success.
        QCOMPARE(value(url, "SELECT installed_rank, version, description, type, script, checksum, installed_by, "
                            "execution_time, success FROM flyway_schema_history WHERE installed_rank <= 5 ORDER BY installed_rank"),
                 before);
        const QString v2 = value(url, "SELECT checksum FROM flyway_schema_history WHERE installed_rank = 2");
        const QString view = value(url, "SELECT checksum FROM flyway_schema_history WHERE installed_rank = 5");
        QVERIFY(!v2.isEmpty() && v2 != u"NULL" && !view.isEmpty() && view != u"NULL");
        QCOMPARE(value(url, "SELECT installed_rank, version, description, type, script, checksum, installed_by, execution_time, "
                            "success, installed_on > now() - interval '1 minute' FROM flyway_schema_history WHERE installed_rank > 5 "
                            "ORDER BY installed_rank"),
                 u"6,2,step 2,DELETE,V2__step_2.sql,%1,mwb_test,0,t,t;7,NULL,fd view,DELETE,R__fd_view.sql,%2,mwb_test,0,t,t"_s.arg(v2, view));
        r = mwb({u"status"_s, dir.path(), u"--url"_s, url, u"--format"_s, u"json"_s});
        states.clear();
        for (const auto &m : QJsonDocument::fromJson(r.out.toUtf8()).object().value(u"migrations"_s).toArray())
            states.append(m.toObject().value(u"version"_s).toString() + u'=' + m.toObject().value(u"state"_s).toString());
        QCOMPARE(states, (QStringList{u"1=applied"_s, u"3=applied"_s, u"4=missing"_s, u"2=deleted"_s, u"R:fd view=deleted"_s}));
        // A second repair has nothing left to mark.
        r = mwb({u"repair"_s, dir.path(), u"--url"_s, url});
        QVERIFY2(r.exitCode == 0 && r.out.contains(u"nothing to repair"_s), qPrintable(r.out));
        // The file comes back: Flyway no longer counts it as applied (here below V3, so out of order).
        write(dir.filePath(u"db/migration/V2__step_2.sql"_s), "CREATE TABLE fd2 (id int);\n");
        r = mwb({u"status"_s, dir.path(), u"--url"_s, url, u"--format"_s, u"json"_s});
        const QJsonObject second = QJsonDocument::fromJson(r.out.toUtf8()).object().value(u"migrations"_s).toArray().at(1).toObject();
        QCOMPARE(second.value(u"version"_s).toString(), u"2"_s);
        QCOMPARE(second.value(u"state"_s).toString(), u"out-of-order"_s);
        QVERIFY2(second.value(u"detail"_s).toString().contains(u"marked deleted by flyway repair"_s), qPrintable(r.out));
    }

    // golang-migrate reads its table from the database URL (x-migrations-table, x-migrations-table-quoted): mwb
    // apply, status, down and repair honour them the same way, and the x- options never reach libpq.
    void golangMigrateTableFromTheUrl()
    {
        QTemporaryDir dir;
        golangProject(dir.path(), 3);
        const QString url = freshDatabase();
        const QString plain = url + u"?x-migrations-table=my_versions&x-multi-statement=false"_s;
        Run r = mwb({u"apply"_s, dir.path(), u"--url"_s, plain, u"--to"_s, u"2"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QCOMPARE(value(url, "SELECT version, dirty FROM my_versions"), u"2,f"_s);
        QVERIFY(!tableExists(url, u"schema_migrations"_s));
        r = mwb({u"status"_s, dir.path(), u"--url"_s, plain, u"--format"_s, u"json"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QVERIFY2(QJsonDocument::fromJson(r.out.toUtf8()).object().value(u"historyTable"_s).toString().contains(u"my_versions"_s),
                 qPrintable(r.out));
        r = mwb({u"down"_s, dir.path(), u"--url"_s, plain});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QCOMPARE(value(url, "SELECT version, dirty FROM my_versions"), u"1,f"_s);
        r = mwb({u"repair"_s, dir.path(), u"--url"_s, plain, u"--version"_s, u"2"_s});
        QVERIFY2(r.exitCode == 0 && r.out.contains(u"my_versions"_s), qPrintable(r.err + r.out));

        // Quoted: schema and table, as golang-migrate splits "schema"."table" (a dot inside the quotes stays).
        const QString second = freshDatabase();
        QCOMPARE(value(second, "CREATE SCHEMA audit"), QString());
        const QString quoted = second + u"?x-migrations-table=%22audit%22.%22mig.versions%22&x-migrations-table-quoted=1"_s;
        r = mwb({u"apply"_s, dir.path(), u"--url"_s, quoted});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QCOMPARE(value(second, "SELECT version, dirty FROM audit.\"mig.versions\""), u"3,f"_s);
        QVERIFY(!tableExists(second, u"schema_migrations"_s));
        QCOMPARE(value(url, "SELECT version, dirty FROM my_versions"), u"1,f"_s); // the first database is untouched
        // A value golang-migrate refuses is refused before anything runs.
        r = mwb({u"apply"_s, dir.path(), u"--url"_s, url + u"?x-migrations-table=versions&x-migrations-table-quoted=1"_s});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"x-migrations-table must be quoted"_s), qPrintable(r.err));
        QCOMPARE(value(url, "SELECT version, dirty FROM my_versions"), u"1,f"_s);
    }
};

QTEST_GUILESS_MAIN(TestDownRepair)
#include "tst_downrepair.moc"
