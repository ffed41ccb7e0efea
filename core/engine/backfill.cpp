// SPDX-License-Identifier: GPL-3.0-or-later
#include "backfill.h"

#include "core/logging.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QThread>

#include <pqxx/pqxx>

using namespace Qt::StringLiterals;

namespace core::engine {

namespace {

int parseDurationMs(const QString &text, bool *ok)
{
    static const QRegularExpression re(uR"(^(\d+)(ms|s|m)?$)"_s);
    const auto m = re.match(text.trimmed());
    *ok = m.hasMatch();
    if (!*ok)
        return 0;
    const int n = m.captured(1).toInt();
    const QString unit = m.captured(2);
    return unit == u"s" ? n * 1000 : unit == u"m" ? n * 60000 : n;
}

bool isIdentifier(const QString &s)
{
    static const QRegularExpression re(uR"(^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$)"_s);
    return re.match(s).hasMatch();
}

} // namespace

Result<BackfillSpec> parseBackfill(const QString &migrationSql)
{
    static const QRegularExpression header(uR"(^\s*--\s*mwb:backfill\b(.*)$)"_s, QRegularExpression::MultilineOption);
    const auto m = header.match(migrationSql);
    if (!m.hasMatch())
        return fail(Error::Code::InvalidArgument, u"no '-- mwb:backfill' header"_s);
    BackfillSpec spec;
    const QStringList pairs = m.captured(1).split(u' ', Qt::SkipEmptyParts);
    for (const QString &pair : pairs) {
        const qsizetype eq = pair.indexOf(u'=');
        if (eq <= 0)
            return fail(Error::Code::InvalidArgument, u"backfill header: expected key=value, got '%1'"_s.arg(pair));
        const QString key = pair.left(eq);
        const QString value = pair.mid(eq + 1);
        bool ok = true;
        if (key == u"table")
            spec.table = value;
        else if (key == u"key")
            spec.key = value;
        else if (key == u"name")
            spec.name = value;
        else if (key == u"batch")
            spec.batchSize = value.toLongLong(&ok);
        else if (key == u"pause")
            spec.pauseMs = parseDurationMs(value, &ok);
        else if (key == u"max-lag")
            spec.maxReplicationLagMs = parseDurationMs(value, &ok);
        else
            return fail(Error::Code::InvalidArgument, u"backfill header: unknown setting '%1'"_s.arg(key));
        if (!ok)
            return fail(Error::Code::InvalidArgument, u"backfill header: invalid value for %1: '%2'"_s.arg(key, value));
    }
    if (!isIdentifier(spec.table))
        return fail(Error::Code::InvalidArgument, u"backfill header: table= must name a table"_s);
    if (!isIdentifier(spec.key) || spec.key.contains(u'.'))
        return fail(Error::Code::InvalidArgument, u"backfill header: key= must name an integer key column"_s);
    if (spec.batchSize <= 0)
        return fail(Error::Code::InvalidArgument, u"backfill header: batch= must be positive"_s);
    if (spec.name.isEmpty())
        spec.name = spec.table + u'.' + spec.key;
    spec.sqlTemplate = migrationSql.mid(m.capturedEnd()).trimmed();
    while (spec.sqlTemplate.endsWith(u';'))
        spec.sqlTemplate.chop(1);
    if (!spec.sqlTemplate.contains(u":start"_s) || !spec.sqlTemplate.contains(u":end"_s))
        return fail(Error::Code::InvalidArgument,
                    u"the backfill statement must restrict itself to the batch with :start and :end "
                    "(e.g. WHERE id BETWEEN :start AND :end)"_s);
    return spec;
}

void BackfillProgress::batchCommitted(qint64 end, qint64 affected, qint64 elapsedMs, qint64 rowsAtStart, qint64 keyAtStart)
{
    lastKey = end;
    rowsDone += affected;
    const double seconds = double(std::max<qint64>(1, elapsedMs)) / 1000.0;
    rowsPerSecond = double(rowsDone - rowsAtStart) / seconds;
    const double keysPerSecond = double(lastKey - keyAtStart) / seconds;
    etaMs = keysPerSecond > 0 ? qint64(double(maxKey - lastKey) / keysPerSecond * 1000.0) : -1;
}

BackfillRunner::BackfillRunner(ProgressFn progress)
    : m_progress(std::move(progress))
{
}

void BackfillRunner::cancel()
{
    m_cancelled.store(true);
    // The batch in flight is left to finish: it is short, and committing it keeps the checkpoint exact.
}

Result<BackfillResult> BackfillRunner::run(const ConnectionParams &connection, const BackfillSpec &spec)
{
    m_cancelled.store(false);
    BackfillResult result;
    QElapsedTimer clock;
    clock.start();
    try {
        pqxx::connection conn{connection.toLibpqConninfo().toStdString()};
        const std::string cp = checkpointTable;
        {
            pqxx::nontransaction tx{conn};
            tx.exec("CREATE TABLE IF NOT EXISTS " + cp
                    + " (name text PRIMARY KEY, table_name text NOT NULL, key_column text NOT NULL, "
                      "last_key bigint NOT NULL, rows_done bigint NOT NULL DEFAULT 0, started_at timestamptz NOT NULL "
                      "DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), finished_at timestamptz)");
        }
        BackfillProgress p;
        {
            pqxx::work tx{conn};
            const auto range = tx.exec("SELECT min(" + tx.quote_name(spec.key.toStdString()) + ")::bigint, max("
                                       + tx.quote_name(spec.key.toStdString()) + ")::bigint FROM "
                                       + spec.table.toStdString())
                                   .one_row();
            if (range[0].is_null()) {
                result.finished = true;
                return result; // empty table
            }
            p.minKey = range[0].as<qint64>();
            p.maxKey = range[1].as<qint64>();
            tx.exec(pqxx::zview("INSERT INTO " + cp + " (name, table_name, key_column, last_key) VALUES ($1, $2, $3, $4) "
                                "ON CONFLICT (name) DO NOTHING"),
                    pqxx::params{spec.name.toStdString(), spec.table.toStdString(), spec.key.toStdString(), p.minKey - 1});
            const auto row = tx.exec(pqxx::zview("SELECT last_key, rows_done, finished_at IS NOT NULL FROM " + cp + " WHERE name = $1"),
                                     pqxx::params{spec.name.toStdString()})
                                 .one_row();
            p.lastKey = row[0].as<qint64>();
            p.rowsDone = row[1].as<qint64>();
            tx.commit();
            if (row[2].as<bool>() && p.lastKey >= p.maxKey) {
                result.finished = true;
                result.rowsDone = p.rowsDone;
                return result;
            }
        }
        const qint64 rowsAtStart = p.rowsDone;
        const qint64 keyAtStart = p.lastKey;
        while (p.lastKey < p.maxKey) {
            if (m_cancelled.load())
                break;
            if (spec.maxReplicationLagMs > 0) {
                // Throttle while any replica replays more than the allowed lag behind.
                for (;;) {
                    pqxx::nontransaction tx{conn};
                    const auto lag = tx.exec("SELECT COALESCE(max(EXTRACT(EPOCH FROM replay_lag) * 1000), 0)::bigint FROM pg_stat_replication")
                                         .one_field()
                                         .as<qint64>();
                    p.throttled = lag > spec.maxReplicationLagMs;
                    if (!p.throttled || m_cancelled.load())
                        break;
                    if (m_progress)
                        m_progress(p);
                    QThread::msleep(200);
                }
            }
            const qint64 start = p.lastKey + 1;
            const qint64 end = std::min(p.maxKey, start + spec.batchSize - 1);
            QString sql = spec.sqlTemplate;
            sql.replace(u":start"_s, QString::number(start)).replace(u":end"_s, QString::number(end));
            pqxx::work tx{conn};
            const auto r = tx.exec(sql.toStdString());
            const qint64 affected = r.affected_rows();
            tx.exec(pqxx::zview("UPDATE " + cp + " SET last_key = $2, rows_done = rows_done + $3, updated_at = now() WHERE name = $1"),
                    pqxx::params{spec.name.toStdString(), end, affected});
            tx.commit();
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
            pqxx::work tx{conn};
            tx.exec(pqxx::zview("UPDATE " + cp + " SET finished_at = now() WHERE name = $1"), pqxx::params{spec.name.toStdString()});
            tx.commit();
        }
    } catch (const pqxx::sql_error &e) {
        return fail(Error::Code::Sql, QString::fromStdString(e.what()).trimmed(), QString::fromStdString(e.sqlstate()));
    } catch (const std::exception &e) {
        return fail(Error::Code::ConnectionFailed, QString::fromStdString(e.what()).trimmed());
    }
    result.elapsedMs = clock.elapsed();
    qCInfo(lcEngine) << "backfill" << spec.name << (result.finished ? "finished" : "paused") << "after" << result.rowsDone
                     << "rows";
    return result;
}

} // namespace core::engine
