// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace core::sql {
enum class SqlDialect : quint8;
}

namespace core::project {

/// The migration tools whose folders the workbench reads (and, except Django and Liquibase, writes).
enum class Format {
    Unknown,
    GolangMigrate,
    Dbmate,
    Flyway,
    Prisma,
    Drizzle, ///< Drizzle Kit 0.x: meta/_journal.json + NNNN_tag.sql
    DrizzleV1, ///< Drizzle Kit 1.0: <YYYYMMDDHHMMSS>_<name>/migration.sql, no journal
    Atlas,
    NodePgMigrate,
    Sqitch,
    Django, ///< read only
    Liquibase, ///< formatted SQL, read only
};

/// Stable identifier used in JSON and workbench.toml: "golang-migrate", "dbmate", "flyway", "prisma",
/// "drizzle", "drizzle-v1", "atlas", "node-pg-migrate", "sqitch", "django", "liquibase".
QString formatId(Format format);
Format formatFromId(QStringView id);
QList<Format> allFormats();
bool isWritable(Format format);

/// A byte range inside a file (UTF-8 bytes, end exclusive).
struct Span
{
    qint64 begin = 0;
    qint64 end = 0;
    bool operator==(const Span &) const = default;
};

/// One migration as its tool sees it on disk.
struct Migration
{
    enum class Kind { Versioned, Repeatable };

    QString version; ///< as the tool orders it ("000001", "1.2.3", "20240101120000", change name for sqitch)
    QString name; ///< description / identifier part (Flyway: '_' shown as ' ' like Flyway does)
    QString id; ///< what the history table records (dbmate/golang: version; Prisma: folder; npgm: file stem; ...)
    Kind kind = Kind::Versioned;
    QString upPath; ///< absolute path of the file holding the up SQL
    QString downPath; ///< absolute path of the file holding the down SQL (may equal upPath), empty if none
    QString upSql; ///< the SQL the tool sends for "up" (dbmate: the whole section including the marker line)
    QString downSql;
    Span upSpan; ///< byte range of upSql in upPath
    Span downSpan; ///< byte range of downSql in downPath
    QString noTransactionDeclaration; ///< the declaration in the tool's own syntax, e.g. "-- migrate:up transaction:false"
    bool transactional = true; ///< whether the tool runs it inside a transaction (explicit or PG's implicit one)
    bool implicitTransaction = false; ///< the tool sends the file as one simple query (PG implicit transaction)
    bool ownTransaction = false; ///< the up script opens and commits its own transaction (sqitch: BEGIN; … COMMIT;)
    bool downOwnTransaction = false; ///< the same for the down script (sqitch's revert script)
    QString checksum; ///< exactly as the tool computes and stores it; empty when the tool has none
    QStringList dependencies; ///< Django/sqitch dependencies ("app.0001_initial", "users")
    QString author; ///< Liquibase author, sqitch planner
    QString note; ///< sqitch note, Liquibase comment

    bool operator==(const Migration &) const = default;
};

/// A problem found while reading a folder; reading carries on where it can.
struct Issue
{
    enum class Severity { Warning, Error };
    Severity severity = Severity::Warning;
    QString path;
    QString message;
    bool operator==(const Issue &) const = default;
};

/// A migrations folder read with one format.
struct Project
{
    Format format = Format::Unknown;
    QString dir; ///< absolute path of the migrations folder
    QList<Migration> migrations; ///< in the order the tool applies them
    QList<Issue> issues;
    QString provider; ///< Prisma migration_lock.toml provider, Drizzle dialect, sqitch engine
    QString projectName; ///< sqitch %project
    QString sumFile; ///< Atlas: the atlas.sum content the files produce now
    bool sumMatches = true; ///< Atlas: whether atlas.sum on disk equals the computed one
    QString historyTable; ///< the history table the tool uses with this folder's settings (unqualified)
    QString historySchema; ///< its schema when the tool fixes one (Drizzle: "drizzle"); empty: current schema

    bool hasErrors() const;
};

/// Whether the tool runs `m`'s up SQL (`up` false: its down SQL) inside a transaction on `dialect`: the tool's
/// own transaction (Migration::transactional), or PostgreSQL's implicit one when the tool sends the whole file as
/// one simple query (Migration::implicitTransaction: golang-migrate, Prisma, dbmate with transaction:false), which
/// covers a file of more than one statement (counted with the core SQL splitter; comments and empty statements do
/// not count). What the analysis context's wrappedInTransaction should say for the file as it is now; an editor
/// that keeps its context while the user types keeps the value from when it was opened.
bool runsInTransaction(const Migration &m, bool up, core::sql::SqlDialect dialect);

} // namespace core::project
