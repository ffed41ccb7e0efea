// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A rollout plan's verification checks, run against an environment before the step they gate, and the gate
// check that decides whether a step may be applied there now.
//
// A check passes when its query returns no rows; on PostgreSQL also when it returns one boolean true
// (`SELECT count(*) = 0 FROM …`). MySQL has no boolean type (a 1 could be an id), so there only "no rows" passes.
// It runs in a READ ONLY transaction that is rolled back, with a statement time limit, so a check can never
// change data nor hold locks past its own run.

#include "core/error.h"
#include "core/plan/planstatus.h"

namespace core::project {
class DbSession;
}

namespace core::plan {

struct VerificationResult
{
    bool passed = false;
    qsizetype rows = 0; ///< rows returned
    QStringList firstRow; ///< the first row returned, for the message
    qint64 elapsedMs = 0;
    QString summary() const; ///< "passed: no rows", "failed: 3 rows, first: (42, NULL)"
};

/// Runs one check on the session's database (blocking: call it on the engine thread).
Result<VerificationResult> runVerification(core::project::DbSession &db, const QString &sql, int timeoutSeconds = 60);

/// Whether `stepId` may be applied to `environment` now, given the plan's status there: every step it depends
/// on must be done there (and, for environments after the first, the step itself done on the previous one).
/// Returns the verification steps to run right before it (its dependencies of kind Verification, nearest
/// first), or an error that names the gate and the step that holds it.
Result<QStringList> checkStepReady(const Plan &plan, const PlanStatus &status, const QString &stepId,
                                   const QString &environment);

} // namespace core::plan
