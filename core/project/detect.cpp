// SPDX-License-Identifier: GPL-3.0-or-later
#include "detect.h"

#include "reader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>
#include <cerrno>

#include <fcntl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace core::project {

namespace {

QByteArray head(const QString &path, qint64 max = 64 * 1024)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.read(std::min(max, f.size()));
}

/// The first 4 KiB: every marker detection looks for sits at the top of the file.
bool readHead(const QString &path, QByteArray *out, FileCache *cache)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    char buffer[4096];
    ssize_t n;
    do {
        n = ::read(fd, buffer, sizeof buffer);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        ::close(fd);
        return false;
    }
    *out = QByteArray(buffer, static_cast<qsizetype>(n));
    if (cache && n < static_cast<ssize_t>(sizeof buffer)) {
        char probe;
        ssize_t more;
        do {
            more = ::read(fd, &probe, 1);
        } while (more < 0 && errno == EINTR);
        if (more == 0) // the whole file
            cache->files.insert(path, *out);
    }
    ::close(fd);
    return true;
}

QString plural(int n, const QString &one, const QString &many)
{
    return QString::number(n) + u' ' + (n == 1 ? one : many);
}

void scanDir(const QString &dir, QList<DetectionCandidate> &out, int *unreadable, FileCache *cache)
{
    const QDir d(dir);
    // Names only (no stat per file): thousands of files are common.
    const QStringList files = d.entryList(QDir::Files, QDir::Name);
    const QString base = d.absolutePath() + u'/';
    static const QRegularExpression golang(u"^[0-9]+_.*\\.(up|down)\\.[^.]+$"_s);
    static const QRegularExpression flyway(u"^[VUR](\\d+([._]\\d+)*)?__.+\\.sql$"_s,
                                           QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression dbmateName(u"^\\d+.*\\.sql$"_s);
    static const QRegularExpression dbmateMarker(u"^--\\s*migrate:up(\\s*$|\\s+\\S+)"_s,
                                                 QRegularExpression::MultilineOption);
    static const QRegularExpression npgmMarker(u"^\\s*--[\\s-]*up\\s+migration"_s,
                                               QRegularExpression::MultilineOption
                                                   | QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression npgmName(u"^(\\d{13}|\\d{17})_.+\\.(js|cjs|mjs|ts|sql)$"_s);
    static const QRegularExpression liquibase(u"^\\s*--\\s*liquibase\\s*formatted"_s,
                                              QRegularExpression::CaseInsensitiveOption);
    int golangFiles = 0, flywayFiles = 0, dbmateFiles = 0, npgmSql = 0, npgmJs = 0, liquibaseFiles = 0;
    for (const QString &name : files) {
        const bool isSql = name.endsWith(u".sql"_s, Qt::CaseInsensitive);
        // Cheap character tests first; the regular expressions confirm.
        const QChar first = name.isEmpty() ? QChar() : name.at(0);
        if (first.isDigit() && (name.contains(u".up."_s) || name.contains(u".down."_s)) && golang.match(name).hasMatch())
            ++golangFiles;
        if ((first == u'V' || first == u'R' || first == u'U') && name.contains(u"__"_s) && flyway.match(name).hasMatch())
            ++flywayFiles;
        if (!isSql && first.isDigit() && npgmName.match(name).hasMatch())
            ++npgmJs;
        if (!isSql)
            continue;
        QByteArray bytes;
        if (!readHead(base + name, &bytes, cache)) {
            ++*unreadable;
            continue;
        }
        // Cheap byte searches first; the regular expressions confirm.
        if (first.isDigit() && bytes.contains("migrate:up") && dbmateName.match(name).hasMatch()
            && dbmateMarker.match(QString::fromUtf8(bytes)).hasMatch())
            ++dbmateFiles;
        else if ((bytes.contains("igration") || bytes.contains("IGRATION"))
                 && npgmMarker.match(QString::fromUtf8(bytes)).hasMatch())
            ++npgmSql;
        if ((bytes.contains("iquibase") || bytes.contains("IQUIBASE"))
            && liquibase.match(QString::fromUtf8(bytes)).hasMatch())
            ++liquibaseFiles;
    }
    const QString abs = d.absolutePath();
    auto add = [&](Format f, int n, const QString &reason, bool decisive = false) {
        if (n > 0)
            out.append({f, abs, reason, n, decisive});
    };
    add(Format::GolangMigrate, golangFiles,
        plural(golangFiles, u"file named <version>_<name>.up|down.<ext>"_s, u"files named <version>_<name>.up|down.<ext>"_s));
    add(Format::Dbmate, dbmateFiles, u"`-- migrate:up` markers in "_s + plural(dbmateFiles, u"file"_s, u"files"_s));
    add(Format::Flyway, flywayFiles,
        plural(flywayFiles, u"file named V|U|R<version>__<description>.sql"_s,
               u"files named V|U|R<version>__<description>.sql"_s));
    add(Format::NodePgMigrate, npgmSql + npgmJs,
        npgmSql > 0 ? u"`-- Up Migration` markers in "_s + plural(npgmSql, u"file"_s, u"files"_s)
                    : plural(npgmJs, u"file named <timestamp>_<name>.js|ts"_s, u"files named <timestamp>_<name>.js|ts"_s));
    add(Format::Liquibase, liquibaseFiles,
        u"`--liquibase formatted sql` headers in "_s + plural(liquibaseFiles, u"file"_s, u"files"_s));

    if (QFileInfo::exists(d.filePath(u"migration_lock.toml"_s)))
        add(Format::Prisma, 1, u"migration_lock.toml (Prisma Migrate)"_s, true);
    if (QFileInfo::exists(d.filePath(u"meta/_journal.json"_s)))
        add(Format::Drizzle, 1, u"meta/_journal.json (Drizzle Kit 0.x journal)"_s, true);
    if (QFileInfo::exists(d.filePath(u"atlas.sum"_s)) && head(d.filePath(u"atlas.sum"_s), 3) == "h1:")
        add(Format::Atlas, 1, u"atlas.sum beginning with h1: (Atlas)"_s, true);
    if (QFileInfo::exists(d.filePath(u"sqitch.plan"_s)))
        add(Format::Sqitch, 1, u"sqitch.plan (sqitch)"_s, true);
    if (!QFileInfo::exists(d.filePath(u"migration_lock.toml"_s)) && !QFileInfo::exists(d.filePath(u"meta/_journal.json"_s))) {
        int v1 = 0;
        static const QRegularExpression v1Name(u"^\\d{14}_.+$"_s);
        for (const QFileInfo &sub : d.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
            if (v1Name.match(sub.fileName()).hasMatch() && QFileInfo::exists(sub.filePath() + u"/migration.sql"_s)
                && QFileInfo::exists(sub.filePath() + u"/snapshot.json"_s))
                ++v1;
        add(Format::DrizzleV1, v1,
            plural(v1, u"folder <timestamp>_<name>/ with migration.sql and snapshot.json, no journal (Drizzle Kit 1.0)"_s,
                   u"folders <timestamp>_<name>/ with migration.sql and snapshot.json, no journal (Drizzle Kit 1.0)"_s),
            v1 > 0);
    }
    // Django: <app>/migrations/__init__.py + NNNN_*.py with class Migration, here or one level down.
    int django = 0;
    auto countDjango = [&django](const QDir &mdir) {
        if (!QFileInfo::exists(mdir.filePath(u"__init__.py"_s)))
            return;
        for (const QFileInfo &fi : mdir.entryInfoList({u"[0-9][0-9][0-9][0-9]_*.py"_s}, QDir::Files))
            if (head(fi.filePath()).contains("class Migration"))
                ++django;
    };
    if (d.dirName() == u"migrations")
        countDjango(d);
    else
        for (const QFileInfo &sub : d.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
            countDjango(QDir(sub.filePath() + u"/migrations"_s));
    add(Format::Django, django,
        u"Django migrations (class Migration) in "_s + plural(django, u"file"_s, u"files"_s), false);
}

} // namespace

Result<Detection> detectFormat(const QString &dir, FileCache *cache)
{
    const QFileInfo fi(dir);
    if (!fi.exists())
        return fail(Error::Code::Io, u"%1: no such folder"_s.arg(dir));
    if (!fi.isDir() || !QDir(dir).isReadable())
        return fail(Error::Code::Io, u"%1: not a readable folder"_s.arg(dir));
    QList<DetectionCandidate> candidates;
    int unreadable = 0;
    const QDir root(fi.absoluteFilePath());
    scanDir(root.absolutePath(), candidates, &unreadable, cache);
    if (candidates.isEmpty()) {
        // A Flyway project file beside the folder names its locations (flyway.toml `locations`, flyway.locations).
        const FlywaySettings fly = readFlywaySettings(root.absolutePath());
        if (!fly.configFile.isEmpty() && QFileInfo(fly.configFile).absoluteDir() == root)
            for (const QString &loc : fly.locationDirs())
                if (QFileInfo(loc).isDir() && loc != root.absolutePath())
                    scanDir(loc, candidates, &unreadable, cache);
    }
    if (candidates.isEmpty()) {
        for (const QString &sub : {u"db/migrations"_s, u"db/migration"_s, u"migrations"_s, u"prisma/migrations"_s,
                                   u"drizzle"_s, u"src/main/resources/db/migration"_s, u"sql"_s})
            if (QFileInfo(root.filePath(sub)).isDir())
                scanDir(root.filePath(sub), candidates, &unreadable, cache);
    }
    // Drizzle's, Atlas's and sqitch's index files explain the .sql files beside them.
    const bool anyDecisive = std::ranges::any_of(candidates, [](const DetectionCandidate &c) { return c.decisive; });
    std::ranges::stable_sort(candidates, [](const DetectionCandidate &a, const DetectionCandidate &b) {
        if (a.decisive != b.decisive)
            return a.decisive;
        return a.evidence > b.evidence;
    });
    Detection det;
    det.candidates = candidates;
    const QString unreadableNote =
        unreadable > 0 ? u" (%1 unreadable)"_s.arg(plural(unreadable, u"file"_s, u"files"_s)) : QString();
    if (candidates.isEmpty()) {
        det.dir = root.absolutePath();
        det.reason = u"no migration tool's files found"_s + unreadableNote;
        return det;
    }
    QList<DetectionCandidate> top;
    for (const DetectionCandidate &c : std::as_const(candidates)) {
        if (anyDecisive ? c.decisive : true)
            top.append(c);
    }
    // Flyway undo/versioned files also look like nothing else; golang-migrate .up/.down pairs with dbmate
    // markers inside are dbmate's business only if there are no pairs. Two formats with evidence: ambiguous.
    if (top.size() > 1 && !(anyDecisive && top.size() == 1)) {
        det.ambiguous = true;
        det.dir = top.first().dir;
        QStringList names;
        for (const DetectionCandidate &c : std::as_const(top))
            names.append(formatId(c.format) + u" (" + c.reason + u')');
        det.reason = u"mixed formats: "_s + names.join(u"; "_s) + u"; choose one"_s + unreadableNote;
        return det;
    }
    det.format = top.first().format;
    det.dir = top.first().dir;
    det.reason = top.first().reason + unreadableNote;
    return det;
}

} // namespace core::project

namespace core::project {

Result<Project> openProject(const QString &dir, Format forced, Detection *detection)
{
    FileCache cache;
    const auto det = detectFormat(dir, &cache);
    if (!det)
        return std::unexpected(det.error());
    if (detection)
        *detection = *det;
    if (forced != Format::Unknown) {
        // The user's choice: read the candidate folder of that format, else the folder given.
        QString target = QFileInfo(dir).absoluteFilePath();
        for (const DetectionCandidate &c : det->candidates)
            if (c.format == forced) {
                target = c.dir;
                break;
            }
        return readProject(target, forced, &cache);
    }
    if (det->format == Format::Unknown)
        return fail(Error::Code::InvalidArgument, u"%1: %2"_s.arg(dir, det->reason));
    return readProject(det->dir, det->format, &cache);
}

} // namespace core::project
