// SPDX-License-Identifier: GPL-3.0-or-later
#include "profilesmodel.h"

using namespace Qt::StringLiterals;
using core::connection::ConnectionProfile;

namespace models {

ProfilesModel::ProfilesModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void ProfilesModel::setProfiles(const QList<ConnectionProfile> &profiles)
{
    beginResetModel();
    m_profiles = profiles;
    endResetModel();
}

int ProfilesModel::upsert(const ConnectionProfile &profile)
{
    const int row = rowOf(profile.id);
    if (row >= 0) {
        m_profiles[row] = profile;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return row;
    }
    const int end = int(m_profiles.size());
    beginInsertRows({}, end, end);
    m_profiles.append(profile);
    endInsertRows();
    return end;
}

bool ProfilesModel::removeProfile(const QString &id)
{
    const int row = rowOf(id);
    if (row < 0)
        return false;
    beginRemoveRows({}, row, row);
    m_profiles.removeAt(row);
    endRemoveRows();
    return true;
}

int ProfilesModel::rowOf(const QString &id) const
{
    for (int i = 0; i < m_profiles.size(); ++i) {
        if (m_profiles[i].id == id)
            return i;
    }
    return -1;
}

const ConnectionProfile *ProfilesModel::profileAt(int row) const
{
    if (row < 0 || row >= m_profiles.size())
        return nullptr;
    return &m_profiles[row];
}

QStringList ProfilesModel::names() const
{
    QStringList out;
    for (const ConnectionProfile &p : m_profiles)
        out.append(p.name);
    return out;
}

QString ProfilesModel::target(const ConnectionProfile &p)
{
    if (p.dialect == core::Dialect::SQLite)
        return p.database;
    if (!p.service.isEmpty() && p.host.isEmpty() && p.socket.isEmpty())
        return u"service "_s + p.service;
    QString where = p.socket.isEmpty() ? (p.host.contains(u':') ? u'[' + p.host + u']' : p.host) : p.socket;
    if (p.port > 0)
        where += u':' + QString::number(p.port);
    QString out = p.user.isEmpty() ? where : p.user + u'@' + where;
    if (!p.database.isEmpty())
        out += u'/' + p.database;
    return out;
}

int ProfilesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_profiles.size());
}

int ProfilesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProfilesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ConnectionProfile &p = m_profiles[index.row()];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        switch (index.column()) {
        case NameColumn:
            return p.name;
        case DialectColumn:
            return p.dialect == core::Dialect::PostgreSQL ? u"PostgreSQL"_s
                : p.dialect == core::Dialect::MySQL       ? u"MySQL/MariaDB"_s
                                                          : u"SQLite"_s;
        case TargetColumn:
            return target(p);
        case FlagsColumn:
            return p.readOnly ? u"read-only"_s : QString();
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return target(p);
    case IdRole:
        return p.id;
    case DialectRole:
        return int(p.dialect);
    case ReadOnlyRole:
        return p.readOnly;
    default:
        return {};
    }
}

QVariant ProfilesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return u"Name"_s;
    case DialectColumn:
        return u"Database"_s;
    case TargetColumn:
        return u"Target"_s;
    case FlagsColumn:
        return u"Flags"_s;
    default:
        return {};
    }
}

QHash<int, QByteArray> ProfilesModel::roleNames() const
{
    auto roles = QAbstractTableModel::roleNames();
    roles.insert(IdRole, "profileId");
    roles.insert(DialectRole, "dialect");
    roles.insert(ReadOnlyRole, "readOnly");
    return roles;
}

} // namespace models
