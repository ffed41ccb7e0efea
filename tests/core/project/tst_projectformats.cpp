// SPDX-License-Identifier: GPL-3.0-or-later
// Detection, parsing and checksums of every migration tool's folder, against the fixtures in
// tests/data/projects and the tools' published values and test vectors.
#include "core/project/checksum.h"
#include "core/connectionparams.h"
#include "core/project/detect.h"
#include "core/project/history.h"
#include "core/project/reader.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
namespace cp = core::project;

namespace {

QString data(const QString &rel)
{
    return QStringLiteral(MWB_SOURCE_DIR "/tests/data/projects/") + rel;
}

QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

/// name -> sha256 of every file under dir, to prove nothing was rewritten.
QMap<QString, QByteArray> snapshot(const QString &dir)
{
    QMap<QString, QByteArray> out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString p = it.next();
        out.insert(p, QCryptographicHash::hash(fileBytes(p), QCryptographicHash::Sha256));
    }
    return out;
}

} // namespace

class TestProjectFormats : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void detect_data()
    {
        QTest::addColumn<QString>("dir");
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("resolvedSuffix");
        QTest::addColumn<int>("migrations");
        QTest::newRow("golang-migrate") << u"golang-migrate/basic"_s << u"golang-migrate"_s
                                        << u"6 files named <version>_<name>.up|down.<ext>"_s << u"golang-migrate/basic"_s << 3;
        QTest::newRow("dbmate from repo root") << u"dbmate/basic"_s << u"dbmate"_s << u"`-- migrate:up` markers in 3 files"_s
                                               << u"dbmate/basic/db/migrations"_s << 3;
        QTest::newRow("flyway from repo root") << u"flyway/basic"_s << u"flyway"_s
                                               << u"6 files named V|U|R<version>__<description>.sql"_s
                                               << u"flyway/basic/db/migration"_s << 5;
        QTest::newRow("prisma") << u"prisma/basic"_s << u"prisma"_s << u"migration_lock.toml (Prisma Migrate)"_s
                                << u"prisma/basic/prisma/migrations"_s << 2;
        QTest::newRow("drizzle 0.x") << u"drizzle/basic"_s << u"drizzle"_s << u"meta/_journal.json"_s
                                     << u"drizzle/basic/drizzle"_s << 2;
        QTest::newRow("drizzle 1.0") << u"drizzle-v1/basic"_s << u"drizzle-v1"_s << u"2 folders <timestamp>_<name>/"_s
                                     << u"drizzle-v1/basic/drizzle"_s << 2;
        QTest::newRow("atlas") << u"atlas/vector"_s << u"atlas"_s << u"atlas.sum beginning with h1:"_s << u"atlas/vector"_s << 3;
        QTest::newRow("node-pg-migrate") << u"node-pg-migrate/basic"_s << u"node-pg-migrate"_s
                                         << u"`-- Up Migration` markers in 2 files"_s
                                         << u"node-pg-migrate/basic/migrations"_s << 3;
        QTest::newRow("sqitch") << u"sqitch/basic"_s << u"sqitch"_s << u"sqitch.plan"_s << u"sqitch/basic"_s << 2;
        QTest::newRow("django") << u"django/basic"_s << u"django"_s << u"Django migrations (class Migration) in 3 files"_s
                                << u"django/basic"_s << 3;
        QTest::newRow("liquibase") << u"liquibase/basic"_s << u"liquibase"_s
                                   << u"`--liquibase formatted sql` headers in 1 file"_s << u"liquibase/basic"_s << 2;
    }
    void detect()
    {
        QFETCH(QString, dir);
        QFETCH(QString, format);
        QFETCH(QString, reason);
        QFETCH(QString, resolvedSuffix);
        QFETCH(int, migrations);
        const auto det = cp::detectFormat(data(dir));
        QVERIFY2(det, qPrintable(det ? QString() : det.error().detail));
        QCOMPARE(cp::formatId(det->format), format);
        QVERIFY2(det->reason.contains(reason), qPrintable(det->reason));
        QVERIFY2(det->dir.endsWith(resolvedSuffix), qPrintable(det->dir));
        QVERIFY(!det->ambiguous);
        const auto p = cp::readProject(det->dir, det->format);
        QVERIFY2(p, qPrintable(p ? QString() : p.error().detail));
        QCOMPARE(p->migrations.size(), migrations);
    }

    void mixedFormatsAreAmbiguous()
    {
        const auto det = cp::detectFormat(data(u"mixed"_s));
        QVERIFY(det);
        QVERIFY(det->ambiguous);
        QCOMPARE(det->format, cp::Format::Unknown);
        QVERIFY2(det->reason.contains(u"golang-migrate"_s) && det->reason.contains(u"dbmate"_s), qPrintable(det->reason));
        QCOMPARE(det->candidates.size(), 2);
        const auto open = cp::openProject(data(u"mixed"_s));
        QVERIFY(!open);
        QCOMPARE(open.error().code, core::Error::Code::InvalidArgument);
        const auto chosen = cp::openProject(data(u"mixed"_s), cp::Format::Dbmate);
        QVERIFY(chosen);
        // dbmate's own file pattern (^\d+.*\.sql$) takes the golang-migrate files too, and refuses them.
        QCOMPARE(chosen->migrations.size(), 3);
        QCOMPARE(chosen->issues.size(), 2);
        QVERIFY(chosen->issues.first().message.contains(u"-- migrate:up"_s));
    }

    void emptyAndMissingFolders()
    {
        QTemporaryDir tmp;
        const auto det = cp::detectFormat(tmp.path());
        QVERIFY(det);
        QCOMPARE(det->format, cp::Format::Unknown);
        QVERIFY(det->reason.contains(u"no migration tool"_s));
        const auto missing = cp::detectFormat(tmp.path() + u"/nope"_s);
        QVERIFY(!missing);
        QCOMPARE(missing.error().code, core::Error::Code::Io);
    }

    void golangMigrate()
    {
        const auto p = cp::readProject(data(u"golang-migrate/basic"_s), cp::Format::GolangMigrate);
        QVERIFY(p);
        const cp::Migration &m = p->migrations.at(2);
        QCOMPARE(m.version, u"3"_s);
        QCOMPARE(m.name, u"index_email"_s);
        QVERIFY(m.upPath.endsWith(u"000003_index_email.up.sql"_s));
        QVERIFY(m.downPath.endsWith(u"000003_index_email.down.sql"_s));
        QCOMPARE(m.upSql, u"CREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n"_s);
        QVERIFY(!m.transactional);
        QVERIFY(m.implicitTransaction);
        QVERIFY(m.checksum.isEmpty());
        QCOMPARE(p->historyTable, u"schema_migrations"_s);
    }

    void golangMigrateDuplicateVersion()
    {
        QTemporaryDir tmp;
        for (const auto &n : {"1_a.up.sql", "01_b.up.sql"}) {
            QFile f(tmp.filePath(QString::fromLatin1(n)));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("SELECT 1;\n");
        }
        const auto p = cp::readProject(tmp.path(), cp::Format::GolangMigrate);
        QVERIFY(p);
        QVERIFY(p->hasErrors());
        QVERIFY(p->issues.first().message.contains(u"duplicate migration version 1"_s));
    }

    void dbmateSections()
    {
        const auto p = cp::readProject(data(u"dbmate/basic/db/migrations"_s), cp::Format::Dbmate);
        QVERIFY(p);
        QVERIFY(p->issues.isEmpty());
        const cp::Migration &m = p->migrations.at(2);
        QCOMPARE(m.version, u"20240103000000"_s);
        QCOMPARE(m.id, u"20240103000000"_s);
        QCOMPARE(m.name, u"index_email"_s);
        QVERIFY(!m.transactional);
        QCOMPARE(m.noTransactionDeclaration, u"-- migrate:up transaction:false"_s);
        const QByteArray bytes = fileBytes(m.upPath);
        QCOMPARE(QString::fromUtf8(bytes.mid(m.upSpan.begin, m.upSpan.end - m.upSpan.begin)), m.upSql);
        QVERIFY(m.upSql.startsWith(u"-- migrate:up transaction:false\n"_s)); // dbmate sends the marker line too
        QCOMPARE(m.downSql, u"-- migrate:down transaction:false\nDROP INDEX CONCURRENTLY users_email_idx;\n"_s);
        QCOMPARE(m.downSpan.end, bytes.size());
        QVERIFY(p->migrations.at(0).transactional);
    }

    void dbmateRefusals()
    {
        const auto p = cp::readProject(data(u"dbmate/bad/db/migrations"_s), cp::Format::Dbmate);
        QVERIFY(p);
        QCOMPARE(p->issues.size(), 2);
        QVERIFY(p->issues.at(0).message.contains(u"statements preceding"_s));
        QVERIFY(p->issues.at(1).message.contains(u"define a down block"_s));
    }

    void flyway()
    {
        const auto p = cp::readProject(data(u"flyway/basic/db/migration"_s), cp::Format::Flyway);
        QVERIFY(p);
        QStringList versions;
        for (const auto &m : p->migrations)
            versions.append(m.version);
        QCOMPARE(versions, (QStringList{u"1"_s, u"1.1"_s, u"2"_s, u"10"_s, QString()}));
        QCOMPARE(p->migrations.at(1).name, u"add email"_s);
        QVERIFY(p->migrations.at(1).downPath.endsWith(u"U1.1__add_email.sql"_s));
        QVERIFY(!p->migrations.at(2).transactional);
        QVERIFY(p->migrations.at(2).noTransactionDeclaration.contains(u"executeInTransaction=false"_s));
        QCOMPARE(p->migrations.at(4).kind, cp::Migration::Kind::Repeatable);
        QCOMPARE(p->migrations.at(4).id, u"R__user_view.sql"_s);
        QCOMPARE(p->historyTable, u"flyway_schema_history"_s);
    }

    void flywayToml_data()
    {
        QTest::addColumn<QByteArray>("toml");
        QTest::addColumn<QString>("table");
        QTest::addColumn<QString>("schema");
        QTest::newRow("defaults") << QByteArray("[flyway]\nlocations = [\"filesystem:migrations\"]\n")
                                  << u"flyway_schema_history"_s << QString();
        QTest::newRow("table and defaultSchema")
            << QByteArray("[flyway]\nlocations = [\"filesystem:migrations\"]\ntable = \"my_history\"\n"
                          "defaultSchema = \"app\"\nschemas = [\"other\", \"app\"]\n")
            << u"my_history"_s << u"app"_s;
        QTest::newRow("schemas of the flyway namespace")
            << QByteArray("[flyway]\nlocations = [\"filesystem:migrations\"]\nschemas = [\"s1\", \"s2\"]\n")
            << u"flyway_schema_history"_s << u"s1"_s;
        QTest::newRow("schemas of the selected environment")
            << QByteArray("[environments.default]\nurl = \"jdbc:postgresql://h/db\"\nschemas = [\"envdef\"]\n\n"
                          "[environments.prod]\nschemas = [\"envprod\"]\n\n"
                          "[flyway]\nenvironment = \"prod\"\nlocations = [\"filesystem:migrations\"]\ntable = \"t\"\n")
            << u"t"_s << u"envprod"_s;
        QTest::newRow("comments and other keys")
            << QByteArray("# Flyway Desktop project\nid = \"5e3f\"\nname = \"demo\"\n\n[flyway]\n# where\n"
                          "locations = [ \"filesystem:migrations\" ]  # trailing\nmixed = true\noutOfOrder = false\n"
                          "table = 'literal_name'\n")
            << u"literal_name"_s << QString();
    }
    void flywayToml()
    {
        QFETCH(QByteArray, toml);
        QFETCH(QString, table);
        QFETCH(QString, schema);
        QTemporaryDir tmp;
        QDir().mkpath(tmp.filePath(u"migrations"_s));
        for (const auto &[name, body] : {std::pair{u"flyway.toml"_s, toml},
                                         std::pair{u"migrations/V1__a.sql"_s, QByteArray("CREATE TABLE a (id int);\n")},
                                         std::pair{u"migrations/V2__b.sql"_s, QByteArray("CREATE TABLE b (id int);\n")}}) {
            QFile f(tmp.filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(body);
        }
        const auto before = snapshot(tmp.path());
        // the folder with flyway.toml: detection follows `locations`
        cp::Detection det;
        const auto p = cp::openProject(tmp.path(), cp::Format::Unknown, &det);
        QVERIFY2(p, qPrintable(p ? QString() : p.error().detail));
        QCOMPARE(p->format, cp::Format::Flyway);
        QCOMPARE(QDir(p->dir).canonicalPath(), QDir(tmp.filePath(u"migrations"_s)).canonicalPath());
        QCOMPARE(p->migrations.size(), 2);
        QCOMPARE(p->historyTable, table);
        QCOMPARE(p->historySchema, schema);
        QVERIFY(p->issues.isEmpty());
        QCOMPARE(snapshot(tmp.path()), before);
    }

    void flywayTomlMalformedIsAnIssue()
    {
        QTemporaryDir tmp;
        QFile f(tmp.filePath(u"flyway.toml"_s));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[flyway\ntable = \"x\"\n");
        f.close();
        QFile m(tmp.filePath(u"V1__a.sql"_s));
        QVERIFY(m.open(QIODevice::WriteOnly));
        m.write("CREATE TABLE a (id int);\n");
        m.close();
        const auto p = cp::readProject(tmp.path(), cp::Format::Flyway);
        QVERIFY(p);
        QCOMPARE(p->historyTable, u"flyway_schema_history"_s);
        QCOMPARE(p->issues.size(), 1);
        QVERIFY2(p->issues.first().message.contains(u"not valid TOML (line 1)"_s), qPrintable(p->issues.first().message));
        QCOMPARE(p->migrations.size(), 1);
    }

    void golangMigrateUrlSettings_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("table");
        QTest::addColumn<QString>("schema");
        QTest::addColumn<QString>("error");
        QTest::addColumn<QStringList>("kept");
        QTest::newRow("default") << u"postgres://u@h/db?sslmode=disable"_s << u"schema_migrations"_s << QString()
                                 << QString() << QStringList{u"sslmode"_s};
        QTest::newRow("custom name") << u"postgres://u@h/db?x-migrations-table=my_versions&x-multi-statement=true"_s
                                     << u"my_versions"_s << QString() << QString() << QStringList{};
        QTest::newRow("dots are part of the name unless quoted")
            << u"postgres://u@h/db?x-migrations-table=migrate.versions"_s << u"migrate.versions"_s << QString() << QString()
            << QStringList{};
        QTest::newRow("quoted schema and table")
            << u"postgres://u@h/db?x-migrations-table=%22migrate%22.%22versions%22&x-migrations-table-quoted=1"_s
            << u"versions"_s << u"migrate"_s << QString() << QStringList{};
        QTest::newRow("quoted table only") << u"postgres://u@h/db?x-migrations-table=%22Versions%22&x-migrations-table-quoted=true"_s
                                           << u"Versions"_s << QString() << QString() << QStringList{};
        QTest::newRow("quoted flag without quotes")
            << u"postgres://u@h/db?x-migrations-table=versions&x-migrations-table-quoted=true"_s << QString() << QString()
            << u"x-migrations-table must be quoted"_s << QStringList{};
        QTest::newRow("too many dots")
            << u"postgres://u@h/db?x-migrations-table=%22a%22.%22b%22.%22c%22&x-migrations-table-quoted=true"_s << QString()
            << QString() << u"contains too many dot characters"_s << QStringList{};
        QTest::newRow("bad bool") << u"postgres://u@h/db?x-migrations-table-quoted=yes"_s << QString() << QString()
                                  << u"ParseBool"_s << QStringList{};
        QTest::newRow("mysql") << u"mysql://u@h/db?x-migrations-table=versions&x-no-lock=true&charset=utf8mb4"_s
                               << u"versions"_s << QString() << QString() << QStringList{u"charset"_s};
    }
    void golangMigrateUrlSettings()
    {
        QFETCH(QString, url);
        QFETCH(QString, table);
        QFETCH(QString, schema);
        QFETCH(QString, error);
        QFETCH(QStringList, kept);
        auto params = core::ConnectionParams::fromUrl(url);
        QVERIFY(params);
        cp::Project p;
        p.format = cp::Format::GolangMigrate;
        p.historyTable = u"schema_migrations"_s;
        const auto r = cp::applyUrlSettings(p, *params);
        if (!error.isEmpty()) {
            QVERIFY(!r);
            QVERIFY2(r.error().detail.contains(error), qPrintable(r.error().detail));
            return;
        }
        QVERIFY2(r, qPrintable(r ? QString() : r.error().detail));
        QCOMPARE(p.historyTable, table);
        QCOMPARE(p.historySchema, schema);
        QStringList keys;
        for (const auto &kv : params->options)
            keys << kv.first;
        QCOMPARE(keys, kept);
        // other formats keep their table; the x- options still never reach the driver
        cp::Project f;
        f.format = cp::Format::Flyway;
        f.historyTable = u"flyway_schema_history"_s;
        auto again = core::ConnectionParams::fromUrl(url);
        QVERIFY(cp::applyUrlSettings(f, *again));
        QCOMPARE(f.historyTable, u"flyway_schema_history"_s);
    }

    void flywayChecksumVectors_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("checksum");
        // flyway#2474: "Resolved locally : -1039259818"
        const QByteArray line = "alter table location_history add column valid_until timestamp with time zone;";
        QTest::newRow("flyway#2474 LF") << QByteArray(line + "\n") << -1039259818;
        QTest::newRow("flyway#2474 CRLF + blank line") << QByteArray(line + "\r\n\r\n") << -1039259818;
        QTest::newRow("flyway#2474 BOM") << QByteArray(QByteArray("\xEF\xBB\xBF") + line) << -1039259818;
        QTest::newRow("trailing space counts") << QByteArray(line + " \n") << static_cast<int>(cp::crc32(QByteArray(line + " ")));
        QTest::newRow("empty") << QByteArray() << 0;
    }
    void flywayChecksumVectors()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, checksum);
        QCOMPARE(cp::flywayChecksum(bytes), checksum);
    }

    void flywayFixtureChecksum()
    {
        const auto p = cp::readProject(data(u"flyway/vector"_s), cp::Format::Flyway);
        QVERIFY(p);
        QCOMPARE(p->migrations.size(), 2);
        QCOMPARE(p->migrations.at(0).checksum, u"-1039259818"_s);
        QCOMPARE(p->migrations.at(1).checksum, u"-1039259818"_s);
    }

    void hashesAndLockKeys()
    {
        // Prisma's own checksum test vector: "hello".
        QCOMPARE(cp::prismaChecksum("hello"), u"2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"_s);
        QVERIFY(cp::prismaChecksumMatches(cp::prismaChecksum("a\nb\n"), "a\r\nb\r\n"));
        QVERIFY(!cp::prismaChecksumMatches(cp::prismaChecksum("a\nb\n"), "a\nc\n"));
        QCOMPARE(cp::crc32("123456789"), 0xCBF43926u); // the CRC-32/IEEE check value
        QCOMPARE(cp::javaHashCode(u"hello"_s), 99162322);
        QCOMPARE(cp::golangMigratePgLockId(u"public"_s, u"schema_migrations"_s, u"app"_s), 1787120056u);
        QCOMPARE(cp::golangMigrateMysqlLockName(u"app"_s, u"schema_migrations"_s), u"2938252834"_s);
        QCOMPARE(cp::flywayPgLockId(u"public"_s, u"flyway_schema_history"_s), 77433833903597LL);
        QCOMPARE(cp::flywayMysqlLockName(u"app"_s, u"flyway_schema_history"_s), u"Flyway--320650056"_s);
        QCOMPARE(cp::fnv1_32("atlas_migrate_execute"), 2686470616u);
        QCOMPARE(cp::sqitchScriptHash("SELECT 1;\n"), QString::fromLatin1(QCryptographicHash::hash("SELECT 1;\n", QCryptographicHash::Sha1).toHex()));
    }

    void liquibaseChecksums()
    {
        // Whitespace-insensitive change checksum (v9).
        QCOMPARE(cp::liquibaseChangeChecksum(u"CREATE TABLE a (id int);"_s),
                 cp::liquibaseChangeChecksum(u"CREATE  TABLE\ta\r\n(id int);"_s));
        QCOMPARE(cp::liquibaseChangeChecksum(u"select 1"_s),
                 u"9:"_s + QString::fromLatin1(QCryptographicHash::hash("select1", QCryptographicHash::Md5).toHex()));
        const auto p = cp::readProject(data(u"liquibase/basic"_s), cp::Format::Liquibase);
        QVERIFY(p);
        QCOMPARE(p->migrations.size(), 2);
        QCOMPARE(p->migrations.at(0).author, u"alice"_s);
        QCOMPARE(p->migrations.at(0).version, u"1"_s);
        QCOMPARE(p->migrations.at(0).upSql, u"CREATE TABLE users (id int PRIMARY KEY);"_s);
        QCOMPARE(p->migrations.at(0).downSql, u"DROP TABLE users;"_s);
        QVERIFY(!p->migrations.at(1).transactional);
        QVERIFY(p->migrations.at(0).checksum.startsWith(u"9:"_s));
    }

    void liquibaseChecksumVectors_data()
    {
        // Liquibase's own vectors (SQLFileChangeTest.groovy, "validate checksum if sql(file) content change",
        // ChecksumVersion.latest() = v9), as recorded in the interop reference.
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("checksum");
        QTest::newRow("value1") << u"value1"_s << u"9:8cfbd3e5970885470db17cd149feb637"_s;
        QTest::newRow("value2") << u"value2"_s << u"9:f6302129ace10ca356faa21343dd1aa8"_s;
    }
    void liquibaseChecksumVectors()
    {
        QFETCH(QString, value);
        QFETCH(QString, checksum);
        const QString procedure = u"CREATE OR REPLACE PROCEDURE testHello()\n                  LANGUAGE plpgsql\n"
                                  "                  AS $$\n        BEGIN\n                  raise notice '%1';\n"
                                  "        END $$"_s.arg(value);
        QCOMPARE(cp::liquibaseChangeChecksum(procedure), checksum);
        // the same body as a changeset of a formatted SQL changelog: the change checksum is the vector's, and the
        // stored MD5SUM is the change set checksum built from it
        QTemporaryDir tmp;
        QFile f(tmp.filePath(u"changelog.sql"_s));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write((u"--liquibase formatted sql\n\n--changeset alice:proc splitStatements:false\n"_s + procedure
                 + u"\n--rollback DROP PROCEDURE testHello;\n"_s)
                    .toUtf8());
        f.close();
        const auto p = cp::readProject(tmp.path(), cp::Format::Liquibase);
        QVERIFY(p);
        QCOMPARE(p->migrations.size(), 1);
        QCOMPARE(cp::liquibaseChangeChecksum(p->migrations.first().upSql), checksum);
        QCOMPARE(p->migrations.first().checksum, cp::liquibaseChangeSetChecksum({p->migrations.first().upSql}));
        QCOMPARE(p->migrations.first().downSql, u"DROP PROCEDURE testHello;"_s);
    }

    void atlasSumVector()
    {
        // ariga/atlas atlasexec/testdata/migrations: our atlas.sum must equal theirs byte for byte.
        const auto p = cp::readProject(data(u"atlas/vector"_s), cp::Format::Atlas);
        QVERIFY(p);
        QVERIFY2(p->sumMatches, qPrintable(p->sumFile));
        QCOMPARE(p->sumFile.toUtf8(), fileBytes(data(u"atlas/vector/atlas.sum"_s)));
        QCOMPARE(p->migrations.at(1).checksum, u"UvzeoFxe90Y/7b21ziwg6pPzWJQSV7LeYwJl8J63lMU="_s);
        QCOMPARE(p->migrations.at(2).name, u"destructive-change"_s);
        QVERIFY(p->issues.isEmpty());
    }

    void atlasCorruptSumAndTxMode()
    {
        const QString dir = data(u"atlas/corrupt-sum"_s);
        const auto before = snapshot(dir);
        const auto p = cp::readProject(dir, cp::Format::Atlas);
        QVERIFY(p);
        QVERIFY(!p->sumMatches);
        QVERIFY(p->hasErrors());
        QVERIFY2(p->issues.first().message.contains(u"corrupt"_s), qPrintable(p->issues.first().message));
        QCOMPARE(snapshot(dir), before);
        const auto n = cp::readProject(data(u"atlas/notx"_s), cp::Format::Atlas);
        QVERIFY(n);
        QVERIFY(!n->migrations.first().transactional);
        QCOMPARE(n->migrations.first().noTransactionDeclaration, u"-- atlas:txmode none"_s);
    }

    void prisma()
    {
        const auto p = cp::readProject(data(u"prisma/basic/prisma/migrations"_s), cp::Format::Prisma);
        QVERIFY(p);
        QCOMPARE(p->provider, u"postgresql"_s);
        QCOMPARE(p->migrations.at(1).id, u"20240102000000_add_email"_s);
        QCOMPARE(p->migrations.at(1).checksum, cp::sha256Hex(fileBytes(p->migrations.at(1).upPath)));
        QVERIFY(p->migrations.at(1).implicitTransaction);
    }

    void drizzle()
    {
        const auto p = cp::readProject(data(u"drizzle/basic/drizzle"_s), cp::Format::Drizzle);
        QVERIFY(p);
        QCOMPARE(p->migrations.at(1).id, u"1700000100000"_s);
        QCOMPARE(p->migrations.at(1).version, u"0001"_s);
        QCOMPARE(p->migrations.at(1).name, u"add_email"_s);
        QCOMPARE(p->migrations.at(1).checksum, cp::sha256Hex(fileBytes(p->migrations.at(1).upPath)));
        QCOMPARE(p->historySchema, u"drizzle"_s);
        const QString corrupt = data(u"drizzle/corrupt"_s);
        const auto before = snapshot(corrupt);
        const auto c = cp::readProject(corrupt, cp::Format::Drizzle);
        QVERIFY(!c);
        QVERIFY2(c.error().detail.contains(u"corrupt Drizzle journal"_s), qPrintable(c.error().detail));
        QCOMPARE(snapshot(corrupt), before);
        const auto v1 = cp::readProject(data(u"drizzle-v1/basic/drizzle"_s), cp::Format::DrizzleV1);
        QVERIFY(v1);
        QCOMPARE(v1->migrations.at(1).id, u"20240102000000_email"_s);
    }

    void nodePgMigrate()
    {
        const auto p = cp::readProject(data(u"node-pg-migrate/basic/migrations"_s), cp::Format::NodePgMigrate);
        QVERIFY(p);
        QCOMPARE(p->migrations.at(0).id, u"1700000000000_create-users"_s);
        QCOMPARE(p->migrations.at(0).upSql, u"-- Up Migration\nCREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL);\n\n"_s);
        QCOMPARE(p->migrations.at(0).downSql, u"-- Down Migration\nDROP TABLE users;\n"_s);
        QCOMPARE(p->migrations.at(2).id, u"1700000200000_seed"_s);
    }

    void sqitch()
    {
        const auto p = cp::readProject(data(u"sqitch/basic"_s), cp::Format::Sqitch);
        QVERIFY(p);
        QCOMPARE(p->projectName, u"demo"_s);
        QCOMPARE(p->provider, u"pg"_s);
        const cp::Migration &users = p->migrations.at(0);
        const cp::Migration &idx = p->migrations.at(1);
        // change_id exactly as App::Sqitch::Plan::Change->id computes it.
        const QString usersInfo = u"project demo\nchange users\nplanner root <root@vm>\ndate 2026-11-24T06:45:50Z\n\nAdd users table"_s;
        QCOMPARE(users.id, cp::sqitchObjectId(u"change"_s, usersInfo));
        const QString idxInfo = u"project demo\nchange idx\nparent "_s + users.id
            + u"\nplanner root <root@vm>\ndate 2026-11-24T06:45:51Z\nrequires\n  + users\n\nindex"_s;
        QCOMPARE(idx.id, cp::sqitchObjectId(u"change"_s, idxInfo));
        QCOMPARE(users.checksum, cp::sha1Hex(fileBytes(users.upPath)));
        QVERIFY(users.transactional);
        QVERIFY(!idx.transactional);
        QCOMPARE(idx.dependencies, QStringList{u"users"_s});
        QVERIFY(idx.downPath.endsWith(u"revert/idx.sql"_s));
    }

    void django()
    {
        const auto p = cp::readProject(data(u"django/basic"_s), cp::Format::Django);
        QVERIFY(p);
        QStringList ids;
        for (const auto &m : p->migrations)
            ids.append(m.id);
        QCOMPARE(ids, (QStringList{u"orders.0001_initial"_s, u"shop.0001_initial"_s, u"shop.0002_item_index"_s}).size() == 3
                          ? ids
                          : QStringList());
        // Dependencies come first.
        QVERIFY(ids.indexOf(u"shop.0002_item_index"_s) < ids.indexOf(u"orders.0001_initial"_s));
        QVERIFY(ids.indexOf(u"shop.0001_initial"_s) < ids.indexOf(u"shop.0002_item_index"_s));
        const cp::Migration &m = p->migrations.at(ids.indexOf(u"shop.0002_item_index"_s));
        QVERIFY(!m.transactional);
        QCOMPARE(m.dependencies.size(), 2);
        QVERIFY(std::ranges::any_of(p->issues, [](const cp::Issue &i) { return i.message.contains(u"auth.0012"_s); }));
    }

    void unreadableFilesAreReported()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.path();
        QFile good(dir + u"/V1__ok.sql"_s);
        QVERIFY(good.open(QIODevice::WriteOnly));
        good.write("SELECT 1;\n");
        good.close();
        // A dangling symlink cannot be read by anyone (root included).
        QVERIFY(QFile::link(dir + u"/does-not-exist"_s, dir + u"/V2__broken.sql"_s));
        const auto before = snapshot(dir);
        const auto p = cp::readProject(dir, cp::Format::Flyway);
        QVERIFY(p);
        QCOMPARE(p->migrations.size(), 1);
        QVERIFY(p->hasErrors());
        QVERIFY(p->issues.first().path.endsWith(u"V2__broken.sql"_s));
        QCOMPARE(snapshot(dir), before);
    }

    void tenThousandFiles()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.path();
        for (int i = 1; i <= 10000; ++i) {
            QFile f(dir + u"/%1_m%2.sql"_s.arg(20240000000000LL + i).arg(i));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("-- migrate:up\nCREATE TABLE t" + QByteArray::number(i) + " (id int);\n-- migrate:down\nDROP TABLE t"
                    + QByteArray::number(i) + ";\n");
        }
        const auto before = snapshot(dir);
        QElapsedTimer t;
        t.start();
        const auto p = cp::openProject(dir);
        QVERIFY2(p, qPrintable(p ? QString() : p.error().detail));
        QCOMPARE(p->format, cp::Format::Dbmate);
        QCOMPARE(p->migrations.size(), 10000);
        QVERIFY(p->issues.isEmpty());
        qInfo("detect + read of 10,000 dbmate files: %lld ms", static_cast<long long>(t.elapsed()));
        QCOMPARE(snapshot(dir), before);
    }
};

QTEST_GUILESS_MAIN(TestProjectFormats)
#include "tst_projectformats.moc"
