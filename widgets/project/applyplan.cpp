// SPDX-License-Identifier: GPL-3.0-or-later
#include "applyplan.h"

#include "core/engine/projectrun.h"
#include "core/project/dbsession.h"

#include <QDir>
#include <QFileInfo>

#include <memory>
#include <optional>

using namespace Qt::StringLiterals;
namespace cp = core::project;
namespace ce = core::engine;

namespace widgets::project {

namespace {

core::sql::AnalysisContext contextFor(const cp::Migration &m, const core::sql::TargetServer &target = {})
{
    core::sql::AnalysisContext context;
    context.target = target;
    context.wrappedInTransaction = cp::runsInTransaction(m, true, context.target.dialect);
    return context;
}

// The analyzer's target for a server: "11.8.2-MariaDB-ubu2404" → MariaDB 11.8, "8.0.36" → MySQL 8.0.
core::sql::TargetServer targetFor(core::Dialect dialect, const QString &version)
{
    using core::sql::SqlDialect;
    using core::sql::TargetServer;
    if (dialect != core::Dialect::MySQL)
        return {}; // PostgreSQL 17
    const SqlDialect sql = version.contains(u"MariaDB"_s, Qt::CaseInsensitive) ? SqlDialect::MariaDB : SqlDialect::MySQL;
    return TargetServer::parse(sql, version.section(u'-', 0, 0)).value_or(TargetServer::defaultFor(sql));
}

QString lockText(const core::sql::LockEffect &effect, const core::sql::TargetServer &target)
{
    if (target.isPostgres()) {
        QStringList locks;
        for (const core::sql::TableLock &l : effect.locks)
            if (l.mode != core::sql::PgLockMode::None)
                locks.append(u"%1 on %2"_s.arg(core::sql::pgLockName(l.mode), l.table.name));
        return locks.join(u", "_s);
    }
    QStringList parts;
    if (effect.algorithm != core::sql::MySqlAlgorithm::None)
        parts.append(u"ALGORITHM=%1"_s.arg(core::sql::mySqlAlgorithmName(effect.algorithm)));
    if (effect.mysqlLock != core::sql::MySqlLockLevel::None || effect.algorithm != core::sql::MySqlAlgorithm::None)
        parts.append(u"LOCK=%1"_s.arg(core::sql::mySqlLockName(effect.mysqlLock)));
    return parts.join(u", "_s);
}

} // namespace

EnvironmentSnapshot readEnvironment(const QString &environment, const cp::Project &project,
                                    const core::ConnectionParams &params)
{
    EnvironmentSnapshot snapshot;
    snapshot.environment = environment;
    auto session = cp::DbSession::open(params);
    if (!session) {
        snapshot.status = std::unexpected(session.error());
        return snapshot;
    }
    if (const auto version = (*session)->query(u"SELECT version()"_s); version && !version->isEmpty()
        && !version->first().isEmpty()) {
        const QString text = version->first().first();
        if ((*session)->dialect() == core::Dialect::MySQL) // "11.8.2-MariaDB-ubu2404" → "MariaDB 11.8.2"
            snapshot.serverVersion = u"%1 %2"_s.arg(text.contains(u"MariaDB"_s, Qt::CaseInsensitive) ? u"MariaDB"_s : u"MySQL"_s,
                                                    text.section(u'-', 0, 0));
        else // "PostgreSQL 17.2 on x86_64-pc-linux-gnu, …" → "PostgreSQL 17.2"
            snapshot.serverVersion = text.section(u' ', 0, 1);
    }
    const auto history = cp::readHistory(**session, project);
    if (!history) {
        snapshot.status = std::unexpected(history.error());
        return snapshot;
    }
    snapshot.history = *history;
    snapshot.status = cp::mergeStatus(project, *history);
    return snapshot;
}

Preflight runPreflight(const QString &environment, const cp::Project &project, const core::ConnectionParams &params,
                       const QString &upToVersion)
{
    Preflight preflight;
    preflight.environment = environment;
    preflight.dialect = params.dialect;
    if (params.dialect == core::Dialect::MySQL) {
        // the analyzer's target (MySQL or MariaDB, and which version) comes from the server itself
        auto session = cp::DbSession::open(params);
        if (!session) {
            preflight.error = session.error();
            return preflight;
        }
        if (const auto version = (*session)->query(u"SELECT VERSION()"_s); version && !version->isEmpty() && !version->first().isEmpty())
            preflight.serverVersion = version->first().first();
    }
    const core::sql::TargetServer target = targetFor(params.dialect, preflight.serverVersion);
    const auto status = cp::readStatus(project, params);
    if (!status) {
        preflight.error = status.error();
        return preflight;
    }
    using State = cp::MigrationStatus::State;
    bool reachedEnd = false;
    for (const cp::MigrationStatus &m : status->migrations) {
        if (m.state == State::Failed || m.state == State::Drifted) {
            preflight.blockers.append(u"%1 %2 is %3: %4 %5"_s.arg(m.version, m.name, cp::stateId(m.state), m.detail, m.hint).trimmed());
        } else if (m.state == State::Pending && !reachedEnd) {
            for (const cp::Migration &file : project.migrations) {
                if (file.id == m.id && file.version == m.version)
                    preflight.pending.append(file);
            }
        }
        if (!upToVersion.isEmpty() && m.version == upToVersion)
            reachedEnd = true;
    }
    QSet<QString> tables;
    for (const cp::Migration &m : std::as_const(preflight.pending)) {
        const auto result = core::sql::analyze(m.upSql.toUtf8(), contextFor(m, target));
        const QString file = QDir(project.dir).relativeFilePath(m.upPath);
        if (params.dialect == core::Dialect::MySQL) {
            // no rehearsal can run here: the review shows the analyzer's lock report instead
            PredictedMigration predicted{m.version, m.name, {}};
            for (qsizetype i = 0; i < result.statements.size() && i < result.effects.size(); ++i) {
                const core::sql::ParsedStatement &st = result.statements.at(i);
                const core::sql::LockEffect &effect = result.effects.at(i);
                // the table the lock is on: an index's table, else the statement's object
                QStringList names;
                if (!st.table.name.isEmpty())
                    names.append(st.table.toString());
                else if (!st.target.name.isEmpty())
                    names.append(st.target.toString());
                for (const core::sql::QualifiedName &n : st.names)
                    if (!n.name.isEmpty() && !names.contains(n.toString()) && st.table.name.isEmpty())
                        names.append(n.toString());
                predicted.statements.append({int(i), result.script.position(st.offset).line, names.join(u", "_s),
                                             lockText(effect, target), effect.mysqlRebuild || effect.rewrite, effect.uncertain});
            }
            preflight.predicted.append(predicted);
        }
        for (const core::sql::Finding &f : result.findings) {
            for (const QString &t : f.tables)
                tables.insert(t);
            if (f.severity == core::sql::Severity::Info)
                continue;
            preflight.findings.append({m.version, file, f});
            if (f.severity == core::sql::Severity::Error)
                preflight.blockers.append(u"%1:%2: %3 [%4]"_s.arg(file).arg(f.start.line).arg(f.message, f.rule));
        }
    }
    preflight.tables = QStringList(tables.cbegin(), tables.cend());
    preflight.tables.sort();
    if (!preflight.pending.isEmpty()) {
        preflight.applyRequest = buildApplyRequest(project, preflight.pending, params, false);
        if (params.dialect != core::Dialect::MySQL) // MySQL/MariaDB: DDL commits at once, nothing to roll back
            preflight.rehearsalRequest = buildRehearsalRequest(project, preflight.pending, params);
        const auto sessions = ce::findBlockingSessions(params, preflight.tables);
        if (sessions)
            preflight.blockingSessions = *sessions;
        else
            preflight.sessionsError = sessions.error().detail;
    }
    return preflight;
}

core::sql::Catalog schemaBefore(const cp::Project &project, const QString &version, const core::sql::TargetServer &target)
{
    core::sql::Catalog schema;
    for (const cp::Migration &m : project.migrations) {
        if (m.version == version)
            break;
        core::sql::AnalysisContext context = contextFor(m, target);
        context.catalog = std::move(schema);
        context.keepStatements = false;
        schema = core::sql::analyze(m.upSql.toUtf8(), context).catalog;
    }
    return schema;
}

QHash<QString, core::sql::Severity> worstSeverities(const cp::Project &project, const core::sql::TargetServer &target,
                                                     const core::sql::LintConfig &config)
{
    QHash<QString, core::sql::Severity> worst;
    core::sql::Catalog schema; // the earlier migrations' schema, as `mwb lint DIR` carries it from file to file
    for (const cp::Migration &m : project.migrations) {
        core::sql::AnalysisContext context = contextFor(m, target);
        context.catalog = std::move(schema);
        context.keepStatements = false;
        auto result = core::sql::analyze(m.upSql.toUtf8(), context, config);
        schema = std::move(result.catalog);
        for (const core::sql::Finding &f : result.findings) {
            const auto it = worst.find(m.version);
            if (it == worst.end())
                worst.insert(m.version, f.severity);
            else if (int(f.severity) > int(*it))
                *it = f.severity;
        }
    }
    return worst;
}

ce::ApplyRequest buildRehearsalRequest(const cp::Project &project, const QList<cp::Migration> &pending,
                                       const core::ConnectionParams &params)
{
    ce::ApplyRequest request = buildApplyRequest(project, pending, params, true);
    ce::PlannedMigration combined;
    combined.version = u"rehearsal"_s;
    combined.name = u"%1 migrations"_s.arg(pending.size());
    combined.transactional = true;
    for (const ce::PlannedMigration &m : std::as_const(request.migrations)) {
        for (ce::PlannedStatement st : m.statements) {
            st.transactional = st.transactional && m.transactional;
            combined.statements.append(st);
        }
    }
    request.migrations = {combined};
    return request;
}

ce::ApplyReport splitRehearsalReport(const QList<ce::PlannedMigration> &planned, const ce::ApplyReport &combined)
{
    ce::ApplyReport out;
    out.dryRun = true;
    out.cancelled = combined.cancelled;
    out.notices = combined.notices;
    out.error = combined.error;
    const QList<ce::StatementReport> statements =
        combined.migrations.isEmpty() ? QList<ce::StatementReport>() : combined.migrations.first().statements;
    qsizetype next = 0;
    bool stopped = false;
    for (const ce::PlannedMigration &m : planned) {
        ce::MigrationReport mr;
        mr.version = m.version;
        mr.name = m.name;
        const qsizetype count = m.statements.size();
        bool failed = false;
        bool rehearsed = false;
        bool skipped = false;
        for (qsizetype i = 0; i < count; ++i, ++next) {
            ce::StatementReport sr = next < statements.size() ? statements.at(next) : ce::StatementReport{};
            sr.index = int(i);
            if (next >= statements.size())
                sr.outcome = ce::Outcome::Skipped;
            failed = failed || sr.outcome == ce::Outcome::Failed || sr.outcome == ce::Outcome::Cancelled;
            rehearsed = rehearsed || sr.outcome == ce::Outcome::RolledBack;
            skipped = skipped || sr.outcome == ce::Outcome::Skipped;
            mr.elapsedMs += sr.elapsedMs;
            mr.statements.append(sr);
        }
        if (stopped)
            mr.outcome = ce::Outcome::Skipped;
        else if (failed)
            mr.outcome = combined.cancelled ? ce::Outcome::Cancelled : ce::Outcome::Failed;
        else if (skipped && (combined.error || combined.cancelled))
            mr.outcome = ce::Outcome::Skipped;
        else if (rehearsed)
            mr.outcome = ce::Outcome::RolledBack;
        else
            mr.outcome = count == 0 ? ce::Outcome::RolledBack : ce::Outcome::NotRehearsable;
        stopped = stopped || failed;
        out.migrations.append(mr);
    }
    return out;
}

ce::ApplyRequest buildApplyRequest(const cp::Project &project, const QList<cp::Migration> &pending,
                                   const core::ConnectionParams &params, bool dryRun)
{
    ce::ApplyRequest request;
    request.connection = params;
    request.options.dryRun = dryRun;
    request.options.applicationName = u"migration-workbench"_s;
    request.options.advisoryLockKeys = {ce::kWorkbenchLockKey}; // the same key as `mwb apply`
    if (params.dialect == core::Dialect::MySQL) // GET_LOCK(): the same name as `mwb apply`
        request.mysqlLockNames = {ce::workbenchMysqlLockName(params.database)};
    for (const cp::Migration &m : pending)
        request.migrations.append(ce::planMigration(m, ce::Direction::Up, params.dialect));
    if (!dryRun) // a rehearsal writes no history and takes no tool lock
        request.hooks = ce::projectHooks(project, {ce::Direction::Up, request.options.advisoryLockWaitMs, {}});
    return request;
}

} // namespace widgets::project
