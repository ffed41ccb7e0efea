// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace core::engine {

/// Whether PostgreSQL refuses to run this statement inside a transaction block: CREATE/DROP INDEX
/// CONCURRENTLY, REINDEX … CONCURRENTLY, ALTER TABLE … DETACH PARTITION … CONCURRENTLY, VACUUM,
/// CREATE/DROP DATABASE, ALTER SYSTEM, CREATE TABLESPACE, and ALTER TYPE … ADD VALUE before PostgreSQL 12.
/// Comments and string contents are ignored. serverVersionNum: e.g. 170012 (0: assume current).
bool cannotRunInTransaction(const QString &sql, int serverVersionNum = 0);

} // namespace core::engine
