// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/connectionparams.h"
#include "core/error.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace core::engine {

/// Another session that would make a migration's locks wait (and everything queue behind them).
struct BlockingSession
{
    int pid = 0;
    QString application;
    QString user;
    QString state; ///< "active", "idle in transaction", …
    QString relation; ///< the touched table it holds a lock on; empty for a long transaction elsewhere
    QString mode; ///< the lock it holds, e.g. "AccessShareLock"
    qint64 transactionAgeMs = 0;
    QString query; ///< its current or last statement, shortened
};

/// Sessions that hold locks on any of `tables` (names as written in the migration, resolved with the
/// connection's search_path), plus sessions idle in a transaction for longer than `longTransactionMs`
/// anywhere (they hold back CREATE INDEX CONCURRENTLY and VACUUM). Sorted by transaction age, oldest first.
/// MySQL/MariaDB: sessions holding a metadata lock on a touched table (performance_schema.metadata_locks, or
/// MariaDB's METADATA_LOCK_INFO when its plugin is loaded; `mode` is the MDL type such as "SHARED_READ"), plus
/// InnoDB transactions open for longer than `longTransactionMs` (they keep the metadata locks of every table
/// they touched, so DDL on those tables waits behind them). An error only when none of these can be read.
Result<QList<BlockingSession>> findBlockingSessions(const ConnectionParams &connection, const QStringList &tables,
                                                    qint64 longTransactionMs = 60000);

} // namespace core::engine
