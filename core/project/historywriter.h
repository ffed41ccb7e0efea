// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/error.h"
#include "core/project/dbsession.h"
#include "core/project/migration.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// Writing a tool's history exactly as the tool does, so that the tool and the workbench agree afterwards
// and exclude each other. The apply engine calls these with its own session.
namespace core::project {

/// The tool's own lock: the same advisory key / GET_LOCK name the tool takes.
struct ToolLock
{
    QString acquireSql; ///< returns one row, one boolean/int column: true/1 when taken
    QStringList acquireParams;
    QString releaseSql; ///< empty for transaction-scoped locks (released at COMMIT/ROLLBACK)
    QStringList releaseParams;
    QString key; ///< the key or name, for display ("1787120056", "Flyway--320650056")
    bool transactionScoped = false; ///< Flyway's pg_try_advisory_xact_lock: take it after BEGIN
    QString description;
};

/// The lock the tool takes on this session's database; nullopt for tools that take none (dbmate, Drizzle,
/// Django) or on dialects the tool does not lock.
std::optional<ToolLock> toolLock(const Project &project, const DbSession &db);

/// Takes the lock once (the caller retries as the tool does); true when it was granted.
Result<bool> tryAcquire(DbSession &db, const ToolLock &lock);
Result<void> release(DbSession &db, const ToolLock &lock);

/// Creates the tool's history table (and schema) with the tool's own DDL when it is missing.
Result<void> ensureHistoryTable(DbSession &db, const Project &project);

struct RecordInfo
{
    qint64 durationMs = 0;
    bool success = true;
    QString error;
};

/// Writes the history rows that record `m` as applied, exactly as the tool writes them after running the
/// body (same columns, values, timestamps from the server clock, UUIDs). Runs in whatever transaction the
/// caller has open, which must be the one the tool uses (see applyAsTool). golang-migrate: sets the single
/// version row (dirty=false). Prisma: inserts the finished row.
Result<void> recordApplied(DbSession &db, const Project &project, const Migration &m, const RecordInfo &info = {});

/// Before a migration that cannot roll back as a whole (outside a transaction, or MySQL DDL): what the tool
/// writes first. golang-migrate: the target version with dirty=true. Others: nothing.
Result<void> recordStarted(DbSession &db, const Project &project, const Migration &m);

/// A migration failed part way (outside a transaction): the tool's record of it. golang-migrate: dirty at the
/// target version; Flyway: a success=false row; Prisma: an unfinished row with the error in logs; Atlas: a row
/// with error; dbmate, Drizzle, node-pg-migrate: nothing.
Result<void> recordFailed(DbSession &db, const Project &project, const Migration &m, const QString &error,
                          qint64 durationMs = 0);

/// Whether the workbench can run this tool's down migrations and record them as the tool does
/// (golang-migrate, dbmate, Flyway undo scripts, node-pg-migrate).
bool canRevert(Format format);

/// Before reverting `m` outside a transaction: golang-migrate sets the previous version (empty: none) dirty.
Result<void> recordRevertStarted(DbSession &db, const Project &project, const Migration &m, const QString &previousId);

/// Records `m` as reverted, exactly as the tool's down does: golang-migrate sets the previous file's version
/// (`previousId`, empty for none: the table is left empty), dbmate and node-pg-migrate delete the row, Flyway
/// inserts an UNDO_SQL row.
Result<void> recordReverted(DbSession &db, const Project &project, const Migration &m, const QString &previousId,
                            qint64 durationMs = 0);

/// golang-migrate's SetVersion as `migrate force V` uses it (version "" or "-1": none). Outside a caller's
/// transaction it opens its own, as the tool does.
Result<void> setGolangVersion(DbSession &db, const Project &project, const QString &version, bool dirty);

/// Applies pending migrations exactly as the tool would: its lock, its table, its transactions
/// (per file for dbmate/Flyway/golang-migrate/Prisma, one for all for Drizzle and node-pg-migrate's
/// default single transaction), the body sent the way the tool sends it, and its history rows.
/// Stops at the first failure, leaving the history as the tool would (golang-migrate dirty, Prisma unfinished).
Result<void> applyAsTool(DbSession &db, const Project &project, const QList<Migration> &pending);

} // namespace core::project
