// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/connectionparams.h"
#include "core/error.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <memory>

namespace core::project {

/// A row of text values; a NULL is a null QString.
using Row = QStringList;

/// One connection for the history adapters: libpqxx on PostgreSQL, Qt SQL (QMYSQL) on MySQL/MariaDB.
/// Autocommit: transactions are opened with exec("BEGIN") exactly where the tool opens them. Blocking;
/// use it on one thread. libpqxx and Qt SQL errors become core::Error here.
class DbSession
{
public:
    virtual ~DbSession();

    static Result<std::unique_ptr<DbSession>> open(const ConnectionParams &params, int connectTimeoutSeconds = 10);

    virtual Dialect dialect() const = 0;
    /// Runs a statement with positional parameters written `$1`, `$2`, ... (translated to `?` on MySQL,
    /// where each must appear once and in order) and returns its rows as text.
    virtual Result<QList<Row>> query(const QString &sql, const QStringList &params = {}) = 0;
    /// Sends a script as one simple-query message (PostgreSQL) or statement by statement as the server
    /// splits it (MySQL multi-statement), as migration tools that "send the whole file" do.
    virtual Result<void> execScript(const QString &sql) = 0;
    /// True when the caller (the apply engine) has a transaction open on this session: history writers then
    /// write inside it and never BEGIN/COMMIT themselves.
    virtual bool inTransaction() const { return false; }

    /// A session over an open Qt SQL (QMYSQL) connection someone else owns (the engine's MySQL runner), by its
    /// QSqlDatabase connection name. It neither opens nor closes the connection; use it on the owning thread.
    static std::unique_ptr<DbSession> overQtConnection(const QString &connectionName);

    QString database() const { return m_database; }
    QString currentSchema() const { return m_schema; }
    QString currentUser() const { return m_user; }

protected:
    QString m_database;
    QString m_schema; ///< PostgreSQL current_schema(); MySQL: the database
    QString m_user;
};

} // namespace core::project
