// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/connectionparams.h"
#include "core/error.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace core::project {
class DbSession;
}

namespace core::engine {

/// Identifies one request to the engine; results carry it back so the UI can drop stale ones.
struct RequestId
{
    quint64 value = 0;
    bool isValid() const { return value != 0; }
    auto operator<=>(const RequestId &) const = default;
};

/// One statement of a planned migration.
struct PlannedStatement
{
    QString sql;
    int line = 1; ///< 1-based line in the migration file, for messages
    bool transactional = true; ///< false for CREATE INDEX CONCURRENTLY, VACUUM, … (cannot run in a transaction)
};

/// A migration as the engine runs it: statements in order, the transaction scope, and the history-table
/// statements the project format writes (built by the history adapter of the project's tool).
struct PlannedMigration
{
    QString version;
    QString name;
    QString checksum;
    QList<PlannedStatement> statements;
    bool transactional = true; ///< wrap the migration in one transaction (when all its statements allow it)
    QStringList historyBefore; ///< run before the migration, committed on their own (e.g. golang-migrate's dirty flag)
    QStringList historyOnSuccess; ///< run inside the migration's transaction after its statements
};

struct ApplyOptions
{
    int lockTimeoutMs = 3000; ///< SET lock_timeout before every statement: never queue behind a long transaction
    int statementTimeoutMs = 0; ///< 0: none
    int maxAttempts = 5; ///< per migration (transactional) or per statement (non-transactional) on lock timeouts
    int backoffInitialMs = 250;
    int backoffMaxMs = 10000;
    int advisoryLockWaitMs = 60000; ///< how long to wait for another migrator's advisory lock
    QList<qint64> advisoryLockKeys; ///< the project tool's key(s) plus the workbench's own
    bool dryRun = false; ///< run each migration in a transaction and roll back, recording locks and rewrites
    QString applicationName = QStringLiteral("migration-workbench");
    /// Down migrations: progress says "reverting", and a planned migration that appliedVersions no longer lists
    /// (another run reverted it meanwhile) is skipped instead of one it lists.
    bool reverse = false;
    /// Send consecutive transactional migrations several to a message, each still in its own transaction with
    /// its history row (BEGIN … COMMIT; BEGIN … COMMIT; …; PostgreSQL stops a message at its first error, so
    /// nothing after a failure runs). On an error the history is re-read to see which ones committed and the
    /// failing migration runs again alone, so that the report names its statement. Only for tools whose history
    /// records no per-migration duration (the batch's time is shared out) and only with an appliedVersions hook.
    bool batchMigrations = false;
};

/// A relation lock observed during a dry-run.
struct LockObservation
{
    QString relation; ///< schema-qualified unless in the current schema (the first of the search_path)
    QString mode; ///< as pg_locks names it: "AccessExclusiveLock", …
    QString modeName() const; ///< "ACCESS EXCLUSIVE", …
    bool operator==(const LockObservation &) const = default;
};

enum class Outcome { Applied, RolledBack, Failed, Cancelled, NotRehearsable, Skipped };
QString outcomeName(Outcome outcome);

struct StatementReport
{
    int index = 0;
    int line = 1;
    Outcome outcome = Outcome::Skipped;
    qint64 elapsedMs = 0;
    int attempts = 0;
    QList<LockObservation> locks; ///< dry-run: the locks this statement added (or strengthened)
    QStringList rewrittenTables; ///< dry-run: tables whose relfilenode changed
    QString error; ///< server message when it failed
    QString sqlState;
};

struct MigrationReport
{
    QString version;
    QString name;
    Outcome outcome = Outcome::Skipped;
    qint64 elapsedMs = 0;
    QList<StatementReport> statements;
};

struct ApplyReport
{
    bool dryRun = false;
    bool cancelled = false;
    QList<MigrationReport> migrations;
    QStringList notices; ///< RAISE NOTICE / INFO messages, in order
    std::optional<Error> error; ///< why the run stopped early, if it did
    int appliedCount() const;
};

/// Where the project's tool comes in: the history adapter writes the tool's rows through these hooks, on the
/// engine's own session, so that they commit or roll back with the migration. Each returns an error to stop
/// the run. All run on the engine thread; none may keep the session.
struct ApplyHooks
{
    /// Once, in autocommit, after the workbench's advisory lock and before the first migration: create the
    /// history table, take the tool's own lock (and wait for it as the tool does).
    std::function<Result<void>(project::DbSession &session)> prepare;
    /// Once, right after prepare (so under every lock): the versions already applied now. Another run may have
    /// applied some of the planned migrations while this one waited for the lock; those are skipped.
    std::function<Result<QStringList>(project::DbSession &session)> appliedVersions;
    /// Before a migration that cannot roll back as a whole (it runs outside a transaction, or on MySQL where DDL
    /// commits at once), in autocommit: what the tool writes first (golang-migrate's dirty flag).
    std::function<Result<void>(project::DbSession &session, const PlannedMigration &migration)> start;
    /// Inside each migration's transaction, right after BEGIN (a tool's transaction-scoped lock).
    std::function<Result<void>(project::DbSession &session, const PlannedMigration &migration)> begin;
    /// Inside each migration's transaction after its statements (in its own transaction for a migration that
    /// ran outside one): record it as applied, exactly as the tool does.
    std::function<Result<void>(project::DbSession &session, const PlannedMigration &migration, qint64 durationMs)> recordApplied;
    /// A migration that ran outside a transaction failed part way: record that as the tool does (dirty).
    std::function<Result<void>(project::DbSession &session, const PlannedMigration &migration, const QString &error)> recordFailed;
    /// Once at the end, in autocommit, whatever happened: release the tool's lock.
    std::function<void(project::DbSession &session)> finish;
};

struct ApplyRequest
{
    ConnectionParams connection;
    QList<PlannedMigration> migrations;
    ApplyOptions options;
    QStringList mysqlLockNames = {}; ///< MySQL/MariaDB: GET_LOCK() names (the tool's and the workbench's own)
    ApplyHooks hooks = {}; ///< dry-runs call none of them
};

/// Live progress, emitted at most ten times a second (plus the first and the last).
struct Progress
{
    int migrationIndex = 0; ///< 0-based
    int migrationCount = 0;
    int statementIndex = 0; ///< 0-based within the migration
    int statementCount = 0;
    qint64 elapsedMs = 0;
    QString status; ///< "applying 0003_add_email", "waiting for lock held by pid 123 …", "retrying in 500 ms"
};

} // namespace core::engine

Q_DECLARE_METATYPE(core::engine::RequestId)
Q_DECLARE_METATYPE(core::engine::ApplyRequest)
Q_DECLARE_METATYPE(core::engine::ApplyReport)
Q_DECLARE_METATYPE(core::engine::Progress)
