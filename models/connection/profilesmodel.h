// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/connection/connectionprofile.h"

#include <QAbstractTableModel>
#include <QList>

namespace models {

/// The saved connection profiles as a table: name, dialect, target, flags. Holds a copy of the profiles
/// (no secrets: profiles never carry passwords). Never touches a database or the keychain.
class ProfilesModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfilesModel)
public:
    enum Column { NameColumn, DialectColumn, TargetColumn, FlagsColumn, ColumnCount };
    enum Role {
        IdRole = Qt::UserRole + 1, ///< QString: the profile id
        DialectRole, ///< int: core::Dialect
        ReadOnlyRole, ///< bool
    };

    explicit ProfilesModel(QObject *parent = nullptr);

    void setProfiles(const QList<core::connection::ConnectionProfile> &profiles);
    const QList<core::connection::ConnectionProfile> &profiles() const { return m_profiles; }

    /// Inserts a new profile, or replaces the one with the same id. Returns its row.
    int upsert(const core::connection::ConnectionProfile &profile);
    bool removeProfile(const QString &id);
    int rowOf(const QString &id) const;
    const core::connection::ConnectionProfile *profileAt(int row) const;
    QStringList names() const;

    /// "user@host:port/database", "socket …", "service …" or the SQLite file.
    static QString target(const core::connection::ConnectionProfile &profile);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    QList<core::connection::ConnectionProfile> m_profiles;
};

} // namespace models
