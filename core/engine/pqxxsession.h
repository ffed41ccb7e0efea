// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/project/dbsession.h"

#include <string>

namespace pqxx {
class transaction_base;
}

namespace core::engine {

/// One migration's transaction on an autocommit (pqxx::nontransaction) handle, sent in as few round trips as
/// PostgreSQL allows without changing what runs: BEGIN rides with the first statement, and the history writes
/// ride with COMMIT, each as one simple-query message (a failing statement stops the rest of its message, so
/// the transaction never commits past an error). Statements still run one by one, so an error names its
/// statement. rollback() (also on destruction when not committed) ends a transaction left open.
class BatchedTransaction
{
public:
    /// `begin`: start with a pending BEGIN (one migration's transaction). Without it the caller defers BEGIN and
    /// COMMIT itself, several transactions in one message (a batch of migrations), and ends with finish().
    explicit BatchedTransaction(pqxx::transaction_base &tx, bool begin = true);
    ~BatchedTransaction();
    BatchedTransaction(const BatchedTransaction &) = delete;
    BatchedTransaction &operator=(const BatchedTransaction &) = delete;

    void exec(const std::string &sql); ///< sends what is pending together with `sql`
    void defer(const std::string &sql); ///< sent with the next exec(), flush() or commit()
    void flush();
    void commit();
    void finish(); ///< sends what is pending; nothing is rolled back afterwards
    pqxx::transaction_base &handle() { return m_tx; }

private:
    pqxx::transaction_base &m_tx;
    std::string m_pending;
    bool m_sent = false;
    bool m_open = true;
};

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
    /// Inside a batched transaction: plain writes (INSERT/UPDATE/DELETE/TRUNCATE without RETURNING) are deferred
    /// to ride with the COMMIT, their parameters quoted by libpq; anything else flushes what is pending first.
    PqxxSession(BatchedTransaction &batch, const Identity &identity);

    Dialect dialect() const override { return Dialect::PostgreSQL; }
    Result<QList<project::Row>> query(const QString &sql, const QStringList &params = {}) override;
    Result<void> execScript(const QString &sql) override;
    bool inTransaction() const override { return m_inTransaction; }

private:
    pqxx::transaction_base &m_tx;
    BatchedTransaction *m_batch = nullptr;
    bool m_inTransaction = false;
};

} // namespace core::engine
