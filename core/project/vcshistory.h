// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/error.h"
#include "core/project/migration.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <optional>

namespace core::project {

/// A migration file as it was in version control when it was applied.
struct VcsVersion
{
    enum class Basis : quint8 {
        Checksum, ///< the revision whose content has the checksum the tool recorded
        AppliedTime, ///< the tool records no checksum: the last revision committed at or before the applied-at time
    };
    QString commit; ///< full hash
    QString shortCommit; ///< 7 characters
    QDateTime committedAt; ///< committer date (UTC)
    QString subject; ///< the commit's first line
    QByteArray content; ///< the file's bytes in that commit
    Basis basis = Basis::Checksum;
};

/// Whether `bytes` has the checksum `recorded` as `format`'s tool computes it from one file (Flyway CRC32,
/// Prisma SHA-256 with its tolerant compare, Drizzle SHA-256, sqitch SHA-1). Unset when the tool keeps no
/// checksum or one that does not come from the file alone (golang-migrate, dbmate, node-pg-migrate, Atlas's
/// running hash, Liquibase's per change set).
std::optional<bool> fileChecksumMatches(Format format, const QString &recorded, QByteArrayView bytes);

/// Looks up the applied version of the migration file `filePath` in its git history (`git log`, `git cat-file`
/// through QProcess; blocking, so call it off the GUI thread). With a `recordedChecksum` the tool can be checked
/// against, the newest revision with that checksum; otherwise, with `appliedAt`, the last revision committed at
/// or before it. Errors: Unsupported when git is missing, InvalidArgument when the file is not in a git
/// repository or has no committed revision, Io when no revision matches; Timeout when git hangs.
Result<VcsVersion> appliedVersionFromGit(const QString &filePath, Format format, const QString &recordedChecksum,
                                         const QDateTime &appliedAt, const QString &gitProgram = QStringLiteral("git"));

} // namespace core::project
