// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/error.h"
#include "core/project/dbsession.h"
#include "core/project/migration.h"

#include <QList>
#include <QString>
#include <QStringList>

// Recovery after a failed run, in each tool's own terms, planned first and shown, then executed on request:
// golang-migrate's dirty flag (`migrate force V`), Prisma's unfinished rows (`migrate resolve --rolled-back`),
// Flyway's failed rows and changed checksums (`flyway repair`), Atlas revisions of a file that failed before any
// statement took effect, and on PostgreSQL the INVALID indexes a failed CREATE INDEX CONCURRENTLY leaves behind.
namespace core::engine {

/// An index left INVALID (pg_index.indisvalid = false) by a failed or cancelled CREATE INDEX CONCURRENTLY (or
/// REINDEX CONCURRENTLY). Unused by queries, yet maintained on every write, and it blocks a retry that uses the
/// same name.
struct InvalidIndex
{
    QString schema;
    QString name;
    QString table;
    QString dropSql; ///< DROP INDEX CONCURRENTLY IF EXISTS "schema"."name"
};

/// INVALID indexes in user schemas, except those another session may still be building (its table has a SHARE
/// UPDATE EXCLUSIVE lock held by another backend, or pg_stat_progress_create_index lists it). PostgreSQL only.
Result<QList<InvalidIndex>> findInvalidIndexes(project::DbSession &db);

/// The index name a CREATE [UNIQUE] INDEX CONCURRENTLY statement creates ("" when it names none), folded like
/// PostgreSQL folds an unquoted identifier.
QString concurrentIndexName(const QString &sql);

struct RepairAction
{
    QString description; ///< what it does, in the tool's terms
    QString sql; ///< with $n placeholders
    QStringList params;
    QString display; ///< the statement with its values, as shown before running it
    bool outsideTransaction = false; ///< DROP INDEX CONCURRENTLY
};

struct RepairPlan
{
    QList<RepairAction> actions;
    QStringList notes; ///< what the workbench will not decide for the DBA, with the command that would
    bool needsDecision = false; ///< a failed state that only --version can resolve (golang-migrate dirty)
};

struct RepairOptions
{
    QString version; ///< golang-migrate: the version to force; others: limit the repair to this migration
};

/// Reads the tool's history (and the catalog) and lists what repair would do. Changes nothing.
Result<RepairPlan> planRepair(project::DbSession &db, const project::Project &project, const RepairOptions &options);

/// Runs the plan: the history changes in one transaction, then each index drop on its own outside one.
Result<void> executeRepair(project::DbSession &db, const project::Project &project, const RepairPlan &plan);

} // namespace core::engine
