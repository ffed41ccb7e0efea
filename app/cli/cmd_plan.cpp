// SPDX-License-Identifier: GPL-3.0-or-later
// mwb plan: the project's rollout plans. `list` shows them; `new` runs a rollout wizard, writes its migrations into
// the project in the tool's own format and stores the plan in workbench.toml.
#include "cli.h"

#include "core/plan/planexport.h"
#include "core/plan/planstore.h"
#include "core/plan/planvalidator.h"
#include "core/plan/wizards.h"
#include "core/plan/wizardwriter.h"
#include "core/project/detect.h"
#include "core/project/projectfile.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;
using namespace cli;
namespace cp = core::project;
namespace pl = core::plan;

namespace {

const QStringList kWizards{u"rename-column"_s, u"change-type"_s,  u"add-not-null-column"_s, u"add-foreign-key"_s,
                           u"add-unique"_s,    u"add-index"_s,    u"drop-column"_s,         u"drop-table"_s,
                           u"split-table"_s};

/// Where the plans live: the workbench.toml beside the migrations, else the folder given.
QString projectRoot(const QString &given, const cp::Project &project)
{
    return cp::ProjectFile::locateDirectory(given, project.dir);
}

QJsonObject planJson(const pl::Plan &plan)
{
    QJsonArray steps;
    for (const pl::Step &s : plan.steps) {
        QJsonObject o{{u"id"_s, s.id},
                      {u"title"_s, s.title},
                      {u"kind"_s, pl::stepKindName(s.kind)},
                      {u"phase"_s, pl::phaseName(s.phase)},
                      {u"day"_s, s.day.toString(Qt::ISODate)},
                      {u"dependsOn"_s, QJsonArray::fromStringList(s.dependsOn)},
                      {u"migrations"_s, QJsonArray::fromStringList(s.migrations)},
                      {u"doneIn"_s, QJsonArray::fromStringList(plan.checkedOff.value(s.id))}};
        if (!s.deployVersion.isEmpty())
            o.insert(u"deployVersion"_s, s.deployVersion);
        if (s.deployRole != pl::DeployRole::None)
            o.insert(u"deployRole"_s, pl::deployRoleName(s.deployRole));
        if (!s.verificationSql.isEmpty())
            o.insert(u"verificationSql"_s, s.verificationSql);
        steps.append(o);
    }
    QJsonArray violations;
    for (const pl::PlanViolation &v : pl::validatePlan(plan))
        violations.append(QJsonObject{{u"rule"_s, v.rule}, {u"message"_s, v.message}, {u"steps"_s, QJsonArray::fromStringList(v.steps)}});
    return QJsonObject{{u"name"_s, plan.name}, {u"subject"_s, plan.subject}, {u"steps"_s, steps}, {u"violations"_s, violations}};
}

int listPlans(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(u"list"_s, u"list"_s);
    parser.addPositionalArgument(u"dir"_s, u"The project (or its migrations folder)."_s);
    parser.addOption({u"format"_s, u"text, json or markdown."_s, u"format"_s, u"text"_s});
    if (!parser.parse(args) || parser.positionalArguments().size() != 2) {
        err(parser.errorText().isEmpty() ? u"usage: mwb plan list DIR [--format text|json|markdown]"_s : parser.errorText());
        return ExitUsage;
    }
    const QString dir = parser.positionalArguments().at(1);
    const auto project = cp::openProject(dir);
    const QString root = project ? projectRoot(dir, *project) : QFileInfo(dir).absoluteFilePath();
    if (!QFileInfo(root).isDir()) {
        err(u"%1: no such folder"_s.arg(dir));
        return ExitUsage;
    }
    const auto plans = pl::loadPlans(root);
    if (!plans) {
        err(plans.error().detail);
        return ExitUsage;
    }
    const QString format = parser.value(u"format"_s);
    if (format == u"json") {
        QJsonArray list;
        for (const pl::Plan &p : *plans)
            list.append(planJson(p));
        out(QString::fromUtf8(QJsonDocument(QJsonObject{{u"plans"_s, list}}).toJson(QJsonDocument::Indented)));
        return ExitOk;
    }
    if (format == u"markdown") {
        QStringList pages;
        for (const pl::Plan &p : *plans)
            pages << pl::planToMarkdown(p);
        out(pages.join(u"\n"_s));
        return ExitOk;
    }
    if (plans->isEmpty()) {
        out(u"no rollout plan in %1\n"_s.arg(QDir(root).filePath(cp::ProjectFile::fileName())));
        return ExitOk;
    }
    QString text;
    for (const pl::Plan &p : *plans) {
        text += u"%1%2\n"_s.arg(p.name, p.subject.isEmpty() ? QString() : u" — "_s + p.subject);
        for (const pl::Step &s : p.steps)
            text += u"  %1  %2  %3  %4%5\n"_s.arg(s.day.toString(Qt::ISODate), pl::phaseName(s.phase).leftJustified(8),
                                                  pl::stepKindName(s.kind).leftJustified(8), s.title.isEmpty() ? s.id : s.title,
                                                  s.migrations.isEmpty() ? QString() : u" ["_s + s.migrations.join(u", "_s) + u']');
        for (const pl::PlanViolation &v : pl::validatePlan(p))
            text += u"  ! %1 [%2]\n"_s.arg(v.message, v.rule);
    }
    out(text);
    return ExitOk;
}

int newPlan(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(u"new"_s, u"new"_s);
    parser.addPositionalArgument(u"dir"_s, u"The project (or its migrations folder)."_s);
    parser.addPositionalArgument(u"wizard"_s, kWizards.join(u", "_s));
    parser.addOptions({
        {u"table"_s, u"The table."_s, u"name"_s},
        {u"column"_s, u"The column."_s, u"name"_s},
        {u"columns"_s, u"Columns, comma-separated (add-index, add-unique, split-table)."_s, u"list"_s},
        {u"to"_s, u"rename-column: the new name."_s, u"name"_s},
        {u"type"_s, u"The column type (rename-column, change-type, add-not-null-column)."_s, u"type"_s},
        {u"types"_s, u"split-table: the moved columns' types, comma-separated."_s, u"list"_s},
        {u"using"_s, u"change-type: the conversion expression."_s, u"expr"_s},
        {u"value"_s, u"add-not-null-column: the value for existing rows."_s, u"expr"_s},
        {u"references"_s, u"add-foreign-key: TABLE(COLUMN)."_s, u"ref"_s},
        {u"new-table"_s, u"split-table: the new table."_s, u"name"_s},
        {u"not-null"_s, u"rename-column: the new column ends NOT NULL."_s},
        {u"dialect"_s, u"postgresql or mysql (MySQL and MariaDB)."_s, u"dialect"_s},
        {u"start"_s, u"The plan's first day (YYYY-MM-DD, default today)."_s, u"day"_s},
        {u"key"_s, u"The integer key for batched backfills (default id)."_s, u"column"_s, u"id"_s},
        {u"batch"_s, u"Rows per backfill batch (default 10000)."_s, u"n"_s, u"10000"_s},
        {u"lock-timeout"_s, u"lock_timeout for PostgreSQL schema migrations (default 3s)."_s, u"time"_s, u"3s"_s},
        {u"name"_s, u"The plan's name (default: the wizard's)."_s, u"text"_s},
        {u"dry-run"_s, u"Print the plan and its migrations; write nothing."_s},
        {u"format"_s, u"text or json."_s, u"format"_s, u"text"_s},
    });
    if (!parser.parse(args)) {
        err(parser.errorText());
        return ExitUsage;
    }
    if (parser.positionalArguments().size() != 3) {
        err(u"usage: mwb plan new DIR WIZARD [options]; wizards: %1"_s.arg(kWizards.join(u", "_s)));
        return ExitUsage;
    }
    const QString dir = parser.positionalArguments().at(1);
    const QString wizard = parser.positionalArguments().at(2);
    if (!kWizards.contains(wizard)) {
        err(u"unknown wizard '%1' (%2)"_s.arg(wizard, kWizards.join(u", "_s)));
        return ExitUsage;
    }
    auto need = [&parser](const QString &option) -> std::optional<QString> {
        const QString v = parser.value(option).trimmed();
        if (v.isEmpty()) {
            err(u"this wizard needs --%1"_s.arg(option));
            return std::nullopt;
        }
        return v;
    };
    auto list = [](const QString &v) {
        QStringList out;
        for (const QString &s : v.split(u',', Qt::SkipEmptyParts))
            out << s.trimmed();
        return out;
    };

    pl::WizardCommon common;
    const QString dialect = parser.value(u"dialect"_s).toLower();
    if (dialect.isEmpty() || dialect == u"postgresql" || dialect == u"postgres")
        common.dialect = core::Dialect::PostgreSQL;
    else if (dialect == u"mysql" || dialect == u"mariadb")
        common.dialect = core::Dialect::MySQL;
    else {
        err(u"unknown dialect '%1' (postgresql or mysql)"_s.arg(dialect));
        return ExitUsage;
    }
    common.start = parser.isSet(u"start"_s) ? QDate::fromString(parser.value(u"start"_s), Qt::ISODate) : QDate::currentDate();
    if (!common.start.isValid()) {
        err(u"--start '%1' is not a date (YYYY-MM-DD)"_s.arg(parser.value(u"start"_s)));
        return ExitUsage;
    }
    common.key = parser.value(u"key"_s);
    bool ok = false;
    common.batchSize = parser.value(u"batch"_s).toLongLong(&ok);
    if (!ok || common.batchSize <= 0) {
        err(u"--batch must be a positive number"_s);
        return ExitUsage;
    }
    common.lockTimeout = parser.value(u"lock-timeout"_s);

    const auto table = need(u"table"_s);
    if (!table)
        return ExitUsage;
    core::Result<pl::WizardResult> result = core::fail(core::Error::Code::InvalidArgument, QString());
    if (wizard == u"rename-column") {
        const auto column = need(u"column"_s), to = need(u"to"_s), type = need(u"type"_s);
        if (!column || !to || !type)
            return ExitUsage;
        result = pl::renameColumnWizard(common, *table, *column, *to, *type, parser.isSet(u"not-null"_s));
    } else if (wizard == u"change-type") {
        const auto column = need(u"column"_s), type = need(u"type"_s);
        if (!column || !type)
            return ExitUsage;
        result = pl::changeColumnTypeWizard(common, *table, *column, *type, parser.value(u"using"_s));
    } else if (wizard == u"add-not-null-column") {
        const auto column = need(u"column"_s), type = need(u"type"_s), value = need(u"value"_s);
        if (!column || !type || !value)
            return ExitUsage;
        result = pl::addNotNullColumnWizard(common, *table, *column, *type, *value);
    } else if (wizard == u"add-foreign-key") {
        const auto column = need(u"column"_s), ref = need(u"references"_s);
        if (!column || !ref)
            return ExitUsage;
        static const QRegularExpression re(uR"(^\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)\s*$)"_s);
        const auto m = re.match(*ref);
        if (!m.hasMatch()) {
            err(u"--references must be TABLE(COLUMN), got '%1'"_s.arg(*ref));
            return ExitUsage;
        }
        result = pl::addForeignKeyWizard(common, *table, *column, m.captured(1), m.captured(2));
    } else if (wizard == u"add-unique" || wizard == u"add-index") {
        const auto columns = need(u"columns"_s);
        if (!columns)
            return ExitUsage;
        result = wizard == u"add-unique" ? pl::addUniqueWizard(common, *table, list(*columns))
                                          : pl::addIndexWizard(common, *table, list(*columns));
    } else if (wizard == u"drop-column") {
        const auto column = need(u"column"_s);
        if (!column)
            return ExitUsage;
        result = pl::dropWizard(common, *table, *column);
    } else if (wizard == u"drop-table") {
        result = pl::dropWizard(common, *table, QString());
    } else if (wizard == u"split-table") {
        const auto newTable = need(u"new-table"_s), columns = need(u"columns"_s), types = need(u"types"_s);
        if (!newTable || !columns || !types)
            return ExitUsage;
        result = pl::splitTableWizard(common, *table, *newTable, list(*columns), list(*types));
    }
    if (!result) {
        err(result.error().detail);
        return ExitUsage;
    }
    if (parser.isSet(u"name"_s))
        result->plan.name = parser.value(u"name"_s);

    if (parser.isSet(u"dry-run"_s)) {
        out(pl::describeWizardResult(*result));
        return ExitOk;
    }
    const auto project = cp::openProject(dir);
    if (!project) {
        err(project.error().detail);
        return project.error().code == core::Error::Code::Io ? ExitUsage : ExitFailed;
    }
    if (!cp::isWritable(project->format)) {
        err(u"%1 migrations are read only here: write this plan's migrations with the tool itself "
            "(mwb plan new … --dry-run prints them)"_s.arg(cp::formatId(project->format)));
        return ExitFailed;
    }
    const QString root = projectRoot(dir, *project);
    auto existing = pl::loadPlans(root);
    if (!existing) {
        err(existing.error().detail);
        return ExitFailed;
    }
    for (const pl::Plan &p : std::as_const(*existing)) {
        if (p.name == result->plan.name) {
            err(u"a plan named '%1' is in workbench.toml already (choose another with --name)"_s.arg(p.name));
            return ExitFailed;
        }
    }
    // The migrations first: a plan must never name files that are not there.
    const auto written = pl::writeWizardMigrations(*result, *project);
    if (!written) {
        err(written.error().detail);
        return ExitFailed;
    }
    // Steps name their migrations by version: portable, and what the history tables record.
    pl::Plan stored = *written;
    const auto reread = cp::openProject(dir);
    QStringList files;
    if (reread) {
        for (pl::Step &s : stored.steps) {
            for (QString &ref : s.migrations) {
                for (const cp::Migration &m : reread->migrations) {
                    if (m.version == ref || QFileInfo(m.upPath) == QFileInfo(ref) || QFileInfo(m.downPath) == QFileInfo(ref)) {
                        ref = m.version;
                        files << QDir(root).relativeFilePath(m.upPath);
                        if (!m.downPath.isEmpty() && m.downPath != m.upPath)
                            files << QDir(root).relativeFilePath(m.downPath);
                        break;
                    }
                }
            }
        }
    }
    files.removeDuplicates();
    existing->append(stored);
    if (auto saved = pl::savePlans(root, *existing); !saved) {
        err(u"the migrations were written but the plan could not be saved: "_s + saved.error().detail);
        return ExitFailed;
    }
    if (parser.value(u"format"_s) == u"json") {
        QJsonObject o = planJson(stored);
        o.insert(u"workbenchToml"_s, QDir(root).filePath(cp::ProjectFile::fileName()));
        o.insert(u"files"_s, QJsonArray::fromStringList(files));
        out(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)));
        return ExitOk;
    }
    QString text = u"plan \"%1\": %2 steps, %3 migrations written (%4), stored in %5\n"_s.arg(stored.name)
                       .arg(stored.steps.size())
                       .arg(result->migrations.size())
                       .arg(cp::formatId(project->format), QDir(root).filePath(cp::ProjectFile::fileName()));
    for (const QString &f : std::as_const(files))
        text += u"  %1\n"_s.arg(f);
    out(text);
    return ExitOk;
}

int plan(const QStringList &args)
{
    const QString sub = args.value(1);
    if (sub == u"list")
        return listPlans(args);
    if (sub == u"new")
        return newPlan(args);
    err(u"usage: mwb plan list DIR [--format text|json|markdown] | mwb plan new DIR WIZARD [options]"_s);
    return ExitUsage;
}

} // namespace

MWB_CLI_COMMAND("plan", "rollout plans: list them, or run a wizard that writes a plan and its migrations", plan);
