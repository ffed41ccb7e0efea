// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDate>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace core::plan {

enum class Phase { Expand, Migrate, Contract };
QString phaseName(Phase phase); ///< "expand", "migrate", "contract"
std::optional<Phase> phaseFromName(QStringView name);

enum class StepKind {
    SchemaMigration, ///< a migration file that changes the schema
    Backfill, ///< a batched data migration
    Deploy, ///< an application release
    Verification, ///< SQL that must return no rows (or true) before the steps that depend on it
    Wait, ///< a deliberate pause (let caches expire, watch error rates)
};
QString stepKindName(StepKind kind);
std::optional<StepKind> stepKindFromName(QStringView name);

/// What an application deploy changes about the subject of the rollout. The gates are defined on these.
enum class DeployRole {
    None,
    DualWrite, ///< the app writes both the old and the new column/table
    ReadSwitch, ///< the app reads the new column/table
    StopUsingOld, ///< the app no longer reads or writes the old column/table
};
QString deployRoleName(DeployRole role);
std::optional<DeployRole> deployRoleFromName(QStringView name);

struct Step
{
    QString id; ///< unique within the plan, stable (used by dependencies and exports)
    QString title;
    StepKind kind = StepKind::SchemaMigration;
    Phase phase = Phase::Expand;
    QDate day; ///< the planned day
    QStringList dependsOn; ///< ids of earlier steps
    QStringList migrations; ///< migration files (paths relative to the project), for schema and backfill steps
    QString deployVersion; ///< for deploys: the application version label
    DeployRole deployRole = DeployRole::None;
    bool drops = false; ///< a contract schema step that drops the old column or table
    QString verificationSql; ///< for verification steps: passes when it returns no rows
    QString notes;
    bool operator==(const Step &) const = default;
};

/// A rollout plan: an expand → migrate → contract change carried out over days and deploys.
struct Plan
{
    QString name;
    QString subject; ///< what it changes, e.g. "users.email → users.email_address"
    QList<Step> steps;
    /// Step id → environments where a step the database cannot show (deploy, wait, verification) was checked
    /// off. Stored as the step's `done_in` in workbench.toml.
    QHash<QString, QStringList> checkedOff;
    bool isCheckedOff(const QString &stepId, const QString &environment) const
    {
        return checkedOff.value(stepId).contains(environment);
    }

    const Step *step(const QString &id) const;
    qsizetype indexOf(const QString &id) const;
    /// All steps `id` depends on, directly or not (cycles are tolerated: each step appears once).
    QStringList transitiveDependencies(const QString &id) const;
    QDate firstDay() const;
    QDate lastDay() const;
    bool operator==(const Plan &) const = default;
};

} // namespace core::plan
