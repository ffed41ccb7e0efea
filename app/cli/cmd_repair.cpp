// SPDX-License-Identifier: GPL-3.0-or-later
// mwb repair DIR --url URL [--version V] [--execute]: recovery after a failed run, in the tool's own terms
// (golang-migrate force, Prisma resolve --rolled-back, Flyway repair, Atlas revisions that failed before any
// statement took effect) plus the INVALID indexes a failed CREATE INDEX CONCURRENTLY leaves on PostgreSQL.
// Without --execute it only shows what it would do, statement by statement: repair edits the history the
// tool trusts, so the DBA reads it first. With --execute it takes the migration locks and does it.
#include "cli.h"
#include "enginerun.h"

#include "core/connection/environmentstore.h"
#include "core/engine/auditlog.h"
#include "core/engine/projectrun.h"
#include "core/engine/repair.h"
#include "core/project/dbsession.h"
#include "core/project/detect.h"
#include "core/project/history.h"
#include "core/project/historywriter.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;
using namespace cli;
namespace cp = core::project;
namespace ce = core::engine;

namespace {

// The workbench's lock and the tool's: repair must not edit the history under a running migration.
core::Result<void> takeLocks(cp::DbSession &db, const cp::Project &project)
{
    const cp::ToolLock mine = db.dialect() == core::Dialect::PostgreSQL
        ? cp::ToolLock{u"SELECT pg_try_advisory_lock($1::bigint)"_s, {QString::number(ce::kWorkbenchLockKey)},
                       u"SELECT pg_advisory_unlock($1::bigint)"_s, {QString::number(ce::kWorkbenchLockKey)},
                       QString::number(ce::kWorkbenchLockKey), false, u"the workbench's migration lock"_s}
        : cp::ToolLock{u"SELECT GET_LOCK($1, 0)"_s, {ce::workbenchMysqlLockName(db.database())}, u"SELECT RELEASE_LOCK($1)"_s,
                       {ce::workbenchMysqlLockName(db.database())}, ce::workbenchMysqlLockName(db.database()), false,
                       u"the workbench's migration lock"_s};
    QList<cp::ToolLock> locks{mine};
    if (auto tool = cp::toolLock(project, db); tool && !tool->transactionScoped) {
        // Never queue behind a running migration: try once.
        tool->acquireSql.replace(u"SELECT pg_advisory_lock($1::bigint) IS NOT NULL"_s, u"SELECT pg_try_advisory_lock($1::bigint)"_s);
        tool->acquireSql.replace(u"GET_LOCK($1, 10)"_s, u"GET_LOCK($1, 0)"_s);
        locks.append(*tool);
    }
    for (const cp::ToolLock &lock : locks) {
        const auto taken = cp::tryAcquire(db, lock);
        if (!taken)
            return std::unexpected(taken.error());
        if (!*taken)
            return core::fail(core::Error::Code::Timeout,
                              u"%1 (%2) is held: a migration run is in progress; repair after it ends"_s.arg(lock.description, lock.key));
    }
    return {};
}

int repair(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(u"dir"_s, u"The migrations folder."_s);
    parser.addOption({u"url"_s, u"Connection URL (password from MWB_PASSWORD when absent)."_s, u"url"_s});
    parser.addOption({u"version"_s, u"golang-migrate: the version to force; others: repair only this migration."_s, u"version"_s});
    parser.addOption({u"execute"_s, u"Do it (without it, repair only shows what it would do)."_s});
    parser.addOption({u"env"_s, u"The environment (from workbench.toml) this URL belongs to."_s, u"name"_s});
    parser.addOption({u"confirm"_s, u"The environment's name, required for a protected environment."_s, u"name"_s});
    parser.addOption({u"format"_s, u"text or json."_s, u"format"_s, u"text"_s});
    parser.addOption({u"tool"_s, u"Read the folder as this tool's (when detection is ambiguous)."_s, u"tool"_s});
    if (!parser.parse(args)) {
        err(parser.errorText());
        return ExitUsage;
    }
    if (parser.positionalArguments().size() != 1 || !parser.isSet(u"url"_s)) {
        err(u"usage: mwb repair DIR --url URL [--version V] [--execute] [--env NAME --confirm NAME] [--format json]"_s);
        return ExitUsage;
    }
    const QString dir = parser.positionalArguments().first();
    const bool execute = parser.isSet(u"execute"_s);
    const bool json = parser.value(u"format"_s) == u"json";
    auto params = connectionFromUrl(parser.value(u"url"_s));
    if (!params)
        return ExitUsage;
    const QString environmentName = parser.value(u"env"_s);
    const auto environment = enginerun::environment(dir, environmentName);
    if (!environment)
        return ExitUsage;
    if (*environment && execute) {
        if (auto allowed = core::connection::checkApplyAllowed(**environment, nullptr, parser.value(u"confirm"_s)); !allowed) {
            err(u"refusing to repair on '%1': %2"_s.arg((*environment)->name, allowed.error().detail));
            return ExitFailed;
        }
    }
    cp::Format forced = cp::Format::Unknown;
    if (parser.isSet(u"tool"_s))
        forced = cp::formatFromId(parser.value(u"tool"_s));
    auto project = cp::openProject(dir, forced);
    if (!project) {
        err(project.error().detail);
        return ExitFailed;
    }
    if (auto settings = cp::applyUrlSettings(*project, *params); !settings) { // x-migrations-table, ...
        err(settings.error().detail);
        return ExitUsage;
    }
    auto db = cp::DbSession::open(*params);
    if (!db) {
        err(u"%1: %2"_s.arg(params->toRedactedUrl(), db.error().detail));
        return ExitFailed;
    }
    cp::DbSession &session = **db;
    if (execute) {
        if (auto locked = takeLocks(session, *project); !locked) {
            err(locked.error().detail);
            return ExitFailed;
        }
    }
    const auto plan = ce::planRepair(session, *project, {parser.value(u"version"_s)});
    if (!plan) {
        err(plan.error().detail);
        return plan.error().code == core::Error::Code::InvalidArgument ? ExitUsage : ExitFailed;
    }

    core::Result<void> done;
    if (execute && !plan->actions.isEmpty()) {
        done = ce::executeRepair(session, *project, *plan);
        ce::AuditContext audit;
        audit.environment = environmentName;
        audit.server = params->toRedactedUrl();
        audit.project = QFileInfo(dir).absoluteFilePath();
        audit.operation = u"repair"_s;
        const QString auditPath = qEnvironmentVariableIsEmpty("MWB_AUDIT_LOG") ? ce::AuditLog::defaultPath() : qEnvironmentVariable("MWB_AUDIT_LOG");
        for (const ce::RepairAction &a : plan->actions) {
            if (auto written = ce::AuditLog(auditPath).appendEvent(
                    audit, QJsonObject{{u"action"_s, a.description}, {u"sql"_s, a.display},
                                       {u"outcome"_s, done ? u"done"_s : u"failed"_s}});
                !written)
                err(written.error().detail);
        }
    }

    if (json) {
        QJsonArray actions;
        for (const ce::RepairAction &a : plan->actions)
            actions.append(QJsonObject{{u"description"_s, a.description}, {u"sql"_s, a.display},
                                       {u"outsideTransaction"_s, a.outsideTransaction}});
        QJsonObject root;
        root.insert(u"format"_s, cp::formatId(project->format));
        root.insert(u"executed"_s, execute && done.has_value() && !plan->actions.isEmpty());
        root.insert(u"actions"_s, actions);
        root.insert(u"notes"_s, QJsonArray::fromStringList(plan->notes));
        root.insert(u"needsDecision"_s, plan->needsDecision);
        if (!done)
            root.insert(u"error"_s, done.error().detail);
        out(QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented)));
    } else {
        if (plan->actions.isEmpty())
            out(u"nothing to repair on %1\n"_s.arg(params->toRedactedUrl()));
        else
            out(execute ? u"repairing %1:\n"_s.arg(params->toRedactedUrl()) : u"repair would do on %1:\n"_s.arg(params->toRedactedUrl()));
        for (const ce::RepairAction &a : plan->actions)
            out(u"  %1\n    %2;\n"_s.arg(a.description, a.display));
        for (const QString &n : plan->notes)
            out(u"note: %1\n"_s.arg(n));
        if (!execute && !plan->actions.isEmpty())
            out(u"nothing was changed; run again with --execute to do it\n"_s);
        else if (execute && done && !plan->actions.isEmpty())
            out(u"done\n"_s);
    }
    if (!done) {
        err(done.error().detail);
        return ExitFailed;
    }
    return plan->needsDecision ? ExitFailed : ExitOk;
}

} // namespace

MWB_CLI_COMMAND("repair", "repair DIR --url URL [--version V] [--execute]   show (then do) the recovery of a failed run", repair);
