// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/error.h"
#include "core/project/migration.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

namespace core::project {

struct NewMigrationOptions
{
    QDateTime now = QDateTime::currentDateTimeUtc(); ///< the tool's clock (UTC timestamps in names, journals)
    QString upSql; ///< body of the up section/file (empty: the tool's empty template)
    QString downSql; ///< body of the down section/file where the format has one
    QString planner; ///< sqitch: "Name <email>"; default: the last plan line's planner
    QString note; ///< sqitch plan note
    /// Write the migration so that the tool runs it without a transaction (for statements such as CREATE INDEX
    /// CONCURRENTLY), with the tool's own declaration: dbmate `-- migrate:up transaction:false`, a Flyway
    /// `V…sql.conf` with `executeInTransaction=false`, Atlas `-- atlas:txmode none`, node-pg-migrate a JS
    /// migration calling `pgm.noTransaction()`, sqitch a deploy script without BEGIN/COMMIT. golang-migrate and
    /// Prisma never wrap a file (a file of one statement is then not in a transaction block either). Drizzle runs
    /// every migration in one transaction: Unsupported.
    bool noTransaction = false;
};

/// Whether createMigration() can write a migration of `format` that runs without a transaction.
bool canWriteNonTransactional(Format format);

/// What createMigration() wrote.
struct CreatedMigration
{
    QString version;
    QString name;
    QStringList createdFiles; ///< new files
    QStringList updatedFiles; ///< index files updated in place (journal, atlas.sum, sqitch.plan)
};

/// Creates the next migration in the project's own format, named and numbered as the tool does, with up and
/// down where the format has them, and updates the journal / sum / plan. Never overwrites an existing file;
/// every write goes through QSaveFile. Refuses when the index file is already inconsistent (a corrupt
/// journal, an atlas.sum that does not match), so nothing the user has is rewritten unasked.
Result<CreatedMigration> createMigration(const Project &project, const QString &name,
                                         const NewMigrationOptions &options = {});

/// Writes `bytes` to `path` atomically (QSaveFile). Fails if the file exists and `mayReplace` is false.
Result<void> writeFileAtomically(const QString &path, const QByteArray &bytes, bool mayReplace = false);

} // namespace core::project
