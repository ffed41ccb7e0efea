// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine.h"

#include "backfillstep.h"
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
    // Backfill migrations (`-- mwb:backfill`) run through the batched runner between the ordinary migrations,
    // which go to the runner in segments; a rehearsal leaves them out (they commit batch by batch).
    QList<int> backfills;
    for (int i = 0; i < request.migrations.size(); ++i)
        if (backfillOf(request.migrations.at(i)))
            backfills << i;
    auto runSegment = [&](const ApplyRequest &segment, int offset) {
        const int total = int(request.migrations.size());
        const auto shifted = [&](const Progress &p) {
            Progress q = p;
            q.migrationIndex += offset;
            q.migrationCount = total;
            onProgress(q);
        };
        if (request.connection.dialect == Dialect::PostgreSQL) {
            PgApplyRunner runner({.progress = shifted, .notice = [&](const QString &message) { Q_EMIT notice(id, message); }});
            setRunning(id, [&runner] { runner.cancel(); });
            return runner.run(segment);
        }
        MySqlApplyRunner runner({.progress = shifted});
        setRunning(id, [&runner] { runner.cancel(); });
        return runner.run(segment, segment.mysqlLockNames);
    };
    ApplyReport report;
    if (backfills.isEmpty()) {
        report = runSegment(request, 0);
    } else {
        report.dryRun = request.options.dryRun;
        int from = 0;
        auto append = [&report](const ApplyReport &part) {
            report.migrations += part.migrations;
            report.notices += part.notices;
            report.cancelled = report.cancelled || part.cancelled;
            if (part.error && !report.error)
                report.error = part.error;
        };
        for (int b = 0; b <= backfills.size() && !report.error && !report.cancelled; ++b) {
            const int to = b < backfills.size() ? backfills.at(b) : int(request.migrations.size());
            if (to > from) {
                ApplyRequest segment = request;
                segment.migrations = request.migrations.mid(from, to - from);
                append(runSegment(segment, from));
                if (report.error || report.cancelled)
                    break;
            }
            if (b == backfills.size())
                break;
            const PlannedMigration &m = request.migrations.at(to);
            MigrationReport step;
            if (request.options.dryRun) {
                // Not rehearsed: it commits batch by batch. What follows depends on its data and on the
                // segment before it, which the rehearsal rolled back: not rehearsable either.
                for (int i = to; i < request.migrations.size(); ++i) {
                    MigrationReport skipped;
                    skipped.version = request.migrations.at(i).version;
                    skipped.name = request.migrations.at(i).name;
                    skipped.outcome = Outcome::NotRehearsable;
                    report.migrations << skipped;
                }
                break;
            } else {
                BackfillStep backfill(onProgress);
                setRunning(id, [&backfill] { backfill.cancel(); });
                const auto spec = backfillOf(m);
                if (const auto error = backfill.run(request, to, *spec, &step)) {
                    report.error = *error;
                    report.cancelled = error->code == Error::Code::Cancelled;
                }
            }
            report.migrations << step;
            from = to + 1;
        }
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
