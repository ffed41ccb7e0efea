// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The safety analyzer: lexer + parser + lock model + rules over one migration. Pure and synchronous; the
// editor, the apply engine's preflight and `mwb lint` all call analyze().

#include "core/error.h"
#include "core/sql/catalog.h"
#include "core/sql/lexer.h"
#include "core/sql/lockmodel.h"
#include "core/sql/statement.h"

#include <QHash>
#include <QSet>

#include <optional>

namespace core::sql {

enum class Severity : quint8 { Info, Warning, Error };
QString severityName(Severity s); ///< "info", "warning", "error"
std::optional<Severity> parseSeverity(QStringView name);

/// A mechanical rewrite: replace [offset, offset + length) of the input with `replacement`.
struct Fix
{
    qsizetype offset = 0;
    qsizetype length = 0;
    QString replacement;
    bool operator==(const Fix &) const = default;
};

struct Finding
{
    QString rule;
    Severity severity = Severity::Warning;
    qsizetype offset = 0; ///< byte span in the input
    qsizetype length = 0;
    Position start; ///< 1-based line / column of the span's first byte
    Position end; ///< 1-based line / column just past the span's last byte
    QString message; ///< names the lock and what it blocks, where one applies
    QStringList tables;
    QString lock; ///< "ACCESS EXCLUSIVE", "ALGORITHM=COPY, LOCK=SHARED"; empty when none applies
    std::optional<Fix> fix;
    qint64 tableRows = -1; ///< with live context: the table's estimated rows
    qint64 tableBytes = -1;
    double estimatedSeconds = -1; ///< with live context: estimated duration of the scan / rewrite / build
    bool operator==(const Finding &) const = default;
};

/// Rule selection and severities (per project and per environment; workbench.toml maps onto this).
struct LintConfig
{
    QSet<QString> only; ///< when not empty: run only these rules
    QSet<QString> disabled;
    QHash<QString, Severity> severities; ///< overrides of the default severity
    Severity minimum = Severity::Info; ///< drop findings below this

    bool isEnabled(const QString &rule) const
    {
        return !disabled.contains(rule) && (only.isEmpty() || only.contains(rule) || rule == u"syntax-error");
    }
    /// Builds a config from key/value pairs:
    ///   "rules" = "a,b,-c" (a list selects only those; "-x" disables x; "all" resets the selection),
    ///   "severity" = minimum level, "rule.<id>" = "off" | "info" | "warning" | "error".
    /// Unknown rule ids or levels are an InvalidArgument error.
    static Result<LintConfig> fromMap(const QHash<QString, QString> &values);
    /// Applies a --rules list ("a,b,-c") on top of this config.
    Result<void> applyRuleList(const QString &list);
};

/// What the analyzer knows about the migration's surroundings.
struct AnalysisContext
{
    TargetServer target;
    /// Whether the tool wraps the migration in a transaction: from the project format and its markers. Unset =
    /// unknown (markers in the file such as `-- mwb:transaction off`, `-- +goose NO TRANSACTION`,
    /// `-- migrate:up transaction:false` then decide).
    std::optional<bool> wrappedInTransaction;
    /// The existing schema: earlier migrations (Catalog::apply) and/or the live database (livecontext.h).
    Catalog catalog;
    bool liveStatistics = false; ///< the catalog carries sizes from a live database
    bool contractPhase = false; ///< the migration is a declared contract phase (also `-- mwb:phase contract`)
    /// Fill AnalysisResult::statements and ::effects. Off, analyze() parses one statement at a time and keeps
    /// none of them (what `mwb lint` does on large files to keep memory flat).
    bool keepStatements = true;
};

struct AnalysisResult
{
    Script script;
    QList<ParsedStatement> statements;
    QList<LockEffect> effects; ///< parallel to statements
    QList<Finding> findings; ///< sorted by offset
    Catalog catalog; ///< the schema after the migration: the context's catalog with every statement applied
    bool hasErrors() const;
};

/// A suppression comment: `-- mwb:ignore a, b`, `-- mwb:ignore-file a`, `-- squawk-ignore a` (squawk's ids as
/// written). The rule list is comma-separated; after plain whitespace only a known rule id continues it, and
/// `--` ends it, so a reason may follow: `-- mwb:ignore ban-drop-table -- the table is unused since v3`. An
/// empty list suppresses every rule.
struct IgnoreComment
{
    QStringList rules;
    bool fileWide = false;
    bool squawk = false;
};
/// The suppression in a comment's text, if it holds one.
std::optional<IgnoreComment> parseIgnoreComment(QStringView text);

AnalysisResult analyze(const Script &script, const AnalysisContext &context, const LintConfig &config = {});
AnalysisResult analyze(QByteArray text, const AnalysisContext &context, const LintConfig &config = {});

/// Estimated seconds for a full scan / rewrite / index build of a table (see docs/lint.md).
double estimateScanSeconds(qint64 rows, qint64 bytes);
double estimateRewriteSeconds(qint64 rows, qint64 bytes, qint64 indexBytes);
double estimateIndexBuildSeconds(qint64 rows, qint64 bytes);

} // namespace core::sql
