// SPDX-License-Identifier: GPL-3.0-or-later
// The project-level lint rules (core/project/projectlint.h): missing-down-migration from the files alone;
// edited-applied-migration and out-of-order-migration from the tool's history rows, written as the tool writes
// them (historywriter) on the fixture's real PostgreSQL 17 and MariaDB. Each rule: at least three cases that
// fire and three near-misses that must not; suppression comments and rule selection.
#include "core/connectionparams.h"
#include "core/project/dbsession.h"
#include "core/project/detect.h"
#include "core/project/history.h"
#include "core/project/historywriter.h"
#include "core/project/projectlint.h"
#include "core/project/reader.h"

#include "testservers.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
namespace cp = core::project;
namespace cs = core::sql;

namespace {

/// Files are written as "relative/path|content".
bool writeFiles(const QString &dir, const QStringList &files)
{
    for (const QString &entry : files) {
        const QString rel = entry.section(u'|', 0, 0);
        const QByteArray content = entry.section(u'|', 1).toUtf8();
        const QString path = dir + u'/' + rel;
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(content) != content.size())
            return false;
    }
    return true;
}

/// "rule path:line:column", sorted, paths relative to dir.
QStringList describe(const QString &dir, const QList<cp::ProjectFileFindings> &files)
{
    QStringList out;
    for (const cp::ProjectFileFindings &f : files)
        for (const cs::Finding &x : f.findings)
            out << u"%1 %2:%3:%4"_s.arg(x.rule, QDir(dir).relativeFilePath(f.path)).arg(x.start.line).arg(x.start.column);
    out.sort();
    return out;
}

const QString kDbmateUp = u"-- migrate:up\nCREATE TABLE a (id bigint PRIMARY KEY);\n\n"_s;
const QString kPlanHead = u"%syntax-version=1.0.0\n%project=demo\n\n"_s;

} // namespace

class TestProjectLint : public QObject
{
    Q_OBJECT
    int m_dbCounter = 0;

    /// A fresh database on the server: PostgreSQL (created by the superuser, owned by the test user) or MariaDB
    /// (the test user may create mwb_test* databases).
    std::optional<core::ConnectionParams> freshDatabase(const QString &server)
    {
        const bool pg = server == u"postgresql"_s;
        const QString url = testsupport::serverValue(server, pg ? u"MWB_TEST_PG_URL"_s : u"MWB_TEST_MARIADB_URL"_s);
        const QString adminUrl = pg ? testsupport::serverValue(server, u"MWB_TEST_PG_SUPERUSER_URL"_s) : url;
        auto p = core::ConnectionParams::fromUrl(url);
        auto a = core::ConnectionParams::fromUrl(adminUrl);
        if (url.isEmpty() || adminUrl.isEmpty() || !p || !a)
            return std::nullopt;
        const QString name = u"mwb_test_pl_%1_%2"_s.arg(QCoreApplication::applicationPid()).arg(++m_dbCounter);
        auto admin = cp::DbSession::open(*a);
        if (!admin)
            return std::nullopt;
        (void)(*admin)->execScript(u"DROP DATABASE IF EXISTS %1"_s.arg(name));
        const QString create = pg ? u"CREATE DATABASE %1 OWNER %2"_s.arg(name, p->user) : u"CREATE DATABASE %1"_s.arg(name);
        if (!(*admin)->execScript(create))
            return std::nullopt;
        m_created << qMakePair(adminUrl, name);
        p->database = name;
        return *p;
    }
    QList<QPair<QString, QString>> m_created;

private Q_SLOTS:
    void cleanupTestCase()
    {
        for (const auto &[adminUrl, name] : std::as_const(m_created)) {
            auto a = core::ConnectionParams::fromUrl(adminUrl);
            if (!a)
                continue;
            if (auto admin = cp::DbSession::open(*a))
                (void)(*admin)->execScript(u"DROP DATABASE IF EXISTS %1"_s.arg(name));
        }
    }

    void missingDown_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QStringList>("files");
        QTest::addColumn<QStringList>("expected");
        const QString dm = u"missing-down-migration"_s;
        // fire
        QTest::newRow("golang-migrate without a down file")
            << u"golang-migrate"_s
            << QStringList{u"1_a.up.sql|CREATE TABLE a (id bigint);\n"_s, u"2_b.up.sql|CREATE TABLE b (id bigint);\n"_s,
                           u"2_b.down.sql|DROP TABLE b;\n"_s}
            << QStringList{dm + u" 1_a.up.sql:1:1"_s};
        QTest::newRow("golang-migrate with a down file of comments only")
            << u"golang-migrate"_s
            << QStringList{u"1_a.up.sql|CREATE TABLE a (id bigint);\n"_s, u"1_a.down.sql|-- TODO\n/* later */\n;\n"_s}
            << QStringList{dm + u" 1_a.up.sql:1:1"_s};
        QTest::newRow("dbmate with an empty down section: points at the marker")
            << u"dbmate"_s << QStringList{u"20240101000000_a.sql|"_s + kDbmateUp + u"-- migrate:down\n\n"_s}
            << QStringList{dm + u" 20240101000000_a.sql:4:1"_s};
        QTest::newRow("node-pg-migrate SQL without a Down Migration section")
            << u"node-pg-migrate"_s << QStringList{u"1700000000000_a.sql|-- Up Migration\nCREATE TABLE a (id int);\n"_s}
            << QStringList{dm + u" 1700000000000_a.sql:1:1"_s};
        QTest::newRow("sqitch change without a revert script")
            << u"sqitch"_s
            << QStringList{u"sqitch.plan|"_s + kPlanHead + u"users 2024-01-01T00:00:00Z A <a@b.c> # users\n"_s,
                           u"deploy/users.sql|BEGIN;\nCREATE TABLE users (id bigint);\nCOMMIT;\n"_s}
            << QStringList{dm + u" deploy/users.sql:1:1"_s};
        QTest::newRow("flyway with undo files: the version without one")
            << u"flyway"_s
            << QStringList{u"V1__a.sql|CREATE TABLE a (id bigint);\n"_s, u"U1__a.sql|DROP TABLE a;\n"_s,
                           u"V2__b.sql|CREATE TABLE b (id bigint);\n"_s}
            << QStringList{dm + u" V2__b.sql:1:1"_s};
        // near-misses
        QTest::newRow("golang-migrate with a down file")
            << u"golang-migrate"_s
            << QStringList{u"1_a.up.sql|CREATE TABLE a (id bigint);\n"_s, u"1_a.down.sql|DROP TABLE a;\n"_s}
            << QStringList{};
        QTest::newRow("dbmate marked irreversible in its down section")
            << u"dbmate"_s << QStringList{u"20240101000000_a.sql|"_s + kDbmateUp + u"-- migrate:down\n-- mwb:irreversible\n"_s}
            << QStringList{};
        QTest::newRow("golang-migrate marked irreversible in the up file")
            << u"golang-migrate"_s << QStringList{u"1_a.up.sql|-- mwb:irreversible\nDROP TABLE old;\n"_s}
            << QStringList{};
        QTest::newRow("ignore-file comment")
            << u"golang-migrate"_s
            << QStringList{u"1_a.up.sql|CREATE TABLE a (id bigint);\n-- mwb:ignore-file missing-down-migration\n"_s}
            << QStringList{};
        QTest::newRow("dbmate: ignore comment in the down section")
            << u"dbmate"_s
            << QStringList{u"20240101000000_a.sql|"_s + kDbmateUp + u"-- migrate:down\n-- mwb:ignore missing-down-migration\n"_s}
            << QStringList{};
        QTest::newRow("flyway without any undo file (Flyway Community has none)")
            << u"flyway"_s << QStringList{u"V1__a.sql|CREATE TABLE a (id bigint);\n"_s, u"V2__b.sql|DROP TABLE a;\n"_s}
            << QStringList{};
        QTest::newRow("flyway repeatable migration")
            << u"flyway"_s
            << QStringList{u"V1__a.sql|CREATE TABLE a (id bigint);\n"_s, u"U1__a.sql|DROP TABLE a;\n"_s,
                           u"R__view.sql|CREATE OR REPLACE VIEW v AS SELECT 1;\n"_s}
            << QStringList{};
        QTest::newRow("prisma has no down migrations")
            << u"prisma"_s
            << QStringList{u"migration_lock.toml|provider = \"postgresql\"\n"_s,
                           u"20240101000000_a/migration.sql|CREATE TABLE a (id bigint);\n"_s}
            << QStringList{};
        QTest::newRow("sqitch change with a revert script")
            << u"sqitch"_s
            << QStringList{u"sqitch.plan|"_s + kPlanHead + u"users 2024-01-01T00:00:00Z A <a@b.c> # users\n"_s,
                           u"deploy/users.sql|BEGIN;\nCREATE TABLE users (id bigint);\nCOMMIT;\n"_s,
                           u"revert/users.sql|BEGIN;\nDROP TABLE users;\nCOMMIT;\n"_s}
            << QStringList{};
    }
    void missingDown()
    {
        QFETCH(QString, format);
        QFETCH(QStringList, files);
        QFETCH(QStringList, expected);
        QTemporaryDir tmp;
        QVERIFY(writeFiles(tmp.path(), files));
        const auto project = cp::readProject(tmp.path(), cp::formatFromId(format));
        QVERIFY2(project, qPrintable(project ? QString() : project.error().detail));
        cp::ProjectLintOptions options;
        const auto findings = cp::lintProject(*project, options);
        QCOMPARE(describe(tmp.path(), findings), expected);
        for (const auto &f : findings)
            for (const cs::Finding &x : f.findings) {
                QCOMPARE(x.severity, cs::Severity::Warning);
                QVERIFY(x.message.contains(u"mwb:irreversible"_s));
                QVERIFY(x.length > 0);
            }
        // the database rules do not run without a status
        QCOMPARE(cp::projectRulesRun(*project, options).contains(u"edited-applied-migration"_s), false);
    }

    void selectionSeverityAndUnusedIgnores()
    {
        QTemporaryDir tmp;
        QVERIFY(writeFiles(tmp.path(), {u"1_a.up.sql|-- mwb:ignore-file missing-down-migration, edited-applied-migration\n"
                                        "CREATE TABLE a (id bigint);\n"_s,
                                        u"2_b.up.sql|CREATE TABLE b (id bigint);\n"_s}));
        auto project = cp::readProject(tmp.path(), cp::Format::GolangMigrate);
        QVERIFY(project);
        cp::ProjectLintOptions options;
        auto findings = cp::lintProject(*project, options);
        QCOMPARE(describe(tmp.path(), findings), QStringList{u"missing-down-migration 2_b.up.sql:1:1"_s});
        // The analyzer alone calls both ignores unused; merged with the project rules neither is reported: one
        // suppressed a finding, the other names a rule that did not run (no database).
        const QString first = tmp.filePath(u"1_a.up.sql"_s);
        QFile f(first);
        QVERIFY(f.open(QIODevice::ReadOnly));
        cs::AnalysisResult analyzed = cs::analyze(f.readAll(), cs::AnalysisContext{});
        QCOMPARE(std::ranges::count_if(analyzed.findings, [](const cs::Finding &x) { return x.rule == u"unused-ignore"_s; }), 2);
        cp::ProjectFileFindings forFirst{first, {}, {}};
        for (const auto &pf : findings)
            if (pf.path == first)
                forFirst = pf;
        QCOMPARE(forFirst.usedSuppressions.size(), 1);
        cp::mergeProjectFindings(analyzed, forFirst, cp::projectRulesRun(*project, options));
        QCOMPARE(std::ranges::count_if(analyzed.findings, [](const cs::Finding &x) { return x.rule == u"unused-ignore"_s; }), 0);
        // With the database rules running, the edited-applied ignore suppresses nothing and stays reported.
        cp::ProjectStatus status;
        options.status = &status;
        analyzed = cs::analyze(QByteArray("-- mwb:ignore-file edited-applied-migration\nSELECT 1;\n"), cs::AnalysisContext{});
        cp::mergeProjectFindings(analyzed, cp::ProjectFileFindings{first, {}, {}}, cp::projectRulesRun(*project, options));
        QCOMPARE(std::ranges::count_if(analyzed.findings, [](const cs::Finding &x) { return x.rule == u"unused-ignore"_s; }), 1);
        options.status = nullptr;

        // severity override and selection
        auto config = cs::LintConfig::fromMap({{u"rule.missing-down-migration"_s, u"error"_s}});
        QVERIFY(config);
        options.config = *config;
        findings = cp::lintProject(*project, options);
        QCOMPARE(describe(tmp.path(), findings), QStringList{u"missing-down-migration 2_b.up.sql:1:1"_s});
        for (const auto &pf : findings)
            for (const cs::Finding &x : pf.findings)
                QCOMPARE(x.severity, cs::Severity::Error);
        QVERIFY(options.config.applyRuleList(u"-missing-down-migration"_s));
        QVERIFY(describe(tmp.path(), cp::lintProject(*project, options)).isEmpty());
        options.config = {};
        QVERIFY(options.config.applyRuleList(u"ban-drop-table"_s));
        QVERIFY(describe(tmp.path(), cp::lintProject(*project, options)).isEmpty());
        options.config = {};
        options.config.minimum = cs::Severity::Error;
        QVERIFY(describe(tmp.path(), cp::lintProject(*project, options)).isEmpty());
    }

    void historyRules_data()
    {
        QTest::addColumn<QString>("server");
        QTest::addColumn<QString>("format");
        QTest::addColumn<QStringList>("files");
        QTest::addColumn<QStringList>("applied"); ///< files (relative) whose migration the tool recorded
        QTest::addColumn<QStringList>("edits"); ///< files rewritten afterwards
        QTest::addColumn<QStringList>("expected");
        const QString pg = u"postgresql"_s, maria = u"mariadb"_s;
        const QString ed = u"edited-applied-migration"_s, ooo = u"out-of-order-migration"_s;
        const QStringList flyway{u"V1__a.sql|CREATE TABLE a (id bigint);\n"_s, u"V2__b.sql|CREATE TABLE b (id bigint);\n"_s,
                                 u"V3__c.sql|CREATE TABLE c (id bigint);\n"_s};
        const QStringList prisma{u"migration_lock.toml|provider = \"postgresql\"\n"_s,
                                 u"20240101000000_a/migration.sql|CREATE TABLE a (id bigint);\n"_s,
                                 u"20240102000000_b/migration.sql|CREATE TABLE b (id bigint);\n"_s,
                                 u"20240103000000_c/migration.sql|CREATE TABLE c (id bigint);\n"_s};
        const QStringList dbmate{u"20240101000000_a.sql|-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n"_s,
                                 u"20240102000000_b.sql|-- migrate:up\nCREATE TABLE b (id int);\n-- migrate:down\nDROP TABLE b;\n"_s,
                                 u"20240103000000_c.sql|-- migrate:up\nCREATE TABLE c (id int);\n-- migrate:down\nDROP TABLE c;\n"_s};
        const QStringList golang{u"1_a.up.sql|CREATE TABLE a (id int);\n"_s, u"1_a.down.sql|DROP TABLE a;\n"_s,
                                 u"2_b.up.sql|CREATE TABLE b (id int);\n"_s, u"2_b.down.sql|DROP TABLE b;\n"_s,
                                 u"3_c.up.sql|CREATE TABLE c (id int);\n"_s, u"3_c.down.sql|DROP TABLE c;\n"_s};

        // edited-applied-migration: fire
        QTest::newRow("edited: flyway on PostgreSQL")
            << pg << u"flyway"_s << flyway << QStringList{u"V1__a.sql"_s, u"V2__b.sql"_s}
            << QStringList{u"V1__a.sql|CREATE TABLE a (id bigint, note text);\n"_s} << QStringList{ed + u" V1__a.sql:1:1"_s};
        QTest::newRow("edited: prisma on PostgreSQL")
            << pg << u"prisma"_s << prisma << QStringList{u"20240101000000_a/migration.sql"_s}
            << QStringList{u"20240101000000_a/migration.sql|CREATE TABLE a (id bigint);\n-- changed\n"_s}
            << QStringList{ed + u" 20240101000000_a/migration.sql:1:1"_s};
        QTest::newRow("edited: flyway on MariaDB")
            << maria << u"flyway"_s << flyway << QStringList{u"V1__a.sql"_s, u"V2__b.sql"_s, u"V3__c.sql"_s}
            << QStringList{u"V2__b.sql|CREATE TABLE b (id bigint, x int);\n"_s} << QStringList{ed + u" V2__b.sql:1:1"_s};
        QTest::newRow("edited: prisma on MariaDB")
            << maria << u"prisma"_s << prisma << QStringList{u"20240101000000_a/migration.sql"_s, u"20240102000000_b/migration.sql"_s}
            << QStringList{u"20240102000000_b/migration.sql|CREATE TABLE b (id bigint, y int);\n"_s}
            << QStringList{ed + u" 20240102000000_b/migration.sql:1:1"_s};
        // edited-applied-migration: near-misses
        QTest::newRow("edited: none, all applied")
            << pg << u"flyway"_s << flyway << QStringList{u"V1__a.sql"_s, u"V2__b.sql"_s, u"V3__c.sql"_s} << QStringList{}
            << QStringList{};
        QTest::newRow("edited: a pending migration may change")
            << pg << u"flyway"_s << flyway << QStringList{u"V1__a.sql"_s}
            << QStringList{u"V2__b.sql|CREATE TABLE b (id bigint, z int);\n"_s} << QStringList{};
        QTest::newRow("edited: a repeatable migration is meant to change")
            << pg << u"flyway"_s << flyway + QStringList{u"R__v.sql|CREATE OR REPLACE VIEW v AS SELECT 1;\n"_s}
            << QStringList{u"V1__a.sql"_s, u"R__v.sql"_s}
            << QStringList{u"R__v.sql|CREATE OR REPLACE VIEW v AS SELECT 2;\n"_s} << QStringList{};
        QTest::newRow("edited: dbmate records no checksum")
            << pg << u"dbmate"_s << dbmate << QStringList{u"20240101000000_a.sql"_s}
            << QStringList{u"20240101000000_a.sql|-- migrate:up\nCREATE TABLE a (id bigint);\n-- migrate:down\nDROP TABLE a;\n"_s}
            << QStringList{};
        QTest::newRow("edited: suppressed in the file")
            << maria << u"flyway"_s << flyway << QStringList{u"V1__a.sql"_s}
            << QStringList{u"V1__a.sql|-- mwb:ignore-file edited-applied-migration\nCREATE TABLE a (id bigint);\n"_s}
            << QStringList{};

        // out-of-order-migration: fire
        QTest::newRow("order: flyway on PostgreSQL")
            << pg << u"flyway"_s << flyway << QStringList{u"V1__a.sql"_s, u"V3__c.sql"_s} << QStringList{}
            << QStringList{ooo + u" V2__b.sql:1:1"_s};
        QTest::newRow("order: dbmate on PostgreSQL, two behind")
            << pg << u"dbmate"_s << dbmate << QStringList{u"20240103000000_c.sql"_s} << QStringList{}
            << QStringList{ooo + u" 20240101000000_a.sql:1:1"_s, ooo + u" 20240102000000_b.sql:1:1"_s};
        QTest::newRow("order: prisma on PostgreSQL")
            << pg << u"prisma"_s << prisma << QStringList{u"20240102000000_b/migration.sql"_s} << QStringList{}
            << QStringList{ooo + u" 20240101000000_a/migration.sql:1:1"_s};
        QTest::newRow("order: dbmate on MariaDB")
            << maria << u"dbmate"_s << dbmate << QStringList{u"20240101000000_a.sql"_s, u"20240103000000_c.sql"_s}
            << QStringList{} << QStringList{ooo + u" 20240102000000_b.sql:1:1"_s};
        QTest::newRow("order and edit together: flyway on MariaDB")
            << maria << u"flyway"_s << flyway << QStringList{u"V2__b.sql"_s, u"V3__c.sql"_s}
            << QStringList{u"V3__c.sql|CREATE TABLE c (id int);\n"_s}
            << QStringList{ed + u" V3__c.sql:1:1"_s, ooo + u" V1__a.sql:1:1"_s};
        // out-of-order-migration: near-misses
        QTest::newRow("order: pending only after the newest applied")
            << pg << u"flyway"_s << flyway << QStringList{u"V1__a.sql"_s} << QStringList{} << QStringList{};
        QTest::newRow("order: nothing applied yet")
            << pg << u"dbmate"_s << dbmate << QStringList{} << QStringList{} << QStringList{};
        QTest::newRow("order: golang-migrate keeps only the current version")
            << pg << u"golang-migrate"_s << golang << QStringList{u"3_c.up.sql"_s} << QStringList{} << QStringList{};
        QTest::newRow("order: suppressed in the file")
            << maria << u"dbmate"_s
            << QStringList{dbmate.at(0),
                           u"20240102000000_b.sql|-- mwb:ignore-file out-of-order-migration\n-- migrate:up\nCREATE TABLE b (id int);\n-- migrate:down\nDROP TABLE b;\n"_s,
                           dbmate.at(2)}
            << QStringList{u"20240101000000_a.sql"_s, u"20240103000000_c.sql"_s} << QStringList{} << QStringList{};
    }
    void historyRules()
    {
        QFETCH(QString, server);
        QFETCH(QString, format);
        QFETCH(QStringList, files);
        QFETCH(QStringList, applied);
        QFETCH(QStringList, edits);
        QFETCH(QStringList, expected);
        const auto params = freshDatabase(server);
        QVERIFY2(params, qPrintable(testsupport::serverUnavailableReason(server)));
        auto session = cp::DbSession::open(*params);
        QVERIFY2(session, qPrintable(session ? QString() : session.error().detail));
        cp::DbSession &db = **session;
        QTemporaryDir tmp;
        QVERIFY(writeFiles(tmp.path(), files));
        auto project = cp::readProject(tmp.path(), cp::formatFromId(format));
        QVERIFY2(project, qPrintable(project ? QString() : project.error().detail));
        auto ensured = cp::ensureHistoryTable(db, *project);
        QVERIFY2(ensured, qPrintable(ensured ? QString() : ensured.error().detail));
        // golang-migrate records only the newest version: write the rows in the project's order
        for (const cp::Migration &m : project->migrations) {
            if (!applied.contains(QDir(tmp.path()).relativeFilePath(m.upPath)))
                continue;
            auto r = cp::recordApplied(db, *project, m);
            QVERIFY2(r, qPrintable(r ? QString() : r.error().detail));
        }
        QVERIFY(writeFiles(tmp.path(), edits));
        project = cp::readProject(tmp.path(), cp::formatFromId(format));
        QVERIFY(project);
        const auto status = cp::readStatus(*project, *params);
        QVERIFY2(status, qPrintable(status ? QString() : status.error().detail));
        QVERIFY(status->historyFound);
        cp::ProjectLintOptions options;
        options.dialect = server == u"postgresql"_s ? cs::SqlDialect::PostgreSQL : cs::SqlDialect::MariaDB;
        options.status = &*status;
        QVERIFY(options.config.applyRuleList(u"-missing-down-migration"_s));
        const auto findings = cp::lintProject(*project, options);
        QCOMPARE(describe(tmp.path(), findings), expected);
        for (const auto &f : findings)
            for (const cs::Finding &x : f.findings) {
                QVERIFY2(x.message.contains(status->historyTable), qPrintable(x.message));
                QCOMPARE(x.severity, x.rule == u"edited-applied-migration"_s ? cs::Severity::Error : cs::Severity::Warning);
            }
    }
};

QTEST_GUILESS_MAIN(TestProjectLint)
#include "tst_projectlint.moc"
