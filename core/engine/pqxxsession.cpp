// SPDX-License-Identifier: GPL-3.0-or-later
#include "pqxxsession.h"

#include <QRegularExpression>

#include <pqxx/pqxx>

using namespace Qt::StringLiterals;

namespace core::engine {

BatchedTransaction::BatchedTransaction(pqxx::transaction_base &tx, bool begin)
    : m_tx(tx)
    , m_pending(begin ? "BEGIN" : "")
{
}

BatchedTransaction::~BatchedTransaction()
{
    if (!m_open || !m_sent)
        return; // committed, or nothing was ever sent
    try {
        m_tx.exec("ROLLBACK");
    } catch (const std::exception &) {
        // The connection is gone: the server rolled the transaction back with it.
    }
}

void BatchedTransaction::exec(const std::string &sql)
{
    m_sent = true;
    if (m_pending.empty()) {
        m_tx.exec(sql);
        return;
    }
    std::string message = std::move(m_pending);
    m_pending = std::string(); // sent (BEGIN included): a failure below leaves the transaction to roll back
    message += ";\n";
    message += sql;
    m_tx.exec(message);
}

void BatchedTransaction::defer(const std::string &sql)
{
    if (!m_pending.empty())
        m_pending += ";\n";
    m_pending += sql;
}

void BatchedTransaction::flush()
{
    if (m_pending.empty())
        return;
    m_sent = true;
    std::string message = std::move(m_pending);
    m_pending = std::string();
    m_tx.exec(message);
}

void BatchedTransaction::finish()
{
    flush();
    m_open = false;
}

void BatchedTransaction::commit()
{
    defer("COMMIT");
    flush();
    m_open = false;
}

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

PqxxSession::PqxxSession(BatchedTransaction &batch, const Identity &identity)
    : m_tx(batch.handle())
    , m_batch(&batch)
    , m_inTransaction(true)
{
    m_database = identity.database;
    m_schema = identity.schema;
    m_user = identity.user;
}

namespace {

bool isPlainWrite(const QString &sql)
{
    static const QRegularExpression write(uR"(^\s*(INSERT|UPDATE|DELETE|TRUNCATE)\b)"_s, QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression returning(uR"(\bRETURNING\b)"_s, QRegularExpression::CaseInsensitiveOption);
    return write.match(sql).hasMatch() && !returning.match(sql).hasMatch();
}

} // namespace

Result<QList<project::Row>> PqxxSession::query(const QString &sql, const QStringList &params)
{
    try {
        if (m_batch && isPlainWrite(sql)) {
            // $n placeholders replaced in one pass (a value that contains "$1" stays as it is), each value quoted
            // and escaped by libpq for this connection.
            static const QRegularExpression placeholder(uR"(\$(\d+))"_s);
            QString text;
            qsizetype last = 0;
            for (auto it = placeholder.globalMatch(sql); it.hasNext();) {
                const auto match = it.next();
                const qsizetype index = match.captured(1).toLongLong() - 1;
                if (index < 0 || index >= params.size())
                    return fail(Error::Code::InvalidArgument, u"no value for parameter %1"_s.arg(match.captured(0)));
                const QString &value = params.at(index);
                text += QStringView(sql).mid(last, match.capturedStart() - last);
                text += value.isNull() ? u"NULL"_s : QString::fromStdString(m_tx.conn().quote(value.toStdString()));
                last = match.capturedEnd();
            }
            text += QStringView(sql).mid(last);
            m_batch->defer(text.toStdString());
            return QList<project::Row>{};
        }
        if (m_batch)
            m_batch->flush();
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
        if (m_batch) {
            m_batch->exec(sql.toStdString());
            return {};
        }
        m_tx.exec(sql.toStdString());
        return {};
    } catch (const pqxx::sql_error &e) {
        return fail(Error::Code::Sql, QString::fromStdString(e.what()).trimmed(), QString::fromStdString(e.sqlstate()));
    } catch (const std::exception &e) {
        return fail(Error::Code::ConnectionFailed, QString::fromStdString(e.what()).trimmed());
    }
}

} // namespace core::engine
