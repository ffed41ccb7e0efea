// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "applytypes.h"

#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <mutex>

namespace pqxx {
class connection;
}

namespace core::engine {

class ProgressMonitor;

/// Applies (or rehearses) planned migrations on PostgreSQL through libpqxx. Synchronous: it runs on the
/// engine's thread and owns its connection there. Every libpqxx exception is caught inside; run() never
/// throws. cancel() is the only member that may be called from another thread.
class PgApplyRunner
{
public:
    struct Callbacks
    {
        std::function<void(const Progress &)> progress;
        std::function<void(const QString &)> notice;
    };

    explicit PgApplyRunner(Callbacks callbacks = {});
    ~PgApplyRunner();
    PgApplyRunner(const PgApplyRunner &) = delete;
    PgApplyRunner &operator=(const PgApplyRunner &) = delete;

    ApplyReport run(const ApplyRequest &request);

    /// Thread-safe: stops between statements, and cancels the statement running now (libpq cancel request).
    void cancel();
    bool isCancelled() const { return m_cancelled.load(); }

private:
    struct Run;
    void report(Run &run, const QString &status);
    bool pause(int ms); ///< false when cancelled meanwhile
    std::unique_ptr<ProgressMonitor> monitorFor(Run &run, const QString &sql, pqxx::connection &conn, const QString &label,
                                                qsizetype index, qsizetype count);

    Callbacks m_callbacks;
    std::atomic<bool> m_cancelled{false};
    std::mutex m_connectionMutex; // guards m_connection against cancel() from another thread
    pqxx::connection *m_connection = nullptr;
    std::mutex m_reportMutex;
    std::string m_conninfo;
};

} // namespace core::engine
