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
    explicit PqxxSession(pqxx::transaction_base &tx);

    Dialect dialect() const override { return Dialect::PostgreSQL; }
    Result<QList<project::Row>> query(const QString &sql, const QStringList &params = {}) override;
    Result<void> execScript(const QString &sql) override;

private:
    pqxx::transaction_base &m_tx;
};

} // namespace core::engine
