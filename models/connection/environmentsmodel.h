// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/connection/connectionprofile.h"
#include "core/connection/environment.h"

#include <QAbstractTableModel>

namespace models {

/// The environment pipeline in order: name (editable), bound profile, protected (checkable). Rows can be moved
/// (pipeline order). The colour is exposed as "#rrggbb" in ColourRole (core has no QColor; widgets paint it).
class EnvironmentsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EnvironmentsModel)
public:
    enum Column { NameColumn, ProfileColumn, ProtectedColumn, ColumnCount };
    enum Role {
        ColourRole = Qt::UserRole + 1, ///< QString "#rrggbb"
        ProfileIdRole, ///< QString
        ProtectedRole, ///< bool
    };

    explicit EnvironmentsModel(QObject *parent = nullptr);

    void setPipeline(const core::connection::EnvironmentPipeline &pipeline);
    const core::connection::EnvironmentPipeline &pipeline() const { return m_pipeline; }
    /// The profiles the ProfileColumn names (by id).
    void setProfiles(const QList<core::connection::ConnectionProfile> &profiles);

    core::Result<void> addEnvironment(const core::connection::Environment &environment);
    core::Result<void> removeEnvironment(int row);
    core::Result<void> updateEnvironment(int row, const core::connection::Environment &environment);
    bool moveEnvironment(int from, int to);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool moveRows(const QModelIndex &sourceParent, int sourceRow, int count, const QModelIndex &destinationParent,
                  int destinationChild) override;

private:
    QString profileName(const QString &id) const;

    core::connection::EnvironmentPipeline m_pipeline;
    QList<core::connection::ConnectionProfile> m_profiles;
};

} // namespace models
