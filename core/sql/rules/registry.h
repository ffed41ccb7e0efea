// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Every rule the analyzer knows, with its default severity, a one-line summary and a bad/good example
// (the rule documentation is generated from this list).

#include "core/sql/analyzer.h"

namespace core::sql {

struct RuleInfo
{
    QString id;
    Severity defaultSeverity = Severity::Warning;
    QString family; ///< "postgresql-locking", "compatibility", "data", "transactions", "mysql", "types", "project", "general"
    QString summary;
    QString bad; ///< SQL that fires
    QString good; ///< what to write instead
    bool needsProject = false; ///< only runs with a migration project (not on plain files)
};

const QList<RuleInfo> &allRules();
const RuleInfo *findRule(QStringView id);
/// squawk rule names → ours, for `-- squawk-ignore` comments.
QString ruleFromSquawk(QStringView squawkRule);

} // namespace core::sql
