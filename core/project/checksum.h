// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

// Checksums, hashes and lock keys computed exactly as each migration tool computes them
// (see docs/projects.md and the interop reference for the sources).
namespace core::project {

/// zlib/IEEE CRC-32 (Go crc32.ChecksumIEEE, Java CRC32), continuing from `crc`.
quint32 crc32(QByteArrayView data, quint32 crc = 0);

/// Java String.hashCode() over UTF-16 code units.
qint32 javaHashCode(const QString &text);

/// Flyway ChecksumCalculator: CRC32 over the UTF-8 bytes of each line (no terminators; BOM stripped), as a
/// signed int32.
qint32 flywayChecksum(QByteArrayView fileBytes);

QString sha256Hex(QByteArrayView data);
QString sha1Hex(QByteArrayView data);

/// Prisma: SHA-256 of migration.sql as lower-case hex.
QString prismaChecksum(QByteArrayView script);
/// Prisma's tolerant compare: raw, CRLF->LF and LF->CRLF variants, and legacy non-padded hex.
bool prismaChecksumMatches(const QString &stored, QByteArrayView script);
/// Drizzle migrator: SHA-256 hex of the .sql file text.
QString drizzleHash(QByteArrayView fileText);
/// sqitch script_hash: SHA-1 of the deploy file's raw bytes.
QString sqitchScriptHash(QByteArrayView raw);
/// sqitch change_id / tag_id: SHA-1 of "change <len>\0<info>" (Git object style).
QString sqitchObjectId(const QString &type, const QString &info);

/// Liquibase change-level v9 checksum: "9:" + MD5 of the SQL bytes with every space, tab, CR, LF removed.
QString liquibaseChangeChecksum(const QString &sql);
/// Liquibase change set checksum stored in MD5SUM (from the change checksums).
QString liquibaseChangeSetChecksum(const QStringList &changeSqls);

/// Atlas atlas.sum. Input: (file name, bytes) for every *.sql file; the function sorts by name.
struct AtlasSum
{
    QString top; ///< "h1:..." first line
    QList<QPair<QString, QString>> entries; ///< file name, "h1:..." (files with `atlas:sum ignore` have none)
    QByteArray text() const; ///< the file content, as atlas writes it
};
AtlasSum atlasSum(QList<QPair<QString, QByteArray>> files);
/// Parses an atlas.sum file; false when malformed.
bool parseAtlasSum(QByteArrayView text, AtlasSum *out);

// ---- lock keys -----------------------------------------------------------------------------------------
/// golang-migrate PostgreSQL advisory lock id: uint32(crc32(schema\0table\0db) * 1486364155).
quint32 golangMigratePgLockId(const QString &schema, const QString &table, const QString &database);
/// golang-migrate MySQL GET_LOCK name: decimal of uint32(crc32(db:table) * 1486364155).
QString golangMigrateMysqlLockName(const QString &database, const QString &table);
/// Flyway PostgreSQL advisory lock: 0x466C79776179 + hashCode("\"schema\".\"table\"").
qint64 flywayPgLockId(const QString &schema, const QString &table);
/// Flyway MySQL GET_LOCK name: "Flyway-" + hashCode("`db`.`table`").
QString flywayMysqlLockName(const QString &database, const QString &table);
/// Atlas: FNV-1 32 of "atlas_migrate_execute".
quint32 fnv1_32(QByteArrayView data);

inline constexpr qint64 kPrismaPgLockId = 72707369;
inline constexpr qint64 kSqitchPgLockId = 75474063;
inline constexpr qint64 kNodePgMigrateLockId = 7241865325823964;

} // namespace core::project
