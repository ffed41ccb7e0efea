// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "plan.h"

#include "core/connectionparams.h"
#include "core/error.h"

#include <QDate>
#include <QList>
#include <QString>
#include <QStringList>

namespace core::plan {

/// One migration a wizard writes, independent of the project format (the project's writer names the files,
/// numbers them and adds its own markers).
struct WizardMigration
{
    QString name; ///< snake_case, e.g. "users_add_email_address"
    QString up;
    QString down;
    bool transactional = true; ///< false: must run outside a transaction (CREATE INDEX CONCURRENTLY)
    bool backfill = false; ///< a `-- mwb:backfill` data step, run in batches by the workbench
    bool operator==(const WizardMigration &) const = default;
};

/// A wizard's output: the plan (steps refer to migrations by name) and the migrations themselves.
struct WizardResult
{
    Plan plan;
    QList<WizardMigration> migrations;
};

/// What every wizard needs to know.
struct WizardCommon
{
    Dialect dialect = Dialect::PostgreSQL; ///< PostgreSQL or MySQL (MySQL and MariaDB)
    QDate start; ///< the first day of the plan
    QString key = QStringLiteral("id"); ///< integer key column for batched backfills
    qint64 batchSize = 10000;
    QString lockTimeout = QStringLiteral("3s"); ///< written as SET lock_timeout in PostgreSQL schema migrations
};

/// Rename a column without downtime: add the new column with a sync trigger, backfill, verify, deploy the read
/// switch, deploy without the old column, drop it.
Result<WizardResult> renameColumnWizard(const WizardCommon &common, const QString &table, const QString &from,
                                        const QString &to, const QString &type, bool notNull);

/// Change a column's type: new column kept in sync by a trigger, backfill with a conversion, swap the names in
/// one short transaction, drop the old column.
Result<WizardResult> changeColumnTypeWizard(const WizardCommon &common, const QString &table, const QString &column,
                                            const QString &newType, const QString &usingExpression = {});

/// Add a NOT NULL column to a large table: nullable add, backfill, CHECK … NOT VALID, VALIDATE, SET NOT NULL,
/// drop the check (PostgreSQL); nullable INSTANT add, backfill, online MODIFY … NOT NULL (MySQL).
Result<WizardResult> addNotNullColumnWizard(const WizardCommon &common, const QString &table, const QString &column,
                                            const QString &type, const QString &valueExpression);

/// Add a foreign key without blocking writes: index the column concurrently, add the constraint NOT VALID,
/// validate it separately (MySQL: online index, constraint added with checks off, then a verification query).
Result<WizardResult> addForeignKeyWizard(const WizardCommon &common, const QString &table, const QString &column,
                                         const QString &refTable, const QString &refColumn);

/// Add a unique constraint without blocking writes: a unique index built concurrently, then the constraint
/// USING INDEX.
Result<WizardResult> addUniqueWizard(const WizardCommon &common, const QString &table, const QStringList &columns);

/// Add an index without blocking writes.
Result<WizardResult> addIndexWizard(const WizardCommon &common, const QString &table, const QStringList &columns);

/// Drop a column (or, with column empty, a table) safely: deploy the app without it, wait, drop.
Result<WizardResult> dropWizard(const WizardCommon &common, const QString &table, const QString &column);

/// Split columns off into a table of their own: create it, keep it in sync, backfill, verify, switch reads,
/// stop using the old columns, drop them.
Result<WizardResult> splitTableWizard(const WizardCommon &common, const QString &table, const QString &newTable,
                                      const QStringList &columns, const QStringList &columnTypes);

/// Renders a wizard's result as text for review and golden tests: the plan as Markdown, then every migration.
QString describeWizardResult(const WizardResult &result);

} // namespace core::plan
