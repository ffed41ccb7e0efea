// SPDX-License-Identifier: GPL-3.0-or-later
#include "preflight.h"

#include "core/project/dbsession.h"

#include <pqxx/pqxx>

#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace core::engine {

namespace {

QString unquoted(QString name)
{
    name = name.trimmed();
    if (name.size() >= 2 && (name.front() == u'`' || name.front() == u'"') && name.back() == name.front())
        name = name.mid(1, name.size() - 2);
    return name;
}

// MySQL/MariaDB: metadata locks granted on the touched tables (performance_schema.metadata_locks on MySQL 8,
// information_schema.METADATA_LOCK_INFO where MariaDB's plugin is loaded), plus InnoDB transactions open for
// longer than `longTransactionMs` (each keeps the metadata locks of every table it touched until it ends, and
// any DDL on those tables waits behind it).
Result<QList<BlockingSession>> findMySqlBlockingSessions(const ConnectionParams &connection, const QStringList &tables,
                                                         qint64 longTransactionMs)
{
    auto session = project::DbSession::open(connection);
    if (!session)
        return std::unexpected(session.error());
    project::DbSession &db = **session;
    const QString current = db.database().toLower();
    QSet<QString> touched; // "schema.table", lower case
    for (const QString &t : tables) {
        const QString schema = t.contains(u'.') ? unquoted(t.section(u'.', 0, 0)) : current;
        touched.insert((schema + u'.' + unquoted(t.section(u'.', -1))).toLower());
    }

    QList<BlockingSession> out;
    QStringList unavailable;
    const QString age = u"COALESCE(TIMESTAMPDIFF(MICROSECOND, x.trx_started, NOW()) DIV 1000, 0)"_s;
    auto locks = db.query(u"SELECT t.PROCESSLIST_ID, COALESCE(t.PROCESSLIST_USER, ''), COALESCE(t.PROCESSLIST_COMMAND, ''), "
                          "m.OBJECT_SCHEMA, m.OBJECT_NAME, m.LOCK_TYPE, %1, LEFT(COALESCE(t.PROCESSLIST_INFO, ''), 200) "
                          "FROM performance_schema.metadata_locks m "
                          "JOIN performance_schema.threads t ON t.THREAD_ID = m.OWNER_THREAD_ID "
                          "LEFT JOIN information_schema.INNODB_TRX x ON x.trx_mysql_thread_id = t.PROCESSLIST_ID "
                          "WHERE m.OBJECT_TYPE = 'TABLE' AND m.LOCK_STATUS = 'GRANTED' "
                          "AND t.PROCESSLIST_ID IS NOT NULL AND t.PROCESSLIST_ID <> CONNECTION_ID()"_s.arg(age));
    if (!locks) {
        unavailable.append(locks.error().detail);
        locks = db.query(u"SELECT l.THREAD_ID, COALESCE(p.USER, ''), COALESCE(p.COMMAND, ''), l.TABLE_SCHEMA, l.TABLE_NAME, "
                         "l.LOCK_MODE, %1, LEFT(COALESCE(p.INFO, ''), 200) "
                         "FROM information_schema.METADATA_LOCK_INFO l "
                         "LEFT JOIN information_schema.PROCESSLIST p ON p.ID = l.THREAD_ID "
                         "LEFT JOIN information_schema.INNODB_TRX x ON x.trx_mysql_thread_id = l.THREAD_ID "
                         "WHERE l.THREAD_ID <> CONNECTION_ID() AND l.TABLE_NAME <> ''"_s.arg(age));
        if (!locks)
            unavailable.append(locks.error().detail);
    }
    if (locks) {
        for (const project::Row &r : *locks) {
            const QString schema = r.at(3);
            const QString table = r.at(4);
            if (!touched.contains((schema + u'.' + table).toLower()))
                continue;
            BlockingSession b;
            b.pid = r.at(0).toInt();
            b.user = r.at(1);
            b.state = r.at(2);
            b.relation = schema.compare(current, Qt::CaseInsensitive) == 0 ? table : schema + u'.' + table;
            b.mode = r.at(5);
            b.transactionAgeMs = r.at(6).toLongLong();
            b.query = r.at(7);
            out.append(b);
        }
    }
    const auto transactions = db.query(
        u"SELECT p.ID, COALESCE(p.USER, ''), COALESCE(p.COMMAND, ''), %1, LEFT(COALESCE(p.INFO, ''), 200) "
        "FROM information_schema.INNODB_TRX x JOIN information_schema.PROCESSLIST p ON p.ID = x.trx_mysql_thread_id "
        "WHERE p.ID <> CONNECTION_ID() AND x.trx_started < NOW(6) - INTERVAL $1 MICROSECOND"_s.arg(age),
        {QString::number(longTransactionMs * 1000)});
    if (!transactions && !locks)
        return fail(transactions.error().code, unavailable.join(u"; "_s) + u"; "_s + transactions.error().detail);
    if (transactions) {
        for (const project::Row &r : *transactions) {
            const int pid = r.at(0).toInt();
            if (std::any_of(out.cbegin(), out.cend(), [pid](const BlockingSession &o) { return o.pid == pid; }))
                continue; // listed already for a lock on a touched table
            BlockingSession b;
            b.pid = pid;
            b.user = r.at(1);
            b.state = r.at(2);
            b.transactionAgeMs = r.at(3).toLongLong();
            b.query = r.at(4);
            out.append(b);
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const BlockingSession &a, const BlockingSession &b) {
        return a.transactionAgeMs != b.transactionAgeMs ? a.transactionAgeMs > b.transactionAgeMs : a.pid < b.pid;
    });
    return out;
}

} // namespace

Result<QList<BlockingSession>> findBlockingSessions(const ConnectionParams &connection, const QStringList &tables,
                                                    qint64 longTransactionMs)
{
    if (connection.dialect == Dialect::MySQL)
        return findMySqlBlockingSessions(connection, tables, longTransactionMs);
    if (connection.dialect != Dialect::PostgreSQL)
        return fail(Error::Code::Unsupported, u"blocking sessions are read on PostgreSQL and MySQL/MariaDB"_s);
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
