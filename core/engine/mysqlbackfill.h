// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The batched backfill runner for MySQL and MariaDB: the same `-- mwb:backfill` migrations and the same
// guarantees as BackfillRunner on PostgreSQL (backfill.h): the key range walked in batches, each batch and its
// checkpoint committed together in one InnoDB transaction, resumable after a cancel, a crash or a killed
// connection without touching a row twice. A batch that waits too long for a row lock (1205) or is chosen as a
// deadlock victim (1213) is retried with backoff instead of failing the whole backfill.
//
// `max-lag=` is refused: a MySQL/MariaDB primary does not report its replicas' lag (that is read on each
// replica), so throttle with `pause=` there.

#include "core/engine/backfill.h"

namespace core::engine {

class MySqlBackfillRunner
{
public:
    using ProgressFn = std::function<void(const BackfillProgress &)>;
    explicit MySqlBackfillRunner(ProgressFn progress = {});

    Result<BackfillResult> run(const ConnectionParams &connection, const BackfillSpec &spec);
    void cancel(); ///< thread-safe; stops after the batch in flight commits
    /// The server's id of the running backfill's connection (CONNECTION_ID()), for the audit log and for a DBA
    /// who needs to find it in the process list; 0 before the run connects.
    qint64 connectionId() const { return m_connectionId.load(); }

    int lockWaitSeconds = 5; ///< innodb_lock_wait_timeout for each batch
    int maxAttempts = 5; ///< per batch, on lock wait timeouts and deadlocks

private:
    ProgressFn m_progress;
    std::atomic<bool> m_cancelled{false};
    std::atomic<qint64> m_connectionId{0};
};

} // namespace core::engine
