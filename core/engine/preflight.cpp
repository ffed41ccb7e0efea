// SPDX-License-Identifier: GPL-3.0-or-later
#include "preflight.h"

#include <pqxx/pqxx>

using namespace Qt::StringLiterals;

namespace core::engine {

Result<QList<BlockingSession>> findBlockingSessions(const ConnectionParams &connection, const QStringList &tables,
                                                    qint64 longTransactionMs)
{
    QList<BlockingSession> out;
    try {
        pqxx::connection conn{connection.toLibpqConninfo().toStdString()};
        pqxx::read_transaction tx{conn};
        std::vector<std::string> names;
        for (const QString &t : tables)
            names.push_back(t.toStdString());
        const auto rows = tx.exec(
            pqxx::zview(
                "WITH touched AS (SELECT to_regclass(n) AS oid FROM unnest($1::text[]) AS n) "
                "SELECT a.pid, COALESCE(a.application_name, ''), COALESCE(a.usename::text, ''), COALESCE(a.state, ''), "
                "  COALESCE(c.relname::text, ''), COALESCE(l.mode, ''), "
                "  COALESCE((EXTRACT(EPOCH FROM now() - a.xact_start) * 1000)::bigint, 0), left(COALESCE(a.query, ''), 200) "
                "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid JOIN pg_class c ON c.oid = l.relation "
                "WHERE l.granted AND l.locktype = 'relation' AND a.pid <> pg_backend_pid() "
                "  AND l.relation IN (SELECT oid FROM touched WHERE oid IS NOT NULL) "
                "UNION ALL "
                "SELECT a.pid, COALESCE(a.application_name, ''), COALESCE(a.usename::text, ''), COALESCE(a.state, ''), '', '', "
                "  (EXTRACT(EPOCH FROM now() - a.xact_start) * 1000)::bigint, left(COALESCE(a.query, ''), 200) "
                "FROM pg_stat_activity a WHERE a.pid <> pg_backend_pid() AND a.xact_start IS NOT NULL "
                "  AND a.state LIKE 'idle in transaction%' AND now() - a.xact_start > make_interval(secs => $2 / 1000.0) "
                "  AND a.datname = current_database() "
                "ORDER BY 7 DESC, 1"),
            pqxx::params{names, static_cast<double>(longTransactionMs)});
        for (const auto &r : rows) {
            BlockingSession b;
            b.pid = r[0].as<int>();
            b.application = QString::fromStdString(r[1].as<std::string>());
            b.user = QString::fromStdString(r[2].as<std::string>());
            b.state = QString::fromStdString(r[3].as<std::string>());
            b.relation = QString::fromStdString(r[4].as<std::string>());
            b.mode = QString::fromStdString(r[5].as<std::string>());
            b.transactionAgeMs = r[6].as<qint64>();
            b.query = QString::fromStdString(r[7].as<std::string>());
            // A session listed for a table lock need not be listed again as a long transaction.
            const bool duplicate = b.relation.isEmpty()
                && std::any_of(out.cbegin(), out.cend(), [&b](const BlockingSession &o) { return o.pid == b.pid; });
            if (!duplicate)
                out.append(b);
        }
    } catch (const pqxx::sql_error &e) {
        return fail(Error::Code::Sql, QString::fromStdString(e.what()).trimmed(), QString::fromStdString(e.sqlstate()));
    } catch (const std::exception &e) {
        return fail(Error::Code::ConnectionFailed, QString::fromStdString(e.what()).trimmed());
    }
    return out;
}

} // namespace core::engine
