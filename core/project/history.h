// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/connectionparams.h"
#include "core/error.h"
#include "core/project/dbsession.h"
#include "core/project/migration.h"

#include <QList>
#include <QString>

namespace core::project {

/// A table that looks like a migration tool's history, recognised by its columns (golang-migrate, dbmate
/// and Rails all call theirs schema_migrations).
struct HistoryTable
{
    QString schema;
    QString name;
    Format format = Format::Unknown; ///< Unknown for Rails and unrecognised layouts
    QString tool; ///< "golang-migrate", "dbmate", "rails", ...
    QString evidence; ///< "columns version bigint, dirty boolean"
};

/// Every history-like table visible to the session, classified by columns.
/// `alsoNamed`: a table name configured for the folder (x-migrations-table, flyway table) to look at as well.
/// `alsoSchema` (MySQL): a database besides the connected one and `sqitch` to look in (sqitch's registry setting).
Result<QList<HistoryTable>> findHistoryTables(DbSession &db, const QString &alsoNamed = {}, const QString &alsoSchema = {});

/// One row (or the single state row) of a tool's history.
struct AppliedRecord
{
    QString key; ///< what the row identifies: matches Migration::id (Flyway: version, or description for R)
    QString version;
    QString name;
    QString script; ///< Flyway script, Liquibase filename, sqitch change name
    QString checksum;
    QString appliedAt; ///< ISO-8601 text as stored (empty when the tool records no time)
    QString appliedBy;
    qint64 durationMs = -1; ///< -1: not recorded
    bool failed = false; ///< golang-migrate dirty, Flyway success=false, Prisma unfinished, Atlas error, ...
    QString error; ///< the tool's recorded error text (Prisma logs, Atlas error)
    QString type; ///< Flyway type, Liquibase exectype
};

struct History
{
    bool found = false; ///< the tool's table exists
    QString table; ///< qualified name read
    QList<AppliedRecord> records; ///< in the order the tool recorded them
    QStringList notes; ///< e.g. "schema_migrations has golang-migrate's columns, not dbmate's"
};

/// Reads the history table of `project.format` (with the folder's settings: table name, schema).
Result<History> readHistory(DbSession &db, const Project &project);

/// The state of one migration on one database.
struct MigrationStatus
{
    /// Deleted: Flyway only, recorded as applied and then marked deleted by `flyway repair` (a DELETE row), with no
    /// file; Flyway's info shows it as "Deleted" and validate accepts it.
    enum class State { Applied, Pending, Failed, Drifted, Missing, OutOfOrder, Deleted };
    State state = State::Pending;
    QString version;
    QString name;
    QString id;
    QString path; ///< the file; for Missing: the recorded script or version
    QString appliedAt;
    QString appliedBy;
    qint64 durationMs = -1;
    QString detail; ///< what is wrong, in the tool's terms
    QString hint; ///< what to do about it
};

QString stateId(MigrationStatus::State state); ///< "applied", "pending", "failed", "drifted", "missing", "out-of-order", "deleted"

struct ProjectStatus
{
    Format format = Format::Unknown;
    QString historyTable;
    bool historyFound = false;
    QList<MigrationStatus> migrations; ///< files in the tool's order, then rows without a file
    QStringList notes;
    int count(MigrationStatus::State state) const;
};

/// Merges the files with the history (pure function; no database).
ProjectStatus mergeStatus(const Project &project, const History &history);

/// Tool settings carried in the connection URL, as the tool reads them from its own database URL, applied to the
/// project and removed from `params` so that the driver never sees them. golang-migrate: `x-migrations-table`
/// (the whole value is the table name, dots included) and `x-migrations-table-quoted=true` (then the value must be
/// `"table"` or `"schema"."table"`); other `x-` options (x-multi-statement, x-no-lock, ...) are dropped. An error
/// for a value the tool itself refuses.
Result<void> applyUrlSettings(Project &project, ConnectionParams &params);

/// Connects, reads the history, merges. Blocking. Applies the URL settings (applyUrlSettings) first.
Result<ProjectStatus> readStatus(const Project &project, const ConnectionParams &params);

} // namespace core::project
