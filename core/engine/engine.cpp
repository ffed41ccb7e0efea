// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine.h"

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
    if (request.connection.dialect != Dialect::PostgreSQL) {
        ApplyReport report;
        report.error = Error::make(Error::Code::Unsupported, u"applying to %1 is not supported yet"_s.arg(dialectName(request.connection.dialect)));
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
    PgApplyRunner runner({
        .progress =
            [&](const Progress &p) {
                pending = p;
                hasPending = true;
                if (!sinceLast.isValid() || sinceLast.elapsed() >= 100)
                    flush();
            },
        .notice = [&](const QString &message) { Q_EMIT notice(id, message); },
    });
    {
        std::lock_guard lock(m_mutex);
        m_running = &runner;
        m_runningId = id;
    }
    qCInfo(lcEngine) << (request.options.dryRun ? "rehearsing" : "applying") << request.migrations.size()
                     << "migrations on" << request.connection.toRedactedUrl();
    const ApplyReport report = runner.run(request);
    {
        std::lock_guard lock(m_mutex);
        m_running = nullptr;
        m_runningId = {};
    }
    flush();
    if (report.error)
        qCWarning(lcEngine) << "run stopped:" << *report.error;
    Q_EMIT finished(id, report);
}

void Engine::cancel(RequestId id)
{
    std::lock_guard lock(m_mutex);
    if (m_running && m_runningId == id)
        m_running->cancel();
    else
        m_cancelledIds.append(id.value);
}

} // namespace core::engine
