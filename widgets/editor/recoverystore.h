// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/error.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace widgets::editor {

/// Unsaved editor text kept on disk so that it survives a crash: one JSON file per edited file under
/// QStandardPaths::AppDataLocation/recovery/ (or a given folder), written atomically with QSaveFile.
class RecoveryStore final
{
public:
    struct Entry
    {
        QString filePath; ///< the absolute path of the edited file ("" for an unsaved new document)
        QString text; ///< the unsaved editor text
        QDateTime savedAt;
        QString recoveryPath; ///< the recovery file itself
    };

    /// `directory` empty: <AppDataLocation>/recovery.
    explicit RecoveryStore(QString directory = {});

    static QString defaultDirectory();
    QString directory() const { return m_directory; }
    QString recoveryPathFor(const QString &filePath) const;

    core::Result<void> save(const QString &filePath, const QString &text) const;
    /// The recovered text for `filePath`, when a recovery file exists and its text differs from the file's
    /// current contents. A corrupt recovery file is reported as an error and left in place.
    core::Result<std::optional<Entry>> load(const QString &filePath) const;
    void discard(const QString &filePath) const;
    /// Every readable recovery entry (for a "recover unsaved files" prompt at start-up).
    QList<Entry> entries() const;

private:
    QString m_directory;
};

} // namespace widgets::editor
