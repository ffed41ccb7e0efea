// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The project's lint settings from workbench.toml, per project and per environment:
//
//   [lint]
//   dialect = "mysql"                     # postgresql (default), mysql, mariadb or sqlite
//   target-version = "8.0"                # the server version the migrations are written for
//   rules = "-prefer-text-field"          # a list selects only those; "-x" disables x; "all" resets
//   severity = "warning"                  # minimum level reported
//   [lint.rule]
//   require-lock-timeout = "error"        # off | info | warning | error
//   [lint.environments.shop_prod.rule]
//   require-statement-timeout = "error"   # stricter where it matters
//
// `"rule.<id>" = "…"` keys directly under [lint] are accepted too. An environment's settings apply on top of the
// project's. Unknown settings, rule ids or levels are an error naming the section.

#include "core/error.h"
#include "core/sql/analyzer.h"

namespace core::project {

class ProjectFile;

/// The lint configuration for `environment` (empty: the project's own settings).
Result<core::sql::LintConfig> lintConfig(const ProjectFile &file, const QString &environment = {});

/// What the migrations are written for: `dialect` and `target-version` under [lint]. Unset keys stay unset.
struct LintTarget
{
    std::optional<core::sql::SqlDialect> dialect;
    std::optional<core::sql::TargetServer> target; ///< set only when target-version is given (then for `dialect`)
};
Result<LintTarget> lintTarget(const ProjectFile &file);

} // namespace core::project
