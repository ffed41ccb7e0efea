// SPDX-License-Identifier: GPL-3.0-or-later
#include "checksum.h"

#include <QCryptographicHash>
#include <QRegularExpression>

#include <algorithm>
#include <array>

using namespace Qt::StringLiterals;

namespace core::project {

namespace {

constexpr std::array<quint32, 256> makeCrcTable()
{
    std::array<quint32, 256> t{};
    for (quint32 i = 0; i < 256; ++i) {
        quint32 c = i;
        for (int k = 0; k < 8; ++k)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        t[i] = c;
    }
    return t;
}
constexpr auto kCrcTable = makeCrcTable();

QString hashHex(QByteArrayView data, QCryptographicHash::Algorithm algorithm)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, algorithm).toHex());
}

} // namespace

quint32 crc32(QByteArrayView data, quint32 crc)
{
    crc = ~crc;
    for (const char ch : data)
        crc = kCrcTable[(crc ^ static_cast<quint8>(ch)) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

qint32 javaHashCode(const QString &text)
{
    quint32 h = 0;
    for (const QChar c : text)
        h = 31 * h + c.unicode();
    return static_cast<qint32>(h);
}

qint32 flywayChecksum(QByteArrayView fileBytes)
{
    // Java decodes the file (invalid sequences become U+FFFD), strips a BOM, reads lines and hashes each
    // line's UTF-8 bytes without its terminator.
    QString text = QString::fromUtf8(fileBytes);
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);
    quint32 crc = 0;
    qsizetype start = 0;
    const qsizetype n = text.size();
    qsizetype i = 0;
    while (i < n) {
        const QChar c = text.at(i);
        if (c == u'\n' || c == u'\r') {
            crc = crc32(text.mid(start, i - start).toUtf8(), crc);
            if (c == u'\r' && i + 1 < n && text.at(i + 1) == u'\n')
                ++i;
            start = i + 1;
        }
        ++i;
    }
    if (start < n)
        crc = crc32(text.mid(start).toUtf8(), crc);
    return static_cast<qint32>(crc);
}

QString sha256Hex(QByteArrayView data)
{
    return hashHex(data, QCryptographicHash::Sha256);
}

QString sha1Hex(QByteArrayView data)
{
    return hashHex(data, QCryptographicHash::Sha1);
}

QString prismaChecksum(QByteArrayView script)
{
    return sha256Hex(script);
}

bool prismaChecksumMatches(const QString &stored, QByteArrayView script)
{
    const QByteArray raw = script.toByteArray();
    QByteArray lf = raw;
    lf.replace("\r\n", "\n");
    QByteArray crlf = lf;
    crlf.replace("\n", "\r\n");
    for (const QByteArray &variant : {raw, lf, crlf}) {
        const QByteArray digest = QCryptographicHash::hash(variant, QCryptographicHash::Sha256);
        if (stored.size() == 64) {
            if (QString::fromLatin1(digest.toHex()) == stored)
                return true;
        } else {
            QString legacy; // `{:x}` per byte: no zero padding
            for (const char b : digest)
                legacy += QString::number(static_cast<quint8>(b), 16);
            if (legacy == stored)
                return true;
        }
    }
    return false;
}

QString drizzleHash(QByteArrayView fileText)
{
    return sha256Hex(fileText);
}

QString sqitchScriptHash(QByteArrayView raw)
{
    return sha1Hex(raw);
}

QString sqitchObjectId(const QString &type, const QString &info)
{
    const QByteArray bytes = info.toUtf8();
    QByteArray data = type.toUtf8() + ' ' + QByteArray::number(bytes.size());
    data.append('\0');
    data.append(bytes);
    return sha1Hex(data);
}

QString liquibaseChangeChecksum(const QString &sql)
{
    QByteArray bytes = sql.toUtf8();
    bytes.removeIf([](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
    return u"9:"_s + hashHex(bytes, QCryptographicHash::Md5);
}

QString liquibaseChangeSetChecksum(const QStringList &changeSqls)
{
    QString s;
    for (const QString &sql : changeSqls)
        s += liquibaseChangeChecksum(sql) + u':';
    s.replace(u"\r\n"_s, u"\n"_s);
    s.replace(u'\r', u'\n');
    s = s.normalized(QString::NormalizationForm_C);
    return u"9:"_s + hashHex(s.toUtf8(), QCryptographicHash::Md5);
}

QByteArray AtlasSum::text() const
{
    QByteArray out = top.toUtf8() + '\n';
    for (const auto &[name, hash] : entries)
        out += name.toUtf8() + ' ' + hash.toUtf8() + '\n';
    return out;
}

AtlasSum atlasSum(QList<QPair<QString, QByteArray>> files)
{
    std::ranges::sort(files, [](const auto &a, const auto &b) { return a.first.toUtf8() < b.first.toUtf8(); });
    static const QRegularExpression ignore(u"^[ -~]*atlas:sum +ignore"_s);
    AtlasSum sum;
    QCryptographicHash running(QCryptographicHash::Sha256);
    QCryptographicHash top(QCryptographicHash::Sha256);
    for (const auto &[name, bytes] : files) {
        running.addData(name.toUtf8());
        const qsizetype eol = bytes.indexOf('\n');
        const QString firstLine = QString::fromUtf8(eol < 0 ? bytes : bytes.left(eol));
        if (ignore.match(firstLine).hasMatch())
            continue;
        running.addData(bytes);
        // Go's h.Sum(nil) does not reset the running hash; neither does Qt's result() (it finalizes a copy).
        const QString hash = QString::fromLatin1(running.result().toBase64());
        sum.entries.append({name, u"h1:"_s + hash});
        top.addData(name.toUtf8());
        top.addData(hash.toLatin1());
    }
    sum.top = u"h1:"_s + QString::fromLatin1(top.result().toBase64());
    return sum;
}

bool parseAtlasSum(QByteArrayView text, AtlasSum *out)
{
    const QList<QByteArray> lines = text.toByteArray().split('\n');
    if (lines.isEmpty() || !lines.first().startsWith("h1:"))
        return false;
    AtlasSum sum;
    sum.top = QString::fromUtf8(lines.first().trimmed());
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype sp = line.lastIndexOf(' ');
        if (sp <= 0 || !line.mid(sp + 1).startsWith("h1:"))
            return false;
        sum.entries.append({QString::fromUtf8(line.left(sp)), QString::fromUtf8(line.mid(sp + 1))});
    }
    *out = sum;
    return true;
}

quint32 golangMigratePgLockId(const QString &schema, const QString &table, const QString &database)
{
    QByteArray s = schema.toUtf8();
    s.append('\0');
    s.append(table.toUtf8());
    s.append('\0');
    s.append(database.toUtf8());
    return crc32(s) * 1486364155u;
}

QString golangMigrateMysqlLockName(const QString &database, const QString &table)
{
    return QString::number(crc32((database + u':' + table).toUtf8()) * 1486364155u);
}

qint64 flywayPgLockId(const QString &schema, const QString &table)
{
    return 0x466C79776179LL + javaHashCode(u"\"%1\".\"%2\""_s.arg(schema, table));
}

QString flywayMysqlLockName(const QString &database, const QString &table)
{
    return u"Flyway-"_s + QString::number(javaHashCode(u"`%1`.`%2`"_s.arg(database, table)));
}

quint32 fnv1_32(QByteArrayView data)
{
    quint32 h = 2166136261u;
    for (const char c : data) {
        h *= 16777619u;
        h ^= static_cast<quint8>(c);
    }
    return h;
}

} // namespace core::project
