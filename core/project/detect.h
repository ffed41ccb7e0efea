// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/error.h"
#include "core/project/migration.h"
#include "core/project/reader.h"

#include <QList>
#include <QString>

namespace core::project {

/// One format that fits a folder, with the evidence.
struct DetectionCandidate
{
    Format format = Format::Unknown;
    QString dir; ///< the migrations folder the format reads (may be a sub-folder of the one given)
    QString reason; ///< e.g. "`-- migrate:up` markers in 14 files"
    int evidence = 0; ///< files or index files that match
    bool decisive = false; ///< an index file only this tool writes (journal, atlas.sum, plan, lock file)
};

/// The outcome of detectFormat(). When `ambiguous`, `format` is Unknown and `candidates` lists the choices
/// for the user; the reason says so.
struct Detection
{
    Format format = Format::Unknown;
    QString dir;
    QString reason;
    bool ambiguous = false;
    QList<DetectionCandidate> candidates; ///< best first
};

/// Looks at a folder (and the usual sub-folders: db/migrations, db/migration, migrations, prisma/migrations,
/// drizzle, src/main/resources/db/migration) and says which tool's migrations it holds and why. Reads at most
/// the first 4 KiB of each file. Fails only when the folder cannot be read.
Result<Detection> detectFormat(const QString &dir, FileCache *cache = nullptr);

} // namespace core::project

namespace core::project {

/// Detects (unless `forced` names a format) and reads the folder. An ambiguous or unknown folder is an
/// InvalidArgument error whose detail carries the detection reason and the candidates.
Result<Project> openProject(const QString &dir, Format forced = Format::Unknown, Detection *detection = nullptr);

} // namespace core::project
