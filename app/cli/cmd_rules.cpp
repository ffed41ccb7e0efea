// SPDX-License-Identifier: GPL-3.0-or-later
// mwb rules: the analyzer's rules, as a table, as JSON, or as the Markdown pages of docs/rules/ (generated from
// core/sql/rules/registry.h, so the documentation cannot drift from the code: tst_ruledocs checks it).
#include "cli.h"

#include "core/sql/analyzer.h"
#include "core/sql/rules/registry.h"

#include <QCommandLineParser>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

using namespace Qt::StringLiterals;
using namespace cli;
using namespace core::sql;

namespace {

struct FamilyInfo
{
    QString id;
    QString title;
    QString intro;
};

const QList<FamilyInfo> &families()
{
    static const QList<FamilyInfo> list{
        {u"postgresql-locking"_s, u"PostgreSQL locking and rewrites"_s,
         u"Statements that take a lock stronger than the application can wait for, rewrite the table, or scan it "
         "while holding such a lock."_s},
        {u"compatibility"_s, u"Compatibility and expand-contract"_s,
         u"Changes that break the application version still running during a deploy. Do them in expand → migrate → "
         "contract phases; `ban-drop-column` and `ban-drop-table` are satisfied in a migration declared "
         "`-- mwb:phase contract` whose rollout plan gates it behind the app deploy."_s},
        {u"data"_s, u"Data migrations"_s,
         u"Schema and data changes belong in separate migrations; large backfills run in batches."_s},
        {u"transactions"_s, u"Transactions"_s,
         u"How the migration interacts with the transaction its tool wraps it in (or does not)."_s},
        {u"mysql"_s, u"MySQL and MariaDB online DDL"_s,
         u"The predicted ALGORITHM (INSTANT, INPLACE, COPY) and LOCK level of each ALTER, for MySQL 8.0/8.4 and "
         "MariaDB 10.11/11.x."_s},
        {u"types"_s, u"Type hygiene"_s, u"Choices that are cheap today and expensive to change on a big table later."_s},
        {u"project"_s, u"Project level"_s,
         u"Rules that look at the migration project as a whole (and, for some, at the database's history table)."_s},
        {u"general"_s, u"General"_s, u"The analyzer's own findings."_s},
    };
    return list;
}

QString familyTitle(const QString &id)
{
    for (const FamilyInfo &f : families())
        if (f.id == id)
            return f.title;
    return id;
}

/// The finding the analyzer reports for the rule's own bad example, trying PostgreSQL, then MySQL and MariaDB.
std::optional<Finding> exampleFinding(const RuleInfo &rule)
{
    if (rule.bad.isEmpty() || rule.needsProject)
        return std::nullopt;
    const QList<std::pair<SqlDialect, QString>> targets{
        {SqlDialect::PostgreSQL, u"17"_s}, {SqlDialect::MySQL, u"8.0"_s}, {SqlDialect::MariaDB, u"11.4"_s}};
    LintConfig config;
    config.only.insert(rule.id);
    for (const auto &[dialect, version] : targets) {
        AnalysisContext context;
        context.target = TargetServer::parse(dialect, version).value_or(TargetServer{});
        const AnalysisResult result = analyze(rule.bad.toUtf8(), context, config);
        for (const Finding &f : result.findings)
            if (f.rule == rule.id)
                return f;
    }
    return std::nullopt;
}

QString fenced(const QString &sql)
{
    return u"```sql\n"_s + sql + (sql.endsWith(u'\n') ? u""_s : u"\n"_s) + u"```\n"_s;
}

QString rulePage(const RuleInfo &rule)
{
    QString md = u"# %1\n\n"_s.arg(rule.id);
    md += u"*%1* · default severity **%2**%3\n\n"_s.arg(familyTitle(rule.family), severityName(rule.defaultSeverity),
                                                        rule.needsProject ? u" · needs a migration project"_s : u""_s);
    md += rule.summary + u"\n\n"_s;
    if (!rule.bad.isEmpty()) {
        md += u"## Fires on\n\n"_s + fenced(rule.bad) + u"\n"_s;
        if (const auto f = exampleFinding(rule)) {
            md += u"`mwb lint` reports:\n\n"_s;
            md += u"> %1: %2\n"_s.arg(severityName(f->severity), f->message);
            if (!f->lock.isEmpty())
                md += u">\n> Lock: %1\n"_s.arg(f->lock);
            md += u"\n"_s;
            if (f->fix && !f->fix->replacement.isEmpty())
                md += u"Quick fix (the editor applies it as one undo step) replaces the statement's text with:\n\n"_s
                      + fenced(f->fix->replacement) + u"\n"_s;
        }
    }
    if (!rule.good.isEmpty())
        md += u"## Write instead\n\n"_s + fenced(rule.good) + u"\n"_s;
    md += u"## Configure\n\n"_s;
    md += u"- Suppress one statement: `-- mwb:ignore %1 -- why it is safe here` on or just above it.\n"_s.arg(rule.id);
    md += u"- Suppress for the file: `-- mwb:ignore-file %1`.\n"_s.arg(rule.id);
    md += u"- Per project or environment, in `workbench.toml`: `[lint]` `\"rule.%1\" = \"off\"` (or `info`, "
          "`warning`, `error`).\n"_s.arg(rule.id);
    md += u"- On the command line: `mwb lint --rules -%1 …` disables it, `--rules %1` runs only it.\n\n"_s.arg(rule.id);
    md += u"*Generated by `mwb rules --format markdown` from core/sql/rules/registry.cpp; do not edit.*\n"_s;
    return md;
}

QString indexPage()
{
    QString md = u"# Safety analyzer rules\n\n"_s;
    md += u"Every rule `mwb lint` and the editor apply, by family. Each page shows SQL the rule fires on, what the "
          "analyzer reports for it, and what to write instead. See [../lint.md](../lint.md) for the command, "
          "output formats, suppression and configuration.\n"_s;
    const QList<RuleInfo> &rules = allRules();
    for (const FamilyInfo &family : families()) {
        QString rows;
        for (const RuleInfo &r : rules)
            if (r.family == family.id)
                rows += u"| [%1](%1.md) | %2 | %3 |\n"_s.arg(r.id, severityName(r.defaultSeverity),
                                                           QString(r.summary).replace(u'|', u"\\|"_s));
        if (rows.isEmpty())
            continue;
        md += u"\n## %1\n\n%2\n\n| Rule | Default | What it catches |\n|---|---|---|\n"_s.arg(family.title, family.intro);
        md += rows;
    }
    md += u"\n*Generated by `mwb rules --format markdown` from core/sql/rules/registry.cpp; do not edit.*\n"_s;
    return md;
}

bool writeFile(const QString &path, const QString &text)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        err(u"cannot write %1: %2"_s.arg(path, file.errorString()));
        return false;
    }
    file.write(text.toUtf8());
    if (!file.commit()) {
        err(u"cannot write %1: %2"_s.arg(path, file.errorString()));
        return false;
    }
    return true;
}

int rules(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(u"rule"_s, u"Show only this rule."_s, u"[rule]"_s);
    parser.addOption({u"format"_s, u"text, json or markdown."_s, u"format"_s, u"text"_s});
    parser.addOption({u"output-dir"_s, u"With --format markdown: write README.md and one page per rule here."_s,
                      u"dir"_s});
    if (!parser.parse(args)) {
        err(parser.errorText());
        return ExitUsage;
    }
    const QString format = parser.value(u"format"_s);
    if (format != u"text"_s && format != u"json"_s && format != u"markdown"_s) {
        err(u"unknown format '%1' (text, json or markdown)"_s.arg(format));
        return ExitUsage;
    }
    QList<RuleInfo> selected = allRules();
    if (!parser.positionalArguments().isEmpty()) {
        const RuleInfo *one = findRule(parser.positionalArguments().first());
        if (!one) {
            err(u"unknown rule '%1' (mwb rules lists them)"_s.arg(parser.positionalArguments().first()));
            return ExitUsage;
        }
        selected = {*one};
    }
    if (parser.isSet(u"output-dir"_s)) {
        if (format != u"markdown"_s) {
            err(u"--output-dir needs --format markdown"_s);
            return ExitUsage;
        }
        const QDir dir(parser.value(u"output-dir"_s));
        if (!QDir().mkpath(dir.path())) {
            err(u"cannot create %1"_s.arg(dir.path()));
            return ExitUsage;
        }
        if (!writeFile(dir.filePath(u"README.md"_s), indexPage()))
            return ExitUsage;
        for (const RuleInfo &r : std::as_const(selected))
            if (!writeFile(dir.filePath(r.id + u".md"_s), rulePage(r)))
                return ExitUsage;
        return ExitOk;
    }
    if (format == u"markdown"_s) {
        out(selected.size() == 1 ? rulePage(selected.first()) : indexPage());
        return ExitOk;
    }
    if (format == u"json"_s) {
        QJsonArray array;
        for (const RuleInfo &r : std::as_const(selected))
            array << QJsonObject{{u"id"_s, r.id},
                                 {u"family"_s, r.family},
                                 {u"severity"_s, severityName(r.defaultSeverity)},
                                 {u"summary"_s, r.summary},
                                 {u"bad"_s, r.bad},
                                 {u"good"_s, r.good},
                                 {u"needsProject"_s, r.needsProject}};
        out(QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented)));
        return ExitOk;
    }
    qsizetype width = 0;
    for (const RuleInfo &r : std::as_const(selected))
        width = std::max(width, r.id.size());
    QString text;
    for (const RuleInfo &r : std::as_const(selected))
        text += u"%1  %2  %3\n"_s.arg(r.id.leftJustified(width), severityName(r.defaultSeverity).leftJustified(7),
                                      r.summary);
    out(text);
    return ExitOk;
}

} // namespace

MWB_CLI_COMMAND("rules", "list the analyzer's rules (text, json, or the Markdown pages of docs/rules)", rules);
