// SPDX-License-Identifier: GPL-3.0-or-later
#include "reader.h"

#include "checksum.h"
#include "core/logging.h"

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTimeZone>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <functional>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <toml++/toml.hpp>

using namespace Qt::StringLiterals;

namespace core::project {

namespace {

Issue warning(const QString &path, const QString &message)
{
    return Issue{Issue::Severity::Warning, path, message};
}

Issue error(const QString &path, const QString &message)
{
    return Issue{Issue::Severity::Error, path, message};
}

/// Splits bytes into lines, keeping byte offsets: (begin, end-without-terminator, next-line-begin).
struct Line
{
    qsizetype begin;
    qsizetype end;
    qsizetype next;
};

QList<Line> splitLines(const QByteArray &bytes)
{
    QList<Line> lines;
    qsizetype start = 0;
    const qsizetype n = bytes.size();
    while (start < n) {
        qsizetype eol = bytes.indexOf('\n', start);
        if (eol < 0) {
            lines.append({start, n, n});
            break;
        }
        qsizetype end = eol;
        if (end > start && bytes.at(end - 1) == '\r')
            --end;
        lines.append({start, end, eol + 1});
        start = eol + 1;
    }
    return lines;
}

QString lineText(const QByteArray &bytes, const Line &l)
{
    return QString::fromUtf8(bytes.mid(l.begin, l.end - l.begin));
}

QString sliceText(const QByteArray &bytes, qsizetype begin, qsizetype end)
{
    return QString::fromUtf8(bytes.mid(begin, end - begin));
}

/// Non-transactional statements Flyway's PostgreSQL parser recognises (it then runs the script outside a
/// transaction).
bool hasPgNonTransactionalStatement(const QString &sql)
{
    static const QRegularExpression re(
        u"\\b(CREATE|DROP)\\s+(UNIQUE\\s+)?INDEX\\s+CONCURRENTLY\\b|\\bREINDEX\\b[^;]*\\bCONCURRENTLY\\b|"
        "^\\s*VACUUM\\b|\\bALTER\\s+SYSTEM\\b|\\b(CREATE|DROP)\\s+(DATABASE|TABLESPACE)\\b|"
        "\\bDETACH\\s+PARTITION\\b[^;]*\\bCONCURRENTLY\\b"_s,
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::MultilineOption);
    return re.match(sql).hasMatch();
}

QFileInfoList listFiles(const QString &dir, const QStringList &nameFilters = {})
{
    QDir d(dir);
    return d.entryInfoList(nameFilters, QDir::Files | QDir::Hidden | QDir::System, QDir::Name);
}

QFileInfoList listDirs(const QString &dir)
{
    return QDir(dir).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
}

thread_local const FileCache *t_cache = nullptr;

bool readInto(const QString &path, QByteArray *bytes, Project &project)
{
    if (t_cache) {
        const auto it = t_cache->files.constFind(path);
        if (it != t_cache->files.cend()) {
            *bytes = *it;
            return true;
        }
    }
    QString message;
    if (!readFileBytes(path, bytes, &message)) {
        project.issues.append(error(path, message));
        return false;
    }
    return true;
}

bool lessNumericString(const QString &a, const QString &b)
{
    // Compare digit strings by value without overflow: strip leading zeros, then length, then text.
    auto strip = [](const QString &s) {
        qsizetype i = 0;
        while (i + 1 < s.size() && s.at(i) == u'0')
            ++i;
        return s.mid(i);
    };
    const QString x = strip(a), y = strip(b);
    if (x.size() != y.size())
        return x.size() < y.size();
    return x < y;
}

// ---- golang-migrate ---------------------------------------------------------------------------------------

void readGolangMigrate(Project &p)
{
    static const QRegularExpression re(u"^([0-9]+)_(.*)\\.(down|up)\\.(.*)$"_s);
    QMap<quint64, Migration> byVersion;
    QHash<quint64, QString> upSeen, downSeen;
    for (const QFileInfo &fi : listFiles(p.dir)) {
        const auto m = re.match(fi.fileName());
        if (!m.hasMatch())
            continue;
        bool ok = false;
        const quint64 v = m.captured(1).toULongLong(&ok);
        if (!ok) {
            p.issues.append(error(fi.filePath(), u"version %1 does not fit in 64 bits"_s.arg(m.captured(1))));
            continue;
        }
        const bool up = m.captured(3) == u"up";
        auto &seen = up ? upSeen : downSeen;
        if (seen.contains(v)) {
            p.issues.append(error(fi.filePath(), u"duplicate migration version %1 (also %2): golang-migrate refuses "
                                                 "to run; renumber one of them"_s.arg(v).arg(seen.value(v))));
            continue;
        }
        seen.insert(v, fi.filePath());
        Migration &mig = byVersion[v];
        mig.version = QString::number(v);
        mig.id = mig.version;
        if (mig.name.isEmpty())
            mig.name = m.captured(2);
        mig.transactional = false; // golang-migrate never wraps a file
        mig.implicitTransaction = true; // the file is one Exec (PG simple query)
        QByteArray bytes;
        if (!readInto(fi.filePath(), &bytes, p))
            continue;
        if (up) {
            mig.upPath = fi.absoluteFilePath();
            mig.upSql = QString::fromUtf8(bytes);
            mig.upSpan = {0, bytes.size()};
        } else {
            mig.downPath = fi.absoluteFilePath();
            mig.downSql = QString::fromUtf8(bytes);
            mig.downSpan = {0, bytes.size()};
        }
    }
    for (auto it = byVersion.begin(); it != byVersion.end(); ++it) {
        if (it->upPath.isEmpty() && !upSeen.contains(it.key()))
            p.issues.append(warning(it->downPath, u"version %1 has a down file but no up file"_s.arg(it.key())));
        p.migrations.append(*it);
    }
    p.historyTable = u"schema_migrations"_s;
}

// ---- dbmate -----------------------------------------------------------------------------------------------

void readDbmate(Project &p)
{
    const QString base = QDir(p.dir).absolutePath() + u'/';
    for (const QString &fileName : QDir(p.dir).entryList(QDir::Files | QDir::System, QDir::Name)) {
        // ^(\d+).*\.sql$ ; dbmate silently ignores other files
        qsizetype digits = 0;
        while (digits < fileName.size() && fileName.at(digits).isDigit() && fileName.at(digits).unicode() < 128)
            ++digits;
        if (digits == 0 || !fileName.endsWith(u".sql"_s))
            continue;
        Migration mig;
        mig.version = fileName.left(digits);
        mig.id = mig.version;
        QString rest = fileName.mid(mig.version.size());
        rest.chop(4);
        if (rest.startsWith(u'_'))
            rest.remove(0, 1);
        mig.name = rest;
        mig.upPath = base + fileName;
        mig.downPath = mig.upPath;
        QByteArray bytes;
        if (readInto(mig.upPath, &bytes, p)) {
            const QString problem = parseDbmateFile(bytes, mig);
            if (!problem.isEmpty())
                p.issues.append(error(mig.upPath, problem));
        }
        p.migrations.append(mig);
    }
    // dbmate sorts file names (Go sort.Strings); all files share the folder prefix.
    std::ranges::stable_sort(p.migrations, [](const Migration &a, const Migration &b) { return a.upPath < b.upPath; });
    p.historyTable = u"schema_migrations"_s;
}

// ---- Flyway -----------------------------------------------------------------------------------------------

QString tomlString(const toml::node *n)
{
    if (!n)
        return {};
    if (const auto *v = n->as_string())
        return QString::fromStdString(v->get());
    return {};
}

QStringList tomlStrings(const toml::node *n)
{
    QStringList out;
    if (!n)
        return out;
    if (const auto *a = n->as_array()) {
        for (const toml::node &e : *a)
            if (const auto *v = e.as_string())
                out.append(QString::fromStdString(v->get()));
    } else if (const auto *v = n->as_string()) {
        // a comma-separated string, as in .conf files
        for (const QString &part : QString::fromStdString(v->get()).split(u',', Qt::SkipEmptyParts))
            out.append(part.trimmed());
    }
    return out;
}

/// flyway.toml (Flyway 10+): [flyway] table / defaultSchema / schemas / locations / environment, and
/// [environments.<name>] schemas for the selected environment ("default" unless [flyway] environment says).
bool readFlywayToml(const QString &path, FlywaySettings &s)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QByteArray bytes = f.read(1024 * 1024);
    toml::table root;
    try {
        root = toml::parse(std::string_view(bytes.constData(), static_cast<size_t>(bytes.size())), path.toStdString());
    } catch (const toml::parse_error &e) {
        s.problem = u"%1: not valid TOML (line %2): %3"_s.arg(path).arg(e.source().begin.line).arg(
            QString::fromUtf8(e.description().data(), qsizetype(e.description().size())));
        return false;
    }
    s.configFile = path;
    const toml::node_view<toml::node> fly = root["flyway"];
    s.environment = tomlString(fly["environment"].node());
    if (s.environment.isEmpty())
        s.environment = u"default"_s;
    s.table = tomlString(fly["table"].node());
    s.defaultSchema = tomlString(fly["defaultSchema"].node());
    s.schemas = tomlStrings(fly["schemas"].node());
    const toml::node_view<toml::node> env = root["environments"][s.environment.toStdString()];
    if (const QStringList envSchemas = tomlStrings(env["schemas"].node()); !envSchemas.isEmpty())
        s.schemas = envSchemas;
    s.locations = tomlStrings(fly["locations"].node());
    return true;
}

bool readFlywayConf(const QString &path, FlywaySettings &s)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QString text = QString::fromUtf8(f.read(1024 * 1024));
    auto value = [&text](const QString &key) {
        const QRegularExpression re(u"^\\s*flyway\\.%1\\s*=\\s*(.*?)\\s*$"_s.arg(key), QRegularExpression::MultilineOption);
        const auto m = re.match(text);
        return m.hasMatch() ? m.captured(1) : QString();
    };
    s.configFile = path;
    s.table = value(u"table"_s);
    s.defaultSchema = value(u"defaultSchema"_s);
    for (const QString &part : value(u"schemas"_s).split(u',', Qt::SkipEmptyParts))
        s.schemas.append(part.trimmed());
    for (const QString &part : value(u"locations"_s).split(u',', Qt::SkipEmptyParts))
        s.locations.append(part.trimmed());
    return true;
}

} // namespace

QString FlywaySettings::historySchema() const
{
    if (!defaultSchema.isEmpty())
        return defaultSchema;
    return schemas.isEmpty() ? QString() : schemas.first();
}

QStringList FlywaySettings::locationDirs() const
{
    QStringList out;
    const QDir base = QFileInfo(configFile).absoluteDir();
    for (QString loc : locations) {
        if (loc.startsWith(u"filesystem:"_s))
            loc = loc.mid(11);
        else if (loc.startsWith(u"classpath:"_s))
            loc = u"src/main/resources/"_s + loc.mid(10);
        else if (loc.contains(u':') && !QDir::isAbsolutePath(loc))
            continue; // s3:, gcs: ... not on this disk
        out.append(QDir::cleanPath(base.absoluteFilePath(loc)));
    }
    return out;
}

FlywaySettings readFlywaySettings(const QString &dir)
{
    QDir d(dir);
    for (int up = 0; up < 4; ++up) {
        FlywaySettings s;
        if (readFlywayToml(d.filePath(u"flyway.toml"_s), s))
            return s;
        if (!s.problem.isEmpty())
            return s;
        for (const QString &name : {u"flyway.conf"_s, u"conf/flyway.conf"_s})
            if (readFlywayConf(d.filePath(name), s))
                return s;
        if (!d.cdUp())
            break;
    }
    return {};
}

namespace {

void readFlyway(Project &p)
{
    const FlywaySettings settings = readFlywaySettings(p.dir);
    if (!settings.problem.isEmpty())
        p.issues.append(warning(settings.configFile.isEmpty() ? p.dir : settings.configFile, settings.problem));
    p.historyTable = settings.table.isEmpty() ? u"flyway_schema_history"_s : settings.table;
    p.historySchema = settings.historySchema();
    QList<Migration> versioned, repeatable;
    QHash<QString, Migration> undo;
    QHash<QString, QString> seenVersions;
    QDirIterator it(p.dir, {u"*.sql"_s, u"*.SQL"_s}, QDir::Files | QDir::System, QDirIterator::Subdirectories);
    QStringList paths;
    while (it.hasNext())
        paths.append(it.next());
    std::ranges::sort(paths);
    const QDir base(p.dir);
    for (const QString &path : paths) {
        const QFileInfo fi(path);
        QString stem = fi.fileName();
        stem.chop(4);
        QChar prefix = stem.isEmpty() ? QChar() : stem.at(0);
        if (prefix != u'V' && prefix != u'U' && prefix != u'R')
            continue;
        const qsizetype sep = stem.indexOf(u"__"_s);
        if (sep < 0) {
            p.issues.append(warning(path, u"Flyway ignores it: no \"__\" separator after the version"_s));
            continue;
        }
        const QString version = stem.mid(1, sep - 1).replace(u'_', u'.');
        Migration mig;
        mig.name = stem.mid(sep + 2).replace(u'_', u' ');
        mig.version = version;
        mig.id = base.relativeFilePath(path); // the `script` column
        if (prefix == u'R') {
            if (!version.isEmpty()) {
                p.issues.append(warning(path, u"a repeatable migration must not have a version"_s));
                continue;
            }
            mig.kind = Migration::Kind::Repeatable;
        } else {
            static const QRegularExpression ver(u"^\\d+(\\.\\d+)*$"_s);
            if (!ver.match(version).hasMatch()) {
                p.issues.append(error(path, u"invalid Flyway version \"%1\""_s.arg(version)));
                continue;
            }
        }
        QByteArray bytes;
        if (!readInto(path, &bytes, p))
            continue;
        mig.upPath = fi.absoluteFilePath();
        mig.upSql = QString::fromUtf8(bytes);
        mig.upSpan = {0, bytes.size()};
        mig.checksum = QString::number(flywayChecksum(bytes));
        mig.transactional = true;
        QFile conf(path + u".conf"_s);
        if (conf.open(QIODevice::ReadOnly)) {
            const QString text = QString::fromUtf8(conf.readAll());
            static const QRegularExpression noTx(u"^\\s*executeInTransaction\\s*=\\s*false\\s*$"_s,
                                                 QRegularExpression::MultilineOption
                                                     | QRegularExpression::CaseInsensitiveOption);
            const auto m = noTx.match(text);
            if (m.hasMatch()) {
                mig.transactional = false;
                mig.noTransactionDeclaration = QFileInfo(conf).fileName() + u": "_s + m.captured(0).trimmed();
            }
        }
        if (mig.transactional && hasPgNonTransactionalStatement(mig.upSql)) {
            mig.transactional = false;
            mig.noTransactionDeclaration = u"(detected by Flyway's PostgreSQL parser: non-transactional statement)"_s;
        }
        if (prefix == u'U') {
            undo.insert(version, mig);
            continue;
        }
        if (prefix == u'V') {
            if (seenVersions.contains(version)) {
                p.issues.append(error(path, u"Found more than one migration with version %1 (also %2)"_s.arg(
                                                version, seenVersions.value(version))));
                continue;
            }
            seenVersions.insert(version, path);
            versioned.append(mig);
        } else {
            repeatable.append(mig);
        }
    }
    std::ranges::stable_sort(versioned, [](const Migration &a, const Migration &b) {
        return compareFlywayVersions(a.version, b.version) < 0;
    });
    std::ranges::stable_sort(repeatable, [](const Migration &a, const Migration &b) { return a.name < b.name; });
    for (Migration &m : versioned) {
        if (undo.contains(m.version)) {
            const Migration u = undo.take(m.version);
            m.downPath = u.upPath;
            m.downSql = u.upSql;
            m.downSpan = u.upSpan;
        }
    }
    for (const Migration &u : std::as_const(undo))
        p.issues.append(warning(u.upPath, u"undo script for version %1 without a versioned migration"_s.arg(u.version)));
    p.migrations = versioned + repeatable;
}

// ---- Prisma -----------------------------------------------------------------------------------------------

void readPrisma(Project &p)
{
    QFile lock(QDir(p.dir).filePath(u"migration_lock.toml"_s));
    if (lock.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : lock.readAll().split('\n')) {
            if (line.trimmed().startsWith("provider")) {
                QString v = QString::fromUtf8(line).section(u'=', 1).trimmed();
                v.remove(u'"');
                p.provider = v;
            }
        }
    }
    const bool pg = p.provider.isEmpty() || p.provider == u"postgresql" || p.provider == u"cockroachdb";
    for (const QFileInfo &d : listDirs(p.dir)) {
        const QString sql = QDir(d.filePath()).filePath(u"migration.sql"_s);
        if (!QFileInfo::exists(sql)) {
            p.issues.append(warning(d.filePath(), u"folder without migration.sql (Prisma P3015 when applied)"_s));
            continue;
        }
        Migration mig;
        mig.id = d.fileName();
        const qsizetype us = mig.id.indexOf(u'_');
        mig.version = us < 0 ? mig.id : mig.id.left(us);
        mig.name = us < 0 ? QString() : mig.id.mid(us + 1);
        mig.upPath = QFileInfo(sql).absoluteFilePath();
        QByteArray bytes;
        if (readInto(sql, &bytes, p)) {
            mig.upSql = QString::fromUtf8(bytes);
            mig.upSpan = {0, bytes.size()};
            mig.checksum = prismaChecksum(bytes);
        }
        mig.transactional = false;
        mig.implicitTransaction = pg; // PG: one simple-query message
        if (mig.id.toUtf8().size() > 200)
            p.issues.append(error(d.filePath(), u"migration name longer than 200 bytes (Prisma P3010)"_s));
        p.migrations.append(mig);
    }
    p.historyTable = u"_prisma_migrations"_s;
}

// ---- Drizzle ----------------------------------------------------------------------------------------------

void readDrizzleSql(Project &p, Migration &mig, const QString &path)
{
    mig.upPath = QFileInfo(path).absoluteFilePath();
    QByteArray bytes;
    if (!readInto(path, &bytes, p))
        return;
    mig.upSql = QString::fromUtf8(bytes);
    mig.upSpan = {0, bytes.size()};
    mig.checksum = drizzleHash(bytes);
    mig.transactional = true; // all pending migrations run in one transaction
}

Result<void> readDrizzle(Project &p)
{
    const QString journalPath = QDir(p.dir).filePath(u"meta/_journal.json"_s);
    QByteArray bytes;
    QString message;
    if (!readFileBytes(journalPath, &bytes, &message))
        return fail(Error::Code::Io, u"%1: %2"_s.arg(journalPath, message));
    QJsonParseError perr;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &perr);
    if (perr.error != QJsonParseError::NoError || !doc.isObject() || !doc.object().value(u"entries"_s).isArray())
        return fail(Error::Code::InvalidArgument,
                    u"%1: corrupt Drizzle journal (%2); the file was not changed"_s.arg(
                        journalPath, perr.error != QJsonParseError::NoError ? perr.errorString()
                                                                            : u"no \"entries\" array"_s));
    const QJsonObject root = doc.object();
    p.provider = root.value(u"dialect"_s).toString();
    QSet<QString> listed;
    for (const QJsonValue &v : root.value(u"entries"_s).toArray()) {
        const QJsonObject e = v.toObject();
        const QString tag = e.value(u"tag"_s).toString();
        if (tag.isEmpty() || !e.value(u"when"_s).isDouble()) {
            p.issues.append(error(journalPath, u"journal entry without tag or when: the migrator would fail"_s));
            continue;
        }
        Migration mig;
        const qsizetype us = tag.indexOf(u'_');
        mig.version = us < 0 ? tag : tag.left(us);
        mig.name = us < 0 ? QString() : tag.mid(us + 1);
        mig.id = QString::number(static_cast<qint64>(e.value(u"when"_s).toDouble())); // created_at
        const QString sql = QDir(p.dir).filePath(tag + u".sql"_s);
        listed.insert(tag + u".sql"_s);
        if (!QFileInfo::exists(sql)) {
            p.issues.append(error(sql, u"journal entry %1 has no SQL file"_s.arg(tag)));
            mig.upPath = sql;
        } else {
            readDrizzleSql(p, mig, sql);
        }
        p.migrations.append(mig);
    }
    for (const QFileInfo &fi : listFiles(p.dir, {u"*.sql"_s}))
        if (!listed.contains(fi.fileName()))
            p.issues.append(warning(fi.filePath(), u"not in meta/_journal.json: the Drizzle migrator ignores it"_s));
    p.historyTable = u"__drizzle_migrations"_s;
    p.historySchema = u"drizzle"_s;
    return {};
}

void readDrizzleV1(Project &p)
{
    static const QRegularExpression re(u"^(\\d{14})_(.*)$"_s);
    for (const QFileInfo &d : listDirs(p.dir)) {
        const auto m = re.match(d.fileName());
        const QString sql = QDir(d.filePath()).filePath(u"migration.sql"_s);
        if (!m.hasMatch() || !QFileInfo::exists(sql))
            continue;
        Migration mig;
        mig.version = m.captured(1);
        mig.name = m.captured(2);
        mig.id = d.fileName();
        readDrizzleSql(p, mig, sql);
        p.migrations.append(mig);
    }
    p.historyTable = u"__drizzle_migrations"_s;
    p.historySchema = u"drizzle"_s;
}

// ---- Atlas ------------------------------------------------------------------------------------------------

void readAtlas(Project &p)
{
    QList<QPair<QString, QByteArray>> files;
    static const QRegularExpression ignore(u"^[ -~]*atlas:sum +ignore"_s);
    for (const QFileInfo &fi : listFiles(p.dir, {u"*.sql"_s})) {
        QByteArray bytes;
        if (!readInto(fi.filePath(), &bytes, p))
            continue;
        files.append({fi.fileName(), bytes});
    }
    const AtlasSum computed = atlasSum(files);
    p.sumFile = QString::fromUtf8(computed.text());
    QHash<QString, QString> hashes;
    for (const auto &[name, hash] : computed.entries)
        hashes.insert(name, hash);
    QByteArray onDisk;
    QString message;
    const QString sumPath = QDir(p.dir).filePath(u"atlas.sum"_s);
    if (!readFileBytes(sumPath, &onDisk, &message)) {
        p.sumMatches = false;
        p.issues.append(error(sumPath, u"atlas.sum missing or unreadable (%1): run `atlas migrate hash`"_s.arg(message)));
    } else {
        AtlasSum parsed;
        if (!parseAtlasSum(onDisk, &parsed)) {
            p.sumMatches = false;
            p.issues.append(error(sumPath, u"atlas.sum is corrupt; Atlas refuses to run (\"You have a checksum error "
                                           "in your migration directory\"). Run `atlas migrate hash`."_s));
        } else if (onDisk != computed.text()) {
            p.sumMatches = false;
            QStringList changed;
            QHash<QString, QString> old;
            for (const auto &[name, hash] : parsed.entries)
                old.insert(name, hash);
            for (const auto &[name, hash] : computed.entries)
                if (old.value(name) != hash)
                    changed.append(name);
            p.issues.append(error(sumPath, u"atlas.sum does not match the files (first difference: %1); Atlas "
                                           "refuses to run. Run `atlas migrate hash` if the edit is intended."_s.arg(
                                               changed.isEmpty() ? u"the file list"_s : changed.first())));
        }
    }
    static const QRegularExpression txNone(u"^--\\s*atlas:txmode\\s+none\\s*$"_s);
    for (const auto &[name, bytes] : std::as_const(files)) {
        if (!hashes.contains(name))
            continue; // atlas:sum ignore
        Migration mig;
        QString stem = name;
        stem.chop(4);
        const qsizetype us = stem.indexOf(u'_');
        mig.version = us < 0 ? stem : stem.left(us);
        mig.name = us < 0 ? QString() : stem.mid(us + 1);
        mig.id = mig.version;
        mig.upPath = QDir(p.dir).absoluteFilePath(name);
        mig.upSql = QString::fromUtf8(bytes);
        mig.upSpan = {0, bytes.size()};
        mig.checksum = hashes.value(name).mid(3); // stored without "h1:"
        for (const Line &l : splitLines(bytes)) { // directives: the header before the first blank line
            const QString t = lineText(bytes, l).trimmed();
            if (t.isEmpty() || !t.startsWith(u"--"_s))
                break;
            if (txNone.match(t).hasMatch()) {
                mig.transactional = false;
                mig.noTransactionDeclaration = t;
            }
        }
        p.migrations.append(mig);
    }
    std::ranges::stable_sort(p.migrations, [](const Migration &a, const Migration &b) { return a.upPath < b.upPath; });
    p.historyTable = u"atlas_schema_revisions"_s;
    p.historySchema = u"atlas_schema_revisions"_s;
}

// ---- node-pg-migrate --------------------------------------------------------------------------------------

void readNodePgMigrate(Project &p)
{
    static const QRegularExpression re(u"^(\\d+)[_-]?(.*)\\.(js|cjs|mjs|ts|sql)$"_s);
    for (const QFileInfo &fi : listFiles(p.dir)) {
        const auto m = re.match(fi.fileName());
        if (!m.hasMatch())
            continue;
        Migration mig;
        mig.version = m.captured(1);
        mig.name = m.captured(2);
        mig.id = fi.completeBaseName();
        mig.upPath = fi.absoluteFilePath();
        mig.transactional = true;
        if (m.captured(3) == u"sql") {
            mig.downPath = mig.upPath;
            QByteArray bytes;
            if (readInto(fi.filePath(), &bytes, p)) {
                const QString problem = parseNodePgMigrateSqlFile(bytes, mig);
                if (!problem.isEmpty())
                    p.issues.append(warning(fi.filePath(), problem));
            }
        } else {
            QByteArray bytes;
            if (readInto(fi.filePath(), &bytes, p) && bytes.contains("noTransaction()")) {
                mig.transactional = false;
                mig.noTransactionDeclaration = u"pgm.noTransaction()"_s;
            }
        }
        p.migrations.append(mig);
    }
    std::ranges::stable_sort(p.migrations, [](const Migration &a, const Migration &b) {
        if (a.version != b.version)
            return lessNumericString(a.version, b.version);
        return a.id < b.id;
    });
    p.historyTable = u"pgmigrations"_s;
}

// ---- sqitch -----------------------------------------------------------------------------------------------

Result<void> readSqitch(Project &p)
{
    const QString planPath = QDir(p.dir).filePath(u"sqitch.plan"_s);
    QByteArray bytes;
    QString message;
    if (!readFileBytes(planPath, &bytes, &message))
        return fail(Error::Code::Io, u"%1: %2"_s.arg(planPath, message));
    QFile conf(QDir(p.dir).filePath(u"sqitch.conf"_s));
    if (conf.open(QIODevice::ReadOnly)) {
        const QString text = QString::fromUtf8(conf.readAll());
        static const QRegularExpression engine(u"^\\s*engine\\s*=\\s*(\\S+)"_s, QRegularExpression::MultilineOption);
        const auto m = engine.match(text);
        if (m.hasMatch())
            p.provider = m.captured(1);
        // The registry (PostgreSQL: a schema; MySQL: a database), `registry` of [engine "<engine>"] (sqitch engine
        // alter --registry, sqitch config engine.<engine>.registry).
        QString section;
        static const QRegularExpression sectionRe(u"^\\s*\\[\\s*([^\\]]*?)\\s*\\]"_s);
        static const QRegularExpression registryRe(u"^\\s*registry\\s*=\\s*\"?([^\"\\s]+)\"?\\s*$"_s);
        for (const QString &line : text.split(u'\n')) {
            if (const auto sm = sectionRe.match(line); sm.hasMatch()) {
                section = sm.captured(1).simplified();
                continue;
            }
            if (const auto rm = registryRe.match(line); rm.hasMatch() && !p.provider.isEmpty()
                && section == u"engine \"%1\""_s.arg(p.provider))
                p.historySchema = rm.captured(1);
        }
    }
    static const QRegularExpression changeRe(
        u"^([^\\s@#:\\[\\]]+)(?:\\s+\\[([^\\]]*)\\])?\\s+(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ)\\s+([^<]+?)\\s+<([^>]*)>(?:\\s+#\\s?(.*))?$"_s);
    static const QRegularExpression tagRe(u"^@(\\S+)\\s"_s);
    QString uri;
    QString parentId;
    QHash<qsizetype, QString> reworkTag; // index of a reworked change -> first tag after it
    QList<qsizetype> untaggedSince; // changes since the last tag that may need a rework tag
    const QList<Line> lines = splitLines(bytes);
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = lineText(bytes, lines.at(i));
        const QString t = line.trimmed();
        if (t.isEmpty() || t.startsWith(u'#'))
            continue;
        if (t.startsWith(u'%')) {
            const QString key = t.mid(1).section(u'=', 0, 0).trimmed();
            const QString value = t.section(u'=', 1).trimmed();
            if (key == u"project")
                p.projectName = value;
            else if (key == u"uri")
                uri = value;
            continue;
        }
        const auto tm = tagRe.match(t);
        if (tm.hasMatch()) {
            for (const qsizetype idx : std::as_const(untaggedSince))
                if (!reworkTag.contains(idx))
                    reworkTag.insert(idx, u'@' + tm.captured(1));
            untaggedSince.clear();
            continue;
        }
        const auto m = changeRe.match(t);
        if (!m.hasMatch()) {
            p.issues.append(error(planPath, u"line %1: not a sqitch plan line: %2"_s.arg(i + 1).arg(t.left(80))));
            continue;
        }
        Migration mig;
        mig.name = m.captured(1);
        mig.version = mig.name;
        const QStringList deps = m.captured(2).split(u' ', Qt::SkipEmptyParts);
        QStringList requires_, conflicts;
        for (const QString &d : deps)
            (d.startsWith(u'!') ? conflicts : requires_).append(d.startsWith(u'!') ? d.mid(1) : d);
        mig.dependencies = requires_;
        mig.author = m.captured(4) + u" <"_s + m.captured(5) + u'>';
        mig.note = m.captured(6);
        QStringList info{u"project "_s + p.projectName};
        if (!uri.isEmpty())
            info.append(u"uri "_s + uri);
        info.append(u"change "_s + mig.name);
        if (!parentId.isEmpty())
            info.append(u"parent "_s + parentId);
        info.append(u"planner "_s + mig.author);
        info.append(u"date "_s + m.captured(3));
        if (!requires_.isEmpty())
            info.append(u"requires\n  + "_s + requires_.join(u"\n  + "_s));
        if (!conflicts.isEmpty())
            info.append(u"conflicts\n  - "_s + conflicts.join(u"\n  - "_s));
        if (!mig.note.isEmpty()) {
            info.append(QString());
            info.append(mig.note);
        }
        mig.id = sqitchObjectId(u"change"_s, info.join(u'\n'));
        parentId = mig.id;
        untaggedSince.append(p.migrations.size());
        mig.transactional = false; // the script's own BEGIN/COMMIT decides (psql --file)
        p.migrations.append(mig);
    }
    // Script paths: a change that is reworked later uses <name>@<tag>.sql.
    QHash<QString, int> remaining;
    for (const Migration &m : std::as_const(p.migrations))
        remaining[m.name]++;
    const QDir d(p.dir);
    for (qsizetype i = 0; i < p.migrations.size(); ++i) {
        Migration &mig = p.migrations[i];
        QString file = mig.name;
        if (--remaining[mig.name] > 0 && reworkTag.contains(i))
            file += reworkTag.value(i);
        file += u".sql"_s;
        mig.upPath = d.absoluteFilePath(u"deploy/"_s + file);
        mig.downPath = d.absoluteFilePath(u"revert/"_s + file);
        QByteArray up;
        if (readInto(mig.upPath, &up, p)) {
            mig.upSql = QString::fromUtf8(up);
            mig.upSpan = {0, up.size()};
            mig.checksum = sqitchScriptHash(up);
            static const QRegularExpression begin(u"^\\s*BEGIN\\s*;"_s, QRegularExpression::MultilineOption
                                                                                | QRegularExpression::CaseInsensitiveOption);
            mig.transactional = begin.match(mig.upSql).hasMatch();
            mig.ownTransaction = mig.transactional;
            if (!mig.transactional)
                mig.noTransactionDeclaration = u"(no BEGIN; in deploy script)"_s;
        }
        QByteArray down;
        QString ignored;
        if (readFileBytes(mig.downPath, &down, &ignored)) {
            mig.downSql = QString::fromUtf8(down);
            static const QRegularExpression ownBegin(u"^\\s*BEGIN\\s*;"_s, QRegularExpression::MultilineOption
                                                                                   | QRegularExpression::CaseInsensitiveOption);
            mig.downOwnTransaction = ownBegin.match(mig.downSql).hasMatch();
            mig.downSpan = {0, down.size()};
        }
    }
    p.historyTable = u"changes"_s;
    if (p.historySchema.isEmpty())
        p.historySchema = u"sqitch"_s;
    return {};
}

// ---- Django (read only) -----------------------------------------------------------------------------------

void readDjango(Project &p)
{
    QStringList migrationDirs;
    if (QFileInfo::exists(QDir(p.dir).filePath(u"__init__.py"_s)) && QFileInfo(p.dir).fileName() == u"migrations")
        migrationDirs.append(p.dir);
    else {
        QDirIterator it(p.dir, {u"__init__.py"_s}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QFileInfo fi(it.next());
            if (fi.dir().dirName() == u"migrations" && !fi.filePath().contains(u"/site-packages/"_s))
                migrationDirs.append(fi.absolutePath());
        }
    }
    std::ranges::sort(migrationDirs);
    static const QRegularExpression file(u"^(\\d+)_(\\w+)\\.py$"_s);
    static const QRegularExpression depsBlock(u"dependencies\\s*=\\s*\\[(.*?)\\]"_s,
                                              QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression pair(u"\\(\\s*['\"]([^'\"]+)['\"]\\s*,\\s*['\"]([^'\"]+)['\"]\\s*\\)"_s);
    static const QRegularExpression atomic(u"^\\s+atomic\\s*=\\s*False\\b"_s, QRegularExpression::MultilineOption);
    QList<Migration> all;
    for (const QString &dir : std::as_const(migrationDirs)) {
        const QString app = QDir(dir).absolutePath().section(u'/', -2, -2);
        for (const QFileInfo &fi : listFiles(dir, {u"*.py"_s})) {
            const auto m = file.match(fi.fileName());
            if (!m.hasMatch() || fi.fileName().startsWith(u'_') || fi.fileName().startsWith(u'~'))
                continue;
            QByteArray bytes;
            if (!readInto(fi.filePath(), &bytes, p))
                continue;
            const QString text = QString::fromUtf8(bytes);
            if (!text.contains(u"class Migration"_s))
                continue;
            Migration mig;
            mig.version = m.captured(1);
            mig.name = fi.completeBaseName();
            mig.id = app + u'.' + mig.name;
            mig.upPath = fi.absoluteFilePath();
            mig.upSql = text;
            mig.upSpan = {0, bytes.size()};
            mig.author = app; // the app label
            const auto dm = depsBlock.match(text);
            if (dm.hasMatch()) {
                auto pit = pair.globalMatch(dm.captured(1));
                while (pit.hasNext()) {
                    const auto pm = pit.next();
                    mig.dependencies.append(pm.captured(1) + u'.' + pm.captured(2));
                }
            }
            const auto am = atomic.match(text);
            if (am.hasMatch()) {
                mig.transactional = false;
                mig.noTransactionDeclaration = am.captured(0).trimmed();
            }
            all.append(mig);
        }
    }
    // Topological order by the dependency graph; ties in (app, name) order. Unknown dependencies (other
    // apps outside the folder, "__first__") are ignored with a warning.
    QHash<QString, qsizetype> index;
    for (qsizetype i = 0; i < all.size(); ++i)
        index.insert(all.at(i).id, i);
    QList<int> state(all.size(), 0);
    std::function<bool(qsizetype)> visit = [&](qsizetype i) {
        if (state[i] == 2)
            return true;
        if (state[i] == 1)
            return false;
        state[i] = 1;
        for (const QString &dep : all.at(i).dependencies) {
            if (!index.contains(dep)) {
                if (!dep.endsWith(u".__first__"_s) && !dep.endsWith(u".__latest__"_s))
                    p.issues.append(warning(all.at(i).upPath, u"dependency %1 is not in this folder"_s.arg(dep)));
                continue;
            }
            if (!visit(index.value(dep))) {
                p.issues.append(error(all.at(i).upPath, u"circular dependency through %1"_s.arg(dep)));
                state[i] = 2;
                return true;
            }
        }
        state[i] = 2;
        p.migrations.append(all.at(i));
        return true;
    };
    for (qsizetype i = 0; i < all.size(); ++i)
        visit(i);
    p.historyTable = u"django_migrations"_s;
}

// ---- Liquibase formatted SQL (read only) ------------------------------------------------------------------

void readLiquibase(Project &p)
{
    static const QRegularExpression header(u"^\\s*--\\s*liquibase\\s*formatted.*"_s,
                                           QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression changeset(u"^\\s*--[\\s]*changeset\\s+(\"[^\"]+\"|[^:]+):\\s*(\"[^\"]+\"|\\S+).*"_s,
                                              QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression rollback(u"^\\s*--\\s*rollback\\s(.*)$"_s, QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression meta(
        u"^\\s*--\\s*(preconditions|precondition-|comment:|validCheckSum|ignoreLines|property)"_s,
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression noTx(u"runInTransaction:false"_s, QRegularExpression::CaseInsensitiveOption);
    QDirIterator it(p.dir, {u"*.sql"_s}, QDir::Files | QDir::System, QDirIterator::Subdirectories);
    QStringList paths;
    while (it.hasNext())
        paths.append(it.next());
    std::ranges::sort(paths);
    const QDir base(p.dir);
    for (const QString &path : std::as_const(paths)) {
        QByteArray bytes;
        if (!readInto(path, &bytes, p))
            continue;
        const QList<Line> lines = splitLines(bytes);
        if (lines.isEmpty() || !header.match(lineText(bytes, lines.first())).hasMatch())
            continue;
        Migration *cur = nullptr;
        QStringList body;
        qsizetype bodyBegin = -1, bodyEnd = -1;
        auto finish = [&]() {
            if (!cur)
                return;
            const QString sql = body.join(u'\n').trimmed();
            cur->upSql = sql;
            cur->upSpan = {bodyBegin < 0 ? 0 : bodyBegin, bodyEnd < 0 ? 0 : bodyEnd};
            cur->checksum = liquibaseChangeSetChecksum({sql});
        };
        for (const Line &l : lines) {
            const QString t = lineText(bytes, l);
            const auto cm = changeset.match(t);
            if (cm.hasMatch()) {
                finish();
                Migration mig;
                auto unquote = [](QString s) { return s.startsWith(u'"') ? s.mid(1, s.size() - 2) : s; };
                mig.author = unquote(cm.captured(1).trimmed());
                mig.version = unquote(cm.captured(2));
                mig.name = mig.author + u':' + mig.version;
                mig.id = mig.version + u'|' + mig.author + u'|' + base.relativeFilePath(path);
                mig.upPath = QFileInfo(path).absoluteFilePath();
                mig.downPath = mig.upPath;
                if (noTx.match(t).hasMatch()) {
                    mig.transactional = false;
                    mig.noTransactionDeclaration = t.trimmed();
                }
                p.migrations.append(mig);
                cur = &p.migrations.last();
                body.clear();
                bodyBegin = bodyEnd = -1;
                continue;
            }
            if (!cur)
                continue;
            const auto rm = rollback.match(t);
            if (rm.hasMatch()) {
                cur->downSql += (cur->downSql.isEmpty() ? QString() : u"\n"_s) + rm.captured(1);
                continue;
            }
            if (meta.match(t).hasMatch())
                continue;
            body.append(t);
            if (bodyBegin < 0 && !t.trimmed().isEmpty())
                bodyBegin = l.begin;
            if (!t.trimmed().isEmpty())
                bodyEnd = l.end;
        }
        finish();
    }
    p.historyTable = u"databasechangelog"_s;
}

} // namespace

bool readFileBytes(const QString &path, QByteArray *out, QString *error, qint64 maxBytes)
{
    // Plain POSIX calls: thousands of small migration files are read per status, and QFile's extra stat and
    // buffering cost more than the reading itself.
    const QByteArray native = QFile::encodeName(path);
    const int fd = ::open(native.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *error = QString::fromLocal8Bit(std::strerror(errno));
        return false;
    }
    struct stat st{};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        *error = S_ISDIR(st.st_mode) ? u"is a folder"_s : u"not a regular file"_s;
        ::close(fd);
        return false;
    }
    if (st.st_size > maxBytes) {
        *error = u"file larger than %1 bytes"_s.arg(maxBytes);
        ::close(fd);
        return false;
    }
    QByteArray bytes(static_cast<qsizetype>(st.st_size), Qt::Uninitialized);
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::read(fd, bytes.data() + done, static_cast<size_t>(bytes.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *error = QString::fromLocal8Bit(std::strerror(errno));
            ::close(fd);
            return false;
        }
        if (n == 0)
            break;
        done += n;
    }
    bytes.truncate(done);
    ::close(fd);
    *out = std::move(bytes);
    return true;
}

QString parseDbmateFile(const QByteArray &contents, Migration &m)
{
    static const QRegularExpression up(u"^--\\s*migrate:up(\\s*$|\\s+\\S+)"_s);
    static const QRegularExpression down(u"^--\\s*migrate:down(\\s*$|\\s+\\S+)"_s);
    static const QRegularExpression noTx(u"\\btransaction:false\\b"_s);
    const QList<Line> lines = splitLines(contents);
    qsizetype upLine = -1, downLine = -1;
    for (qsizetype i = 0; i < lines.size() && (upLine < 0 || downLine < 0); ++i) {
        const Line &l = lines.at(i);
        if (l.end - l.begin < 2 || contents.at(l.begin) != '-' || contents.at(l.begin + 1) != '-')
            continue;
        const QString t = lineText(contents, l);
        if (upLine < 0 && up.match(t).hasMatch())
            upLine = i;
        else if (downLine < 0 && down.match(t).hasMatch())
            downLine = i;
    }
    if (upLine < 0)
        return u"dbmate requires each migration to define an up block with '-- migrate:up'"_s;
    for (qsizetype i = 0; i < upLine && i != downLine; ++i) {
        const QString t = lineText(contents, lines.at(i)).trimmed();
        if (!t.isEmpty() && !t.startsWith(u"--"_s))
            return u"dbmate does not support statements preceding the '-- migrate:up' block"_s;
    }
    const qsizetype upBegin = lines.at(upLine).begin;
    const qsizetype upEnd = downLine > upLine ? lines.at(downLine).begin : contents.size();
    m.upSql = sliceText(contents, upBegin, upEnd);
    m.upSpan = {upBegin, upEnd};
    const QString upMarker = lineText(contents, lines.at(upLine));
    m.transactional = !noTx.match(upMarker).hasMatch();
    m.implicitTransaction = !m.transactional; // without BEGIN the section is still one simple query
    if (!m.transactional)
        m.noTransactionDeclaration = upMarker.trimmed();
    if (downLine < 0)
        return u"dbmate requires each migration to define a down block with '-- migrate:down'"_s;
    const qsizetype downBegin = lines.at(downLine).begin;
    const qsizetype downEnd = downLine > upLine ? contents.size() : upBegin;
    m.downSql = sliceText(contents, downBegin, downEnd);
    m.downSpan = {downBegin, downEnd};
    return {};
}

QString parseNodePgMigrateSqlFile(const QByteArray &contents, Migration &m)
{
    static const QRegularExpression up(u"^\\s*--[\\s-]*up\\s+migration"_s, QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression down(u"^\\s*--[\\s-]*down\\s+migration"_s, QRegularExpression::CaseInsensitiveOption);
    const QList<Line> lines = splitLines(contents);
    qsizetype upLine = -1, downLine = -1;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString t = lineText(contents, lines.at(i));
        if (upLine < 0 && up.match(t).hasMatch())
            upLine = i;
        else if (downLine < 0 && down.match(t).hasMatch())
            downLine = i;
    }
    const qsizetype upBegin = upLine < 0 ? 0 : lines.at(upLine).begin;
    const qsizetype upEnd = downLine > upLine ? lines.at(downLine).begin : contents.size();
    m.upSql = sliceText(contents, upBegin, upEnd);
    m.upSpan = {upBegin, upEnd};
    if (downLine >= 0) {
        const qsizetype downBegin = lines.at(downLine).begin;
        const qsizetype downEnd = downLine > upLine ? contents.size() : upBegin;
        m.downSql = sliceText(contents, downBegin, downEnd);
        m.downSpan = {downBegin, downEnd};
    } else {
        m.downPath.clear();
    }
    if (upLine < 0)
        return u"no \"-- Up Migration\" marker: node-pg-migrate runs the whole file as up"_s;
    return {};
}

int compareFlywayVersions(const QString &a, const QString &b)
{
    const QStringList x = a.split(u'.'), y = b.split(u'.');
    for (qsizetype i = 0; i < std::max(x.size(), y.size()); ++i) {
        const QString p = i < x.size() ? x.at(i) : u"0"_s;
        const QString q = i < y.size() ? y.at(i) : u"0"_s;
        if (p == q)
            continue;
        return lessNumericString(p, q) ? -1 : (lessNumericString(q, p) ? 1 : 0);
    }
    return 0;
}

Result<Project> readProject(const QString &dir, Format format, const FileCache *cache)
{
    struct CacheScope
    {
        explicit CacheScope(const FileCache *c) { t_cache = c; }
        ~CacheScope() { t_cache = nullptr; }
        Q_DISABLE_COPY_MOVE(CacheScope)
    } scope(cache);
    const QFileInfo fi(dir);
    if (!fi.exists())
        return fail(Error::Code::Io, u"%1: no such folder"_s.arg(dir));
    if (!fi.isDir() || !fi.isReadable() || !QDir(dir).isReadable())
        return fail(Error::Code::Io, u"%1: not a readable folder"_s.arg(dir));
    Project p;
    p.format = format;
    p.dir = fi.absoluteFilePath();
    switch (format) {
    case Format::GolangMigrate:
        readGolangMigrate(p);
        break;
    case Format::Dbmate:
        readDbmate(p);
        break;
    case Format::Flyway:
        readFlyway(p);
        break;
    case Format::Prisma:
        readPrisma(p);
        break;
    case Format::Drizzle:
        if (auto r = readDrizzle(p); !r)
            return std::unexpected(r.error());
        break;
    case Format::DrizzleV1:
        readDrizzleV1(p);
        break;
    case Format::Atlas:
        readAtlas(p);
        break;
    case Format::NodePgMigrate:
        readNodePgMigrate(p);
        break;
    case Format::Sqitch:
        if (auto r = readSqitch(p); !r)
            return std::unexpected(r.error());
        break;
    case Format::Django:
        readDjango(p);
        break;
    case Format::Liquibase:
        readLiquibase(p);
        break;
    case Format::Unknown:
        return fail(Error::Code::InvalidArgument, u"%1: unknown migration format"_s.arg(dir));
    }
    qCDebug(lcProject) << "read" << p.migrations.size() << formatId(format) << "migrations from" << p.dir;
    return p;
}

} // namespace core::project
