// SPDX-License-Identifier: GPL-3.0-or-later
// mwb apply DIR --url URL: applies pending migrations through the engine (lock_timeout with retries, advisory
// locks, per-migration transactions, non-transactional statements, cancel on Ctrl+C), writing the project
// tool's own history rows in the same transactions, or rehearses them with --dry-run. PostgreSQL and
// MySQL/MariaDB. Also the run machinery `mwb down` shares (enginerun.h).
#include "cli.h"
#include "enginerun.h"

#include "core/connection/environmentstore.h"
#include "core/connectionparams.h"
#include "core/engine/auditlog.h"
#include "core/engine/engine.h"
#include "core/project/detect.h"
#include "core/project/history.h"
#include "core/project/historywriter.h"
#include "core/sql/analyzer.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>

#include <atomic>
#include <csignal>
#include <thread>

using namespace Qt::StringLiterals;
using namespace cli;
namespace cp = core::project;
namespace ce = core::engine;

namespace {

std::atomic<bool> s_interrupted{false};

extern "C" void onInterrupt(int)
{
    s_interrupted.store(true);
}

QString environmentFile(const QString &dir)
{
    for (const QString &candidate : {dir, QFileInfo(dir).absolutePath()}) {
        const QString path = QDir(candidate).filePath(u"workbench.toml"_s);
        if (QFileInfo::exists(path))
            return path;
    }
    return {};
}

} // namespace

namespace cli::enginerun {

void addCommonOptions(QCommandLineParser &parser)
{
    parser.addPositionalArgument(u"dir"_s, u"The migrations folder."_s);
    parser.addOption({u"url"_s, u"Connection URL (password from MWB_PASSWORD when absent)."_s, u"url"_s});
    parser.addOption({u"env"_s, u"The environment (from workbench.toml) this URL belongs to."_s, u"name"_s});
    parser.addOption({u"confirm"_s, u"The environment's name, required for a protected environment."_s, u"name"_s});
    parser.addOption({u"dry-run"_s, u"Rehearse in a transaction that is rolled back; report locks and rewrites."_s});
    parser.addOption({u"format"_s, u"text or json."_s, u"format"_s, u"text"_s});
    parser.addOption({u"tool"_s, u"Read the folder as this tool's (when detection is ambiguous)."_s, u"tool"_s});
    parser.addOption({u"lock-timeout"_s, u"lock_timeout per statement in ms (default 3000)."_s, u"ms"_s, u"3000"_s});
    parser.addOption({u"max-attempts"_s, u"Attempts per migration on lock timeouts (default 5)."_s, u"n"_s, u"5"_s});
    parser.addOption({u"lock-wait"_s, u"How long to wait for another run's migration lock, in ms."_s, u"ms"_s, u"60000"_s});
}

std::optional<std::optional<core::connection::Environment>> environment(const QString &dir, const QString &name)
{
    if (name.isEmpty())
        return std::optional<core::connection::Environment>{};
    const QString toml = environmentFile(dir);
    auto pipeline = toml.isEmpty() ? core::Result<core::connection::EnvironmentPipeline>(core::connection::EnvironmentPipeline::defaults())
                                   : core::connection::readEnvironments(toml);
    if (!pipeline) {
        err(u"%1: %2"_s.arg(toml, pipeline.error().detail));
        return std::nullopt;
    }
    const auto found = pipeline->find(name);
    if (!found) {
        err(u"no environment '%1' in %2"_s.arg(name, toml.isEmpty() ? u"the default pipeline"_s : toml));
        return std::nullopt;
    }
    return std::optional<core::connection::Environment>(*found);
}

std::optional<Target> open(const QString &dir, const QCommandLineParser &parser, core::ConnectionParams &params)
{
    cp::Format forced = cp::Format::Unknown;
    if (parser.isSet(u"tool"_s))
        forced = cp::formatFromId(parser.value(u"tool"_s));
    auto project = cp::openProject(dir, forced);
    if (!project) {
        err(project.error().detail);
        return std::nullopt;
    }
    if (!cp::isWritable(project->format)) {
        err(u"%1 migrations are read-only here: run them with %1 itself"_s.arg(cp::formatId(project->format)));
        return std::nullopt;
    }
    // The tool's settings in the URL (golang-migrate's x-migrations-table, ...) go to the project, and never reach
    // the driver.
    if (auto settings = cp::applyUrlSettings(*project, params); !settings) {
        err(settings.error().detail);
        return std::nullopt;
    }
    auto status = cp::readStatus(*project, params);
    if (!status) {
        err(u"%1: %2: %3"_s.arg(params.toRedactedUrl(), core::codeName(status.error().code), status.error().detail));
        return std::nullopt;
    }
    return Target{std::move(*project), std::move(*status)};
}

int run(const RunSpec &spec, const QCommandLineParser &parser)
{
    const bool json = parser.value(u"format"_s) == u"json";
    const bool dryRun = parser.isSet(u"dry-run"_s);
    const bool down = spec.direction == ce::Direction::Down;
    const core::Dialect dialect = spec.params.dialect;

    ce::ApplyRequest request;
    request.connection = spec.params;
    request.options.dryRun = dryRun;
    request.options.reverse = down;
    // Tools whose history records no per-migration duration: migrations may share a message (still one
    // transaction each, with its row).
    request.options.batchMigrations = spec.project.format == cp::Format::Dbmate || spec.project.format == cp::Format::GolangMigrate
        || spec.project.format == cp::Format::NodePgMigrate || spec.project.format == cp::Format::Drizzle
        || spec.project.format == cp::Format::DrizzleV1;
    request.options.lockTimeoutMs = parser.value(u"lock-timeout"_s).toInt();
    request.options.maxAttempts = std::max(1, parser.value(u"max-attempts"_s).toInt());
    request.options.advisoryLockWaitMs = parser.value(u"lock-wait"_s).toInt();
    request.options.applicationName = u"mwb"_s;
    // The workbench's own key, so that two workbench runs exclude each other even for tools without a lock.
    request.options.advisoryLockKeys = {ce::kWorkbenchLockKey};
    request.mysqlLockNames = {ce::workbenchMysqlLockName(spec.params.database)};
    for (const cp::Migration &m : spec.migrations)
        request.migrations.append(ce::planMigration(m, spec.direction, dialect));
    request.hooks = ce::projectHooks(spec.project, {spec.direction, request.options.advisoryLockWaitMs, [] { return s_interrupted.load(); }});

    // Ctrl+C / SIGTERM cancel cleanly: the running transaction rolls back.
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    int lastMigration = -1;
    const QString verb = dryRun ? u"rehearsing"_s : down ? u"reverting"_s : u"applying"_s;
    auto progress = [&](const ce::Progress &p) {
        // The engine sends at most ten updates a second: name every migration started since the last one.
        if (json)
            return;
        for (int i = lastMigration + 1; i <= p.migrationIndex && i < request.migrations.size(); ++i) {
            const auto &m = request.migrations.at(i);
            out(u"%1 %2 %3\n"_s.arg(verb, m.version, m.name));
        }
        lastMigration = std::max(lastMigration, p.migrationIndex);
    };
    // The engine itself, on this thread: the same runners, backfill migrations (-- mwb:backfill) through the
    // batched runner, and the same reports as in the workbench.
    ce::Engine engine;
    const ce::RequestId id{1};
    ce::ApplyReport report;
    QObject::connect(&engine, &ce::Engine::progress, &engine, [&](ce::RequestId, const ce::Progress &p) { progress(p); });
    QObject::connect(&engine, &ce::Engine::notice, &engine, [json](ce::RequestId, const QString &n) {
        if (!json)
            out(u"  %1\n"_s.arg(n));
    });
    QObject::connect(&engine, &ce::Engine::finished, &engine,
                     [&report](ce::RequestId, const ce::ApplyReport &r) { report = r; });
    std::atomic<bool> done{false};
    std::thread watcher([&] {
        while (!done.load()) {
            if (s_interrupted.load()) {
                engine.cancel(id);
                return;
            }
            QThread::msleep(50);
        }
    });
    engine.apply(id, request);
    done.store(true);
    watcher.join();

    ce::AuditContext audit;
    audit.environment = spec.environment;
    audit.server = spec.params.toRedactedUrl();
    audit.project = QFileInfo(spec.dir).absoluteFilePath();
    audit.overrideReason = spec.auditReason;
    audit.operation = down ? u"down"_s : u"apply"_s;
    const QString auditPath = qEnvironmentVariableIsEmpty("MWB_AUDIT_LOG") ? ce::AuditLog::defaultPath() : qEnvironmentVariable("MWB_AUDIT_LOG");
    if (auto written = ce::AuditLog(auditPath).append(audit, request.migrations, report); !written)
        err(written.error().detail);

    auto outcomeText = [down](ce::Outcome o) {
        return down && o == ce::Outcome::Applied ? u"reverted"_s : ce::outcomeName(o);
    };
    if (json) {
        QJsonArray migrations;
        for (const ce::MigrationReport &m : report.migrations) {
            QJsonArray statements;
            for (const ce::StatementReport &s : m.statements) {
                QJsonObject o{{u"index"_s, s.index + 1}, {u"line"_s, s.line}, {u"outcome"_s, ce::outcomeName(s.outcome)},
                              {u"durationMs"_s, s.elapsedMs}, {u"attempts"_s, s.attempts}};
                if (dryRun) {
                    QJsonArray locks;
                    for (const auto &l : s.locks)
                        locks.append(QJsonObject{{u"relation"_s, l.relation}, {u"mode"_s, l.modeName()}});
                    o.insert(u"locks"_s, locks);
                    o.insert(u"rewritten"_s, QJsonArray::fromStringList(s.rewrittenTables));
                }
                if (!s.error.isEmpty())
                    o.insert(u"error"_s, s.error);
                statements.append(o);
            }
            migrations.append(QJsonObject{{u"version"_s, m.version}, {u"name"_s, m.name}, {u"outcome"_s, outcomeText(m.outcome)},
                                          {u"durationMs"_s, m.elapsedMs}, {u"statements"_s, statements}});
        }
        QJsonObject root{{u"format"_s, cp::formatId(spec.project.format)}, {u"direction"_s, down ? u"down"_s : u"up"_s},
                         {u"dryRun"_s, dryRun}, {u"migrations"_s, migrations}, {u"cancelled"_s, report.cancelled}};
        if (report.error)
            root.insert(u"error"_s, QJsonObject{{u"code"_s, core::codeName(report.error->code)}, {u"detail"_s, report.error->detail}});
        out(QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented)));
    } else {
        for (const ce::MigrationReport &m : report.migrations) {
            out(u"%1 %2 %3 (%4 ms)\n"_s.arg(outcomeText(m.outcome), m.version, m.name).arg(m.elapsedMs));
            if (dryRun) {
                for (const ce::StatementReport &s : m.statements) {
                    QStringList locks;
                    for (const auto &l : s.locks)
                        locks.append(l.modeName() + u" on "_s + l.relation);
                    out(u"  statement %1 (line %2): %3%4%5\n"_s.arg(s.index + 1).arg(s.line).arg(ce::outcomeName(s.outcome),
                                                                                                 locks.isEmpty() ? QString() : u"; "_s + locks.join(u", "_s),
                                                                                                 s.rewrittenTables.isEmpty() ? QString() : u"; rewrites "_s + s.rewrittenTables.join(u", "_s)));
                }
            }
        }
        if (report.migrations.isEmpty() && !report.error)
            out(down ? u"nothing to revert\n"_s : u"nothing to apply: %1 is up to date\n"_s.arg(spec.params.toRedactedUrl()));
    }
    if (report.error) {
        err(u"%1: %2"_s.arg(core::codeName(report.error->code), report.error->detail));
        return ExitFailed;
    }
    return ExitOk;
}

} // namespace cli::enginerun

namespace {

int apply(const QStringList &args)
{
    QCommandLineParser parser;
    enginerun::addCommonOptions(parser);
    parser.addOption({u"to"_s, u"Apply up to and including this version."_s, u"version"_s});
    parser.addOption({u"override-reason"_s, u"Apply despite error findings; the reason is recorded in the audit log."_s, u"text"_s});
    if (!parser.parse(args)) {
        err(parser.errorText());
        return ExitUsage;
    }
    if (parser.positionalArguments().size() != 1 || !parser.isSet(u"url"_s)) {
        err(u"usage: mwb apply DIR --url URL [--env NAME] [--to V] [--dry-run] [--confirm NAME] [--format json]"_s);
        return ExitUsage;
    }
    const QString dir = parser.positionalArguments().first();
    const bool dryRun = parser.isSet(u"dry-run"_s);
    auto params = connectionFromUrl(parser.value(u"url"_s));
    if (!params)
        return ExitUsage;
    if (params->dialect == core::Dialect::SQLite) {
        err(u"mwb apply drives PostgreSQL and MySQL/MariaDB; for SQLite use the project's own tool"_s);
        return ExitUsage;
    }

    // The production guard: a protected environment needs its name typed.
    const QString environmentName = parser.value(u"env"_s);
    const auto environment = enginerun::environment(dir, environmentName);
    if (!environment)
        return ExitUsage;
    if (*environment && !dryRun) {
        if (auto allowed = core::connection::checkApplyAllowed(**environment, nullptr, parser.value(u"confirm"_s)); !allowed) {
            err(u"refusing to apply to '%1': %2"_s.arg((*environment)->name, allowed.error().detail));
            return ExitFailed;
        }
    }

    auto target = enginerun::open(dir, parser, *params);
    if (!target)
        return ExitFailed;
    const cp::Project &project = target->project;
    // Failed (dirty) and drifted migrations block: the DBA must look first.
    using State = cp::MigrationStatus::State;
    for (const cp::MigrationStatus &m : target->status.migrations) {
        if (m.state == State::Failed || m.state == State::Drifted) {
            err(u"%1 %2 is %3: %4 %5"_s.arg(m.version, m.name, cp::stateId(m.state), m.detail, m.hint).trimmed());
            return ExitFailed;
        }
    }
    QHash<QString, const cp::Migration *> byId;
    for (const cp::Migration &m : project.migrations)
        byId.insert(m.id + u'\x1f' + m.version, &m);
    QList<cp::Migration> pending;
    for (const cp::MigrationStatus &st : target->status.migrations) {
        if (st.state != State::Pending)
            continue;
        if (const cp::Migration *m = byId.value(st.id + u'\x1f' + st.version))
            pending.append(*m);
        if (parser.isSet(u"to"_s) && st.version == parser.value(u"to"_s))
            break;
    }

    // Preflight: error findings block unless overridden with a recorded reason.
    QStringList blockers;
    for (const cp::Migration &m : pending) {
        core::sql::AnalysisContext context;
        if (params->dialect == core::Dialect::MySQL)
            context.target = {core::sql::SqlDialect::MySQL, 8, 0};
        context.wrappedInTransaction = cp::runsInTransaction(m, true, context.target.dialect);
        const auto result = core::sql::analyze(m.upSql.toUtf8(), context);
        for (const auto &f : result.findings) {
            if (f.severity == core::sql::Severity::Error)
                blockers.append(u"%1:%2:%3: %4 [%5]"_s.arg(QDir(dir).relativeFilePath(m.upPath)).arg(f.start.line).arg(f.start.column).arg(f.message, f.rule));
        }
    }
    if (!blockers.isEmpty() && !parser.isSet(u"override-reason"_s) && !dryRun) {
        for (const QString &b : std::as_const(blockers))
            err(b);
        err(u"%1 error finding(s) block the apply; fix them, or pass --override-reason TEXT to apply anyway (recorded in the audit log)"_s
                .arg(blockers.size()));
        return ExitFailed;
    }

    enginerun::RunSpec spec;
    spec.dir = dir;
    spec.params = *params;
    spec.project = project;
    spec.migrations = pending;
    spec.direction = ce::Direction::Up;
    spec.environment = environmentName;
    spec.auditReason = blockers.isEmpty() ? QString() : parser.value(u"override-reason"_s);
    return enginerun::run(spec, parser);
}

} // namespace

MWB_CLI_COMMAND("apply",
                "apply DIR --url URL [--env NAME] [--to V] [--dry-run] [--confirm NAME] [--format json]   apply pending migrations",
                apply);
