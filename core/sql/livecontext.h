// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Live context for the analyzer (`mwb lint --url`): the server's version, and for every table its estimated
// rows and sizes, columns, indexes and constraints, read from the catalogs (pg_class / pg_stat, or
// information_schema on MySQL/MariaDB). Read-only; one short transaction with a statement timeout.

#include "core/connectionparams.h"
#include "core/error.h"
#include "core/sql/catalog.h"
#include "core/sql/lockmodel.h"

namespace core::sql {

struct LiveContext
{
    TargetServer server;
    Catalog catalog;
};

/// Connects, reads, disconnects. Errors (connection, authentication, SQL) come back as core::Error.
Result<LiveContext> fetchLiveContext(const ConnectionParams &params, SqlDialect dialect, int timeoutSeconds);

} // namespace core::sql
