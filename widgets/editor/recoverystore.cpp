// SPDX-License-Identifier: GPL-3.0-or-later
#include "recoverystore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace widgets::editor {

namespace {

QString canonical(const QString &filePath)
{
    if (filePath.isEmpty())
        return {};
    return QFileInfo(filePath).absoluteFilePath();
}

core::Result<RecoveryStore::Entry> readEntry(const QString &recoveryPath)
{
    QFile file(recoveryPath);
    if (!file.open(QIODevice::ReadOnly))
        return core::fail(core::Error::Code::Io, u"cannot read recovery file %1: %2"_s.arg(recoveryPath, file.errorString()));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return core::fail(core::Error::Code::InvalidArgument, u"corrupt recovery file %1: %2"_s.arg(recoveryPath, error.errorString()));
    const QJsonObject o = doc.object();
    RecoveryStore::Entry entry;
    entry.filePath = o.value("path"_L1).toString();
    entry.text = o.value("text"_L1).toString();
    entry.savedAt = QDateTime::fromString(o.value("savedAt"_L1).toString(), Qt::ISODateWithMs);
    entry.recoveryPath = recoveryPath;
    return entry;
}

} // namespace

RecoveryStore::RecoveryStore(QString directory)
    : m_directory(directory.isEmpty() ? defaultDirectory() : std::move(directory))
{
}

QString RecoveryStore::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/recovery"_s;
}

QString RecoveryStore::recoveryPathFor(const QString &filePath) const
{
    const QByteArray key = QCryptographicHash::hash(canonical(filePath).toUtf8(), QCryptographicHash::Sha256).toHex();
    return m_directory + u'/' + QString::fromLatin1(key.left(32)) + u".json"_s;
}

core::Result<void> RecoveryStore::save(const QString &filePath, const QString &text) const
{
    if (!QDir().mkpath(m_directory))
        return core::fail(core::Error::Code::Io, u"cannot create %1"_s.arg(m_directory));
    QJsonObject o;
    o.insert("path"_L1, canonical(filePath));
    o.insert("text"_L1, text);
    o.insert("savedAt"_L1, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    QSaveFile file(recoveryPathFor(filePath));
    if (!file.open(QIODevice::WriteOnly))
        return core::fail(core::Error::Code::Io, u"cannot write recovery file: %1"_s.arg(file.errorString()));
    file.write(QJsonDocument(o).toJson(QJsonDocument::Compact));
    if (!file.commit())
        return core::fail(core::Error::Code::Io, u"cannot write recovery file: %1"_s.arg(file.errorString()));
    return {};
}

core::Result<std::optional<RecoveryStore::Entry>> RecoveryStore::load(const QString &filePath) const
{
    const QString path = recoveryPathFor(filePath);
    if (!QFileInfo::exists(path))
        return std::optional<Entry>{};
    auto entry = readEntry(path);
    if (!entry)
        return std::unexpected(entry.error());
    if (!filePath.isEmpty()) {
        QFile file(filePath);
        if (file.open(QIODevice::ReadOnly) && QString::fromUtf8(file.readAll()) == entry->text) {
            discard(filePath); // nothing unsaved any more
            return std::optional<Entry>{};
        }
    }
    return std::optional<Entry>{*std::move(entry)};
}

void RecoveryStore::discard(const QString &filePath) const
{
    QFile::remove(recoveryPathFor(filePath));
}

QList<RecoveryStore::Entry> RecoveryStore::entries() const
{
    QList<Entry> list;
    const QDir dir(m_directory);
    for (const QString &name : dir.entryList({u"*.json"_s}, QDir::Files, QDir::Name)) {
        if (auto entry = readEntry(dir.filePath(name)))
            list.append(*std::move(entry));
    }
    return list;
}

} // namespace widgets::editor
