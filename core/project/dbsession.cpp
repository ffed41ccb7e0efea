// SPDX-License-Identifier: GPL-3.0-or-later
#include "dbsession.h"

#include "core/dbprobe.h"
#include "core/logging.h"

#include <QAtomicInteger>
#include <QDateTime>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

#include <pqxx/pqxx>

using namespace Qt::StringLiterals;

namespace core::project {

DbSession::~DbSession() = default;

namespace {

QString fromStd(const std::string &s)
{
    return QString::fromStdString(s).trimmed();
}

Error pqError(const std::exception &e)
{
    if (const auto *s = dynamic_cast<const pqxx::sql_error *>(&e)) {
        Error err = Error::make(Error::Code::Sql, fromStd(s->what()), QString::fromStdString(s->sqlstate()));
        err.statement = QString::fromStdString(s->query());
        return err;
    }
    if (dynamic_cast<const pqxx::broken_connection *>(&e))
        return Error::make(Error::Code::ConnectionFailed, fromStd(e.what()));
    return Error::make(Error::Code::Unknown, fromStd(e.what()));
}

class PgSession final : public DbSession
{
public:
    explicit PgSession(std::unique_ptr<pqxx::connection> conn)
        : m_conn(std::move(conn))
    {
    }

    Dialect dialect() const override { return Dialect::PostgreSQL; }

    Result<QList<Row>> query(const QString &sql, const QStringList &params) override
    {
        try {
            pqxx::nontransaction tx(*m_conn);
            pqxx::params p;
            for (const QString &v : params) {
                if (v.isNull())
                    p.append();
                else
                    p.append(v.toStdString());
            }
            const pqxx::result r = tx.exec(sql.toStdString(), p);
            QList<Row> rows;
            rows.reserve(r.size());
            for (const auto &row : r) {
                Row out;
                out.reserve(row.size());
                for (const auto &field : row)
                    out.append(field.is_null() ? QString() : QString::fromUtf8(field.c_str(), field.size()));
                rows.append(out);
            }
            return rows;
        } catch (const std::exception &e) {
            return std::unexpected(pqError(e));
        }
    }

    Result<void> execScript(const QString &sql) override
    {
        try {
            pqxx::nontransaction tx(*m_conn);
            tx.exec(sql.toStdString());
            return {};
        } catch (const std::exception &e) {
            return std::unexpected(pqError(e));
        }
    }

    void init()
    {
        const auto r = query(u"SELECT current_database(), current_schema(), current_user"_s, {});
        if (r && !r->isEmpty()) {
            m_database = r->first().value(0);
            m_schema = r->first().value(1);
            m_user = r->first().value(2);
        }
    }

private:
    std::unique_ptr<pqxx::connection> m_conn;
};

class MySqlSession final : public DbSession
{
public:
    explicit MySqlSession(QString name, bool owns = true)
        : m_name(std::move(name))
        , m_owns(owns)
    {
    }
    ~MySqlSession() override
    {
        if (!m_owns)
            return;
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }

    Dialect dialect() const override { return Dialect::MySQL; }

    Result<QList<Row>> query(const QString &sql, const QStringList &params) override
    {
        QString translated = sql;
        static const QRegularExpression placeholder(u"\\$\\d+"_s);
        translated.replace(placeholder, u"?"_s);
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        q.setForwardOnly(true);
        if (!q.prepare(translated))
            return fail(Error::Code::Sql, q.lastError().text(), q.lastError().nativeErrorCode());
        for (const QString &v : params)
            q.addBindValue(v.isNull() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(v));
        if (!q.exec()) {
            Error e = Error::make(Error::Code::Sql, q.lastError().text(), q.lastError().nativeErrorCode());
            e.statement = sql;
            return std::unexpected(e);
        }
        QList<Row> rows;
        while (q.next()) {
            Row out;
            const int n = q.record().count();
            for (int i = 0; i < n; ++i) {
                const QVariant v = q.value(i);
                if (v.isNull())
                    out.append(QString());
                else if (v.typeId() == QMetaType::QDateTime)
                    out.append(v.toDateTime().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s));
                else
                    out.append(v.toString());
            }
            rows.append(out);
        }
        return rows;
    }

    Result<void> execScript(const QString &sql) override
    {
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        if (!q.exec(sql)) {
            Error e = Error::make(Error::Code::Sql, q.lastError().text(), q.lastError().nativeErrorCode());
            e.statement = sql.left(2000);
            return std::unexpected(e);
        }
        // Drain every result of a multi-statement script so that errors in later statements surface.
        while (q.nextResult()) {
        }
        if (q.lastError().isValid())
            return fail(Error::Code::Sql, q.lastError().text(), q.lastError().nativeErrorCode());
        return {};
    }

    void init()
    {
        const auto r = query(u"SELECT DATABASE(), CURRENT_USER()"_s, {});
        if (r && !r->isEmpty()) {
            m_database = r->first().value(0);
            m_schema = m_database;
            m_user = r->first().value(1).section(u'@', 0, 0);
        }
    }

private:
    QString m_name;
    bool m_owns = true;
};

} // namespace

std::unique_ptr<DbSession> DbSession::overQtConnection(const QString &connectionName)
{
    auto s = std::make_unique<MySqlSession>(connectionName, false);
    s->init();
    return s;
}

Result<std::unique_ptr<DbSession>> DbSession::open(const ConnectionParams &params, int connectTimeoutSeconds)
{
    if (params.dialect == Dialect::PostgreSQL) {
        ConnectionParams p = params;
        if (p.option(u"connect_timeout"_s).isEmpty())
            p.options.append({u"connect_timeout"_s, QString::number(connectTimeoutSeconds)});
        try {
            auto conn = std::make_unique<pqxx::connection>(p.toLibpqConninfo().toStdString());
            auto s = std::make_unique<PgSession>(std::move(conn));
            s->init();
            return std::unique_ptr<DbSession>(std::move(s));
        } catch (const std::exception &e) {
            const QString message = fromStd(e.what());
            const bool auth = message.contains(u"password authentication failed"_s)
                || message.contains(u"no password supplied"_s);
            return fail(auth ? Error::Code::AuthenticationFailed : Error::Code::ConnectionFailed, message);
        }
    }
    if (params.dialect == Dialect::MySQL) {
        static QAtomicInteger<quint64> s_counter;
        const QString name = u"mwb-history-%1"_s.arg(s_counter.fetchAndAddRelaxed(1));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(qtSqlDriver(params.dialect), name);
            if (!db.isValid()) {
                QSqlDatabase::removeDatabase(name);
                return fail(Error::Code::Unsupported, u"the Qt SQL driver QMYSQL is not available"_s);
            }
            db.setDatabaseName(params.database);
            db.setHostName(params.host);
            // QMYSQL always connects with CLIENT_MULTI_STATEMENTS (scripts are sent whole).
            QStringList options{u"MYSQL_OPT_CONNECT_TIMEOUT=%1"_s.arg(connectTimeoutSeconds)};
            if (!params.socket.isEmpty())
                options.append(u"UNIX_SOCKET="_s + params.socket);
            if (params.port > 0)
                db.setPort(params.port);
            db.setUserName(params.user);
            db.setPassword(params.password);
            db.setConnectOptions(options.join(u';'));
            if (!db.open()) {
                const QSqlError e = db.lastError();
                const bool auth = e.nativeErrorCode() == u"1045"_s || e.text().contains(u"Access denied"_s);
                db = QSqlDatabase();
                QSqlDatabase::removeDatabase(name);
                return fail(auth ? Error::Code::AuthenticationFailed : Error::Code::ConnectionFailed, e.text());
            }
        }
        auto s = std::make_unique<MySqlSession>(name);
        s->init();
        return std::unique_ptr<DbSession>(std::move(s));
    }
    return fail(Error::Code::Unsupported, u"history tables are read on PostgreSQL and MySQL/MariaDB only"_s);
}

} // namespace core::project
