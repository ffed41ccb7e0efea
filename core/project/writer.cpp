// SPDX-License-Identifier: GPL-3.0-or-later
#include "writer.h"

#include "checksum.h"
#include "reader.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>
#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace core::project {

namespace {

QString timestamp(const QDateTime &now)
{
    return now.toUTC().toString(u"yyyyMMddHHmmss"_s);
}

/// Next sequential number in the width the folder already uses, or empty when the folder uses timestamps.
QString nextSequence(const QList<Migration> &migrations, int defaultWidth)
{
    if (migrations.isEmpty())
        return defaultWidth > 0 ? QString::number(1).rightJustified(defaultWidth, u'0') : QString();
    quint64 max = 0;
    for (const Migration &m : migrations) {
        const QString v = m.version;
        if (v.size() >= 12) // a timestamp
            return {};
        max = std::max<quint64>(max, v.toULongLong());
    }
    return QString::number(max + 1);
}

QString widthOfFirstFile(const Project &p, int fallback)
{
    Q_UNUSED(fallback);
    if (p.migrations.isEmpty())
        return {};
    const QString file = QFileInfo(p.migrations.first().upPath).fileName();
    static const QRegularExpression digits(u"^(\\d+)"_s);
    return digits.match(file).captured(1);
}

Result<void> checkName(const QString &name)
{
    if (name.trimmed().isEmpty())
        return fail(Error::Code::InvalidArgument, u"the migration needs a name"_s);
    if (name.contains(u'/') || name.contains(u'\\') || name.contains(QChar(0)))
        return fail(Error::Code::InvalidArgument, u"the migration name may not contain / or \\"_s);
    return {};
}

QString snake(const QString &name)
{
    QString s = name.trimmed();
    s.replace(QRegularExpression(u"\\s+"_s), u"_"_s);
    return s;
}

QByteArray withNewline(const QString &s)
{
    QByteArray b = s.toUtf8();
    if (!b.isEmpty() && !b.endsWith('\n'))
        b.append('\n');
    return b;
}

/// JSON.stringify(value, null, 2) for the journal, keeping Drizzle's key order.
QByteArray drizzleJournal(const QJsonObject &root, const QJsonArray &entries)
{
    auto str = [](const QJsonValue &v) {
        return QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
    };
    QByteArray out = "{\n";
    QStringList keys{u"version"_s, u"dialect"_s};
    for (const QString &k : root.keys())
        if (!keys.contains(k) && k != u"entries")
            keys.append(k);
    for (const QString &k : std::as_const(keys))
        if (root.contains(k))
            out += "  \"" + k.toUtf8() + "\": " + str(root.value(k)) + ",\n";
    out += "  \"entries\": [";
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QJsonObject e = entries.at(i).toObject();
        out += i == 0 ? "\n" : ",\n";
        out += "    {\n";
        QStringList ek{u"idx"_s, u"version"_s, u"when"_s, u"tag"_s, u"breakpoints"_s};
        for (const QString &k : e.keys())
            if (!ek.contains(k))
                ek.append(k);
        QList<QByteArray> fields;
        for (const QString &k : std::as_const(ek))
            if (e.contains(k))
                fields.append("      \"" + k.toUtf8() + "\": " + str(e.value(k)));
        out += fields.join(",\n") + "\n    }";
    }
    out += entries.isEmpty() ? "]\n}" : "\n  ]\n}";
    return out;
}

/// A JavaScript string literal for `s` (JSON's escaping is valid JavaScript).
QByteArray jsString(const QString &s)
{
    return QJsonDocument(QJsonArray{s}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
}

} // namespace

bool canWriteNonTransactional(Format format)
{
    switch (format) {
    case Format::GolangMigrate:
    case Format::Dbmate:
    case Format::Flyway:
    case Format::Prisma:
    case Format::Atlas:
    case Format::NodePgMigrate:
    case Format::Sqitch:
        return true;
    case Format::Drizzle:
    case Format::DrizzleV1:
    case Format::Django:
    case Format::Liquibase:
    case Format::Unknown:
        return false;
    }
    return false;
}

Result<void> writeFileAtomically(const QString &path, const QByteArray &bytes, bool mayReplace)
{
    if (!mayReplace && QFileInfo::exists(path))
        return fail(Error::Code::Io, u"%1 already exists; not overwriting it"_s.arg(path));
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return fail(Error::Code::Io, u"%1: cannot create the folder"_s.arg(QFileInfo(path).absolutePath()));
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return fail(Error::Code::Io, u"%1: %2"_s.arg(path, f.errorString()));
    if (f.write(bytes) != bytes.size() || !f.commit())
        return fail(Error::Code::Io, u"%1: %2"_s.arg(path, f.errorString()));
    return {};
}

Result<CreatedMigration> createMigration(const Project &p, const QString &rawName, const NewMigrationOptions &o)
{
    if (auto ok = checkName(rawName); !ok)
        return std::unexpected(ok.error());
    if (!isWritable(p.format))
        return fail(Error::Code::Unsupported, u"%1 folders are read only here"_s.arg(formatId(p.format)));
    if (o.noTransaction && !canWriteNonTransactional(p.format))
        return fail(Error::Code::Unsupported,
                    u"%1 runs every migration in a transaction; a migration without one cannot be written"_s.arg(
                        formatId(p.format)));
    const QDir dir(p.dir);
    CreatedMigration c;
    c.name = snake(rawName);
    auto create = [&c](const QString &path, const QByteArray &bytes) -> Result<void> {
        auto r = writeFileAtomically(path, bytes);
        if (r)
            c.createdFiles.append(path);
        return r;
    };
    // Refuse to collide with a file that is already there before writing anything.
    auto free = [](const QStringList &paths) -> Result<void> {
        for (const QString &path : paths)
            if (QFileInfo::exists(path))
                return fail(Error::Code::Io, u"%1 already exists; not overwriting it"_s.arg(path));
        return {};
    };
    Result<void> r;
    switch (p.format) {
    case Format::GolangMigrate: {
        // `migrate create -seq` keeps the width of the existing files (default 6); otherwise a UTC timestamp.
        QString v = nextSequence(p.migrations, 6);
        if (!v.isEmpty()) {
            const QString first = widthOfFirstFile(p, 6);
            v = v.rightJustified(std::max<qsizetype>(first.isEmpty() ? 6 : first.size(), 1), u'0');
        } else {
            v = timestamp(o.now);
        }
        c.version = v;
        const QString up = dir.filePath(u"%1_%2.up.sql"_s.arg(v, c.name));
        const QString down = dir.filePath(u"%1_%2.down.sql"_s.arg(v, c.name));
        if (r = free({up, down}); !r)
            return std::unexpected(r.error());
        if (r = create(up, withNewline(o.upSql)); !r)
            return std::unexpected(r.error());
        if (r = create(down, withNewline(o.downSql)); !r)
            return std::unexpected(r.error());
        break;
    }
    case Format::Dbmate: {
        c.version = timestamp(o.now);
        const QString path = dir.filePath(u"%1_%2.sql"_s.arg(c.version, c.name));
        const QByteArray noTx = o.noTransaction ? " transaction:false" : "";
        const QByteArray text = "-- migrate:up" + noTx + "\n"
            + (o.upSql.isEmpty() ? QByteArray("\n") : withNewline(o.upSql)) + "\n-- migrate:down" + noTx + "\n"
            + withNewline(o.downSql);
        if (r = create(path, text); !r)
            return std::unexpected(r.error());
        break;
    }
    case Format::Flyway: {
        // Numbered versions continue after the highest major part (V7, V7.1 -> V8); timestamps get a timestamp.
        quint64 max = 0;
        bool timestamps = false;
        for (const Migration &m : p.migrations) {
            if (m.kind == Migration::Kind::Repeatable)
                continue;
            const QString major = m.version.section(u'.', 0, 0);
            if (major.size() >= 12)
                timestamps = true;
            max = std::max<quint64>(max, major.toULongLong());
        }
        c.version = timestamps ? timestamp(o.now) : QString::number(max + 1);
        const QString up = dir.filePath(u"V%1__%2.sql"_s.arg(c.version, c.name));
        if (r = free({up}); !r)
            return std::unexpected(r.error());
        if (o.noTransaction && (r = free({up + u".conf"_s})); !r)
            return std::unexpected(r.error());
        if (r = create(up, withNewline(o.upSql)); !r)
            return std::unexpected(r.error());
        if (o.noTransaction) // script configuration (Flyway 7+): this script runs outside a transaction
            if (r = create(up + u".conf"_s, "executeInTransaction=false\n"); !r)
                return std::unexpected(r.error());
        if (!o.downSql.isEmpty()) // undo scripts (Teams) only when asked for
            if (r = create(dir.filePath(u"U%1__%2.sql"_s.arg(c.version, c.name)), withNewline(o.downSql)); !r)
                return std::unexpected(r.error());
        break;
    }
    case Format::Prisma: {
        c.version = timestamp(o.now);
        QString n = c.name;
        n.replace(QRegularExpression(u"[^A-Za-z0-9_]"_s), u"_"_s);
        c.name = n;
        const QString path = dir.filePath(u"%1_%2/migration.sql"_s.arg(c.version, n));
        if (r = create(path, withNewline(o.upSql.isEmpty() ? u"-- This is an empty migration."_s : o.upSql)); !r)
            return std::unexpected(r.error());
        if (!QFileInfo::exists(dir.filePath(u"migration_lock.toml"_s)))
            if (r = create(dir.filePath(u"migration_lock.toml"_s),
                           "# Please do not edit this file manually\n# It should be added in your version-control "
                           "system (e.g., Git)\nprovider = \"postgresql\"\n");
                !r)
                return std::unexpected(r.error());
        break;
    }
    case Format::Drizzle: {
        const QString journalPath = dir.filePath(u"meta/_journal.json"_s);
        QByteArray bytes;
        QString message;
        QJsonObject root{{u"version"_s, u"7"_s}, {u"dialect"_s, p.provider.isEmpty() ? u"postgresql"_s : p.provider}};
        QJsonArray entries;
        if (readFileBytes(journalPath, &bytes, &message)) {
            QJsonParseError perr;
            const QJsonDocument doc = QJsonDocument::fromJson(bytes, &perr);
            if (perr.error != QJsonParseError::NoError || !doc.isObject())
                return fail(Error::Code::InvalidArgument,
                            u"%1 is corrupt (%2); not touching it"_s.arg(journalPath, perr.errorString()));
            root = doc.object();
            entries = root.value(u"entries"_s).toArray();
        }
        qint64 lastWhen = 0;
        for (const QJsonValue &e : std::as_const(entries))
            lastWhen = std::max(lastWhen, static_cast<qint64>(e.toObject().value(u"when"_s).toDouble()));
        const int idx = static_cast<int>(entries.size());
        c.version = QString::number(idx).rightJustified(4, u'0');
        const QString tag = c.version + u'_' + c.name;
        // The migrator applies entries whose `when` is after the last applied one: keep it increasing.
        const qint64 when = std::max(o.now.toMSecsSinceEpoch(), lastWhen + 1);
        const QString sqlPath = dir.filePath(tag + u".sql"_s);
        if (r = free({sqlPath}); !r)
            return std::unexpected(r.error());
        if (r = create(sqlPath, o.upSql.toUtf8()); !r)
            return std::unexpected(r.error());
        entries.append(QJsonObject{{u"idx"_s, idx},
                                   {u"version"_s, root.value(u"version"_s).toString(u"7"_s)},
                                   {u"when"_s, static_cast<double>(when)},
                                   {u"tag"_s, tag},
                                   {u"breakpoints"_s, true}});
        if (r = writeFileAtomically(journalPath, drizzleJournal(root, entries), true); !r)
            return std::unexpected(r.error());
        c.updatedFiles.append(journalPath);
        break;
    }
    case Format::DrizzleV1: {
        c.version = timestamp(o.now);
        const QString folder = dir.filePath(c.version + u'_' + c.name);
        if (r = create(folder + u"/migration.sql"_s, o.upSql.toUtf8()); !r)
            return std::unexpected(r.error());
        // A custom migration keeps the schema: the previous snapshot, re-linked.
        QJsonObject snap;
        if (!p.migrations.isEmpty()) {
            QByteArray prev;
            QString message;
            if (readFileBytes(QFileInfo(p.migrations.last().upPath).absolutePath() + u"/snapshot.json"_s, &prev, &message))
                snap = QJsonDocument::fromJson(prev).object();
        }
        const QString prevId = snap.value(u"id"_s).toString();
        snap.insert(u"id"_s, QUuid::createUuid().toString(QUuid::WithoutBraces));
        if (!prevId.isEmpty())
            snap.insert(u"prevIds"_s, QJsonArray{prevId});
        if (r = create(folder + u"/snapshot.json"_s, QJsonDocument(snap).toJson(QJsonDocument::Indented)); !r)
            return std::unexpected(r.error());
        break;
    }
    case Format::Atlas: {
        if (!p.sumMatches && QFileInfo::exists(dir.filePath(u"atlas.sum"_s)))
            return fail(Error::Code::InvalidArgument,
                        u"atlas.sum does not match the files; not updating it (run `atlas migrate hash` first)"_s);
        c.version = timestamp(o.now);
        const QString path = dir.filePath(u"%1_%2.sql"_s.arg(c.version, c.name));
        // directives sit at the top of the file, separated from the SQL by a blank line
        const QByteArray header = o.noTransaction ? QByteArray("-- atlas:txmode none\n\n") : QByteArray();
        if (r = create(path, header + withNewline(o.upSql)); !r)
            return std::unexpected(r.error());
        QList<QPair<QString, QByteArray>> files;
        for (const QFileInfo &fi : dir.entryInfoList({u"*.sql"_s}, QDir::Files, QDir::Name)) {
            QByteArray bytes;
            QString message;
            if (!readFileBytes(fi.filePath(), &bytes, &message))
                return fail(Error::Code::Io, u"%1: %2"_s.arg(fi.filePath(), message));
            files.append({fi.fileName(), bytes});
        }
        if (r = writeFileAtomically(dir.filePath(u"atlas.sum"_s), atlasSum(files).text(), true); !r)
            return std::unexpected(r.error());
        c.updatedFiles.append(dir.filePath(u"atlas.sum"_s));
        break;
    }
    case Format::NodePgMigrate: {
        // Keep the folder's prefix style: 17-digit UTC (yyyyMMddHHmmssSSS) or 13-digit milliseconds.
        const bool utc = std::ranges::any_of(p.migrations, [](const Migration &m) { return m.version.size() == 17; });
        c.version = utc ? o.now.toUTC().toString(u"yyyyMMddHHmmsszzz"_s) : QString::number(o.now.toMSecsSinceEpoch());
        QString n = c.name;
        n.replace(u'_', u'-');
        c.name = n;
        if (o.noTransaction) {
            // SQL migrations have no marker: a JS migration declares it with pgm.noTransaction()
            const QString path = dir.filePath(u"%1_%2.js"_s.arg(c.version, n));
            QByteArray text = "/* eslint-disable camelcase */\n\nexports.shorthands = undefined;\n\n"
                              "exports.up = (pgm) => {\n  pgm.noTransaction();\n";
            if (!o.upSql.trimmed().isEmpty())
                text += "  pgm.sql(" + jsString(o.upSql.trimmed()) + ");\n";
            text += "};\n\nexports.down = (pgm) => {\n  pgm.noTransaction();\n";
            if (!o.downSql.trimmed().isEmpty())
                text += "  pgm.sql(" + jsString(o.downSql.trimmed()) + ");\n";
            text += "};\n";
            if (r = create(path, text); !r)
                return std::unexpected(r.error());
            break;
        }
        const QString path = dir.filePath(u"%1_%2.sql"_s.arg(c.version, n));
        const QByteArray text = "-- Up Migration\n" + withNewline(o.upSql) + "\n-- Down Migration\n" + withNewline(o.downSql);
        if (r = create(path, text); !r)
            return std::unexpected(r.error());
        break;
    }
    case Format::Sqitch: {
        const QString planPath = dir.filePath(u"sqitch.plan"_s);
        QByteArray plan;
        QString message;
        if (!readFileBytes(planPath, &plan, &message))
            return fail(Error::Code::Io, u"%1: %2"_s.arg(planPath, message));
        if (std::ranges::any_of(p.migrations, [&c](const Migration &m) { return m.name == c.name; }))
            return fail(Error::Code::InvalidArgument,
                        u"change %1 is already in the plan (use `sqitch rework` for a new version)"_s.arg(c.name));
        QString planner = o.planner;
        if (planner.isEmpty() && !p.migrations.isEmpty())
            planner = p.migrations.last().author;
        if (planner.isEmpty())
            planner = qEnvironmentVariable("SQITCH_FULLNAME", u"Migration Workbench"_s) + u" <"_s
                + qEnvironmentVariable("SQITCH_EMAIL", u"mwb@localhost"_s) + u'>';
        c.version = c.name;
        const QString engine = p.provider.isEmpty() ? u"pg"_s : p.provider;
        const QString project = p.projectName;
        const QString deploy = dir.filePath(u"deploy/%1.sql"_s.arg(c.name));
        const QString revert = dir.filePath(u"revert/%1.sql"_s.arg(c.name));
        const QString verify = dir.filePath(u"verify/%1.sql"_s.arg(c.name));
        if (r = free({deploy, revert, verify}); !r)
            return std::unexpected(r.error());
        auto body = [](const QString &sql) {
            return sql.isEmpty() ? QByteArray("-- XXX Add DDLs here.\n") : withNewline(sql);
        };
        // sqitch runs a script as psql does: only its own BEGIN/COMMIT makes a transaction
        const QByteArray begin = o.noTransaction ? "\n" : "\n\nBEGIN;\n\n";
        const QByteArray commit = o.noTransaction ? "" : "\nCOMMIT;\n";
        if (r = create(deploy, "-- Deploy " + project.toUtf8() + ':' + c.name.toUtf8() + " to " + engine.toUtf8()
                                   + begin + body(o.upSql) + commit);
            !r)
            return std::unexpected(r.error());
        if (r = create(revert, "-- Revert " + project.toUtf8() + ':' + c.name.toUtf8() + " from " + engine.toUtf8()
                                   + begin + body(o.downSql) + commit);
            !r)
            return std::unexpected(r.error());
        if (r = create(verify, "-- Verify " + project.toUtf8() + ':' + c.name.toUtf8() + " on " + engine.toUtf8()
                                   + "\n\nBEGIN;\n\n\n\nROLLBACK;\n");
            !r)
            return std::unexpected(r.error());
        QByteArray line = c.name.toUtf8() + ' ' + o.now.toUTC().toString(Qt::ISODate).toUtf8() + ' ' + planner.toUtf8();
        line += o.note.isEmpty() ? QByteArray() : " # " + o.note.toUtf8();
        if (!plan.isEmpty() && !plan.endsWith('\n'))
            plan.append('\n');
        plan += line + '\n';
        if (r = writeFileAtomically(planPath, plan, true); !r)
            return std::unexpected(r.error());
        c.updatedFiles.append(planPath);
        break;
    }
    case Format::Django:
    case Format::Liquibase:
    case Format::Unknown:
        return fail(Error::Code::Unsupported, u"read-only format"_s);
    }
    return c;
}

} // namespace core::project
