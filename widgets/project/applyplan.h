// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/connectionparams.h"
#include "core/engine/applytypes.h"
#include "core/engine/preflight.h"
#include "core/error.h"
#include "core/project/history.h"
#include "core/project/migration.h"
#include "core/sql/analyzer.h"

#include <QHash>
#include <QList>
#include <QString>

namespace widgets::project {

/// What the window knows about one environment's database after a read on the reader thread.
struct EnvironmentSnapshot
{
    QString environment;
    core::Result<core::project::ProjectStatus> status = core::fail(core::Error::Code::Unknown, QString());
    core::project::History history;
    QString serverVersion; ///< "PostgreSQL 17.2"
};

/// Connects, reads the server version, the history table and merges it with the files. Blocking: call it on
/// the reader thread.
EnvironmentSnapshot readEnvironment(const QString &environment, const core::project::Project &project,
                                    const core::ConnectionParams &params);

/// One analyzer finding of a pending migration, for the preflight report.
struct PreflightFinding
{
    QString version;
    QString file;
    core::sql::Finding finding;
};

/// One statement of a pending migration as the analyzer predicts it (where no rehearsal can run).
struct PredictedStatement
{
    int index = 0; ///< 0-based within the migration
    int line = 1; ///< 1-based within the migration's up part
    QString tables; ///< the table(s) it is about
    QString lock; ///< "ALGORITHM=INPLACE, LOCK=NONE", "ACCESS EXCLUSIVE on orders"; empty when none is predicted
    bool rebuild = false; ///< rebuilds (copies) the table
    bool uncertain = false; ///< the prediction depends on something the analyzer does not know
};

struct PredictedMigration
{
    QString version;
    QString name;
    QList<PredictedStatement> statements;
};

/// The preflight of an apply: the pending migrations in order, what blocks (failed or drifted migrations, error
/// findings, sessions holding locks on the touched tables) and what only warns.
struct Preflight
{
    QString environment;
    QList<core::project::Migration> pending;
    QStringList blockers; ///< failed/drifted migrations and error findings, one line each
    QList<PreflightFinding> findings; ///< warnings and errors of the pending migrations
    QList<core::engine::BlockingSession> blockingSessions;
    QString sessionsError; ///< why the blocking sessions could not be read (not a blocker)
    QStringList tables; ///< the tables the pending migrations touch
    std::optional<core::Error> error; ///< the status could not be read at all
    core::Dialect dialect = core::Dialect::PostgreSQL;
    QString serverVersion; ///< as the server reports it (SELECT version()); empty when not read
    /// Why no rehearsal runs (MySQL/MariaDB: DDL commits implicitly, so a dry run cannot be rolled back); empty
    /// when it runs. Then `predicted` holds the analyzer's lock report instead.
    QString rehearsalSkipped;
    QList<PredictedMigration> predicted;
    core::engine::ApplyRequest rehearsalRequest; ///< built here, off the GUI thread (see buildRehearsalRequest)
    core::engine::ApplyRequest applyRequest;
};

/// Reads the status, runs the preflight checks and builds the rehearsal's and the apply's engine requests.
/// Blocking: call it on the reader thread.
/// `upToVersion` (optional) stops at that version, like `mwb apply --to`.
Preflight runPreflight(const QString &environment, const core::project::Project &project,
                       const core::ConnectionParams &params, const QString &upToVersion = {});

/// The schema the migrations before `version` leave (their up parts analysed in order): the catalog an editor
/// of that migration analyses against, as `mwb lint DIR` does. Pure CPU.
core::sql::Catalog schemaBefore(const core::project::Project &project, const QString &version,
                                const core::sql::TargetServer &target = {});

/// Worst analyzer severity per migration version of the project (absent: no findings), each migration analysed
/// on the schema of the ones before it. Pure CPU.
QHash<QString, core::sql::Severity> worstSeverities(const core::project::Project &project,
                                                     const core::sql::TargetServer &target = {},
                                                     const core::sql::LintConfig &config = {});

/// The engine request that applies (or, with `dryRun`, rehearses) `pending` as the project's tool would: its
/// history table, its lock, its history rows written in each migration's transaction. The statements are split
/// for `params.dialect` (PostgreSQL or MySQL/MariaDB, where the workbench's GET_LOCK() name is taken too).
core::engine::ApplyRequest buildApplyRequest(const core::project::Project &project,
                                             const QList<core::project::Migration> &pending,
                                             const core::ConnectionParams &params, bool dryRun);

/// The rehearsal of `pending`: every statement that can run in a transaction runs, in order, in ONE transaction
/// that is rolled back, so that each migration sees the schema the earlier pending ones create (rehearsing them
/// one by one would fail on the first migration that uses a table an earlier one adds). A lock that an earlier
/// statement of the rehearsal already holds is reported with that earlier statement only.
core::engine::ApplyRequest buildRehearsalRequest(const core::project::Project &project,
                                                 const QList<core::project::Migration> &pending,
                                                 const core::ConnectionParams &params);
/// Splits the report of buildRehearsalRequest() back into one MigrationReport per pending migration (statement
/// indexes and lines within each migration). Migrations after a failure are Skipped.
core::engine::ApplyReport splitRehearsalReport(const QList<core::engine::PlannedMigration> &planned,
                                               const core::engine::ApplyReport &combined);

} // namespace widgets::project
