// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Where a rollout plan stands on each environment: schema and backfill steps from the migrations' state in
// that environment's history table (core/project/history.h), deploy / wait / verification steps from their
// check-offs (Plan::checkedOff). Pure functions: the caller reads the histories (on the engine thread).

#include "core/plan/plan.h"
#include "core/project/history.h"

#include <QHash>

namespace core::plan {

enum class StepState {
    Done, ///< every migration of the step is applied there (or the step was checked off)
    Running, ///< some of its migrations are applied (or it is being applied now)
    Failed, ///< one of its migrations failed, is dirty or drifted there
    Pending, ///< not started, and every step it depends on is done there
    Blocked, ///< not started, and a step it depends on is not done there
    Unknown, ///< the environment's history could not be read, or a migration of the step is not in the project
};
QString stepStateName(StepState state); ///< "done", "running", "pending", "blocked", "failed", "unknown"

struct StepStatus
{
    StepState state = StepState::Unknown;
    QString detail; ///< e.g. "2 of 3 migrations applied", "20261203 failed: …", "waits for step 'deploy-1'"
};

/// One environment's view of the project: its merged history, or nothing when it could not be read.
struct EnvironmentHistory
{
    QString environment;
    std::optional<core::project::ProjectStatus> status;
    QString error; ///< why the status is missing
};

struct PlanStatus
{
    QStringList environments; ///< in pipeline order
    /// step id → environment → status
    QHash<QString, QHash<QString, StepStatus>> steps;
    StepStatus at(const QString &stepId, const QString &environment) const;
    /// The first step (in plan order) that is Pending on `environment`, or empty.
    QString nextStep(const Plan &plan, const QString &environment) const;
};

/// Finds the migration a step names: by version, by history id, by file name or by path relative to the project
/// (Step::migrations holds versions for wizard-written plans, paths for hand-written ones).
const core::project::MigrationStatus *findMigration(const core::project::ProjectStatus &status, const QString &ref);

PlanStatus computePlanStatus(const Plan &plan, const QList<EnvironmentHistory> &environments);

} // namespace core::plan
