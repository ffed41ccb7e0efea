// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/error.h"
#include "core/project/migration.h"

#include <QByteArray>
#include <QHash>
#include <QString>

namespace core::project {

/// Whole contents of small files already read (by detectFormat()), keyed by the path as listed, so that
/// reading a folder right after detecting it does not read every file twice.
struct FileCache
{
    QHash<QString, QByteArray> files;
};

/// Reads a migrations folder (as resolved by detectFormat()) with the given format. Files that cannot be
/// read or parsed become Issues; the call fails only when the folder itself cannot be read or the format's
/// index file (journal, plan, lock file) is unusable. Never writes anything.
Result<Project> readProject(const QString &dir, Format format, const FileCache *cache = nullptr);

/// dbmate: parses one migration file's contents into `m` (upSql/downSql/spans/transaction). Returns an
/// error message (dbmate's own wording) when dbmate would refuse the file, else an empty string.
QString parseDbmateFile(const QByteArray &contents, Migration &m);

/// node-pg-migrate SQL file: "-- Up Migration" / "-- Down Migration" sections.
QString parseNodePgMigrateSqlFile(const QByteArray &contents, Migration &m);

/// Flyway version comparison (numeric per dot-separated part); <0, 0, >0.
int compareFlywayVersions(const QString &a, const QString &b);

/// Reads at most maxBytes of a file; false with `error` set when it cannot be read.
bool readFileBytes(const QString &path, QByteArray *out, QString *error, qint64 maxBytes = 256 * 1024 * 1024);

} // namespace core::project
