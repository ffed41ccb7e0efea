// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Rollout plans stored in the project's workbench.toml, as `[[plans]]` with `[[plans.steps]]`:
//
//   [[plans]]
//   name = "rename users.email"
//   subject = "users.email → users.email_address"
//   [[plans.steps]]
//   id = "expand"
//   title = "Add email_address with a sync trigger"
//   kind = "schema"            # schema | backfill | deploy | verify | wait
//   phase = "expand"           # expand | migrate | contract
//   day = 2026-12-03           # a TOML date (a "YYYY-MM-DD" string is accepted too)
//   depends_on = []
//   migrations = ["20261203090000"]
//   deploy_version = "v2.4"    # deploys only
//   deploy_role = "dual-write" # none | dual-write | read-switch | stop-using-old
//   drops = false
//   verification_sql = "SELECT 1 FROM users WHERE email_address IS DISTINCT FROM email LIMIT 1"
//   notes = ""
//   done_in = ["shop_dev"]     # environments where a deploy / wait / verification step was checked off
//
// Reading never loses a plan silently: an unknown kind, phase, role or a malformed day is an error naming the
// plan and step. Writing replaces only the `plans` section; every other section keeps its exact text.

#include "core/error.h"
#include "core/plan/plan.h"

#include <QList>

namespace core::project {
class ProjectFile;
}

namespace core::plan {

Result<QList<Plan>> readPlans(const core::project::ProjectFile &file);
/// Replaces the `plans` section in memory; call ProjectFile::save() to write it. An empty list removes it.
Result<void> writePlans(core::project::ProjectFile &file, const QList<Plan> &plans);

/// Loads `<projectDir>/workbench.toml`, replaces its plans and saves it (creating the file if needed).
Result<void> savePlans(const QString &projectDir, const QList<Plan> &plans);
Result<QList<Plan>> loadPlans(const QString &projectDir);

} // namespace core::plan
