// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/error.h"
#include "core/project/migration.h"

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>

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

/// Flyway settings from flyway.toml (Flyway 10+: [flyway] table, defaultSchema, schemas, locations, environment;
/// [environments.<env>] schemas) or flyway.conf / conf/flyway.conf (flyway.table, ...), looked for in `dir` and up
/// to three folders above it; the first file found wins. Empty when there is none.
struct FlywaySettings
{
    QString configFile; ///< the file read
    QString problem; ///< a file that could not be parsed (the reader reports it as an issue)
    QString environment; ///< TOML: the selected environment
    QString table;
    QString defaultSchema;
    QStringList schemas;
    QStringList locations; ///< as written ("filesystem:sql", "classpath:db/migration")
    /// The schema holding the history table: defaultSchema, else the first of schemas; empty: the connection's.
    QString historySchema() const;
    /// The locations on disk (filesystem: relative to the config file; classpath: under src/main/resources).
    QStringList locationDirs() const;
};
FlywaySettings readFlywaySettings(const QString &dir);

/// Flyway version comparison (numeric per dot-separated part); <0, 0, >0.
int compareFlywayVersions(const QString &a, const QString &b);

/// Reads at most maxBytes of a file; false with `error` set when it cannot be read.
bool readFileBytes(const QString &path, QByteArray *out, QString *error, qint64 maxBytes = 256 * 1024 * 1024);

} // namespace core::project
