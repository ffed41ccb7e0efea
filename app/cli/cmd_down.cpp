// SPDX-License-Identifier: GPL-3.0-or-later
// mwb down DIR --url URL [--steps N | --to VERSION]: runs down migrations through the engine, newest first, and
// records each as the project's tool records a rollback (golang-migrate moves its version, dbmate and
// node-pg-migrate delete the row, Flyway writes an UNDO_SQL row). Stops before it starts when a migration in the
// range cannot be reverted. Production is forward-only: a protected environment refuses unless the DBA types its
// name and gives the reason for the emergency, which the audit log keeps.
#include "cli.h"
#include "enginerun.h"

#include "core/connection/environmentstore.h"
#include "core/project/historywriter.h"

#include <QCommandLineParser>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace cli;
namespace cp = core::project;
namespace ce = core::engine;

namespace {

int down(const QStringList &args)
{
    QCommandLineParser parser;
    enginerun::addCommonOptions(parser);
    parser.addOption({u"steps"_s, u"Revert the N most recent migrations (default 1)."_s, u"n"_s});
    parser.addOption({u"to"_s, u"Revert every migration after VERSION (VERSION stays applied)."_s, u"version"_s});
    parser.addOption({u"emergency-reason"_s,
                      u"Production is forward-only: on a protected environment, why this rollback cannot wait for a forward "
                      "fix (recorded in the audit log)."_s,
                      u"text"_s});
    if (!parser.parse(args)) {
        err(parser.errorText());
        return ExitUsage;
    }
    if (parser.positionalArguments().size() != 1 || !parser.isSet(u"url"_s) || (parser.isSet(u"steps"_s) && parser.isSet(u"to"_s))) {
        err(u"usage: mwb down DIR --url URL [--steps N | --to VERSION] [--env NAME --confirm NAME --emergency-reason TEXT] "
            "[--dry-run] [--format json]"_s);
        return ExitUsage;
    }
    int steps = 1;
    if (parser.isSet(u"steps"_s)) {
        bool ok = false;
        steps = parser.value(u"steps"_s).toInt(&ok);
        if (!ok || steps < 1) {
            err(u"--steps needs a whole number of at least 1, not '%1'"_s.arg(parser.value(u"steps"_s)));
            return ExitUsage;
        }
    }
    const QString dir = parser.positionalArguments().first();
    const bool dryRun = parser.isSet(u"dry-run"_s);
    auto params = connectionFromUrl(parser.value(u"url"_s));
    if (!params)
        return ExitUsage;
    if (params->dialect == core::Dialect::SQLite) {
        err(u"mwb down drives PostgreSQL and MySQL/MariaDB; for SQLite use the project's own tool"_s);
        return ExitUsage;
    }

    // Forward-only in production: a protected environment needs its name typed and the emergency stated.
    const QString environmentName = parser.value(u"env"_s);
    const auto environment = enginerun::environment(dir, environmentName);
    if (!environment)
        return ExitUsage;
    if (*environment && (*environment)->isProtected && !dryRun) {
        if (auto allowed = core::connection::checkApplyAllowed(**environment, nullptr, parser.value(u"confirm"_s)); !allowed) {
            err(u"refusing to revert on '%1': %2"_s.arg((*environment)->name, allowed.error().detail));
            return ExitFailed;
        }
        if (parser.value(u"emergency-reason"_s).trimmed().isEmpty()) {
            err(u"refusing to revert on '%1': it is protected, and production moves forward only: write a new migration "
                "that undoes the change and apply it. If this rollback really cannot wait, pass --emergency-reason TEXT "
                "(recorded in the audit log) together with --confirm %1"_s.arg((*environment)->name));
            return ExitFailed;
        }
    }

    auto target = enginerun::open(dir, parser, *params);
    if (!target)
        return ExitFailed;
    const cp::Project &project = target->project;
    const QString tool = cp::formatId(project.format);
    if (!cp::canRevert(project.format)) {
        err(u"%1 has no down migrations the workbench can run (%1 migrates forward only): write a new migration that "
            "undoes the change"_s.arg(tool));
        return ExitUsage;
    }
    using State = cp::MigrationStatus::State;
    QList<const cp::MigrationStatus *> applied; // in the tool's order
    for (const cp::MigrationStatus &m : target->status.migrations) {
        if (m.state == State::Failed || m.state == State::Drifted) {
            err(u"%1 %2 is %3: %4 %5"_s.arg(m.version, m.name, cp::stateId(m.state), m.detail, m.hint).trimmed());
            return ExitFailed;
        }
        if (project.format == cp::Format::Flyway && m.version.isEmpty())
            continue; // repeatable: re-applied when it changes, never undone
        if (m.state == State::Applied || m.state == State::Missing) // out-of-order ones are not applied
            applied.append(&m);
    }
    // Newest first: the tool's order reversed (dbmate, too, reverts the highest version, not the last applied).
    std::reverse(applied.begin(), applied.end());
    qsizetype count = std::min<qsizetype>(steps, applied.size());
    if (parser.isSet(u"to"_s)) {
        const QString to = parser.value(u"to"_s);
        bool known = false;
        for (const cp::Migration &m : project.migrations)
            known = known || m.version == to;
        if (!known) {
            err(u"no migration has version '%1' in %2"_s.arg(to, dir));
            return ExitUsage;
        }
        count = 0;
        while (count < applied.size() && applied.at(count)->version != to)
            ++count;
        if (count == applied.size()) {
            err(u"%1 is not applied on %2: nothing to revert down to it"_s.arg(to, params->toRedactedUrl()));
            return ExitFailed;
        }
    } else if (applied.size() < steps) {
        if (applied.isEmpty()) {
            out(u"nothing to revert: no migration of %1 is applied on %2\n"_s.arg(dir, params->toRedactedUrl()));
            return ExitOk;
        }
        err(u"only %1 migration(s) are applied; --steps %2 asks for more"_s.arg(applied.size()).arg(steps));
        return ExitUsage;
    }

    QList<cp::Migration> planned;
    for (qsizetype i = 0; i < count; ++i) {
        const cp::MigrationStatus *st = applied.at(i);
        const cp::Migration *file = nullptr;
        for (const cp::Migration &m : project.migrations) {
            if (m.id == st->id && m.version == st->version)
                file = &m;
        }
        if (!file) {
            err(u"%1 is recorded as applied but has no file in %2: its down migration is unknown, so nothing was reverted"_s.arg(st->version, dir));
            return ExitFailed;
        }
        if (const auto why = ce::irreversibleReason(*file)) {
            QString advice = i == 0 ? u"write a new migration that undoes what you need instead"_s
                                    : u"mwb down --steps %1 reverts the migrations above it"_s.arg(i);
            err(u"%1 %2 is irreversible: %3. Nothing was reverted; %4"_s.arg(file->version, file->name, *why, advice));
            return ExitFailed;
        }
        planned.append(*file);
    }

    enginerun::RunSpec spec;
    spec.dir = dir;
    spec.params = *params;
    spec.project = project;
    spec.migrations = planned;
    spec.direction = ce::Direction::Down;
    spec.environment = environmentName;
    spec.auditReason = parser.value(u"emergency-reason"_s);
    return enginerun::run(spec, parser);
}

} // namespace

MWB_CLI_COMMAND("down",
                "down DIR --url URL [--steps N | --to V] [--env NAME --confirm NAME --emergency-reason TEXT]   revert migrations",
                down);
