// SPDX-License-Identifier: GPL-3.0-or-later
#include "applyplan.h"

#include "core/engine/statementtraits.h"
#include "core/project/dbsession.h"
#include "core/project/historywriter.h"
#include "core/sql/lexer.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QThread>

#include <memory>
#include <optional>

using namespace Qt::StringLiterals;
namespace cp = core::project;
namespace ce = core::engine;

namespace widgets::project {

namespace {

core::sql::AnalysisContext contextFor(const cp::Migration &m)
{
    core::sql::AnalysisContext context;
    context.wrappedInTransaction = m.transactional;
    return context;
}

// Waits for the tool's lock as the tool itself does: retrying, up to a limit.
core::Result<void> acquireToolLock(cp::DbSession &session, const cp::ToolLock &lock, int waitMs)
{
    QElapsedTimer waited;
    waited.start();
    for (;;) {
        const auto taken = cp::tryAcquire(session, lock);
        if (!taken)
            return std::unexpected(taken.error());
        if (*taken)
            return {};
        if (waited.elapsed() >= waitMs)
            return core::fail(core::Error::Code::Timeout,
                              u"gave up waiting for %1 (%2): another migration run holds it"_s.arg(lock.description, lock.key));
        QThread::msleep(200);
    }
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
        // "PostgreSQL 17.2 on x86_64-pc-linux-gnu, …" → "PostgreSQL 17.2"
        snapshot.serverVersion = version->first().first().section(u' ', 0, 1);
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

Preflight runPreflight(const QString &environment, const cp::Project &project, const core::ConnectionParams &params)
{
    Preflight preflight;
    preflight.environment = environment;
    const auto status = cp::readStatus(project, params);
    if (!status) {
        preflight.error = status.error();
        return preflight;
    }
    using State = cp::MigrationStatus::State;
    for (const cp::MigrationStatus &m : status->migrations) {
        if (m.state == State::Failed || m.state == State::Drifted) {
            preflight.blockers.append(u"%1 %2 is %3: %4 %5"_s.arg(m.version, m.name, cp::stateId(m.state), m.detail, m.hint).trimmed());
        } else if (m.state == State::Pending) {
            for (const cp::Migration &file : project.migrations) {
                if (file.id == m.id && file.version == m.version)
                    preflight.pending.append(file);
            }
        }
    }
    QSet<QString> tables;
    for (const cp::Migration &m : std::as_const(preflight.pending)) {
        const auto result = core::sql::analyze(m.upSql.toUtf8(), contextFor(m));
        const QString file = QDir(project.dir).relativeFilePath(m.upPath);
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
        const auto sessions = ce::findBlockingSessions(params, preflight.tables);
        if (sessions)
            preflight.blockingSessions = *sessions;
        else
            preflight.sessionsError = sessions.error().detail;
    }
    return preflight;
}

QHash<QString, core::sql::Severity> worstSeverities(const cp::Project &project)
{
    QHash<QString, core::sql::Severity> worst;
    for (const cp::Migration &m : project.migrations) {
        const auto result = core::sql::analyze(m.upSql.toUtf8(), contextFor(m));
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

QList<ce::PlannedStatement> splitStatements(const QString &sql)
{
    const auto script = core::sql::tokenizeAndSplit(sql.toUtf8(), core::sql::SqlDialect::PostgreSQL);
    QList<ce::PlannedStatement> out;
    for (const auto &st : script.statements) {
        const QString text = QString::fromUtf8(script.statementText(st));
        if (text.trimmed().isEmpty())
            continue;
        out.append({text, script.lines.position(st.offset).line, !ce::cannotRunInTransaction(text)});
    }
    return out;
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

ce::ApplyReport splitRehearsalReport(const QList<cp::Migration> &pending, const ce::ApplyReport &combined)
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
    for (const cp::Migration &m : pending) {
        ce::MigrationReport mr;
        mr.version = m.version;
        mr.name = m.name;
        const qsizetype count = splitStatements(m.upSql).size();
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
    // The workbench's own key (the same as `mwb apply`), so that two runs exclude each other even for tools
    // without a lock.
    request.options.advisoryLockKeys = {qint64(0x6d77622d6170ll)};
    QHash<QString, cp::Migration> byVersion;
    for (const cp::Migration &m : pending) {
        ce::PlannedMigration p;
        p.version = m.version;
        p.name = m.name;
        p.checksum = m.checksum;
        p.transactional = m.transactional;
        p.statements = splitStatements(m.upSql);
        request.migrations.append(p);
        byVersion.insert(m.version, m);
    }
    if (dryRun)
        return request; // a rehearsal writes no history and takes no tool lock
    auto lock = std::make_shared<std::optional<cp::ToolLock>>();
    const int lockWait = request.options.advisoryLockWaitMs;
    request.hooks.prepare = [project, lock, lockWait](cp::DbSession &session) -> core::Result<void> {
        if (auto ok = cp::ensureHistoryTable(session, project); !ok)
            return ok;
        *lock = cp::toolLock(project, session);
        if (*lock && !(*lock)->transactionScoped)
            return acquireToolLock(session, **lock, lockWait);
        return {};
    };
    request.hooks.appliedVersions = [project](cp::DbSession &session) -> core::Result<QStringList> {
        const auto history = cp::readHistory(session, project);
        if (!history)
            return std::unexpected(history.error());
        const cp::ProjectStatus now = cp::mergeStatus(project, *history);
        QStringList applied;
        for (const cp::MigrationStatus &m : now.migrations) {
            if (m.state != cp::MigrationStatus::State::Pending)
                applied.append(m.version);
        }
        return applied;
    };
    request.hooks.begin = [lock, lockWait](cp::DbSession &session, const ce::PlannedMigration &) -> core::Result<void> {
        if (*lock && (*lock)->transactionScoped)
            return acquireToolLock(session, **lock, lockWait);
        return {};
    };
    request.hooks.recordApplied = [project, byVersion](cp::DbSession &session, const ce::PlannedMigration &m, qint64 ms) {
        return cp::recordApplied(session, project, byVersion.value(m.version), {ms, true, {}});
    };
    request.hooks.recordFailed = [project, byVersion](cp::DbSession &session, const ce::PlannedMigration &m,
                                                      const QString &error) {
        return cp::recordApplied(session, project, byVersion.value(m.version), {0, false, error});
    };
    request.hooks.finish = [lock](cp::DbSession &session) {
        if (*lock && !(*lock)->transactionScoped)
            (void)cp::release(session, **lock);
    };
    return request;
}

} // namespace widgets::project
