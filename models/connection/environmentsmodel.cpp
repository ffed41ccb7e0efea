// SPDX-License-Identifier: GPL-3.0-or-later
#include "environmentsmodel.h"

using namespace Qt::StringLiterals;
using core::connection::Environment;
using core::connection::EnvironmentPipeline;

namespace models {

EnvironmentsModel::EnvironmentsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void EnvironmentsModel::setPipeline(const EnvironmentPipeline &pipeline)
{
    beginResetModel();
    m_pipeline = pipeline;
    endResetModel();
}

void EnvironmentsModel::setProfiles(const QList<core::connection::ConnectionProfile> &profiles)
{
    m_profiles = profiles;
    if (!m_pipeline.environments().isEmpty())
        Q_EMIT dataChanged(index(0, ProfileColumn), index(rowCount() - 1, ProfileColumn));
}

core::Result<void> EnvironmentsModel::addEnvironment(const Environment &environment)
{
    EnvironmentPipeline next = m_pipeline;
    if (auto added = next.add(environment); !added)
        return added;
    const int row = rowCount();
    beginInsertRows({}, row, row);
    m_pipeline = next;
    endInsertRows();
    return {};
}

core::Result<void> EnvironmentsModel::removeEnvironment(int row)
{
    if (row < 0 || row >= rowCount())
        return core::fail(core::Error::Code::InvalidArgument, u"no environment at row %1"_s.arg(row));
    beginRemoveRows({}, row, row);
    (void)m_pipeline.remove(m_pipeline.environments()[row].name);
    endRemoveRows();
    return {};
}

core::Result<void> EnvironmentsModel::updateEnvironment(int row, const Environment &environment)
{
    if (row < 0 || row >= rowCount())
        return core::fail(core::Error::Code::InvalidArgument, u"no environment at row %1"_s.arg(row));
    EnvironmentPipeline next = m_pipeline;
    const QString oldName = next.environments()[row].name;
    if (oldName != environment.name) {
        if (auto renamed = next.rename(oldName, environment.name); !renamed)
            return renamed;
    }
    if (auto updated = next.update(environment); !updated)
        return updated;
    m_pipeline = next;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    return {};
}

bool EnvironmentsModel::moveEnvironment(int from, int to)
{
    if (from < 0 || from >= rowCount() || to < 0 || to >= rowCount() || from == to)
        return false;
    // beginMoveRows wants the destination before which the row lands
    if (!beginMoveRows({}, from, from, {}, to > from ? to + 1 : to))
        return false;
    (void)m_pipeline.move(m_pipeline.environments()[from].name, to);
    endMoveRows();
    return true;
}

int EnvironmentsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_pipeline.size());
}

int EnvironmentsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString EnvironmentsModel::profileName(const QString &id) const
{
    for (const auto &p : m_profiles) {
        if (p.id == id)
            return p.name;
    }
    return id.isEmpty() ? QString() : u"(missing profile)"_s;
}

QVariant EnvironmentsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Environment &e = m_pipeline.environments()[index.row()];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        if (index.column() == NameColumn)
            return e.name;
        if (index.column() == ProfileColumn)
            return profileName(e.profileId);
        if (index.column() == ProtectedColumn && role == Qt::DisplayRole)
            return e.isProtected ? u"protected"_s : QString();
        return {};
    case Qt::CheckStateRole:
        if (index.column() == ProtectedColumn)
            return e.isProtected ? Qt::Checked : Qt::Unchecked;
        return {};
    case ColourRole:
        return e.colour;
    case ProfileIdRole:
        return e.profileId;
    case ProtectedRole:
        return e.isProtected;
    default:
        return {};
    }
}

bool EnvironmentsModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    Environment e = m_pipeline.environments()[index.row()];
    if (index.column() == NameColumn && role == Qt::EditRole)
        e.name = value.toString().trimmed();
    else if (index.column() == ProtectedColumn && role == Qt::CheckStateRole)
        e.isProtected = value.value<Qt::CheckState>() == Qt::Checked || value.toInt() == Qt::Checked;
    else if (role == ColourRole)
        e.colour = value.toString();
    else if (role == ProfileIdRole)
        e.profileId = value.toString();
    else
        return false;
    return updateEnvironment(index.row(), e).has_value();
}

Qt::ItemFlags EnvironmentsModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.column() == NameColumn)
        f |= Qt::ItemIsEditable;
    if (index.column() == ProtectedColumn)
        f |= Qt::ItemIsUserCheckable;
    return f;
}

QVariant EnvironmentsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return u"Environment"_s;
    case ProfileColumn:
        return u"Connection"_s;
    case ProtectedColumn:
        return u"Protected"_s;
    default:
        return {};
    }
}

bool EnvironmentsModel::moveRows(const QModelIndex &sourceParent, int sourceRow, int count,
                                 const QModelIndex &destinationParent, int destinationChild)
{
    if (sourceParent.isValid() || destinationParent.isValid() || count != 1)
        return false;
    // destinationChild is "before this row"; moveEnvironment takes the final position
    const int to = destinationChild > sourceRow ? destinationChild - 1 : destinationChild;
    return moveEnvironment(sourceRow, to);
}

} // namespace models
