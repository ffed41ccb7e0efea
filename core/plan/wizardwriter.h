// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "wizards.h"

#include "core/error.h"
#include "core/project/migration.h"

#include <QDateTime>

namespace core::plan {

/// Writes a wizard's migrations into a project in the project's own format (named, numbered and indexed as
/// the tool does, through project::createMigration), marks the ones that must run outside a transaction in the
/// tool's own syntax, and returns the plan with each step's migrations replaced by the files' versions.
/// `now` is the tool's clock for the first migration; each next one is a second later, so that timestamped
/// formats keep the plan's order.
Result<Plan> writeWizardMigrations(const WizardResult &result, const project::Project &project,
                                   const QDateTime &now = QDateTime::currentDateTimeUtc());

} // namespace core::plan
