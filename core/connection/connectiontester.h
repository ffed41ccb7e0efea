// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/connectionparams.h"
#include "core/dbprobe.h"
#include "core/error.h"

#include <QMetaType>
#include <QObject>

#include <atomic>
#include <memory>

class QThread;
class QTimer;

namespace core::connection {

/// The outcome of a test connection.
struct ConnectionTestResult
{
    bool ok = false;
    ServerInfo info; ///< when ok
    Error error; ///< when not ok
    ConnectionFailure failure = ConnectionFailure::None; ///< when not ok: which message to show
    qint64 elapsedMs = 0; ///< the whole test, connect included
};

/// Runs a test connection on a worker thread, never blocking the caller's (GUI) thread. One test at a time:
/// start() while running cancels the running one first. finished() is emitted exactly once per start(), on the
/// tester's thread: with the server's identity, or with the failure (wrong password, unreachable, TLS, timeout,
/// cancelled). cancel() and the time limit answer at once; the worker notices within ~50 ms (PostgreSQL) or
/// when the driver returns (MySQL/SQLite), and its late result is dropped. The destructor cancels and waits.
class ConnectionTester final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionTester)
public:
    explicit ConnectionTester(QObject *parent = nullptr);
    ~ConnectionTester() override;

    void start(const ConnectionParams &params, int timeoutMs = 10000);
    void cancel();
    bool isRunning() const { return m_state != nullptr; }

Q_SIGNALS:
    void finished(const core::connection::ConnectionTestResult &result);

private:
    struct State;
    void finish(ConnectionTestResult result);

    std::shared_ptr<State> m_state; ///< the running test, null when idle
    QList<QThread *> m_threads; ///< workers still running (cancelled ones finish in the background)
    QTimer *m_timer;
};

} // namespace core::connection

Q_DECLARE_METATYPE(core::connection::ConnectionTestResult)
