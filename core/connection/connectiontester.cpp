// SPDX-License-Identifier: GPL-3.0-or-later
#include "connectiontester.h"

#include "core/logging.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QThread>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace core::connection {

struct ConnectionTester::State
{
    std::atomic<bool> cancel{false};
    QMutex mutex;
    std::optional<Result<ServerInfo>> result; ///< written by the worker under mutex
    QElapsedTimer elapsed;
    int timeoutMs = 0;
};

ConnectionTester::ConnectionTester(QObject *parent)
    : QObject(parent)
    , m_timer(new QTimer(this))
{
    qRegisterMetaType<ConnectionTestResult>();
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, [this] {
        if (!m_state)
            return;
        m_state->cancel = true;
        ConnectionTestResult r;
        r.error = Error::make(Error::Code::Timeout, u"no answer within %1 ms"_s.arg(m_state->timeoutMs));
        r.failure = ConnectionFailure::Timeout;
        r.elapsedMs = m_state->elapsed.elapsed();
        finish(r);
    });
}

ConnectionTester::~ConnectionTester()
{
    if (m_state)
        m_state->cancel = true;
    for (QThread *thread : std::as_const(m_threads)) {
        thread->wait();
        delete thread;
    }
}

void ConnectionTester::start(const ConnectionParams &params, int timeoutMs)
{
    if (m_state)
        cancel();
    auto state = std::make_shared<State>();
    state->timeoutMs = std::max(timeoutMs, 1);
    state->elapsed.start();
    m_state = state;
    // The worker gets its own copy of everything; it never touches this object.
    QThread *thread = QThread::create([state, params] {
        ProbeOptions options;
        options.timeoutMs = state->timeoutMs;
        options.cancel = &state->cancel;
        auto result = probe(params, options);
        QMutexLocker lock(&state->mutex);
        state->result = std::move(result);
    });
    thread->setObjectName(u"mwb-test-connection"_s);
    connect(thread, &QThread::finished, this, [this, state, thread] {
        m_threads.removeAll(thread);
        thread->deleteLater();
        if (m_state != state)
            return; // cancelled or timed out: already reported
        std::optional<Result<ServerInfo>> result;
        {
            QMutexLocker lock(&state->mutex);
            result = std::move(state->result);
        }
        ConnectionTestResult r;
        r.elapsedMs = state->elapsed.elapsed();
        if (result && *result) {
            r.ok = true;
            r.info = **result;
        } else {
            r.error = result ? result->error() : Error::make(Error::Code::Unknown, u"the test ended without a result"_s);
            r.failure = classifyFailure(r.error);
        }
        finish(r);
    });
    m_threads.append(thread);
    m_timer->start(state->timeoutMs + 250); // the worker's own limit normally answers first
    thread->start();
}

void ConnectionTester::cancel()
{
    if (!m_state)
        return;
    m_state->cancel = true;
    ConnectionTestResult r;
    r.error = Error::make(Error::Code::Cancelled, u"the test connection was cancelled"_s);
    r.failure = ConnectionFailure::Cancelled;
    r.elapsedMs = m_state->elapsed.elapsed();
    finish(r);
}

void ConnectionTester::finish(ConnectionTestResult result)
{
    m_timer->stop();
    m_state.reset();
    if (!result.ok)
        qCInfo(lcDb) << "test connection failed:" << failureName(result.failure) << result.error;
    Q_EMIT finished(result);
}

} // namespace core::connection
