// SPDX-License-Identifier: GPL-3.0-or-later
#include "pqxxsession.h"

#include <pqxx/pqxx>

using namespace Qt::StringLiterals;

namespace core::engine {

PqxxSession::Identity PqxxSession::readIdentity(pqxx::transaction_base &tx)
{
    const auto row = tx.exec("SELECT current_database(), current_schema(), current_user").one_row();
    return {QString::fromStdString(row[0].as<std::string>()),
            row[1].is_null() ? QString() : QString::fromStdString(row[1].as<std::string>()),
            QString::fromStdString(row[2].as<std::string>())};
}

PqxxSession::PqxxSession(pqxx::transaction_base &tx, const Identity &identity, bool inTransaction)
    : m_tx(tx)
    , m_inTransaction(inTransaction)
{
    m_database = identity.database;
    m_schema = identity.schema;
    m_user = identity.user;
}

Result<QList<project::Row>> PqxxSession::query(const QString &sql, const QStringList &params)
{
    try {
        pqxx::params p;
        for (const QString &value : params) {
            if (value.isNull())
                p.append();
            else
                p.append(value.toStdString());
        }
        const std::string text = sql.toStdString();
        const pqxx::result r = m_tx.exec(pqxx::zview(text), p);
        QList<project::Row> rows;
        rows.reserve(static_cast<qsizetype>(r.size()));
        for (const auto &row : r) {
            project::Row out;
            for (const auto &field : row)
                out.append(field.is_null() ? QString() : QString::fromUtf8(field.c_str(), static_cast<qsizetype>(field.size())));
            rows.append(out);
        }
        return rows;
    } catch (const pqxx::sql_error &e) {
        return fail(Error::Code::Sql, QString::fromStdString(e.what()).trimmed(), QString::fromStdString(e.sqlstate()));
    } catch (const std::exception &e) {
        return fail(Error::Code::ConnectionFailed, QString::fromStdString(e.what()).trimmed());
    }
}

Result<void> PqxxSession::execScript(const QString &sql)
{
    try {
        m_tx.exec(sql.toStdString());
        return {};
    } catch (const pqxx::sql_error &e) {
        return fail(Error::Code::Sql, QString::fromStdString(e.what()).trimmed(), QString::fromStdString(e.sqlstate()));
    } catch (const std::exception &e) {
        return fail(Error::Code::ConnectionFailed, QString::fromStdString(e.what()).trimmed());
    }
}

} // namespace core::engine
