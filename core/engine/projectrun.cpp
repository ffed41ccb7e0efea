// SPDX-License-Identifier: GPL-3.0-or-later
#include "projectrun.h"

#include "backfill.h"

#include "statementtraits.h"

#include "core/project/history.h"
#include "core/project/historywriter.h"
#include "core/sql/lexer.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QThread>

#include <memory>

using namespace Qt::StringLiterals;
namespace cp = core::project;

namespace core::engine {

QString workbenchMysqlLockName(const QString &database)
{
    return u"mwb-apply:"_s + database;
}

QList<PlannedStatement> splitStatements(const QString &sql, Dialect dialect)
{
    const auto script = core::sql::tokenizeAndSplit(
        sql.toUtf8(), dialect == Dialect::MySQL ? core::sql::SqlDialect::MySQL : core::sql::SqlDialect::PostgreSQL);
    QList<PlannedStatement> out;
    for (const auto &st : script.statements) {
        const QString text = QString::fromUtf8(script.statementText(st));
        if (text.trimmed().isEmpty())
            continue;
        // A statement that is nothing but comments (a dbmate marker line) sends nothing useful.
        static const QRegularExpression onlyComments(uR"(^(\s*(--[^\n]*(\n|$)|/\*.*?\*/))*\s*;?\s*$)"_s,
                                                     QRegularExpression::DotMatchesEverythingOption);
        if (onlyComments.match(text).hasMatch())
            continue;
        out.append({text, script.lines.position(st.offset).line,
                    dialect == Dialect::MySQL || !cannotRunInTransaction(text)});
    }
    return out;
}

PlannedMigration planMigration(const cp::Migration &m, Direction direction, Dialect dialect)
{
    PlannedMigration p;
    p.version = m.version;
    p.name = m.name;
    p.checksum = m.checksum;
    // A tool that sends the whole file as one simple query (golang-migrate, Prisma on PostgreSQL) gets PostgreSQL's
    // implicit transaction: the engine, which sends statement by statement, opens the same transaction itself.
    p.transactional = m.transactional || (dialect == Dialect::PostgreSQL && m.implicitTransaction);
    p.statements = splitStatements(direction == Direction::Up ? m.upSql : m.downSql, dialect);
    // A script that brings its own BEGIN; … COMMIT; (sqitch's templates): the engine's transaction takes their
    // place, so that the body and the tool's registry rows commit together.
    const bool own = direction == Direction::Up ? m.ownTransaction : m.downOwnTransaction;
    if (direction == Direction::Down && m.ownTransaction && !own)
        p.transactional = false; // sqitch: a revert script without BEGIN runs as written, whatever the deploy script does
    if (own && p.statements.size() >= 2) {
        static const QRegularExpression comments(uR"(--[^\n]*|/\*.*?\*/)"_s, QRegularExpression::DotMatchesEverythingOption);
        static const QRegularExpression begin(uR"(^\s*(BEGIN(\s+(WORK|TRANSACTION))?|START\s+TRANSACTION)\s*;?\s*$)"_s,
                                              QRegularExpression::CaseInsensitiveOption);
        static const QRegularExpression commit(uR"(^\s*(COMMIT|END)(\s+(WORK|TRANSACTION))?\s*;?\s*$)"_s,
                                               QRegularExpression::CaseInsensitiveOption);
        const QString first = QString(p.statements.first().sql).remove(comments);
        const QString last = QString(p.statements.last().sql).remove(comments);
        if (begin.match(first).hasMatch() && commit.match(last).hasMatch()) {
            p.statements.removeFirst();
            p.statements.removeLast();
            p.transactional = true;
        } else {
            p.transactional = false; // the script's own statements decide
        }
    }
    // A `-- mwb:backfill` migration is a batch template, not statements: one statement that carries its header,
    // which the engine hands to the batched runner (backfillstep.h). It commits batch by batch.
    if (direction == Direction::Up && m.upSql.contains(u"mwb:backfill"_s)) {
        if (const auto spec = parseBackfill(m.upSql)) {
            QString header = u"-- mwb:backfill table=%1 key=%2 batch=%3 name=%4"_s.arg(spec->table, spec->key)
                                 .arg(spec->batchSize)
                                 .arg(spec->name);
            if (spec->pauseMs > 0)
                header += u" pause=%1ms"_s.arg(spec->pauseMs);
            if (spec->maxReplicationLagMs > 0)
                header += u" max-lag=%1ms"_s.arg(spec->maxReplicationLagMs);
            const int line = p.statements.isEmpty() ? 1 : p.statements.first().line;
            p.statements = {{header + u'\n' + spec->sqlTemplate, line, false}};
            p.transactional = false;
        }
    }
    return p;
}

std::optional<QString> irreversibleReason(const cp::Migration &m)
{
    static const QRegularExpression marker(uR"((?m)^\s*--\s*mwb:irreversible\b)"_s);
    if (marker.match(m.downSql).hasMatch() || marker.match(m.upSql).hasMatch())
        return u"it is marked -- mwb:irreversible"_s;
    if (m.downSql.trimmed().isEmpty())
        return u"it has no down migration"_s;
    if (splitStatements(m.downSql, Dialect::PostgreSQL).isEmpty())
        return u"its down migration has no statement"_s;
    return std::nullopt;
}

namespace {

// Waits for the tool's lock as the tool itself does: retrying, up to a limit.
Result<void> acquireToolLock(cp::DbSession &session, const cp::ToolLock &lock, int waitMs, const std::function<bool()> &interrupted)
{
    QElapsedTimer waited;
    waited.start();
    for (;;) {
        const auto taken = cp::tryAcquire(session, lock);
        if (!taken)
            return std::unexpected(taken.error());
        if (*taken)
            return {};
        if (waited.elapsed() >= waitMs || (interrupted && interrupted()))
            return fail(Error::Code::Timeout,
                        u"gave up waiting for %1 (%2): another migration run holds it"_s.arg(lock.description, lock.key));
        QThread::msleep(200);
    }
}

} // namespace

ApplyHooks projectHooks(const cp::Project &project, const HookOptions &options)
{
    struct Shared
    {
        cp::Project project;
        QHash<QString, cp::Migration> byVersion;
        QHash<QString, QString> previousId; ///< golang-migrate: the id of the file before each one ("" for the first)
        std::optional<cp::ToolLock> lock;
        HookOptions options;
    };
    auto shared = std::make_shared<Shared>();
    shared->project = project;
    shared->options = options;
    QString previous;
    for (const cp::Migration &m : project.migrations) {
        shared->byVersion.insert(m.version, m);
        shared->previousId.insert(m.version, previous);
        if (m.kind == cp::Migration::Kind::Versioned)
            previous = m.id;
    }
    const bool down = options.direction == Direction::Down;

    ApplyHooks hooks;
    hooks.prepare = [shared](cp::DbSession &session) -> Result<void> {
        if (auto ok = cp::ensureHistoryTable(session, shared->project); !ok)
            return ok;
        shared->lock = cp::toolLock(shared->project, session);
        if (shared->lock && !shared->lock->transactionScoped)
            return acquireToolLock(session, *shared->lock, shared->options.lockWaitMs, shared->options.interrupted);
        return {};
    };
    hooks.appliedVersions = [shared](cp::DbSession &session) -> Result<QStringList> {
        const auto history = cp::readHistory(session, shared->project);
        if (!history)
            return std::unexpected(history.error());
        const cp::ProjectStatus now = cp::mergeStatus(shared->project, *history);
        QStringList applied;
        for (const cp::MigrationStatus &m : now.migrations) {
            if (m.state != cp::MigrationStatus::State::Pending)
                applied.append(m.version);
        }
        return applied;
    };
    hooks.begin = [shared](cp::DbSession &session, const PlannedMigration &) -> Result<void> {
        if (shared->lock && shared->lock->transactionScoped)
            return acquireToolLock(session, *shared->lock, shared->options.lockWaitMs, shared->options.interrupted);
        return {};
    };
    if (down) {
        hooks.start = [shared](cp::DbSession &session, const PlannedMigration &m) {
            return cp::recordRevertStarted(session, shared->project, shared->byVersion.value(m.version),
                                           shared->previousId.value(m.version));
        };
        hooks.recordApplied = [shared](cp::DbSession &session, const PlannedMigration &m, qint64 ms) {
            return cp::recordReverted(session, shared->project, shared->byVersion.value(m.version),
                                      shared->previousId.value(m.version), ms);
        };
        hooks.recordFailed = [shared](cp::DbSession &session, const PlannedMigration &m, const QString &) -> Result<void> {
            // golang-migrate leaves the previous version dirty (already written by start); dbmate and the others
            // keep the row: the migration still counts as applied, partially reverted.
            (void)session;
            (void)m;
            return {};
        };
    } else {
        hooks.start = [shared](cp::DbSession &session, const PlannedMigration &m) {
            return cp::recordStarted(session, shared->project, shared->byVersion.value(m.version));
        };
        hooks.recordApplied = [shared](cp::DbSession &session, const PlannedMigration &m, qint64 ms) {
            return cp::recordApplied(session, shared->project, shared->byVersion.value(m.version), {ms, true, {}});
        };
        hooks.recordFailed = [shared](cp::DbSession &session, const PlannedMigration &m, const QString &error) {
            return cp::recordFailed(session, shared->project, shared->byVersion.value(m.version), error);
        };
    }
    hooks.finish = [shared](cp::DbSession &session) {
        if (shared->lock && !shared->lock->transactionScoped)
            (void)cp::release(session, *shared->lock);
    };
    return hooks;
}

} // namespace core::engine
