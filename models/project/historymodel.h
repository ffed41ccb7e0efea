// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/project/history.h"

#include <QAbstractTableModel>

namespace models::project {

/// The rows of a tool's history table on one environment, newest first: version, name, applied at, applied
/// by, duration and whether the tool recorded a failure.
class HistoryModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryModel)
public:
    static constexpr int ColourRole = Qt::UserRole + 1; ///< "#rrggbb" for failed rows (widgets paint it)
    enum Column { VersionColumn, NameColumn, AppliedAtColumn, AppliedByColumn, DurationColumn, ResultColumn, ColumnCount };

    explicit HistoryModel(QObject *parent = nullptr);

    void setHistory(const QString &environment, const core::project::History &history);
    void clear();
    QString environment() const { return m_environment; }
    const QList<core::project::AppliedRecord> &records() const { return m_records; }

    int rowCount(const QModelIndex &parent = {}) const final;
    int columnCount(const QModelIndex &parent = {}) const final;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const final;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const final;

private:
    QString m_environment;
    QList<core::project::AppliedRecord> m_records; ///< newest first
};

} // namespace models::project
