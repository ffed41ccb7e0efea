// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A `-- mwb:backfill` migration inside an apply. Its body is a batch template (`… BETWEEN :start AND :end`), not
// a statement to send once: the engine runs it through the batched runner (backfill.h on PostgreSQL,
// mysqlbackfill.h on MySQL/MariaDB), resumable from its checkpoint, and then records the migration in the tool's
// history exactly as for any migration that ran outside a transaction. A rehearsal does not run it (it commits
// batch by batch); it is reported as not rehearsable.

#include "core/engine/applytypes.h"
#include "core/engine/backfill.h"

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>

namespace core::engine {

/// The backfill a planned migration declares (its statements carry a `-- mwb:backfill` header), or nullopt.
std::optional<BackfillSpec> backfillOf(const PlannedMigration &migration);

class BackfillStep
{
public:
    using ProgressFn = std::function<void(const Progress &)>;
    explicit BackfillStep(ProgressFn progress = {});

    /// Runs migration `index` of `request` (which must be a backfill) under the workbench's and the tool's locks,
    /// on a session of its own. Fills `report` (one MigrationReport); returns the error that stops the run.
    std::optional<Error> run(const ApplyRequest &request, int index, const BackfillSpec &spec, MigrationReport *report);
    void cancel(); ///< thread-safe: stops after the batch in flight; the checkpoint lets the next apply resume

private:
    ProgressFn m_progress;
    std::atomic<bool> m_cancelled{false};
    std::mutex m_mutex;
    std::function<void()> m_cancelRunner;
};

} // namespace core::engine
