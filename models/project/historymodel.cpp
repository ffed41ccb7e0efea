// SPDX-License-Identifier: GPL-3.0-or-later
#include "historymodel.h"


#include <algorithm>

using namespace Qt::StringLiterals;

namespace models::project {

HistoryModel::HistoryModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void HistoryModel::setHistory(const QString &environment, const core::project::History &history)
{
    beginResetModel();
    m_environment = environment;
    m_records = history.records;
    std::reverse(m_records.begin(), m_records.end()); // newest first
    endResetModel();
}

void HistoryModel::clear()
{
    beginResetModel();
    m_environment.clear();
    m_records.clear();
    endResetModel();
}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int HistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const core::project::AppliedRecord &r = m_records.at(index.row());
    if (role == ColourRole)
        return r.failed ? QVariant(u"#c62828"_s) : QVariant();
    if (role == Qt::ToolTipRole && !r.error.isEmpty())
        return r.error;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case VersionColumn:
        return r.version.isEmpty() ? r.key : r.version;
    case NameColumn:
        return r.name.isEmpty() ? r.script : r.name;
    case AppliedAtColumn:
        return r.appliedAt.isEmpty() ? u"—"_s : r.appliedAt;
    case AppliedByColumn:
        return r.appliedBy.isEmpty() ? u"—"_s : r.appliedBy;
    case DurationColumn:
        return r.durationMs < 0 ? u"—"_s : u"%1 ms"_s.arg(r.durationMs);
    case ResultColumn:
        return r.failed ? u"failed"_s : u"ok"_s;
    default:
        return {};
    }
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case VersionColumn:
        return u"Version"_s;
    case NameColumn:
        return u"Name"_s;
    case AppliedAtColumn:
        return u"Applied at"_s;
    case AppliedByColumn:
        return u"Applied by"_s;
    case DurationColumn:
        return u"Duration"_s;
    case ResultColumn:
        return u"Result"_s;
    default:
        return {};
    }
}

} // namespace models::project
