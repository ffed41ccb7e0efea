// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The project-level lint rules (family "project" in core/sql/rules/registry.cpp): they need the migration
// project, and for the last two the tool's history table on a database.
//   missing-down-migration    a migration without down SQL, in a format that has down migrations, unless it is
//                             marked `-- mwb:irreversible` (in its up or down SQL)
//   edited-applied-migration  the checksum on disk differs from the one the tool recorded (mergeStatus: Drifted)
//   out-of-order-migration    a pending migration that sorts before the newest applied one (mergeStatus: OutOfOrder)
// Findings point at the migration's file (line 1, column 1; for a dbmate file with an empty down section, the
// `-- migrate:down` line), obey `-- mwb:ignore-file rule` anywhere in that file and `-- mwb:ignore rule` before
// the statement they point at, and the rule selection/severities of the LintConfig.

#include "core/project/history.h"
#include "core/project/migration.h"
#include "core/sql/analyzer.h"

#include <QList>
#include <QPair>
#include <QSet>
#include <QString>

namespace core::project {

struct ProjectLintOptions
{
    core::sql::SqlDialect dialect = core::sql::SqlDialect::PostgreSQL; ///< to read the files' comments
    core::sql::LintConfig config;
    /// The tool's history merged with the files (readStatus/mergeStatus): enables edited-applied-migration and
    /// out-of-order-migration. Null: only missing-down-migration runs.
    const ProjectStatus *status = nullptr;
};

struct ProjectFileFindings
{
    QString path; ///< absolute path of the file the findings point at
    QList<core::sql::Finding> findings; ///< sorted by offset; selection, severities and positions applied
    QList<QPair<qsizetype, QString>> usedSuppressions; ///< ignore comments that suppressed one: (offset, rule id)
};

/// The project rules and whether each can run with these options (the database rules need a status).
QSet<QString> projectRulesRun(const Project &project, const ProjectLintOptions &options);

/// Whether the format keeps down migrations, so that a missing one is worth a finding: golang-migrate (.down.sql),
/// dbmate (-- migrate:down), node-pg-migrate SQL (-- Down Migration), sqitch (revert/), Liquibase (--rollback),
/// and Flyway only when the folder holds at least one U (undo) file. Prisma, Drizzle, Atlas and Django have none.
bool hasDownMigrations(const Project &project);

/// Runs the project rules. One entry per file with at least one finding or used suppression, in the project's
/// migration order.
QList<ProjectFileFindings> lintProject(const Project &project, const ProjectLintOptions &options);

/// Adds a file's project findings to the analyzer's result for the same file (sorted by offset) and removes the
/// analyzer's unused-ignore findings that are not true: for ignore comments that suppressed a project finding,
/// and for ignore comments naming a project rule that the analyzer never runs and that is not in `rulesRun`.
void mergeProjectFindings(core::sql::AnalysisResult &result, const ProjectFileFindings &findings,
                          const QSet<QString> &rulesRun);

} // namespace core::project
