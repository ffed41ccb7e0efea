// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Incremental analysis for the editor: after an edit, only the statements the edit touched are lexed and
// parsed again, and the rules re-run from the last checkpoint before the edit until their state (schema,
// transaction, settings, …) matches what it was at a checkpoint after the edit; from there on the cached
// findings are reused, shifted. The findings always equal those of a full analyze() of the new text.

#include "core/sql/analyzer.h"

#include <memory>

namespace core::sql {

class IncrementalAnalyzer
{
public:
    /// `checkpointInterval`: statements between saved rule states (smaller: faster edits, more memory).
    explicit IncrementalAnalyzer(AnalysisContext context = {}, LintConfig config = {}, int checkpointInterval = 32);
    ~IncrementalAnalyzer();
    IncrementalAnalyzer(IncrementalAnalyzer &&) noexcept;
    IncrementalAnalyzer &operator=(IncrementalAnalyzer &&) noexcept;

    /// Analyses `text` from scratch (in the context's dialect).
    void reset(QByteArray text);
    /// Applies an edit: `removedBytes` bytes at `offset` replaced by `inserted` (clamped like updateScript()).
    void edit(qsizetype offset, qsizetype removedBytes, QByteArrayView inserted);

    const Script &script() const;
    /// The findings of the current text, as analyze() reports them.
    const QList<Finding> &findings() const;
    /// The whole result (statements and effects materialised; costs a copy of every statement).
    AnalysisResult result() const;

    struct Stats
    {
        qsizetype parsedStatements = 0; ///< statements parsed again by the last reset()/edit()
        qsizetype rerunStatements = 0; ///< statements the rules ran over again
        bool converged = false; ///< the rule state matched a checkpoint before the end
        qsizetype skippedStatements = 0; ///< statements not run again because they name none of the few tables
                                         ///< or indexes in which the rule state still differed
    };
    Stats lastStats() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace core::sql
