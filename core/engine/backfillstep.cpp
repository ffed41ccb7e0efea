// SPDX-License-Identifier: GPL-3.0-or-later
#include "backfillstep.h"

#include "mysqlbackfill.h"

#include "core/logging.h"
#include "core/project/dbsession.h"

#include <QElapsedTimer>
#include <QThread>

using namespace Qt::StringLiterals;

namespace core::engine {

std::optional<BackfillSpec> backfillOf(const PlannedMigration &migration)
{
    QString body;
    for (const PlannedStatement &s : migration.statements)
        body += s.sql + u'\n';
    if (!body.contains(u"mwb:backfill"_s))
        return std::nullopt;
    auto spec = parseBackfill(body);
    return spec ? std::optional(*spec) : std::nullopt;
}

BackfillStep::BackfillStep(ProgressFn progress)
    : m_progress(std::move(progress))
{
}

void BackfillStep::cancel()
{
    m_cancelled.store(true);
    std::lock_guard lock(m_mutex);
    if (m_cancelRunner)
        m_cancelRunner();
}

namespace {

// The workbench's own lock for the duration of the backfill: another workbench run must not apply meanwhile.
Result<void> takeWorkbenchLocks(project::DbSession &db, const ApplyRequest &request, const std::atomic<bool> &cancelled)
{
    QElapsedTimer waited;
    waited.start();
    const bool pg = db.dialect() == Dialect::PostgreSQL;
    const int count = int(pg ? request.options.advisoryLockKeys.size() : request.mysqlLockNames.size());
    for (int i = 0; i < count; ++i) {
        for (;;) {
            const auto got = pg ? db.query(u"SELECT pg_try_advisory_lock($1)"_s,
                                           {QString::number(request.options.advisoryLockKeys.at(i))})
                                : db.query(u"SELECT GET_LOCK($1, 0)"_s, {request.mysqlLockNames.at(i)});
            if (!got)
                return std::unexpected(got.error());
            const QString v = got->value(0).value(0);
            if (v == u"t" || v == u"1")
                break;
            if (waited.elapsed() >= request.options.advisoryLockWaitMs || cancelled.load())
                return fail(Error::Code::Timeout, u"gave up waiting for the migration lock: another run holds it"_s);
            QThread::msleep(200);
        }
    }
    return {};
}

} // namespace

std::optional<Error> BackfillStep::run(const ApplyRequest &request, int index, const BackfillSpec &spec,
                                       MigrationReport *report)
{
    const PlannedMigration &m = request.migrations.at(index);
    report->version = m.version;
    report->name = m.name;
    report->outcome = Outcome::Failed;
    QElapsedTimer clock;
    clock.start();
    auto opened = project::DbSession::open(request.connection);
    if (!opened)
        return opened.error();
    project::DbSession &db = **opened;
    const bool pg = db.dialect() == Dialect::PostgreSQL;
    if (auto locked = takeWorkbenchLocks(db, request, m_cancelled); !locked)
        return locked.error();
    const ApplyHooks &hooks = request.hooks;
    std::optional<Error> error;
    auto finish = [&] {
        if (hooks.finish)
            hooks.finish(db);
        (void)db.execScript(pg ? u"SELECT pg_advisory_unlock_all()"_s : u"SELECT RELEASE_ALL_LOCKS()"_s);
    };
    if (hooks.prepare) {
        if (auto r = hooks.prepare(db); !r) {
            finish();
            return r.error();
        }
    }
    if (hooks.appliedVersions) {
        const auto applied = hooks.appliedVersions(db);
        if (!applied) {
            finish();
            return applied.error();
        }
        if (applied->contains(m.version)) {
            report->outcome = Outcome::Skipped;
            finish();
            return std::nullopt;
        }
    }
    if (hooks.start) {
        if (auto r = hooks.start(db, m); !r) {
            finish();
            return r.error();
        }
    }
    const int count = int(request.migrations.size());
    auto onProgress = [this, index, count, &m, &clock](const BackfillProgress &p) {
        if (!m_progress)
            return;
        Progress out;
        out.migrationIndex = index;
        out.migrationCount = count;
        out.elapsedMs = clock.elapsed();
        const QString eta = p.etaMs >= 0 ? u", about %1 s left"_s.arg((p.etaMs + 999) / 1000) : QString();
        out.status = u"backfilling %1: %2 rows, %3% of the keys, %4 rows/s%5%6"_s.arg(m.version)
                         .arg(p.rowsDone)
                         .arg(int(p.fraction() * 100))
                         .arg(qint64(p.rowsPerSecond))
                         .arg(eta, p.throttled ? u" (waiting for replicas)"_s : QString());
        m_progress(out);
    };
    Result<BackfillResult> result = fail(Error::Code::Unknown, QString());
    if (pg) {
        BackfillRunner runner(onProgress);
        {
            std::lock_guard lock(m_mutex);
            m_cancelRunner = [&runner] { runner.cancel(); };
        }
        if (!m_cancelled.load())
            result = runner.run(request.connection, spec);
    } else {
        MySqlBackfillRunner runner(onProgress);
        {
            std::lock_guard lock(m_mutex);
            m_cancelRunner = [&runner] { runner.cancel(); };
        }
        if (!m_cancelled.load())
            result = runner.run(request.connection, spec);
    }
    {
        std::lock_guard lock(m_mutex);
        m_cancelRunner = nullptr;
    }
    report->elapsedMs = clock.elapsed();
    if (!result || !result->finished || m_cancelled.load()) {
        // Not done: the checkpoint keeps what committed; the history says the migration did not complete.
        const bool cancelled = m_cancelled.load() || (result && !result->finished);
        report->outcome = cancelled ? Outcome::Cancelled : Outcome::Failed;
        const Error e = result ? Error::make(Error::Code::Cancelled,
                                             u"backfill %1 paused after %2 rows; apply again to resume from its checkpoint"_s
                                                 .arg(spec.name)
                                                 .arg(result->rowsDone))
                               : result.error();
        if (hooks.recordFailed)
            (void)hooks.recordFailed(db, m, e.detail);
        finish();
        return e;
    }
    // The data step is done: record the migration in its own transaction, as for any non-transactional one.
    auto record = [&]() -> Result<void> {
        if (auto r = db.execScript(pg ? u"BEGIN"_s : u"START TRANSACTION"_s); !r)
            return r;
        if (hooks.begin)
            if (auto r = hooks.begin(db, m); !r)
                return r;
        if (hooks.recordApplied)
            if (auto r = hooks.recordApplied(db, m, report->elapsedMs); !r)
                return r;
        return db.execScript(u"COMMIT"_s);
    };
    if (auto r = record(); !r) {
        (void)db.execScript(u"ROLLBACK"_s);
        error = r.error();
    } else {
        report->outcome = Outcome::Applied;
        qCInfo(lcEngine) << "backfill migration" << m.version << "applied:" << result->rowsDone << "rows in"
                         << report->elapsedMs << "ms";
    }
    finish();
    return error;
}

} // namespace core::engine
