// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "plan.h"

#include <QDate>
#include <QList>
#include <QString>
#include <QStringList>

namespace core::plan {

/// A broken rule: which gate, which steps, and why (untranslated; widgets show rule ids with their own text).
struct PlanViolation
{
    QString rule; ///< "contract-before-deploy", …
    QStringList steps; ///< the steps involved, the offending one first
    QString message;
    bool operator==(const PlanViolation &) const = default;
};

/// Checks a plan against the rollout gates:
/// - `contract-before-deploy`: a contract step must come after (depend on, and be scheduled no earlier than)
///   the deploy that stops using the old column or table;
/// - `read-switch-before-backfill`: a read switch must come after every backfill;
/// - `drop-before-read-switch`: a drop must come after the read switch;
/// - `drop-outside-contract`: dropping belongs to the contract phase;
/// and the plan's structure: `unknown-dependency`, `dependency-cycle`, `dependency-scheduled-later`,
/// `phase-order` (a step may not depend on a step of a later phase), `missing-day`, `duplicate-id`,
/// `empty-verification`.
QList<PlanViolation> validatePlan(const Plan &plan);

/// The violations that moving step `id` to `day` would cause (empty: the move is allowed). Violations the plan
/// already had that the move does not touch are not reported.
QList<PlanViolation> violationsAfterMove(const Plan &plan, const QString &id, QDate day);

/// Every rule id validatePlan() can report.
QStringList planRuleIds();

} // namespace core::plan
