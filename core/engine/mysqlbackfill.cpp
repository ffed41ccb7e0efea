// SPDX-License-Identifier: GPL-3.0-or-later
#include "mysqlbackfill.h"

#include "core/logging.h"
#include "core/project/dbsession.h"

#include <QElapsedTimer>
#include <QThread>

using namespace Qt::StringLiterals;

namespace core::engine {

namespace {

QString quoted(const QString &identifier)
{
    QStringList parts = identifier.split(u'.');
    for (QString &p : parts)
        p = u'`' + QString(p).replace(u'`', u"``"_s) + u'`';
    return parts.join(u'.');
}

bool retryable(const Error &e)
{
    return e.sqlState == u"1205" || e.sqlState == u"1213"; // lock wait timeout, deadlock victim
}

} // namespace

MySqlBackfillRunner::MySqlBackfillRunner(ProgressFn progress)
    : m_progress(std::move(progress))
{
}

void MySqlBackfillRunner::cancel()
{
    m_cancelled.store(true);
}

Result<BackfillResult> MySqlBackfillRunner::run(const ConnectionParams &connection, const BackfillSpec &spec)
{
    m_cancelled.store(false);
    if (connection.dialect != Dialect::MySQL)
        return fail(Error::Code::InvalidArgument, u"the MySQL backfill runner needs a MySQL or MariaDB connection"_s);
    if (spec.maxReplicationLagMs > 0)
        return fail(Error::Code::Unsupported,
                    u"max-lag= needs the replicas' lag, which a MySQL/MariaDB primary does not report; "
                    "throttle with pause= instead"_s);
    BackfillResult result;
    QElapsedTimer clock;
    clock.start();
    auto opened = core::project::DbSession::open(connection);
    if (!opened)
        return std::unexpected(opened.error());
    core::project::DbSession &db = **opened;
    if (const auto id = db.query(u"SELECT CONNECTION_ID()"_s); id && !id->isEmpty())
        m_connectionId.store(id->first().value(0).toLongLong());
    const QString cp = QString::fromLatin1(BackfillRunner::checkpointTable);
    if (auto r = db.execScript(u"CREATE TABLE IF NOT EXISTS %1 (name VARCHAR(255) NOT NULL PRIMARY KEY, "
                               "table_name VARCHAR(255) NOT NULL, key_column VARCHAR(255) NOT NULL, "
                               "last_key BIGINT NOT NULL, rows_done BIGINT NOT NULL DEFAULT 0, "
                               "started_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), "
                               "updated_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), "
                               "finished_at TIMESTAMP(6) NULL) ENGINE=InnoDB"_s.arg(cp));
        !r)
        return std::unexpected(r.error());
    if (auto r = db.execScript(u"SET SESSION innodb_lock_wait_timeout = %1"_s.arg(std::max(1, lockWaitSeconds))); !r)
        return std::unexpected(r.error());

    BackfillProgress p;
    const auto range = db.query(u"SELECT MIN(%1), MAX(%1) FROM %2"_s.arg(quoted(spec.key), quoted(spec.table)));
    if (!range)
        return std::unexpected(range.error());
    if (range->isEmpty() || range->first().value(0).isNull()) {
        result.finished = true; // empty table
        return result;
    }
    p.minKey = range->first().value(0).toLongLong();
    p.maxKey = range->first().value(1).toLongLong();
    if (auto r = db.query(u"INSERT IGNORE INTO %1 (name, table_name, key_column, last_key) VALUES ($1, $2, $3, $4)"_s.arg(cp),
                          {spec.name, spec.table, spec.key, QString::number(p.minKey - 1)});
        !r)
        return std::unexpected(r.error());
    const auto row = db.query(u"SELECT last_key, rows_done, finished_at IS NOT NULL FROM %1 WHERE name = $1"_s.arg(cp),
                              {spec.name});
    if (!row || row->isEmpty())
        return std::unexpected(row ? Error::make(Error::Code::Sql, u"the checkpoint row is missing"_s) : row.error());
    p.lastKey = row->first().value(0).toLongLong();
    p.rowsDone = row->first().value(1).toLongLong();
    if (row->first().value(2) == u"1" && p.lastKey >= p.maxKey) {
        result.finished = true;
        result.rowsDone = p.rowsDone;
        return result;
    }

    const qint64 rowsAtStart = p.rowsDone;
    const qint64 keyAtStart = p.lastKey;
    while (p.lastKey < p.maxKey) {
        if (m_cancelled.load())
            break;
        const qint64 start = p.lastKey + 1;
        const qint64 end = std::min(p.maxKey, start + spec.batchSize - 1);
        QString sql = spec.sqlTemplate;
        sql.replace(u":start"_s, QString::number(start)).replace(u":end"_s, QString::number(end));
        qint64 affected = 0;
        for (int attempt = 1;; ++attempt) {
            // The batch and its checkpoint commit together, or neither does.
            auto step = [&]() -> Result<qint64> {
                if (auto r = db.execScript(u"START TRANSACTION"_s); !r)
                    return std::unexpected(r.error());
                // ROW_COUNT() right after the batch, in the same script: a prepared statement in between resets it.
                if (auto r = db.execScript(sql + u";\nSET @mwb_backfill_rows = ROW_COUNT()"_s); !r)
                    return std::unexpected(r.error());
                const auto count = db.query(u"SELECT @mwb_backfill_rows"_s);
                if (!count)
                    return std::unexpected(count.error());
                const qint64 n = std::max<qint64>(0, count->value(0).value(0).toLongLong());
                if (auto r = db.query(u"UPDATE %1 SET last_key = $1, rows_done = rows_done + $2, "
                                      "updated_at = CURRENT_TIMESTAMP(6) WHERE name = $3"_s.arg(cp),
                                      {QString::number(end), QString::number(n), spec.name});
                    !r)
                    return std::unexpected(r.error());
                if (auto r = db.execScript(u"COMMIT"_s); !r)
                    return std::unexpected(r.error());
                return n;
            };
            auto done = step();
            if (done) {
                affected = *done;
                break;
            }
            (void)db.execScript(u"ROLLBACK"_s);
            if (!retryable(done.error()) || attempt >= maxAttempts || m_cancelled.load()) {
                Error e = done.error();
                e.detail = u"backfill %1, keys %2–%3 (attempt %4): %5"_s.arg(spec.name).arg(start).arg(end).arg(attempt).arg(e.detail);
                return std::unexpected(e);
            }
            qCInfo(lcEngine) << "backfill" << spec.name << "batch" << start << end << "retried after" << done.error().detail;
            QThread::msleep(static_cast<unsigned long>(100 * attempt * attempt));
        }
        p.batchCommitted(end, affected, clock.elapsed(), rowsAtStart, keyAtStart);
        ++result.batches;
        if (m_progress)
            m_progress(p);
        if (spec.pauseMs > 0 && p.lastKey < p.maxKey)
            QThread::msleep(static_cast<unsigned long>(spec.pauseMs));
    }
    result.rowsDone = p.rowsDone;
    result.finished = p.lastKey >= p.maxKey;
    if (result.finished) {
        if (auto r = db.query(u"UPDATE %1 SET finished_at = CURRENT_TIMESTAMP(6) WHERE name = $1"_s.arg(cp), {spec.name}); !r)
            return std::unexpected(r.error());
    }
    result.elapsedMs = clock.elapsed();
    qCInfo(lcEngine) << "backfill" << spec.name << (result.finished ? "finished" : "paused") << "after" << result.rowsDone
                     << "rows";
    return result;
}

} // namespace core::engine
