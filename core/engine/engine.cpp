// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine.h"

#include "mysqlapplyrunner.h"
#include "pgapplyrunner.h"

#include "core/logging.h"

#include <QElapsedTimer>

using namespace Qt::StringLiterals;

namespace core::engine {

Engine::Engine(QObject *parent)
    : QObject(parent)
{
}

Engine::~Engine() = default;

void Engine::apply(RequestId id, const ApplyRequest &request)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_cancelledIds.removeAll(id.value) > 0) {
            ApplyReport report;
            report.cancelled = true;
            report.error = Error::make(Error::Code::Cancelled, u"cancelled before it started"_s);
            Q_EMIT finished(id, report);
            return;
        }
    }
    if (request.connection.dialect == Dialect::SQLite) {
        ApplyReport report;
        report.error = Error::make(Error::Code::Unsupported, u"applying to SQLite is not supported yet"_s);
        Q_EMIT finished(id, report);
        return;
    }

    // Progress is throttled to 10 Hz: the first and the last update always go out.
    QElapsedTimer sinceLast;
    Progress pending;
    bool hasPending = false;
    auto flush = [&] {
        if (hasPending) {
            Q_EMIT progress(id, pending);
            hasPending = false;
            sinceLast.restart();
        }
    };
    std::mutex progressMutex; // the runner's progress monitor reports from a thread of its own
    const auto onProgress = [&](const Progress &p) {
        std::lock_guard lock(progressMutex);
        pending = p;
        hasPending = true;
        if (!sinceLast.isValid() || sinceLast.elapsed() >= 100)
            flush();
    };
    qCInfo(lcEngine) << (request.options.dryRun ? "rehearsing" : "applying") << request.migrations.size()
                     << "migrations on" << request.connection.toRedactedUrl();
    ApplyReport report;
    if (request.connection.dialect == Dialect::PostgreSQL) {
        PgApplyRunner runner({.progress = onProgress, .notice = [&](const QString &message) { Q_EMIT notice(id, message); }});
        setRunning(id, [&runner] { runner.cancel(); });
        report = runner.run(request);
    } else {
        MySqlApplyRunner runner({.progress = onProgress});
        setRunning(id, [&runner] { runner.cancel(); });
        report = runner.run(request, request.mysqlLockNames);
    }
    setRunning({}, {});
    {
        std::lock_guard lock(progressMutex);
        flush();
    }
    if (report.error)
        qCWarning(lcEngine) << "run stopped:" << *report.error;
    Q_EMIT finished(id, report);
}

void Engine::setRunning(RequestId id, std::function<void()> cancel)
{
    std::lock_guard lock(m_mutex);
    m_runningId = id;
    m_cancelRunning = std::move(cancel);
}

void Engine::cancel(RequestId id)
{
    std::lock_guard lock(m_mutex);
    if (m_cancelRunning && m_runningId == id)
        m_cancelRunning();
    else
        m_cancelledIds.append(id.value);
}

} // namespace core::engine
