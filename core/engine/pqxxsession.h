// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/project/dbsession.h"

namespace pqxx {
class transaction_base;
}

namespace core::engine {

/// A project::DbSession over a transaction the engine has open, so that the history adapters write the
/// tool's rows inside the migration's own transaction (or in autocommit, over a pqxx::nontransaction).
/// Engine-internal: lives only while the transaction does, on the engine's thread.
class PqxxSession final : public project::DbSession
{
public:
    /// The session's identity (current_database(), current_schema(), current_user), read once per connection.
    struct Identity
    {
        QString database;
        QString schema;
        QString user;
    };
    static Identity readIdentity(pqxx::transaction_base &tx);

    /// `inTransaction`: the engine has BEGIN'd `tx` (a pqxx::work), so history writers write inside it.
    PqxxSession(pqxx::transaction_base &tx, const Identity &identity, bool inTransaction);

    Dialect dialect() const override { return Dialect::PostgreSQL; }
    Result<QList<project::Row>> query(const QString &sql, const QStringList &params = {}) override;
    Result<void> execScript(const QString &sql) override;
    bool inTransaction() const override { return m_inTransaction; }

private:
    pqxx::transaction_base &m_tx;
    bool m_inTransaction = false;
};

} // namespace core::engine
