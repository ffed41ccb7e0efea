// SPDX-License-Identifier: GPL-3.0-or-later
#include "dbprobe.h"

#include "logging.h"

#include <QAtomicInteger>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <pqxx/pqxx>

#include <poll.h>

using namespace Qt::StringLiterals;

namespace core {

namespace {

QString fromStd(const std::string &s)
{
    return QString::fromStdString(s).trimmed();
}

bool looksLikeAuthFailure(QStringView message)
{
    return message.contains(u"password authentication failed"_s) || message.contains(u"no password supplied"_s)
        || message.contains(u"authentication failed"_s) || message.contains(u"Access denied"_s);
}

bool looksLikeTlsFailure(QStringView message)
{
    return message.contains(u"SSL"_s, Qt::CaseInsensitive) || message.contains(u"TLS"_s)
        || message.contains(u"certificate"_s, Qt::CaseInsensitive);
}

constexpr auto pgInfoQuery =
    "SELECT current_setting('server_version'), current_setting('server_version_num')::int, current_user, "
    "current_database(), pg_is_in_recovery(), "
    "coalesce(has_schema_privilege(current_schema(), 'CREATE'), false) AND NOT pg_is_in_recovery() "
    "AND current_setting('default_transaction_read_only') = 'off'";

ServerInfo readPgInfo(pqxx::connection &conn, int statementTimeoutMs)
{
    pqxx::nontransaction tx{conn};
    tx.exec("SET statement_timeout = " + std::to_string(std::max(statementTimeoutMs, 1)));
    QElapsedTimer rtt;
    rtt.start();
    tx.exec("SELECT 1").one_row();
    const double roundTrip = double(rtt.nsecsElapsed()) / 1e6;
    const auto row = tx.exec(pgInfoQuery).one_row();
    ServerInfo info;
    info.product = u"PostgreSQL"_s;
    info.version = fromStd(row[0].as<std::string>()).section(u' ', 0, 0);
    info.versionNumber = row[1].as<int>();
    info.currentUser = fromStd(row[2].as<std::string>());
    info.database = fromStd(row[3].as<std::string>());
    info.inRecovery = row[4].as<bool>();
    info.canCreateTables = row[5].as<bool>();
    info.roundTripMs = roundTrip;
    return info;
}

Result<ServerInfo> probePostgres(const ConnectionParams &params, const ProbeOptions &options)
{
    const QDeadlineTimer deadline(std::max(options.timeoutMs, 1));
    auto cancelled = [&options] { return options.cancel && options.cancel->load(); };
    qCDebug(lcDb) << "probe of" << params.toRedactedUrl();
    try {
        pqxx::connecting connecting{params.toLibpqConninfo().toStdString()};
        bool ready = true; // the first poll step runs at once
        while (!connecting.done()) {
            if (cancelled())
                return fail(Error::Code::Cancelled, u"the test connection was cancelled"_s);
            if (deadline.hasExpired())
                return fail(Error::Code::Timeout,
                            u"no answer from %1 within %2 ms"_s.arg(params.toRedactedUrl()).arg(options.timeoutMs));
            if (ready || connecting.sock() < 0) {
                connecting.process();
                ready = false;
                continue;
            }
            pollfd pfd{};
            pfd.fd = connecting.sock();
            pfd.events = short((connecting.wait_to_read() ? POLLIN : 0) | (connecting.wait_to_write() ? POLLOUT : 0));
            const int wait = int(std::min<qint64>(50, std::max<qint64>(deadline.remainingTime(), 0)));
            const int n = ::poll(&pfd, 1, wait);
            ready = n != 0; // ready, or an error the next process() reports
        }
        pqxx::connection conn = std::move(connecting).produce();
        if (cancelled())
            return fail(Error::Code::Cancelled, u"the test connection was cancelled"_s);
        const qint64 remaining = deadline.remainingTime();
        if (remaining == 0)
            return fail(Error::Code::Timeout, u"the time limit ran out after connecting"_s);
        return readPgInfo(conn, int(std::min<qint64>(remaining, 60000)));
    } catch (const pqxx::broken_connection &e) {
        const QString message = fromStd(e.what());
        return fail(looksLikeAuthFailure(message) ? Error::Code::AuthenticationFailed : Error::Code::ConnectionFailed,
                    message);
    } catch (const pqxx::sql_error &e) {
        const QString state = QString::fromStdString(e.sqlstate());
        if (state == u"57014")
            return fail(Error::Code::Timeout, fromStd(e.what()), state);
        if (state == u"28P01" || state == u"28000")
            return fail(Error::Code::AuthenticationFailed, fromStd(e.what()), state);
        return fail(Error::Code::Sql, fromStd(e.what()), state);
    } catch (const std::exception &e) {
        return fail(Error::Code::Unknown, fromStd(e.what()));
    }
}

} // namespace

QString qtSqlDriver(Dialect dialect)
{
    switch (dialect) {
    case Dialect::PostgreSQL:
        return u"QPSQL"_s;
    case Dialect::MySQL:
        return u"QMYSQL"_s;
    case Dialect::SQLite:
        return u"QSQLITE"_s;
    }
    return {};
}

Result<ServerInfo> probeWithLibpqxx(const ConnectionParams &params, int connectTimeoutSeconds)
{
    if (params.dialect != Dialect::PostgreSQL)
        return fail(Error::Code::InvalidArgument, u"libpqxx connects to PostgreSQL only"_s);
    ConnectionParams p = params;
    if (p.option(u"connect_timeout"_s).isEmpty())
        p.options.append({u"connect_timeout"_s, QString::number(connectTimeoutSeconds)});
    qCDebug(lcDb) << "libpqxx probe of" << p.toRedactedUrl();
    try {
        pqxx::connection conn{p.toLibpqConninfo().toStdString()};
        pqxx::read_transaction tx{conn};
        const auto row = tx.exec(
                               "SELECT current_setting('server_version'), current_setting('server_version_num')::int, "
                               "current_user, current_database(), pg_is_in_recovery()")
                             .one_row();
        ServerInfo info;
        info.product = u"PostgreSQL"_s;
        info.version = fromStd(row[0].as<std::string>()).section(u' ', 0, 0);
        info.versionNumber = row[1].as<int>();
        info.currentUser = fromStd(row[2].as<std::string>());
        info.database = fromStd(row[3].as<std::string>());
        info.inRecovery = row[4].as<bool>();
        tx.commit();
        return info;
    } catch (const pqxx::broken_connection &e) {
        const QString message = fromStd(e.what());
        return fail(looksLikeAuthFailure(message) ? Error::Code::AuthenticationFailed : Error::Code::ConnectionFailed,
                    message);
    } catch (const pqxx::sql_error &e) {
        return fail(Error::Code::Sql, fromStd(e.what()), QString::fromStdString(e.sqlstate()));
    } catch (const std::exception &e) {
        return fail(Error::Code::Unknown, fromStd(e.what()));
    }
}

Result<ServerInfo> probe(const ConnectionParams &params, const ProbeOptions &options)
{
    if (params.dialect == Dialect::PostgreSQL)
        return probePostgres(params, options);
    if (options.cancel && options.cancel->load())
        return fail(Error::Code::Cancelled, u"the test connection was cancelled"_s);
    QElapsedTimer elapsed;
    elapsed.start();
    auto result = probeWithQtSql(params, std::max(1, (options.timeoutMs + 999) / 1000));
    if (options.cancel && options.cancel->load())
        return fail(Error::Code::Cancelled, u"the test connection was cancelled"_s);
    if (!result && result.error().code == Error::Code::ConnectionFailed && elapsed.elapsed() >= options.timeoutMs
        && !looksLikeTlsFailure(result.error().detail))
        return fail(Error::Code::Timeout, result.error().detail);
    return result;
}

ConnectionFailure classifyFailure(const Error &error)
{
    switch (error.code) {
    case Error::Code::AuthenticationFailed:
        return ConnectionFailure::WrongPassword;
    case Error::Code::Timeout:
        return ConnectionFailure::Timeout;
    case Error::Code::Cancelled:
        return ConnectionFailure::Cancelled;
    case Error::Code::ConnectionFailed:
        if (looksLikeAuthFailure(error.detail))
            return ConnectionFailure::WrongPassword;
        if (looksLikeTlsFailure(error.detail))
            return ConnectionFailure::Tls;
        if (error.detail.contains(u"timeout expired"_s) || error.detail.contains(u"timed out"_s))
            return ConnectionFailure::Timeout;
        return ConnectionFailure::Unreachable;
    default:
        return ConnectionFailure::Other;
    }
}

QString failureName(ConnectionFailure failure)
{
    switch (failure) {
    case ConnectionFailure::None:
        return u"none"_s;
    case ConnectionFailure::WrongPassword:
        return u"wrong-password"_s;
    case ConnectionFailure::Unreachable:
        return u"unreachable"_s;
    case ConnectionFailure::Tls:
        return u"tls"_s;
    case ConnectionFailure::Timeout:
        return u"timeout"_s;
    case ConnectionFailure::Cancelled:
        return u"cancelled"_s;
    case ConnectionFailure::Other:
        return u"other"_s;
    }
    return {};
}

Result<ServerInfo> probeWithQtSql(const ConnectionParams &params, int connectTimeoutSeconds)
{
    static QAtomicInteger<quint64> s_counter;
    const QString name = u"mwb-probe-%1"_s.arg(s_counter.fetchAndAddRelaxed(1));
    Result<ServerInfo> result = fail(Error::Code::Unknown, u"not connected"_s);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(qtSqlDriver(params.dialect), name);
        if (!db.isValid()) {
            result = fail(Error::Code::Unsupported,
                          u"the Qt SQL driver %1 is not available"_s.arg(qtSqlDriver(params.dialect)));
        } else {
            db.setDatabaseName(params.database);
            QStringList options;
            if (params.dialect == Dialect::PostgreSQL) {
                db.setHostName(params.socket.isEmpty() ? params.host : params.socket);
                options.append(u"connect_timeout=%1"_s.arg(connectTimeoutSeconds));
                for (const auto &[k, v] : params.options)
                    options.append(k + u'=' + v);
            } else if (params.dialect == Dialect::MySQL) {
                db.setHostName(params.host);
                if (!params.socket.isEmpty())
                    options.append(u"UNIX_SOCKET="_s + params.socket);
                options.append(u"MYSQL_OPT_CONNECT_TIMEOUT=%1"_s.arg(connectTimeoutSeconds));
                for (const auto &[k, v] : params.options) {
                    const QString key = QString(k).toLower().replace(u'_', u'-');
                    if (key == u"ssl-ca")
                        options.append(u"SSL_CA="_s + v);
                    else if (key == u"ssl-cert")
                        options.append(u"SSL_CERT="_s + v);
                    else if (key == u"ssl-key")
                        options.append(u"SSL_KEY="_s + v);
                    else if (key == u"ssl-mode" && (v == u"verify-ca" || v == u"verify-full"))
                        options.append(u"MYSQL_OPT_SSL_VERIFY_SERVER_CERT=TRUE"_s);
                }
            }
            if (params.port > 0)
                db.setPort(params.port);
            db.setUserName(params.user);
            db.setPassword(params.password);
            db.setConnectOptions(options.join(u';'));
            qCDebug(lcDb) << "Qt SQL probe of" << params.toRedactedUrl();
            if (!db.open()) {
                const QSqlError error = db.lastError();
                const QString message = error.text();
                const bool auth = looksLikeAuthFailure(message) || error.nativeErrorCode() == u"1045"_s
                    || error.nativeErrorCode() == u"28P01"_s;
                result = fail(auth ? Error::Code::AuthenticationFailed : Error::Code::ConnectionFailed, message);
            } else {
                QSqlQuery q(db);
                ServerInfo info;
                QElapsedTimer rtt;
                rtt.start();
                bool ok = q.exec(u"SELECT 1"_s) && q.next();
                info.roundTripMs = double(rtt.nsecsElapsed()) / 1e6;
                switch (params.dialect) {
                case Dialect::PostgreSQL:
                    ok = ok && q.exec(u"SELECT current_setting('server_version'), current_setting('server_version_num')::int, "
                                "current_user, current_database(), pg_is_in_recovery()"_s)
                        && q.next();
                    if (ok) {
                        info.product = u"PostgreSQL"_s;
                        info.version = q.value(0).toString().section(u' ', 0, 0);
                        info.versionNumber = q.value(1).toInt();
                        info.currentUser = q.value(2).toString();
                        info.database = q.value(3).toString();
                        info.inRecovery = q.value(4).toBool();
                    }
                    ok = ok && q.exec(u"SELECT coalesce(has_schema_privilege(current_schema(), 'CREATE'), false)"_s)
                        && q.next();
                    if (ok)
                        info.canCreateTables = q.value(0).toBool() && !info.inRecovery;
                    break;
                case Dialect::MySQL:
                    ok = ok && q.exec(u"SELECT VERSION(), CURRENT_USER(), DATABASE(), @@global.read_only"_s) && q.next();
                    if (ok) {
                        const QString version = q.value(0).toString();
                        info.product = version.contains(u"MariaDB"_s, Qt::CaseInsensitive) ? u"MariaDB"_s : u"MySQL"_s;
                        info.version = version.section(u'-', 0, 0);
                        const QStringList parts = info.version.split(u'.');
                        info.versionNumber = parts.value(0).toInt() * 10000 + parts.value(1).toInt() * 100
                            + parts.value(2).toInt();
                        info.currentUser = q.value(1).toString().section(u'@', 0, 0);
                        info.database = q.value(2).toString();
                        info.inRecovery = q.value(3).toBool();
                    }
                    // information_schema lists only the current user's own privileges
                    ok = ok
                        && q.exec(u"SELECT EXISTS(SELECT 1 FROM information_schema.USER_PRIVILEGES "
                                  "WHERE PRIVILEGE_TYPE = 'CREATE') OR EXISTS(SELECT 1 FROM "
                                  "information_schema.SCHEMA_PRIVILEGES WHERE PRIVILEGE_TYPE = 'CREATE' "
                                  "AND DATABASE() LIKE TABLE_SCHEMA)"_s)
                        && q.next();
                    if (ok)
                        info.canCreateTables = q.value(0).toBool() && !info.inRecovery;
                    break;
                case Dialect::SQLite:
                    ok = ok && q.exec(u"SELECT sqlite_version()"_s) && q.next();
                    if (ok) {
                        info.product = u"SQLite"_s;
                        info.version = q.value(0).toString();
                        info.database = params.database;
                        info.canCreateTables = !db.connectOptions().contains(u"QSQLITE_OPEN_READONLY"_s);
                    }
                    break;
                }
                if (ok)
                    result = info;
                else
                    result = fail(Error::Code::Sql, q.lastError().text(), q.lastError().nativeErrorCode());
                q.finish();
                db.close();
            }
        }
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

} // namespace core
