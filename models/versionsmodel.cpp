// SPDX-License-Identifier: GPL-3.0-or-later
#include "versionsmodel.h"

namespace models {

VersionsModel::VersionsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void VersionsModel::setVersions(QList<core::ComponentVersion> versions)
{
    beginResetModel();
    m_versions = std::move(versions);
    endResetModel();
}

int VersionsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_versions.size());
}

int VersionsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant VersionsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    const auto &v = m_versions.at(index.row());
    return index.column() == NameColumn ? v.name : v.version;
}

QVariant VersionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Component");
    case VersionColumn:
        return tr("Version");
    default:
        return {};
    }
}

} // namespace models
