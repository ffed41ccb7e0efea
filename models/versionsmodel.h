// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/versioninfo.h"

#include <QAbstractTableModel>

namespace models {

/// A two-column table (component, version) over an immutable list of component versions.
class VersionsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VersionsModel)
public:
    enum Column { NameColumn, VersionColumn, ColumnCount };

    explicit VersionsModel(QObject *parent = nullptr);

    /// Replaces the whole snapshot.
    void setVersions(QList<core::ComponentVersion> versions);
    const QList<core::ComponentVersion> &versions() const { return m_versions; }

    int rowCount(const QModelIndex &parent = {}) const final;
    int columnCount(const QModelIndex &parent = {}) const final;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const final;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const final;

private:
    QList<core::ComponentVersion> m_versions;
};

} // namespace models
