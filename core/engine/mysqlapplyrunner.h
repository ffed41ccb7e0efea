// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "applytypes.h"

#include <atomic>
#include <functional>
#include <mutex>

namespace core::engine {

/// Applies planned migrations on MySQL / MariaDB through Qt SQL (QMYSQL). Synchronous, on the engine thread,
/// which owns the connection. MySQL commits every DDL statement implicitly, so a migration that fails half way
/// is partially applied whatever the tool says: the report names exactly which statements took effect.
/// lock_wait_timeout bounds metadata-lock waits, with retry and backoff as on PostgreSQL; GET_LOCK() names the
/// project tool's lock. cancel() is thread-safe: it sends KILL QUERY from a short-lived connection of its own.
class MySqlApplyRunner
{
public:
    struct Callbacks
    {
        std::function<void(const Progress &)> progress;
    };

    explicit MySqlApplyRunner(Callbacks callbacks = {});
    ApplyReport run(const ApplyRequest &request, const QStringList &lockNames = {});
    void cancel();

private:
    Callbacks m_callbacks;
    std::atomic<bool> m_cancelled{false};
    std::mutex m_mutex;
    ConnectionParams m_params; // guarded by m_mutex, for cancel()
    qint64 m_connectionId = -1; // guarded by m_mutex
};

} // namespace core::engine
