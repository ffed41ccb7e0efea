// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Internal to the analyzer: the steps analyze() and IncrementalAnalyzer share.

#include "core/sql/analyzer.h"
#include "core/sql/rules/ruleengine.h"

namespace core::sql::detail {

struct Suppression
{
    QStringList rules; ///< empty = every rule
    qsizetype offset = 0;
    qsizetype length = 0;
    int statement = -1; ///< -1 for file-wide
    bool fileWide = false;
    QList<bool> used; ///< per rule (or one entry for "all")
};

/// Reads markers (transaction, phase) and suppressions from the comments of the script.
void scanComments(const Script &script, rules::RuleRun &run, QList<Suppression> &suppressions);
/// The target for the script's dialect, then scanComments().
void startRun(const Script &script, rules::RuleRun &run, QList<Suppression> &suppressions);
/// syntax-error findings for the lexer's issues.
void reportSyntaxIssues(const Script &script, rules::RuleRun &run);
/// Suppressions, unused-ignore, rule selection, severities, positions and the final order. Consumes `raw`.
QList<Finding> finishFindings(QList<Finding> &raw, QList<Suppression> &suppressions, const Script &script,
                              const LintConfig &config);

} // namespace core::sql::detail
