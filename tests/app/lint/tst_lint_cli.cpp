// SPDX-License-Identifier: GPL-3.0-or-later
// `mwb lint` as users and CI run it: text, JSON and SARIF output, standard input, directories, exit codes,
// I/O errors, bad input, and live context from a real PostgreSQL (--url).
#include "core/connectionparams.h"
#include "core/project/dbsession.h"
#include "core/project/historywriter.h"
#include "core/project/reader.h"
#include "testservers.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run lint(const QStringList &args, const QByteArray &stdinData = {}, const QStringList &env = {})
{
    QProcess p;
    auto e = QProcessEnvironment::systemEnvironment();
    for (const QString &kv : env)
        e.insert(kv.section(u'=', 0, 0), kv.section(u'=', 1));
    p.setProcessEnvironment(e);
    p.start(QStringLiteral(MWB_BIN_DIR) + u"/mwb"_s, QStringList{u"lint"_s} + args);
    if (!p.waitForStarted(30000))
        return {};
    if (!stdinData.isEmpty())
        p.write(stdinData);
    p.closeWriteChannel();
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        return {};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

} // namespace

class TestLintCli : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QStringList m_env;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_env = {u"XDG_DATA_HOME="_s + m_dir.filePath(u"data"_s), u"XDG_CONFIG_HOME="_s + m_dir.filePath(u"config"_s)};
    }

    void textOutput()
    {
        const QString file = m_dir.filePath(u"m1.sql"_s);
        QVERIFY(writeFile(file, "SET lock_timeout = '5s';\nSET statement_timeout = '1min';\n\nCREATE INDEX users_email_idx ON users (email);\n"));
        const Run r = lint({file}, {}, m_env);
        QCOMPARE(r.exitCode, 1);
        const QString expected = file + u":4:1: error: "_s;
        QVERIFY2(r.out.startsWith(expected), qPrintable(r.out));
        QVERIFY(r.out.contains(u"takes SHARE on users"_s));
        QVERIFY(r.out.trimmed().endsWith(u"[require-concurrent-index-creation]"_s));
        QCOMPARE(r.out.count(u'\n'), 1);
        QVERIFY(r.err.isEmpty());
    }

    void cleanFileExitsZero()
    {
        const Run r = lint({u"-"_s}, "CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text);\n", m_env);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QString());
    }

    void warningsOnlyExitZero()
    {
        const Run r = lint({u"-"_s}, "ALTER TABLE users ADD COLUMN note text;\n", m_env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(u"-:1:1: warning: "_s), qPrintable(r.out));
        QVERIFY(r.out.contains(u"[require-lock-timeout]"_s));
    }

    void jsonOutput()
    {
        const QByteArray sql = "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);\n"
                               "DELETE FROM sessions;\n";
        const Run r = lint({u"--format"_s, u"json"_s, u"-"_s}, sql, m_env);
        QCOMPARE(r.exitCode, 1);
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(r.out.toUtf8(), &pe);
        QVERIFY2(pe.error == QJsonParseError::NoError, qPrintable(pe.errorString()));
        const QJsonArray files = doc.object().value(u"files"_s).toArray();
        QCOMPARE(files.size(), 1);
        const QJsonObject f = files.first().toObject();
        QCOMPARE(f.value(u"path"_s).toString(), u"-"_s);
        QCOMPARE(f.value(u"dialect"_s).toString(), u"postgresql"_s);
        QCOMPARE(f.value(u"statements"_s).toInt(), 2);
        bool fk = false, del = false;
        for (const QJsonValue &v : f.value(u"findings"_s).toArray()) {
            const QJsonObject o = v.toObject();
            for (const char *key : {"rule", "severity", "line", "column", "endLine", "endColumn", "message", "tables", "lock", "fix"})
                QVERIFY2(o.contains(QString::fromLatin1(key)), key);
            if (o.value(u"rule"_s).toString() == u"constraint-missing-not-valid"_s) {
                fk = true;
                QCOMPARE(o.value(u"severity"_s).toString(), u"error"_s);
                QCOMPARE(o.value(u"line"_s).toInt(), 1);
                QCOMPARE(o.value(u"column"_s).toInt(), 1);
                QCOMPARE(o.value(u"endLine"_s).toInt(), 1);
                QCOMPARE(o.value(u"endColumn"_s).toInt(), 93);
                QCOMPARE(o.value(u"lock"_s).toString(), u"SHARE ROW EXCLUSIVE"_s);
                QCOMPARE(o.value(u"tables"_s).toArray().toVariantList(), (QVariantList{u"orders"_s, u"users"_s}));
                QVERIFY(o.value(u"fix"_s).toString().contains(u"NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk"_s));
            }
            if (o.value(u"rule"_s).toString() == u"delete-without-where"_s) {
                del = true;
                QCOMPARE(o.value(u"line"_s).toInt(), 2);
                QVERIFY(o.value(u"fix"_s).isNull());
                QCOMPARE(o.value(u"lock"_s).toString(), u"ROW EXCLUSIVE"_s);
            }
        }
        QVERIFY(fk);
        QVERIFY(del);
    }

    void sarifOutput()
    {
        const QString file = m_dir.filePath(u"sarif/V1__drop.sql"_s);
        QVERIFY(writeFile(file, "DROP TABLE users;\nCREATE INDEX i ON t (c);\n"));
        const Run r = lint({u"--format"_s, u"sarif"_s, file}, {}, m_env);
        QCOMPARE(r.exitCode, 1);
        const QJsonObject root = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(root.value(u"version"_s).toString(), u"2.1.0"_s);
        QVERIFY(root.value(u"$schema"_s).toString().contains(u"sarif-2.1.0"_s));
        const QJsonObject run = root.value(u"runs"_s).toArray().first().toObject();
        const QJsonObject driver = run.value(u"tool"_s).toObject().value(u"driver"_s).toObject();
        QCOMPARE(driver.value(u"name"_s).toString(), u"mwb"_s);
        const QJsonArray rules = driver.value(u"rules"_s).toArray();
        QVERIFY(rules.size() >= 60);
        QStringList ruleIds;
        for (const QJsonValue &v : rules) {
            const QJsonObject o = v.toObject();
            ruleIds << o.value(u"id"_s).toString();
            QVERIFY(!o.value(u"shortDescription"_s).toObject().value(u"text"_s).toString().isEmpty());
            const QString level = o.value(u"defaultConfiguration"_s).toObject().value(u"level"_s).toString();
            QVERIFY2(level == u"error"_s || level == u"warning"_s || level == u"note"_s, qPrintable(level));
        }
        const QJsonArray results = run.value(u"results"_s).toArray();
        QVERIFY(results.size() >= 2);
        for (const QJsonValue &v : results) {
            const QJsonObject o = v.toObject();
            const QString id = o.value(u"ruleId"_s).toString();
            QVERIFY(ruleIds.contains(id));
            QCOMPARE(ruleIds.at(o.value(u"ruleIndex"_s).toInt()), id);
            QVERIFY(!o.value(u"message"_s).toObject().value(u"text"_s).toString().isEmpty());
            const QString level = o.value(u"level"_s).toString();
            QVERIFY(level == u"error"_s || level == u"warning"_s || level == u"note"_s);
            const QJsonObject loc = o.value(u"locations"_s).toArray().first().toObject().value(u"physicalLocation"_s).toObject();
            QCOMPARE(loc.value(u"artifactLocation"_s).toObject().value(u"uri"_s).toString(), file);
            const QJsonObject region = loc.value(u"region"_s).toObject();
            for (const char *k : {"startLine", "startColumn", "endLine", "endColumn"})
                QVERIFY2(region.value(QString::fromLatin1(k)).toInt() >= 1, k);
        }
        QCOMPARE(results.first().toObject().value(u"ruleId"_s).toString(), u"ban-drop-table"_s);
    }

    void directoryIsRecursiveAndSorted()
    {
        const QString dir = m_dir.filePath(u"project"_s);
        QVERIFY(writeFile(dir + u"/002_b.sql"_s, "DROP TABLE b;\n"));
        QVERIFY(writeFile(dir + u"/001_a.sql"_s, "CREATE TABLE b (id bigint);\n"));
        QVERIFY(writeFile(dir + u"/sub/003_c.sql"_s, "DELETE FROM b;\n"));
        QVERIFY(writeFile(dir + u"/notes.txt"_s, "DROP TABLE x;\n"));
        const Run r = lint({u"--format"_s, u"json"_s, dir}, {}, m_env);
        QCOMPARE(r.exitCode, 1);
        const QJsonArray files = QJsonDocument::fromJson(r.out.toUtf8()).object().value(u"files"_s).toArray();
        QCOMPARE(files.size(), 3);
        QVERIFY(files[0].toObject().value(u"path"_s).toString().endsWith(u"001_a.sql"_s));
        QVERIFY(files[1].toObject().value(u"path"_s).toString().endsWith(u"002_b.sql"_s));
        QVERIFY(files[2].toObject().value(u"path"_s).toString().endsWith(u"sub/003_c.sql"_s));
        // b was created by an earlier migration: dropping it in a later one is flagged
        QVERIFY(r.out.contains(u"ban-drop-table"_s));
    }

    void downMigrationsDropWhatTheirUpAdded()
    {
        // golang-migrate: the down file drops the table its up created. That is a rollback, not a compatibility
        // break: ban-drop-table is reported at info there, and as an error in an up migration.
        const QString dir = m_dir.filePath(u"downs"_s);
        QVERIFY(writeFile(dir + u"/000001_users.up.sql"_s, "CREATE TABLE users (id bigint PRIMARY KEY);\n"));
        QVERIFY(writeFile(dir + u"/000001_users.down.sql"_s, "DROP TABLE users;\n"));
        QVERIFY(writeFile(dir + u"/000002_orders.up.sql"_s, "CREATE TABLE orders (id bigint PRIMARY KEY);\n"));
        QVERIFY(writeFile(dir + u"/000002_orders.down.sql"_s, "DROP TABLE orders;\n"));
        Run r = lint({u"--format"_s, u"json"_s, dir}, {}, m_env);
        QVERIFY2(r.exitCode == 0, qPrintable(r.out));
        int infos = 0;
        for (const QJsonValue &f : QJsonDocument::fromJson(r.out.toUtf8()).object().value(u"files"_s).toArray())
            for (const QJsonValue &finding : f.toObject().value(u"findings"_s).toArray())
                if (finding.toObject().value(u"rule"_s).toString() == u"ban-drop-table"_s) {
                    QVERIFY(f.toObject().value(u"path"_s).toString().endsWith(u".down.sql"_s));
                    QCOMPARE(finding.toObject().value(u"severity"_s).toString(), u"info"_s);
                    ++infos;
                }
        QCOMPARE(infos, 2);
        // The same DROP in an up migration stays an error.
        QVERIFY(writeFile(dir + u"/000003_drop_users.up.sql"_s, "DROP TABLE users;\n"));
        QVERIFY(writeFile(dir + u"/000003_drop_users.down.sql"_s, "CREATE TABLE users (id bigint PRIMARY KEY);\n"));
        r = lint({u"--format"_s, u"json"_s, dir}, {}, m_env);
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.contains(u"ban-drop-table"_s));
    }

    void bothDirectionsFileIsLintedPartByPart()
    {
        // dbmate keeps up and down in one file. The up part must not see the down part's DROPs (the foreign key's
        // index exists at the end of the up part), the header's ignore-file serves both, and the down part is
        // still checked (its DROP INDEX without CONCURRENTLY locks the table on a rollback).
        const QString dir = m_dir.filePath(u"both/db/migrations"_s);
        QVERIFY(writeFile(dir + u"/20260101000000_tables.sql"_s,
                          "-- mwb:ignore-file prefer-bigint-over-int -- the demo's counters stay small\n"
                          "-- migrate:up\nCREATE TABLE p (id bigint PRIMARY KEY, n int);\n"
                          "CREATE TABLE r (id bigint PRIMARY KEY, p_id bigint REFERENCES p (id));\n"
                          "CREATE INDEX r_p_idx ON r (p_id);\n\n-- migrate:down\nDROP TABLE r;\nDROP TABLE p;\n"));
        QVERIFY(writeFile(dir + u"/20260102000000_index.sql"_s,
                          "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY p_n_idx ON p (n);\n\n"
                          "-- migrate:down\nDROP INDEX p_n_idx;\n"));
        const Run r = lint({u"--format"_s, u"json"_s, m_dir.filePath(u"both"_s)}, {}, m_env);
        QCOMPARE(r.exitCode, 1); // the rollback's plain DROP INDEX
        QStringList rules;
        for (const QJsonValue &f : QJsonDocument::fromJson(r.out.toUtf8()).object().value(u"files"_s).toArray())
            for (const QJsonValue &finding : f.toObject().value(u"findings"_s).toArray()) {
                const QJsonObject o = finding.toObject();
                rules << o.value(u"rule"_s).toString() + u'@' + QString::number(o.value(u"line"_s).toInt());
            }
        QVERIFY2(!rules.join(u' ').contains(u"foreign-key-without-index"_s), qPrintable(rules.join(u' ')));
        QVERIFY2(!rules.join(u' ').contains(u"unused-ignore"_s), qPrintable(rules.join(u' ')));
        QVERIFY2(!rules.join(u' ').contains(u"prefer-bigint-over-int"_s), qPrintable(rules.join(u' ')));
        QVERIFY2(rules.contains(u"ban-drop-table@8"_s), qPrintable(rules.join(u' '))); // at info, in the down part
        QVERIFY2(rules.contains(u"require-concurrent-index-deletion@5"_s), qPrintable(rules.join(u' ')));
    }

    void golangMigrateMultiStatementFileRunsInImplicitTransaction()
    {
        // golang-migrate sends a file as one simple query: PostgreSQL runs a file of more than one statement in an
        // implicit transaction, where CREATE INDEX CONCURRENTLY fails; a file of that statement alone runs as is.
        const QString dir = m_dir.filePath(u"golang"_s);
        QVERIFY(writeFile(dir + u"/000001_notes.up.sql"_s,
                          "CREATE TABLE notes (id bigint PRIMARY KEY, body text);\n"
                          "CREATE INDEX CONCURRENTLY notes_body_idx ON notes (body);\n"));
        QVERIFY(writeFile(dir + u"/000001_notes.down.sql"_s, "DROP TABLE notes;\n"));
        QVERIFY(writeFile(dir + u"/000002_notes_index.up.sql"_s,
                          "-- the index alone\nCREATE INDEX CONCURRENTLY IF NOT EXISTS notes_id_body_idx ON notes (id, body);\n"));
        QVERIFY(writeFile(dir + u"/000002_notes_index.down.sql"_s, "DROP INDEX CONCURRENTLY IF EXISTS notes_id_body_idx;\n"));
        const Run r = lint({u"--format"_s, u"json"_s, dir}, {}, m_env);
        QVERIFY2(r.exitCode == 1, qPrintable(r.out + r.err));
        QHash<QString, QStringList> rulesByFile;
        for (const QJsonValue &f : QJsonDocument::fromJson(r.out.toUtf8()).object().value(u"files"_s).toArray()) {
            const QString name = QFileInfo(f.toObject().value(u"path"_s).toString()).fileName();
            for (const QJsonValue &finding : f.toObject().value(u"findings"_s).toArray()) {
                const QJsonObject o = finding.toObject();
                rulesByFile[name] << o.value(u"rule"_s).toString() + u'@' + QString::number(o.value(u"line"_s).toInt());
            }
        }
        QVERIFY2(rulesByFile.value(u"000001_notes.up.sql"_s).contains(u"ban-concurrently-in-transaction@2"_s),
                 qPrintable(r.out));
        for (const QString &file : {u"000002_notes_index.up.sql"_s, u"000002_notes_index.down.sql"_s})
            QVERIFY2(!rulesByFile.value(file).join(u' ').contains(u"ban-concurrently-in-transaction"_s), qPrintable(r.out));
    }

    void options()
    {
        const QByteArray sql = "DROP TABLE users;\n";
        Run r = lint({u"--rules"_s, u"-ban-drop-table,-require-lock-timeout"_s, u"-"_s}, sql, m_env);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QString());
        r = lint({u"--severity"_s, u"error"_s, u"-"_s}, "ALTER TABLE users ADD COLUMN note text;\n", m_env);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QString());
        r = lint({u"--dialect"_s, u"mysql"_s, u"--target-version"_s, u"8.0.28"_s, u"-"_s},
                 "ALTER TABLE users MODIFY age bigint;\n", m_env);
        QVERIFY2(r.out.contains(u"[mysql-table-copy]"_s), qPrintable(r.out));
        r = lint({u"--target-version"_s, u"10"_s, u"-"_s}, "ALTER TABLE users ADD COLUMN a boolean DEFAULT true;\n", m_env);
        QVERIFY2(r.out.contains(u"[adding-field-with-volatile-default]"_s), qPrintable(r.out));
        r = lint({u"-"_s}, "ALTER TABLE users ADD COLUMN a boolean DEFAULT true;\n", m_env);
        QVERIFY(!r.out.contains(u"[adding-field-with-volatile-default]"_s));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no path") << QStringList{} << u"at least one PATH"_s;
        QTest::newRow("dialect") << QStringList{u"--dialect"_s, u"oracle"_s, u"-"_s} << u"unknown dialect 'oracle'"_s;
        QTest::newRow("format") << QStringList{u"--format"_s, u"xml"_s, u"-"_s} << u"unknown format 'xml'"_s;
        QTest::newRow("rules") << QStringList{u"--rules"_s, u"nope"_s, u"-"_s} << u"unknown rule 'nope'"_s;
        QTest::newRow("severity") << QStringList{u"--severity"_s, u"loud"_s, u"-"_s} << u"unknown severity 'loud'"_s;
        QTest::newRow("version") << QStringList{u"--target-version"_s, u"99"_s, u"-"_s} << u"unsupported --target-version '99'"_s;
        QTest::newRow("missing file") << QStringList{u"/nonexistent/x.sql"_s} << u"/nonexistent/x.sql: no such file"_s;
        QTest::newRow("bad url") << QStringList{u"--url"_s, u"oracle://x"_s, u"-"_s} << u"unsupported URL scheme"_s;
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = lint(args, "SELECT 1;", m_env);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QCOMPARE(r.err.trimmed().count(u'\n'), 0);
    }

    void unreadableFile()
    {
        const QString file = m_dir.filePath(u"locked.sql"_s);
        QVERIFY(writeFile(file, "SELECT 1;"));
        QVERIFY(QFile::setPermissions(file, QFileDevice::Permissions()));
        const Run r = lint({file}, {}, m_env);
        if (::geteuid() != 0) {
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains(file + u": cannot read"_s), qPrintable(r.err));
        } else {
            QCOMPARE(r.exitCode, 0); // root can read it; the message path is covered by "missing file"
        }
    }

    void badBytesAreFindings()
    {
        const QByteArray sql("SELECT 1;\nSELECT '\xff\xfe';\nSELECT 2;\0DROP TABLE x;\n", 45);
        const Run r = lint({u"--format"_s, u"json"_s, u"-"_s}, sql, m_env);
        QCOMPARE(r.exitCode, 1);
        const QJsonArray findings = QJsonDocument::fromJson(r.out.toUtf8()).object().value(u"files"_s).toArray()
                                        .first().toObject().value(u"findings"_s).toArray();
        int syntax = 0;
        for (const QJsonValue &v : findings)
            if (v.toObject().value(u"rule"_s).toString() == u"syntax-error"_s) {
                ++syntax;
                QVERIFY(v.toObject().value(u"line"_s).toInt() >= 2);
            }
        QVERIFY(syntax >= 2);
    }

    void liveContextFromPostgres()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "postgresql", "MWB_TEST_PG_URL");
        MWB_REQUIRE_SERVER_VALUE(password, "postgresql", "MWB_TEST_PG_PASSWORD");
        const QString table = u"lint_live_%1"_s.arg(QCoreApplication::applicationPid());
        // a table of known size, created with psql (postgresql-client is in the build root)
        QProcess psql;
        psql.start(u"psql"_s, {url, u"-v"_s, u"ON_ERROR_STOP=1"_s, u"-c"_s,
                               u"DROP TABLE IF EXISTS %1; CREATE TABLE %1 (id bigint PRIMARY KEY, email text, n int); "
                               u"INSERT INTO %1 SELECT g, 'u' || g, g FROM generate_series(1, 20000) g; ANALYZE %1;"_s.arg(table)});
        QVERIFY(psql.waitForFinished(60000));
        QVERIFY2(psql.exitCode() == 0, psql.readAllStandardError().constData());
        const QByteArray sql = u"CREATE INDEX i ON %1 (email);\nALTER TABLE %1 ALTER COLUMN n TYPE bigint;\n"
                               u"ALTER TABLE %1 ALTER COLUMN email TYPE text;\n"_s.arg(table).toUtf8();
        const Run r = lint({u"--url"_s, url, u"--format"_s, u"json"_s, u"-"_s}, sql, m_env);
        QVERIFY2(!r.out.contains(password) && !r.err.contains(password), "password leaked");
        QVERIFY2(r.exitCode == 0 || r.exitCode == 1, qPrintable(r.err));
        const QJsonArray findings = QJsonDocument::fromJson(r.out.toUtf8()).object().value(u"files"_s).toArray()
                                        .first().toObject().value(u"findings"_s).toArray();
        bool index = false, type = false;
        for (const QJsonValue &v : findings) {
            const QJsonObject o = v.toObject();
            if (o.value(u"rule"_s).toString() == u"require-concurrent-index-creation"_s) {
                index = true;
                QCOMPARE(o.value(u"tableRows"_s).toInteger(), 20000);
                QVERIFY(o.value(u"tableBytes"_s).toInteger() > 0);
                QVERIFY(o.value(u"estimatedSeconds"_s).toDouble() >= 0);
                QVERIFY(o.value(u"message"_s).toString().contains(u"20000 rows"_s));
            }
            if (o.value(u"rule"_s).toString() == u"changing-column-type"_s) {
                type = true;
                QCOMPARE(o.value(u"line"_s).toInt(), 2); // int → bigint; text for text is no rewrite (known type)
            }
        }
        QVERIFY2(index && type, qPrintable(r.out));
        QProcess drop;
        drop.start(u"psql"_s, {url, u"-c"_s, u"DROP TABLE IF EXISTS %1"_s.arg(table)});
        drop.waitForFinished(30000);

        const QString wrong = QString(url).replace(QRegularExpression(u":[^:@/]+@"_s), u":Wr0ng@"_s);
        const Run bad = lint({u"--url"_s, wrong, u"-"_s}, "SELECT 1;", m_env);
        QCOMPARE(bad.exitCode, 2);
        QVERIFY(!bad.err.contains(u"Wr0ng"_s));
    }

    /// A migration project with its history on a real PostgreSQL: `mwb lint DIR --url` runs the project rules.
    void projectWithHistory()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "postgresql", "MWB_TEST_PG_URL");
        MWB_REQUIRE_SERVER_VALUE(superUrl, "postgresql", "MWB_TEST_PG_SUPERUSER_URL");
        MWB_REQUIRE_SERVER_VALUE(password, "postgresql", "MWB_TEST_PG_PASSWORD");
        namespace cp = core::project;
        auto params = core::ConnectionParams::fromUrl(url);
        auto su = core::ConnectionParams::fromUrl(superUrl);
        QVERIFY(params && su);
        const QString dbName = u"mwb_lintproj_%1"_s.arg(QCoreApplication::applicationPid());
        {
            auto admin = cp::DbSession::open(*su);
            QVERIFY(admin);
            (void)(*admin)->execScript(u"DROP DATABASE IF EXISTS %1"_s.arg(dbName));
            QVERIFY((*admin)->execScript(u"CREATE DATABASE %1 OWNER %2"_s.arg(dbName, params->user)));
        }
        params->database = dbName;
        QUrl projectUrl(url);
        projectUrl.setPath(u"/"_s + dbName);
        const QString dbUrl = projectUrl.toString();

        const QString dir = m_dir.filePath(u"flyway-project"_s);
        QVERIFY(writeFile(dir + u"/V1__users.sql"_s, "CREATE TABLE users (id bigint PRIMARY KEY);\n"));
        QVERIFY(writeFile(dir + u"/V2__orders.sql"_s, "CREATE TABLE orders (id bigint PRIMARY KEY);\n"));
        QVERIFY(writeFile(dir + u"/V3__items.sql"_s, "CREATE TABLE items (id bigint PRIMARY KEY);\n"));
        auto project = cp::readProject(dir, cp::Format::Flyway);
        QVERIFY(project);
        {
            auto db = cp::DbSession::open(*params);
            QVERIFY(db);
            QVERIFY(cp::ensureHistoryTable(**db, *project));
            QVERIFY(cp::recordApplied(**db, *project, project->migrations.at(0)));
            QVERIFY(cp::recordApplied(**db, *project, project->migrations.at(2)));
        }
        QVERIFY(writeFile(dir + u"/V1__users.sql"_s, "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n"));

        // without a database: no history rules, nothing at error severity
        Run r = lint({u"--format"_s, u"json"_s, dir}, {}, m_env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(!r.out.contains(u"edited-applied-migration"_s), qPrintable(r.out));

        r = lint({u"--url"_s, dbUrl, u"--format"_s, u"json"_s, dir}, {}, m_env);
        QVERIFY2(!r.out.contains(password) && !r.err.contains(password), "password leaked");
        QCOMPARE(r.exitCode, 1); // edited-applied-migration is an error
        const QJsonArray files = QJsonDocument::fromJson(r.out.toUtf8()).object().value(u"files"_s).toArray();
        QCOMPARE(files.size(), 3);
        QStringList seen;
        for (const QJsonValue &fv : files) {
            const QJsonObject file = fv.toObject();
            for (const QJsonValue &v : file.value(u"findings"_s).toArray()) {
                const QJsonObject o = v.toObject();
                const QString rule = o.value(u"rule"_s).toString();
                if (rule != u"edited-applied-migration"_s && rule != u"out-of-order-migration"_s)
                    continue;
                seen << rule + u' ' + QFileInfo(file.value(u"path"_s).toString()).fileName();
                QCOMPARE(o.value(u"line"_s).toInt(), 1);
                QCOMPARE(o.value(u"column"_s).toInt(), 1);
                QVERIFY(o.value(u"lock"_s).isNull());
                QCOMPARE(o.value(u"severity"_s).toString(),
                         rule == u"edited-applied-migration"_s ? u"error"_s : u"warning"_s);
                QVERIFY(o.value(u"message"_s).toString().contains(u"flyway_schema_history"_s));
            }
        }
        seen.sort();
        QCOMPARE(seen, (QStringList{u"edited-applied-migration V1__users.sql"_s, u"out-of-order-migration V2__orders.sql"_s}));

        // text output and rule selection
        r = lint({u"--url"_s, dbUrl, u"--rules"_s, u"-edited-applied-migration"_s, dir}, {}, m_env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(u"V2__orders.sql:1:1: warning: "_s) && r.out.contains(u"[out-of-order-migration]"_s),
                 qPrintable(r.out));
        // suppressed in the file
        QVERIFY(writeFile(dir + u"/V1__users.sql"_s,
                          "-- mwb:ignore-file edited-applied-migration\nCREATE TABLE users (id bigint PRIMARY KEY, email text);\n"));
        r = lint({u"--url"_s, dbUrl, dir}, {}, m_env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(!r.out.contains(u"edited-applied-migration"_s) && !r.out.contains(u"unused-ignore"_s), qPrintable(r.out));

        auto admin = cp::DbSession::open(*su);
        QVERIFY(admin);
        (void)(*admin)->execScript(u"DROP DATABASE IF EXISTS %1"_s.arg(dbName));
    }
    /// workbench.toml beside the migrations: its [lint] settings (per environment with --env) apply to the directory.
    void projectLintSettings()
    {
        const QString dir = m_dir.filePath(u"golang-project"_s);
        QVERIFY(writeFile(dir + u"/000001_users.up.sql"_s, "CREATE TABLE users (id bigint PRIMARY KEY);\n"));
        QVERIFY(writeFile(dir + u"/000001_users.down.sql"_s, "-- mwb:ignore-file ban-drop-table\nDROP TABLE users;\n"));
        QVERIFY(writeFile(dir + u"/000002_orders.up.sql"_s, "CREATE TABLE orders (id bigint PRIMARY KEY);\n"));
        Run r = lint({dir}, {}, m_env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(u"000002_orders.up.sql:1:1: warning: migration 2 orders has no down migration"_s), qPrintable(r.out));
        QVERIFY(r.out.contains(u"[missing-down-migration]"_s));
        QVERIFY(!r.out.contains(u"000001_users.up.sql"_s));

        QVERIFY(writeFile(dir + u"/workbench.toml"_s, "[lint.rule]\nmissing-down-migration = \"error\"\n\n"
                                                      "[lint.environments.dev.rule]\nmissing-down-migration = \"off\"\n"));
        r = lint({u"--format"_s, u"json"_s, dir}, {}, m_env);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains(u"\"severity\":\"error\""_s), qPrintable(r.out));
        r = lint({u"--env"_s, u"dev"_s, dir}, {}, m_env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(!r.out.contains(u"missing-down-migration"_s), qPrintable(r.out));
        // the command line still narrows: --severity error hides the warnings, not the configured error
        r = lint({u"--severity"_s, u"error"_s, dir}, {}, m_env);
        QCOMPARE(r.exitCode, 1);
        // a broken workbench.toml is a usage error naming the file
        QVERIFY(writeFile(dir + u"/workbench.toml"_s, "[lint.rule]\nmissing-down-migration = \"loud\"\n"));
        r = lint({dir}, {}, m_env);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(u"workbench.toml"_s), qPrintable(r.err));
    }
    /// workbench.toml [lint] dialect and target-version: a MySQL project is linted with the MySQL rules without
    /// --dialect on the command line; the command line still wins.
    void projectDialect()
    {
        const QString dir = m_dir.filePath(u"mysql-project"_s);
        QVERIFY(writeFile(dir + u"/000001_users.up.sql"_s, "CREATE TABLE users (id bigint PRIMARY KEY, age int);\n"));
        QVERIFY(writeFile(dir + u"/000001_users.down.sql"_s, "-- mwb:ignore-file ban-drop-table\nDROP TABLE users;\n"));
        QVERIFY(writeFile(dir + u"/000002_age.up.sql"_s, "ALTER TABLE users MODIFY age bigint;\n"));
        QVERIFY(writeFile(dir + u"/000002_age.down.sql"_s, "ALTER TABLE users MODIFY age int;\n"));
        Run r = lint({dir}, {}, m_env);
        QVERIFY2(!r.out.contains(u"[mysql-table-copy]"_s), qPrintable(r.out)); // read as PostgreSQL
        QVERIFY(writeFile(dir + u"/workbench.toml"_s, "[lint]\ndialect = \"mysql\"\ntarget-version = \"8.0.28\"\n"));
        r = lint({u"--format"_s, u"json"_s, dir}, {}, m_env);
        QVERIFY2(r.out.contains(u"\"dialect\": \"mysql\""_s), qPrintable(r.out));
        QVERIFY2(r.out.contains(u"mysql-table-copy"_s), qPrintable(r.out));
        r = lint({u"--dialect"_s, u"postgresql"_s, dir}, {}, m_env);
        QVERIFY2(!r.out.contains(u"[mysql-table-copy]"_s), qPrintable(r.out));
        QVERIFY(writeFile(dir + u"/workbench.toml"_s, "[lint]\ndialect = \"oracle\"\n"));
        r = lint({dir}, {}, m_env);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(u"lint.dialect 'oracle'"_s), qPrintable(r.err));
    }
    /// A folder with two tools' files is linted file by file, and stderr says why the project rules did not run.
    void ambiguousProjectIsSaidOnce()
    {
        const QString dir = m_dir.filePath(u"mixed-project"_s);
        QVERIFY(writeFile(dir + u"/20240101000000_a.sql"_s, "-- migrate:up\nCREATE TABLE a (id bigint);\n-- migrate:down\nDROP TABLE a;\n"));
        QVERIFY(writeFile(dir + u"/V1__b.sql"_s, "CREATE TABLE b (id bigint);\n"));
        QVERIFY(writeFile(dir + u"/V2__c.sql"_s, "CREATE TABLE c (id bigint);\n"));
        const Run r = lint({u"--format"_s, u"json"_s, dir}, {}, m_env);
        QVERIFY2(r.exitCode == 0 || r.exitCode == 1, qPrintable(r.err));
        QCOMPARE(r.err.count(u"not linted as a migration project"_s), 1);
        QVERIFY2(r.err.contains(u"mixed formats"_s), qPrintable(r.err));
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object().value(u"files"_s).toArray().size(), 3);
        // a plain folder of SQL files says nothing
        const QString plain = m_dir.filePath(u"plain-sql"_s);
        QVERIFY(writeFile(plain + u"/a.sql"_s, "SELECT 1;\n"));
        const Run q = lint({plain}, {}, m_env);
        QCOMPARE(q.exitCode, 0);
        QVERIFY2(q.err.isEmpty(), qPrintable(q.err));
    }
};

QTEST_GUILESS_MAIN(TestLintCli)
#include "tst_lint_cli.moc"
