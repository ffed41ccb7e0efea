// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "connectionparams.h"
#include "error.h"

#include <QString>

#include <atomic>

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
    bool canCreateTables = false; ///< the user may create tables in the current schema/database (not on a replica)
    double roundTripMs = -1; ///< the time of one `SELECT 1` after connecting, in milliseconds
};

/// How a probe is bounded: a time limit for the whole probe and a flag another thread may set to cancel it.
struct ProbeOptions
{
    int timeoutMs = 10000;
    const std::atomic<bool> *cancel = nullptr;
};

/// The probe the connection manager's "Test" runs: PostgreSQL through libpqxx with a non-blocking connect
/// (so that cancel and the time limit take effect within ~50 ms, also during DNS-less TCP/TLS handshakes),
/// MySQL/MariaDB and SQLite through Qt SQL (cancel takes effect when the driver returns; its connect timeout
/// is set from timeoutMs). Fills canCreateTables and roundTripMs. Blocking: call it on a worker thread.
/// Errors: AuthenticationFailed, ConnectionFailed (unreachable or TLS: see classifyFailure), Timeout,
/// Cancelled.
Result<ServerInfo> probe(const ConnectionParams &params, const ProbeOptions &options);

/// What went wrong, for the user: each kind gets its own message in the GUI.
enum class ConnectionFailure {
    None,
    WrongPassword, ///< the server rejected the credentials
    Unreachable, ///< no server answered (host, port, socket, DNS, refused)
    Tls, ///< TLS could not be established or the server certificate was not trusted / did not match the host
    Timeout,
    Cancelled,
    Other, ///< anything else (SQL error while reading the server's identity, missing driver, ...)
};

ConnectionFailure classifyFailure(const Error &error);
/// A stable untranslated name ("wrong-password", "unreachable", "tls", "timeout", "cancelled", "other").
QString failureName(ConnectionFailure failure);

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
