// SPDX-License-Identifier: GPL-3.0-or-later
// `mwb plan`: a wizard run from the command line writes its migrations into a real dbmate and golang-migrate
// project in the tool's format, stores a valid plan in workbench.toml next to the sections already there, and
// every written file passes `mwb lint` without an error; `list` reads the plans back; bad input is refused.
#include "core/plan/planstore.h"
#include "core/plan/planvalidator.h"
#include "core/project/detect.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
struct Run
{
    int exitCode = -1;
    QByteArray out;
    QString err;
};

Run mwb(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(MWB_BIN_DIR) + u"/mwb"_s, args);
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        return {};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            QString::fromUtf8(p.readAllStandardError())};
}

bool write(const QString &path, const QByteArray &text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

QByteArray read(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
} // namespace

class TestCliPlan : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void wizardWritesMigrationsAndPlan_data()
    {
        QTest::addColumn<QString>("tool");
        QTest::addColumn<QString>("first");
        QTest::addColumn<QString>("dialect");
        QTest::newRow("dbmate postgresql") << u"dbmate"_s << u"20260101000000_users.sql"_s << u"postgresql"_s;
        QTest::newRow("golang-migrate mysql") << u"golang-migrate"_s << u"000001_users.up.sql"_s << u"mysql"_s;
    }

    void wizardWritesMigrationsAndPlan()
    {
        QFETCH(QString, tool);
        QFETCH(QString, first);
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString migrations = dir.filePath(u"db/migrations"_s);
        const QByteArray create = "CREATE TABLE users (id bigint PRIMARY KEY, email varchar(200) NOT NULL);\n";
        if (tool == u"dbmate")
            QVERIFY(write(migrations + u'/' + first, "-- migrate:up\n" + create + "-- migrate:down\nDROP TABLE users;\n"));
        else {
            QVERIFY(write(migrations + u'/' + first, create));
            QVERIFY(write(migrations + u"/000001_users.down.sql"_s, "DROP TABLE users;\n"));
        }
        const QByteArray environments = "# the pipeline\n[[environments]]\nname = \"dev\"\n";
        QVERIFY(write(dir.filePath(u"workbench.toml"_s), environments));

        // --dry-run prints and writes nothing.
        Run r = mwb({u"plan"_s, u"new"_s, dir.path(), u"rename-column"_s, u"--table"_s, u"users"_s, u"--column"_s,
                     u"email"_s, u"--to"_s, u"email_address"_s, u"--type"_s, u"varchar(200)"_s, u"--dialect"_s, dialect,
                     u"--start"_s, u"2026-12-07"_s, u"--dry-run"_s});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("email_address"));
        QCOMPARE(QDir(migrations).entryList(QDir::Files).size(), tool == u"dbmate" ? 1 : 2);
        QCOMPARE(read(dir.filePath(u"workbench.toml"_s)), environments);

        r = mwb({u"plan"_s, u"new"_s, dir.path(), u"rename-column"_s, u"--table"_s, u"users"_s, u"--column"_s, u"email"_s,
                 u"--to"_s, u"email_address"_s, u"--type"_s, u"varchar(200)"_s, u"--not-null"_s, u"--dialect"_s, dialect,
                 u"--start"_s, u"2026-12-07"_s, u"--format"_s, u"json"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QVERIFY(!o.value(u"files"_s).toArray().isEmpty());
        QVERIFY(o.value(u"violations"_s).toArray().isEmpty());

        // The project now holds the migrations, in the tool's order and naming; the plan names them by version.
        const auto project = core::project::openProject(dir.path());
        QVERIFY2(project, qPrintable(project ? QString() : project.error().detail));
        QCOMPARE(core::project::formatId(project->format), tool);
        QVERIFY(project->migrations.size() > 3);
        const auto plans = core::plan::loadPlans(dir.path());
        QVERIFY2(plans, qPrintable(plans ? QString() : plans.error().detail));
        QCOMPARE(plans->size(), 1);
        const auto &plan = plans->first();
        QVERIFY(core::plan::validatePlan(plan).isEmpty());
        QCOMPARE(plan.steps.first().day, QDate(2026, 12, 7));
        QStringList versions;
        for (const auto &m : project->migrations)
            versions << m.version;
        for (const auto &s : plan.steps)
            for (const QString &v : s.migrations)
                QVERIFY2(versions.contains(v), qPrintable(v));
        QVERIFY(read(dir.filePath(u"workbench.toml"_s)).startsWith(environments)); // the rest kept as it was

        // Every file the wizard wrote passes the analyzer with no error (it writes the safe forms), linted as the
        // project in order, so that each one knows the schema the earlier ones made.
        QStringList written;
        for (const QJsonValue &f : o.value(u"files"_s).toArray())
            written << QFileInfo(dir.filePath(f.toString())).absoluteFilePath();
        r = mwb({u"lint"_s, u"--dialect"_s, dialect == u"mysql" ? u"mariadb"_s : dialect, u"--format"_s, u"json"_s, migrations});
        const QJsonArray files = QJsonDocument::fromJson(r.out).object().value(u"files"_s).toArray();
        QVERIFY(files.size() >= 4);
        int checked = 0;
        for (const QJsonValue &f : files) {
            if (!written.contains(QFileInfo(f.toObject().value(u"path"_s).toString()).absoluteFilePath()))
                continue;
            ++checked;
            for (const QJsonValue &finding : f.toObject().value(u"findings"_s).toArray())
                QVERIFY2(finding.toObject().value(u"severity"_s).toString() != u"error"_s,
                         qPrintable(f.toObject().value(u"path"_s).toString() + u": "_s
                                    + finding.toObject().value(u"message"_s).toString()));
        }
        QVERIFY(checked >= 4);

        // list reads it back; the same name again is refused and changes nothing.
        r = mwb({u"plan"_s, u"list"_s, dir.path(), u"--format"_s, u"json"_s});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(r.out).object().value(u"plans"_s).toArray().size(), 1);
        const int files0 = int(QDir(migrations).entryList(QDir::Files).size());
        r = mwb({u"plan"_s, u"new"_s, dir.path(), u"rename-column"_s, u"--table"_s, u"users"_s, u"--column"_s, u"email"_s,
                 u"--to"_s, u"email_address"_s, u"--type"_s, u"varchar(200)"_s, u"--dialect"_s, dialect});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"already"_s), qPrintable(r.err));
        QCOMPARE(int(QDir(migrations).entryList(QDir::Files).size()), files0);
        // A second plan with its own name goes beside the first.
        r = mwb({u"plan"_s, u"new"_s, dir.path(), u"add-index"_s, u"--table"_s, u"users"_s, u"--columns"_s, u"email_address"_s,
                 u"--dialect"_s, dialect, u"--name"_s, u"index email_address"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = mwb({u"plan"_s, u"list"_s, dir.path()});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("index email_address"));
    }

    void badInput()
    {
        QTemporaryDir dir;
        QVERIFY(write(dir.filePath(u"db/migrations/20260101000000_a.sql"_s), "-- migrate:up\nSELECT 1;\n-- migrate:down\n"));
        const QStringList base{u"plan"_s, u"new"_s, dir.path()};
        QCOMPARE(mwb(base + QStringList{u"rename-everything"_s}).exitCode, 2);
        Run r = mwb(base + QStringList{u"rename-column"_s, u"--table"_s, u"users"_s});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(u"--column"_s));
        r = mwb(base + QStringList{u"add-foreign-key"_s, u"--table"_s, u"orders"_s, u"--column"_s, u"user_id"_s,
                                   u"--references"_s, u"users"_s});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(u"TABLE(COLUMN)"_s));
        r = mwb(base + QStringList{u"add-index"_s, u"--table"_s, u"t"_s, u"--columns"_s, u"a"_s, u"--start"_s, u"soon"_s});
        QCOMPARE(r.exitCode, 2);
        r = mwb(base + QStringList{u"add-index"_s, u"--table"_s, u"t"_s, u"--columns"_s, u"a"_s, u"--dialect"_s, u"oracle"_s});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(mwb({u"plan"_s}).exitCode, 2);
        QCOMPARE(mwb({u"plan"_s, u"list"_s, dir.filePath(u"nowhere"_s)}).exitCode, 2);
        // A malformed plans section is reported, not overwritten.
        QVERIFY(write(dir.filePath(u"workbench.toml"_s), "[[plans]]\nname = \"x\"\n[[plans.steps]]\nid = \"a\"\nkind = \"?\"\n"));
        r = mwb({u"plan"_s, u"list"_s, dir.path()});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(u"unknown kind"_s));
        r = mwb(base + QStringList{u"add-index"_s, u"--table"_s, u"t"_s, u"--columns"_s, u"a"_s});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(read(dir.filePath(u"workbench.toml"_s)).contains("kind = \"?\""));
    }
};

QTEST_GUILESS_MAIN(TestCliPlan)
#include "tst_cliplan.moc"
