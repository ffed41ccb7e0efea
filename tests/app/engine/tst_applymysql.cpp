// SPDX-License-Identifier: GPL-3.0-or-later
// Integration: `mwb apply`, `mwb down` and `mwb repair` on the fixture's real MariaDB, with golang-migrate and
// dbmate projects: the history rows are the ones the tools write (golang-migrate's single version row with its
// dirty flag set before and cleared after each migration; dbmate's version rows, none for a failed migration),
// and a migration failing at its third DDL statement reports which statements took effect.
#include "core/connectionparams.h"

#include "clirun.h"
#include "testservers.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using clitest::Run;
using clitest::write;

class TestApplyMySql : public QObject
{
    Q_OBJECT
    QString m_url;
    QTemporaryDir m_home;
    int m_db = 0;

    // Rows of a query on `database`, fields joined by ',' and rows by ';'.
    QString value(const QString &database, const QString &sql)
    {
        const auto p = *core::ConnectionParams::fromUrl(m_url);
        QString result;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QMYSQL"_s, u"check"_s);
            db.setHostName(p.host);
            db.setPort(p.port);
            db.setDatabaseName(database);
            db.setUserName(p.user);
            db.setPassword(p.password);
            if (!db.open())
                return u"cannot connect: "_s + db.lastError().text();
            QSqlQuery q(db);
            if (!q.exec(sql))
                result = u"error: "_s + q.lastError().text();
            QStringList rows;
            while (q.next()) {
                QStringList fields;
                for (int i = 0; i < q.record().count(); ++i)
                    fields.append(q.value(i).isNull() ? u"NULL"_s : q.value(i).toString());
                rows.append(fields.join(u','));
            }
            if (result.isEmpty())
                result = rows.join(u';');
        }
        QSqlDatabase::removeDatabase(u"check"_s);
        return result;
    }
    // A fresh database (the fixture's user may create mwb_test%), and its URL.
    QString freshDatabase(QString *name)
    {
        *name = u"mwb_test_am_%1_%2"_s.arg(QCoreApplication::applicationPid()).arg(++m_db);
        value(u"mwb_test"_s, u"CREATE DATABASE "_s + *name);
        QString url = m_url;
        return url.replace(QRegularExpression(u"/mwb_test($|\\?)"_s), u"/"_s + *name + u"\\1"_s);
    }
    Run mwb(const QStringList &args) { return clitest::mwb(args, m_home.path()); }

private Q_SLOTS:
    void initTestCase()
    {
        m_url = testsupport::serverValue(u"mariadb"_s, u"MWB_TEST_MARIADB_URL"_s);
        QVERIFY2(!m_url.isEmpty(), qPrintable(testsupport::serverUnavailableReason(u"mariadb"_s)));
        QVERIFY(m_home.isValid());
    }

    void golangMigrateOnMariaDb()
    {
        QTemporaryDir dir;
        for (int i = 1; i <= 3; ++i) {
            write(dir.filePath(u"%1_m%2.up.sql"_s.arg(i, 6, 10, QChar(u'0')).arg(i)),
                  QStringLiteral("CREATE TABLE gm%1 (id INT PRIMARY KEY);\nINSERT INTO gm%1 VALUES (1);\n").arg(i).toUtf8());
            write(dir.filePath(u"%1_m%2.down.sql"_s.arg(i, 6, 10, QChar(u'0')).arg(i)), QStringLiteral("DROP TABLE gm%1;\n").arg(i).toUtf8());
        }
        QString db;
        const QString url = freshDatabase(&db);
        Run r = mwb({u"apply"_s, dir.path(), u"--url"_s, url, u"--format"_s, u"json"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object().value(u"migrations"_s).toArray().size(), 3);
        // golang-migrate's table and single row, exactly as its MySQL driver writes them.
        QCOMPARE(value(db, u"SELECT version, dirty FROM schema_migrations"_s), u"3,0"_s);
        QCOMPARE(value(db, u"SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_KEY FROM information_schema.COLUMNS WHERE "
                           "TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'schema_migrations' ORDER BY ORDINAL_POSITION"_s),
                 u"version,bigint(20),NO,PRI;dirty,tinyint(1),NO,"_s);
        QCOMPARE(value(db, u"SELECT COUNT(*) FROM gm3"_s), u"1"_s);
        r = mwb({u"status"_s, dir.path(), u"--url"_s, url, u"--format"_s, u"json"_s});
        for (const auto &m : QJsonDocument::fromJson(r.out.toUtf8()).object().value(u"migrations"_s).toArray())
            QCOMPARE(m.toObject().value(u"state"_s).toString(), u"applied"_s);

        // The fourth fails at its third DDL statement: MariaDB committed the first two; golang-migrate's row says
        // dirty at version 4, as the tool leaves it.
        write(dir.filePath(u"000004_three.up.sql"_s),
              "CREATE TABLE gm4a (id INT);\nCREATE TABLE gm4b (id INT);\nALTER TABLE gm4_missing ADD COLUMN x INT;\nCREATE TABLE gm4c (id INT);\n");
        write(dir.filePath(u"000004_three.down.sql"_s), "DROP TABLE IF EXISTS gm4c;\nDROP TABLE IF EXISTS gm4b;\nDROP TABLE IF EXISTS gm4a;\n");
        r = mwb({u"apply"_s, dir.path(), u"--url"_s, url, u"--override-reason"_s, u"test"_s});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"failed at statement 3"_s) && r.err.contains(u"statements 1 to 2 took effect"_s), qPrintable(r.err));
        QCOMPARE(value(db, u"SELECT version, dirty FROM schema_migrations"_s), u"4,1"_s);
        QCOMPARE(value(db, u"SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'gm4%'"_s), u"2"_s);
        r = mwb({u"apply"_s, dir.path(), u"--url"_s, url});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"Dirty database version 4"_s), qPrintable(r.err));

        // The DBA finishes the migration by hand and forces version 4, as `migrate force 4` would.
        QCOMPARE(value(db, u"CREATE TABLE gm4c (id INT)"_s), QString());
        r = mwb({u"repair"_s, dir.path(), u"--url"_s, url, u"--version"_s, u"4"_s, u"--execute"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QCOMPARE(value(db, u"SELECT version, dirty FROM schema_migrations"_s), u"4,0"_s);

        // Down on MariaDB: golang-migrate's version steps back, dirty cleared after each body.
        r = mwb({u"down"_s, dir.path(), u"--url"_s, url, u"--steps"_s, u"2"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QCOMPARE(value(db, u"SELECT version, dirty FROM schema_migrations"_s), u"2,0"_s);
        QCOMPARE(value(db, u"SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'gm%'"_s), u"2"_s); // gm1, gm2
    }

    void flywayFailedRowOnMariaDbAndItsRepair()
    {
        QTemporaryDir dir;
        write(dir.filePath(u"db/migration/V1__one.sql"_s), "CREATE TABLE fv1 (id INT PRIMARY KEY);\n");
        write(dir.filePath(u"db/migration/V2__two.sql"_s), "CREATE TABLE fv2a (id INT PRIMARY KEY);\nCREATE TABLE fv1 (id INT);\n");
        QString db;
        const QString url = freshDatabase(&db);
        Run r = mwb({u"apply"_s, dir.path(), u"--url"_s, url});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"statement 1 took effect"_s), qPrintable(r.err));
        // As Flyway writes on a database whose DDL cannot roll back: a success=false row.
        QCOMPARE(value(db, u"SELECT installed_rank, version, type, script, success FROM flyway_schema_history ORDER BY installed_rank"_s),
                 u"1,1,SQL,V1__one.sql,1;2,2,SQL,V2__two.sql,0"_s);
        QCOMPARE(value(db, u"SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND "
                           "TABLE_NAME = 'flyway_schema_history' AND INDEX_NAME = 'flyway_schema_history_s_idx'"_s),
                 u"1"_s);
        r = mwb({u"apply"_s, dir.path(), u"--url"_s, url});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"failed"_s), qPrintable(r.err));
        // flyway repair: the failed row goes; the fixed file then applies.
        r = mwb({u"repair"_s, dir.path(), u"--url"_s, url, u"--execute"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QVERIFY(r.out.contains(u"remove the failed row of 2"_s));
        write(dir.filePath(u"db/migration/V2__two.sql"_s), "CREATE TABLE IF NOT EXISTS fv2a (id INT PRIMARY KEY);\nCREATE TABLE fv2b (id INT);\n");
        r = mwb({u"apply"_s, dir.path(), u"--url"_s, url});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QCOMPARE(value(db, u"SELECT installed_rank, version, success FROM flyway_schema_history ORDER BY installed_rank"_s), u"1,1,1;2,2,1"_s);
    }

    void flywayRepairMarksAMigrationWithoutAFileDeletedOnMariaDb()
    {
        QTemporaryDir dir;
        for (int i = 1; i <= 3; ++i)
            write(dir.filePath(u"db/migration/V%1__step_%1.sql"_s.arg(i)), QStringLiteral("CREATE TABLE fdm%1 (id INT);\n").arg(i).toUtf8());
        QString db;
        const QString url = freshDatabase(&db);
        Run r = mwb({u"apply"_s, dir.path(), u"--url"_s, url});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QVERIFY(QFile::remove(dir.filePath(u"db/migration/V2__step_2.sql"_s)));
        r = mwb({u"repair"_s, dir.path(), u"--url"_s, url, u"--execute"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QVERIFY2(r.out.contains(u"mark version 2 (V2__step_2.sql) as deleted"_s), qPrintable(r.out));
        const QString checksum = value(db, u"SELECT checksum FROM flyway_schema_history WHERE installed_rank = 2"_s);
        QVERIFY(!checksum.isEmpty() && checksum != u"NULL");
        QCOMPARE(value(db, u"SELECT installed_rank, version, description, type, script, checksum, installed_by, execution_time, "
                           "success, installed_on > NOW() - INTERVAL 1 MINUTE FROM flyway_schema_history ORDER BY installed_rank"_s),
                 u"1,1,step 1,SQL,V1__step_1.sql,%1,mwb_test,%2,1,1;"_s.arg(
                     value(db, u"SELECT checksum FROM flyway_schema_history WHERE installed_rank = 1"_s),
                     value(db, u"SELECT execution_time FROM flyway_schema_history WHERE installed_rank = 1"_s))
                     + u"2,2,step 2,SQL,V2__step_2.sql,%1,mwb_test,%2,1,1;"_s.arg(
                         checksum, value(db, u"SELECT execution_time FROM flyway_schema_history WHERE installed_rank = 2"_s))
                     + u"3,3,step 3,SQL,V3__step_3.sql,%1,mwb_test,%2,1,1;"_s.arg(
                         value(db, u"SELECT checksum FROM flyway_schema_history WHERE installed_rank = 3"_s),
                         value(db, u"SELECT execution_time FROM flyway_schema_history WHERE installed_rank = 3"_s))
                     + u"4,2,step 2,DELETE,V2__step_2.sql,%1,mwb_test,0,1,1"_s.arg(checksum));
        r = mwb({u"status"_s, dir.path(), u"--url"_s, url, u"--format"_s, u"json"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out)); // nothing needs attention: deleted is settled
        QStringList states;
        for (const auto &m : QJsonDocument::fromJson(r.out.toUtf8()).object().value(u"migrations"_s).toArray())
            states.append(m.toObject().value(u"version"_s).toString() + u'=' + m.toObject().value(u"state"_s).toString());
        QCOMPARE(states, (QStringList{u"1=applied"_s, u"3=applied"_s, u"2=deleted"_s}));
    }

    void dbmateOnMariaDb()
    {
        QTemporaryDir dir;
        for (int i = 1; i <= 3; ++i)
            write(dir.filePath(u"db/migrations/2026%1_d%2.sql"_s.arg(i, 10, 10, QChar(u'0')).arg(i)),
                  QStringLiteral("-- migrate:up\nCREATE TABLE dm%1 (id INT PRIMARY KEY);\n\n-- migrate:down\nDROP TABLE dm%1;\n").arg(i).toUtf8());
        QString db;
        const QString url = freshDatabase(&db);
        Run r = mwb({u"apply"_s, dir.path(), u"--url"_s, url});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QCOMPARE(value(db, u"SELECT version FROM schema_migrations ORDER BY version"_s),
                 u"20260000000001;20260000000002;20260000000003"_s);
        QCOMPARE(value(db, u"SELECT COLUMN_NAME, COLUMN_TYPE, COLUMN_KEY FROM information_schema.COLUMNS WHERE "
                           "TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'schema_migrations'"_s),
                 u"version,varchar(128),PRI"_s);

        // A failing migration: dbmate writes no row for it.
        write(dir.filePath(u"db/migrations/20260000000004_bad.sql"_s),
              "-- migrate:up\nCREATE TABLE dm4 (id INT);\nINSERT INTO dm4_missing VALUES (1);\n\n-- migrate:down\nDROP TABLE dm4;\n");
        r = mwb({u"apply"_s, dir.path(), u"--url"_s, url});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"failed at statement 2"_s) && r.err.contains(u"statement 1 took effect"_s), qPrintable(r.err));
        QCOMPARE(value(db, u"SELECT COUNT(*) FROM schema_migrations"_s), u"3"_s);
        r = mwb({u"repair"_s, dir.path(), u"--url"_s, url});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(u"records no failed state"_s), qPrintable(r.out));

        // Down deletes the row, as dbmate rollback does.
        QCOMPARE(value(db, u"DROP TABLE dm4"_s), QString());
        QVERIFY(QFile::remove(dir.filePath(u"db/migrations/20260000000004_bad.sql"_s)));
        r = mwb({u"down"_s, dir.path(), u"--url"_s, url});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QCOMPARE(value(db, u"SELECT version FROM schema_migrations ORDER BY version"_s), u"20260000000001;20260000000002"_s);
        QVERIFY(value(db, u"SELECT COUNT(*) FROM dm3"_s).startsWith(u"error"_s));
    }
};

QTEST_GUILESS_MAIN(TestApplyMySql)
#include "tst_applymysql.moc"
