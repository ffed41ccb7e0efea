// SPDX-License-Identifier: GPL-3.0-or-later
// Golden tests for every rule: tests/data/sql/rules/<rule>.sql holds cases that must fire and near-misses that
// must not. Each case is a migration of its own:
//   -- case: fire|pass [dialect=mysql] [target=10.11] [transaction=on|off] [live]
//   -- given: <SQL that already ran before this migration (the existing schema)>
//   -- stats: <table> rows=N bytes=N versions=N   (live statistics; implies live)
//   <the migration>
#include "core/sql/analyzer.h"
#include "core/sql/parser.h"
#include "core/sql/rules/registry.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace core::sql;

namespace {

struct Case
{
    QString rule;
    QString name;
    bool fire = true;
    SqlDialect dialect = SqlDialect::PostgreSQL;
    QString target;
    std::optional<bool> transaction;
    bool live = false;
    QByteArray given;
    QStringList stats;
    QByteArray sql;
    int line = 0;
};

QString dataDir()
{
    return QStringLiteral(MWB_SOURCE_DIR) + u"/tests/data/sql/rules"_s;
}

QList<Case> loadCases(const QString &file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QString rule = QFileInfo(file).completeBaseName();
    QList<Case> cases;
    int lineNo = 0;
    SqlDialect fileDialect = SqlDialect::PostgreSQL;
    static const QRegularExpression caseRe(u"^--\\s*case:\\s*(fire|pass)\\b(.*)$"_s);
    while (!f.atEnd()) {
        const QByteArray raw = f.readLine();
        ++lineNo;
        const QString line = QString::fromUtf8(raw).trimmed();
        if (line.startsWith(u"-- dialect:"_s) && cases.isEmpty()) {
            const QString d = line.mid(11).trimmed();
            fileDialect = d == u"mysql"_s ? SqlDialect::MySQL : d == u"mariadb"_s ? SqlDialect::MariaDB : SqlDialect::PostgreSQL;
            continue;
        }
        const auto m = caseRe.match(line);
        if (m.hasMatch()) {
            Case c;
            c.rule = rule;
            c.fire = m.captured(1) == u"fire"_s;
            c.dialect = fileDialect;
            c.line = lineNo;
            for (const QString &opt : m.captured(2).split(u' ', Qt::SkipEmptyParts)) {
                if (opt.startsWith(u"dialect="_s)) {
                    const QString d = opt.mid(8);
                    c.dialect = d == u"mysql"_s ? SqlDialect::MySQL : d == u"mariadb"_s ? SqlDialect::MariaDB : SqlDialect::PostgreSQL;
                } else if (opt.startsWith(u"target="_s)) {
                    c.target = opt.mid(7);
                } else if (opt == u"transaction=on"_s) {
                    c.transaction = true;
                } else if (opt == u"transaction=off"_s) {
                    c.transaction = false;
                } else if (opt == u"live"_s) {
                    c.live = true;
                }
            }
            c.name = u"%1:%2 %3"_s.arg(rule).arg(lineNo).arg(m.captured(1));
            cases << c;
            continue;
        }
        if (cases.isEmpty())
            continue;
        Case &c = cases.last();
        if (line.startsWith(u"-- given:"_s)) {
            c.given += raw.mid(raw.indexOf(':') + 1) + '\n';
        } else if (line.startsWith(u"-- stats:"_s)) {
            c.stats << line.mid(9).trimmed();
            c.live = true;
        } else {
            c.sql += raw;
        }
    }
    return cases;
}

AnalysisResult run(const Case &c)
{
    AnalysisContext ctx;
    ctx.target = TargetServer::parse(c.dialect, c.target).value_or(TargetServer::defaultFor(c.dialect));
    ctx.wrappedInTransaction = c.transaction;
    if (!c.given.isEmpty()) {
        const Script given = tokenizeAndSplit(c.given, c.dialect);
        for (const ParsedStatement &s : parseScript(given))
            ctx.catalog.apply(s);
    }
    for (const QString &st : c.stats) {
        const QStringList parts = st.split(u' ', Qt::SkipEmptyParts);
        CatalogTable &t = ctx.catalog.ensure(QualifiedName{{}, parts.value(0)});
        for (const QString &kv : parts.mid(1)) {
            const qint64 v = kv.section(u'=', 1).toLongLong();
            if (kv.startsWith(u"rows="_s))
                t.rows = v;
            else if (kv.startsWith(u"bytes="_s))
                t.bytes = v;
            else if (kv.startsWith(u"versions="_s))
                t.instantRowVersions = int(v);
        }
    }
    ctx.liveStatistics = c.live;
    return analyze(c.sql, ctx);
}

QString describe(const AnalysisResult &r)
{
    QStringList out;
    for (const Finding &f : r.findings)
        out << u"%1:%2 %3 %4: %5"_s.arg(f.start.line).arg(f.start.column).arg(severityName(f.severity), f.rule, f.message);
    return out.join(u'\n');
}

} // namespace

class TestRules : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void golden_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("index");
        const QDir dir(dataDir());
        const QStringList files = dir.entryList({u"*.sql"_s}, QDir::Files, QDir::Name);
        QVERIFY(!files.isEmpty());
        for (const QString &f : files) {
            const QList<Case> cases = loadCases(dir.filePath(f));
            for (qsizetype i = 0; i < cases.size(); ++i)
                QTest::newRow(qPrintable(cases[i].name)) << dir.filePath(f) << int(i);
        }
    }
    void golden()
    {
        QFETCH(QString, file);
        QFETCH(int, index);
        const Case c = loadCases(file).at(index);
        QVERIFY2(findRule(c.rule), qPrintable(u"no rule named after the file: "_s + c.rule));
        const AnalysisResult r = run(c);
        const qsizetype hits = std::count_if(r.findings.cbegin(), r.findings.cend(), [&](const Finding &f) { return f.rule == c.rule; });
        if (c.fire) {
            QVERIFY2(hits > 0, qPrintable(u"expected %1 to fire on:\n%2\nfindings:\n%3"_s.arg(c.rule, QString::fromUtf8(c.sql), describe(r))));
            for (const Finding &f : r.findings) {
                if (f.rule != c.rule)
                    continue;
                QVERIFY(!f.message.isEmpty());
                QVERIFY(f.start.line >= 1 && f.start.column >= 1);
                QVERIFY(f.offset >= 0 && f.offset + f.length <= c.sql.size());
                QVERIFY(f.end.line > f.start.line || (f.end.line == f.start.line && f.end.column >= f.start.column));
                if (f.fix) {
                    QCOMPARE(f.fix->offset, f.offset);
                    QCOMPARE(f.fix->length, f.length);
                }
            }
        } else {
            QVERIFY2(hits == 0, qPrintable(u"expected %1 NOT to fire on:\n%2\nfindings:\n%3"_s.arg(c.rule, QString::fromUtf8(c.sql), describe(r))));
        }
    }

    /// Every rule that runs on plain files has a golden file with at least three cases each way.
    void everyRuleHasGoldenCases_data()
    {
        QTest::addColumn<QString>("rule");
        for (const RuleInfo &r : allRules())
            if (!r.needsProject)
                QTest::newRow(qPrintable(r.id)) << r.id;
    }
    void everyRuleHasGoldenCases()
    {
        QFETCH(QString, rule);
        const QList<Case> cases = loadCases(dataDir() + u'/' + rule + u".sql"_s);
        const qsizetype fire = std::count_if(cases.cbegin(), cases.cend(), [](const Case &c) { return c.fire; });
        QVERIFY2(fire >= 3, qPrintable(u"%1 has %2 firing cases"_s.arg(rule).arg(fire)));
        QVERIFY2(cases.size() - fire >= 3, qPrintable(u"%1 has %2 near-misses"_s.arg(rule).arg(cases.size() - fire)));
    }

    /// The fix of a finding, applied, no longer triggers that rule.
    void fixesResolve_data() { golden_data(); }
    void fixesResolve()
    {
        QFETCH(QString, file);
        QFETCH(int, index);
        Case c = loadCases(file).at(index);
        if (!c.fire)
            return;
        const AnalysisResult r = run(c);
        for (const Finding &f : r.findings) {
            if (f.rule != c.rule || !f.fix || c.rule == u"ban-concurrently-in-transaction"_s)
                continue;
            Case fixed = c;
            fixed.sql = c.sql.left(f.fix->offset) + f.fix->replacement.toUtf8() + c.sql.mid(f.fix->offset + f.fix->length);
            const AnalysisResult after = run(fixed);
            const bool stillThere = std::any_of(after.findings.cbegin(), after.findings.cend(), [&](const Finding &g) {
                return g.rule == c.rule && g.offset >= f.fix->offset && g.offset < f.fix->offset + qsizetype(f.fix->replacement.toUtf8().size());
            });
            QVERIFY2(!stillThere, qPrintable(u"fix did not resolve %1:\n%2\n%3"_s.arg(c.rule, QString::fromUtf8(fixed.sql), describe(after))));
        }
    }

    void suppressions_data()
    {
        QTest::addColumn<QByteArray>("sql");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("above") << QByteArray("-- mwb:ignore ban-drop-table\nDROP TABLE users;\n") << QStringList{};
        QTest::newRow("same line") << QByteArray("DROP TABLE users; -- mwb:ignore ban-drop-table\n") << QStringList{};
        QTest::newRow("two rules") << QByteArray("-- mwb:ignore ban-drop-table, require-lock-timeout\nDROP TABLE users;\n")
                                   << QStringList{};
        QTest::newRow("only the next statement")
            << QByteArray("-- mwb:ignore ban-drop-table\nDROP TABLE users;\nDROP TABLE orders;\n")
            << QStringList{u"ban-drop-table"_s};
        QTest::newRow("file") << QByteArray("-- mwb:ignore-file ban-drop-table\nDROP TABLE a;\nDROP TABLE b;\n") << QStringList{};
        QTest::newRow("squawk") << QByteArray("-- squawk-ignore ban-drop-table\nDROP TABLE users;\n") << QStringList{};
        QTest::newRow("squawk alias")
            << QByteArray("-- squawk-ignore-file ban-drop-database\nDROP SCHEMA s;\nDROP TABLE t;\n")
            << QStringList{u"ban-drop-table"_s};
        QTest::newRow("unused") << QByteArray("-- mwb:ignore ban-drop-column\nDROP TABLE users;\n")
                                << QStringList{u"unused-ignore"_s, u"ban-drop-table"_s};
        QTest::newRow("unknown rule") << QByteArray("-- mwb:ignore no-such-rule\nSELECT 1;\n") << QStringList{u"unused-ignore"_s};
        QTest::newRow("block comment") << QByteArray("/* mwb:ignore ban-drop-table */ DROP TABLE users;\n") << QStringList{};
        QTest::newRow("not a suppression") << QByteArray("-- mwb:ignored ban-drop-table\nDROP TABLE users;\n")
                                           << QStringList{u"ban-drop-table"_s};
        // prose after the rule list is a reason, not rule ids (and reports no unused-ignore)
        QTest::newRow("reason after --") << QByteArray("-- mwb:ignore ban-drop-table -- unused since v3\nDROP TABLE users;\n")
                                         << QStringList{};
        QTest::newRow("reason after -- in a block comment")
            << QByteArray("/* mwb:ignore ban-drop-table -- unused since v3 */ DROP TABLE users;\n") << QStringList{};
        QTest::newRow("reason as prose") << QByteArray("-- mwb:ignore ban-drop-table because nobody reads it\nDROP TABLE users;\n")
                                         << QStringList{};
        QTest::newRow("reason in parentheses")
            << QByteArray("-- mwb:ignore ban-drop-table (reason: unused)\nDROP TABLE users;\n") << QStringList{};
        QTest::newRow("list then reason") << QByteArray("-- mwb:ignore ban-drop-table, ban-drop-column -- cleanup\nDROP TABLE users;\n")
                                          << QStringList{u"unused-ignore"_s};
        QTest::newRow("space-separated known ids")
            << QByteArray("-- mwb:ignore ban-drop-table ban-drop-column\nDROP TABLE users;\n") << QStringList{u"unused-ignore"_s};
        QTest::newRow("unknown id before a reason") << QByteArray("-- mwb:ignore no-such-rule -- why\nSELECT 1;\n")
                                                    << QStringList{u"unused-ignore"_s};
        QTest::newRow("file-wide with reason")
            << QByteArray("-- mwb:ignore-file ban-drop-table -- a cleanup migration\nDROP TABLE a;\nDROP TABLE b;\n")
            << QStringList{};
    }
    void suppressions()
    {
        QFETCH(QByteArray, sql);
        QFETCH(QStringList, expected);
        LintConfig config;
        config.disabled = {u"require-lock-timeout"_s, u"require-statement-timeout"_s};
        AnalysisContext ctx;
        const AnalysisResult r = analyze(sql, ctx, config);
        QStringList rules;
        for (const Finding &f : r.findings)
            rules << f.rule;
        QCOMPARE(rules, expected);
    }

    void ignoreComment_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("found");
        QTest::addColumn<QStringList>("rules");
        QTest::addColumn<bool>("fileWide");
        QTest::newRow("one") << u"-- mwb:ignore ban-drop-table"_s << true << QStringList{u"ban-drop-table"_s} << false;
        QTest::newRow("all") << u"-- mwb:ignore"_s << true << QStringList{} << false;
        QTest::newRow("reason only") << u"-- mwb:ignore -- trust me"_s << true << QStringList{} << false;
        QTest::newRow("dash reason") << u"-- mwb:ignore ban-drop-table -- the reason text"_s << true
                                     << QStringList{u"ban-drop-table"_s} << false;
        QTest::newRow("prose") << u"-- mwb:ignore ban-drop-table reason text here"_s << true
                               << QStringList{u"ban-drop-table"_s} << false;
        QTest::newRow("comma list, unknown kept") << u"-- mwb:ignore ban-drop-table,  typo-rule -- why"_s << true
                                                  << QStringList{u"ban-drop-table"_s, u"typo-rule"_s} << false;
        QTest::newRow("known after space") << u"-- mwb:ignore ban-drop-table renaming-column and more"_s << true
                                           << QStringList{u"ban-drop-table"_s, u"renaming-column"_s} << false;
        QTest::newRow("file") << u"-- mwb:ignore-file renaming-table -- why"_s << true << QStringList{u"renaming-table"_s} << true;
        QTest::newRow("squawk alias after space") << u"-- squawk-ignore ban-drop-column prefer-big-int"_s << true
                                                  << QStringList{u"ban-drop-column"_s, u"prefer-big-int"_s} << false;
        QTest::newRow("block") << u"/* mwb:ignore ban-drop-table */"_s << true << QStringList{u"ban-drop-table"_s} << false;
        QTest::newRow("ignored") << u"-- mwb:ignored ban-drop-table"_s << false << QStringList{} << false;
        QTest::newRow("none") << u"-- an ordinary comment"_s << false << QStringList{} << false;
    }
    void ignoreComment()
    {
        QFETCH(QString, text);
        QFETCH(bool, found);
        QFETCH(QStringList, rules);
        QFETCH(bool, fileWide);
        const auto c = parseIgnoreComment(text);
        QCOMPARE(c.has_value(), found);
        if (!found)
            return;
        QCOMPARE(c->rules, rules);
        QCOMPARE(c->fileWide, fileWide);
    }

    void config_data()
    {
        QTest::addColumn<QString>("rulesValue");
        QTest::addColumn<QString>("severity");
        QTest::addColumn<QString>("override");
        QTest::addColumn<QStringList>("expected");
        QTest::addColumn<bool>("ok");
        QTest::newRow("default") << QString() << QString() << QString()
                                 << QStringList{u"ban-drop-table:error"_s, u"require-lock-timeout:warning"_s} << true;
        QTest::newRow("only") << u"ban-drop-table"_s << QString() << QString() << QStringList{u"ban-drop-table:error"_s} << true;
        QTest::newRow("minus") << u"-ban-drop-table"_s << QString() << QString()
                               << QStringList{u"require-lock-timeout:warning"_s} << true;
        QTest::newRow("severity filter") << QString() << u"error"_s << QString() << QStringList{u"ban-drop-table:error"_s} << true;
        QTest::newRow("override") << QString() << QString() << u"info"_s
                                  << QStringList{u"ban-drop-table:info"_s, u"require-lock-timeout:warning"_s} << true;
        QTest::newRow("unknown rule") << u"nope"_s << QString() << QString() << QStringList{} << false;
        QTest::newRow("bad severity") << QString() << u"loud"_s << QString() << QStringList{} << false;
    }
    void config()
    {
        QFETCH(QString, rulesValue);
        QFETCH(QString, severity);
        QFETCH(QString, override);
        QFETCH(QStringList, expected);
        QFETCH(bool, ok);
        QHash<QString, QString> map;
        if (!rulesValue.isEmpty())
            map.insert(u"rules"_s, rulesValue);
        if (!severity.isEmpty())
            map.insert(u"severity"_s, severity);
        if (!override.isEmpty())
            map.insert(u"rule.ban-drop-table"_s, override);
        map.insert(u"rule.require-statement-timeout"_s, u"off"_s);
        const auto cfg = LintConfig::fromMap(map);
        QCOMPARE(cfg.has_value(), ok);
        if (!ok) {
            QCOMPARE(cfg.error().code, core::Error::Code::InvalidArgument);
            return;
        }
        const AnalysisResult r = analyze(QByteArray("DROP TABLE users;"), AnalysisContext{}, *cfg);
        QStringList got;
        for (const Finding &f : r.findings)
            got << f.rule + u':' + severityName(f.severity);
        QCOMPARE(got, expected);
    }

    /// The registry's examples (the generated rule docs show them) do what they claim.
    void registryExamples_data()
    {
        QTest::addColumn<QString>("rule");
        for (const RuleInfo &r : allRules())
            if (!r.needsProject && r.id != u"mysql-instant-row-version-limit"_s)
                QTest::newRow(qPrintable(r.id)) << r.id;
    }
    void registryExamples()
    {
        QFETCH(QString, rule);
        const RuleInfo *info = findRule(rule);
        QVERIFY(info);
        Case c;
        c.rule = rule;
        c.dialect = (info->family == u"mysql"_s || rule == u"non-transactional-ddl-batch"_s) ? SqlDialect::MySQL
                                                                                              : SqlDialect::PostgreSQL;
        auto fires = [&](const QString &sql) {
            c.sql = sql.toUtf8();
            const AnalysisResult r = run(c);
            return std::any_of(r.findings.cbegin(), r.findings.cend(), [&](const Finding &f) { return f.rule == rule; });
        };
        QVERIFY2(fires(info->bad), qPrintable(info->bad));
        QVERIFY2(!fires(info->good), qPrintable(info->good));
    }

    void registryIsComplete()
    {
        QSet<QString> ids;
        for (const RuleInfo &r : allRules()) {
            QVERIFY2(!ids.contains(r.id), qPrintable(r.id));
            ids.insert(r.id);
            QVERIFY(!r.summary.isEmpty());
            if (!r.needsProject) {
                QVERIFY2(!r.bad.isEmpty() && !r.good.isEmpty(), qPrintable(r.id));
            }
        }
        QVERIFY(ids.size() >= 60);
    }

    void badInputNeverCrashes_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::newRow("nul") << QByteArray("SELECT 1;\0DROP TABLE x;", 23);
        QTest::newRow("invalid utf8") << QByteArray("SELECT '\xff\xfe';\nALTER TABLE \xc3 ADD COLUMN x int;");
        QTest::newRow("unterminated") << QByteArray("ALTER TABLE t ADD CONSTRAINT c CHECK ('x");
        QTest::newRow("only parens") << QByteArray("(((((((;)))))");
        QTest::newRow("truncated alter") << QByteArray("ALTER TABLE");
        QTest::newRow("truncated create") << QByteArray("CREATE TABLE t (");
        QTest::newRow("weird") << QByteArray("ALTER TABLE t ALTER COLUMN TYPE; CREATE INDEX ON; DROP; SET; SET =;");
    }
    void badInputNeverCrashes()
    {
        QFETCH(QByteArray, input);
        for (SqlDialect d : {SqlDialect::PostgreSQL, SqlDialect::MySQL, SqlDialect::MariaDB, SqlDialect::SQLite}) {
            AnalysisContext ctx;
            ctx.target = TargetServer::defaultFor(d);
            const AnalysisResult r = analyze(tokenizeAndSplit(input, d), ctx);
            for (const Finding &f : r.findings)
                QVERIFY(f.offset >= 0 && f.offset + f.length <= input.size());
        }
    }

    void syntaxErrorsAreFindings()
    {
        const QByteArray input("SELECT 1;\nSELECT 'open");
        const AnalysisResult r = analyze(input, AnalysisContext{});
        QVERIFY(!r.findings.isEmpty());
        QCOMPARE(r.findings.first().rule, u"syntax-error"_s);
        QCOMPARE(r.findings.first().start.line, 2);
        QCOMPARE(r.findings.first().severity, Severity::Error);
    }

    void sizeRaisesSeverity()
    {
        AnalysisContext ctx;
        ctx.liveStatistics = true;
        CatalogTable &small = ctx.catalog.ensure(QualifiedName{{}, u"small"_s});
        small.rows = 200;
        small.bytes = 16384;
        CatalogTable &big = ctx.catalog.ensure(QualifiedName{{}, u"big"_s});
        big.rows = 50'000'000;
        big.bytes = 8LL << 30;
        LintConfig cfg;
        cfg.only = {u"require-concurrent-index-creation"_s};
        const AnalysisResult r = analyze(QByteArray("CREATE INDEX a ON small (x);\nCREATE INDEX b ON big (x);"), ctx, cfg);
        QCOMPARE(r.findings.size(), 2);
        QCOMPARE(r.findings[0].severity, Severity::Warning);
        QCOMPARE(r.findings[0].tableRows, 200);
        QCOMPARE(r.findings[1].severity, Severity::Error);
        QVERIFY(r.findings[1].estimatedSeconds > 30);
        QVERIFY2(r.findings[1].message.contains(u"50000000 rows"_s), qPrintable(r.findings[1].message));
    }
};

QTEST_GUILESS_MAIN(TestRules)
#include "tst_rules.moc"
