// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "connectionparams.h"
#include "error.h"

#include <QString>

namespace core {

/// What a successful test connection learns about the server.
struct ServerInfo
{
    QString product; ///< "PostgreSQL", "MariaDB", "MySQL" or "SQLite"
    QString version; ///< as the server reports it, e.g. "17.12"
    int versionNumber = 0; ///< PostgreSQL server_version_num style: 170012; MySQL: 110809
    QString currentUser;
    QString database;
    bool inRecovery = false; ///< a replica (PostgreSQL: pg_is_in_recovery(); MySQL: read_only)
};

/// Connects with libpqxx (the engine's driver), reads the server's identity, and disconnects.
/// Blocking: call it on a worker thread. libpqxx exceptions are converted to Error here.
Result<ServerInfo> probeWithLibpqxx(const ConnectionParams &params, int connectTimeoutSeconds = 10);

/// Connects with Qt SQL (QPSQL, QMYSQL or QSQLITE; the browsing driver) under a connection name of its
/// own, reads the server's identity, and removes the connection again. Blocking: call it on a worker thread;
/// the connection lives and dies on the calling thread.
Result<ServerInfo> probeWithQtSql(const ConnectionParams &params, int connectTimeoutSeconds = 10);

/// The Qt SQL driver name for a dialect ("QPSQL", "QMYSQL", "QSQLITE").
QString qtSqlDriver(Dialect dialect);

} // namespace core
