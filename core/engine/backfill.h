// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/connectionparams.h"
#include "core/error.h"

#include <QString>

#include <atomic>
#include <functional>

namespace core::engine {

/// A declared data step, from a migration whose first line is a header such as
///
///     -- mwb:backfill table=orders key=id batch=5000 pause=20ms max-lag=5s
///     UPDATE orders SET email_normalized = lower(email)
///      WHERE id BETWEEN :start AND :end AND email_normalized IS NULL;
///
/// The runner walks the integer key range in batches, running the template with :start and :end replaced, each
/// batch in its own committed transaction, and checkpoints its position so that it resumes after a crash or a
/// cancel without updating any row twice.
struct BackfillSpec
{
    QString name; ///< checkpoint name (defaults to the table and key)
    QString table;
    QString key;
    qint64 batchSize = 10000;
    int pauseMs = 0; ///< between batches
    int maxReplicationLagMs = 0; ///< 0: do not throttle by lag; otherwise wait while a replica lags more
    QString sqlTemplate; ///< must contain :start and :end
};

/// Parses the `-- mwb:backfill` header and the template that follows it.
Result<BackfillSpec> parseBackfill(const QString &migrationSql);

/// Live progress of a backfill: rows done, rate, and time left.
struct BackfillProgress
{
    qint64 rowsDone = 0; ///< over all runs, from the checkpoint
    qint64 lastKey = 0;
    qint64 minKey = 0;
    qint64 maxKey = 0;
    double rowsPerSecond = 0;
    qint64 etaMs = -1; ///< -1 unknown
    bool throttled = false; ///< waiting for replicas to catch up
    double fraction() const
    {
        return maxKey > minKey ? double(lastKey - minKey + 1) / double(maxKey - minKey + 1) : 1.0;
    }
    /// A batch up to key `end` committed with `affected` rows: moves the position and recomputes the rate and the
    /// time left from what this run did since it started at `rowsAtStart` / `keyAtStart`.
    void batchCommitted(qint64 end, qint64 affected, qint64 elapsedMs, qint64 rowsAtStart, qint64 keyAtStart);
};

struct BackfillResult
{
    bool finished = false; ///< false: cancelled or paused; run again to resume
    qint64 rowsDone = 0;
    qint64 batches = 0; ///< in this run
    qint64 elapsedMs = 0;
};

/// Runs a backfill on PostgreSQL. Synchronous (engine thread); cancel() is thread-safe and stops after the
/// batch in flight commits, so the checkpoint always matches what was committed.
class BackfillRunner
{
public:
    using ProgressFn = std::function<void(const BackfillProgress &)>;
    explicit BackfillRunner(ProgressFn progress = {});

    Result<BackfillResult> run(const ConnectionParams &connection, const BackfillSpec &spec);
    void cancel();

    /// The checkpoint table the runner keeps its positions in.
    static constexpr auto checkpointTable = "mwb_backfill_checkpoint";

private:
    ProgressFn m_progress;
    std::atomic<bool> m_cancelled{false};
};

} // namespace core::engine
