// SPDX-License-Identifier: GPL-3.0-or-later
#include "dbprobe.h"

#include "logging.h"

#include <QAtomicInteger>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <pqxx/pqxx>

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
                bool ok = false;
                switch (params.dialect) {
                case Dialect::PostgreSQL:
                    ok = q.exec(u"SELECT current_setting('server_version'), current_setting('server_version_num')::int, "
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
                    break;
                case Dialect::MySQL:
                    ok = q.exec(u"SELECT VERSION(), CURRENT_USER(), DATABASE(), @@global.read_only"_s) && q.next();
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
                    break;
                case Dialect::SQLite:
                    ok = q.exec(u"SELECT sqlite_version()"_s) && q.next();
                    if (ok) {
                        info.product = u"SQLite"_s;
                        info.version = q.value(0).toString();
                        info.database = params.database;
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
