// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/plan/plan.h"
#include "core/plan/planstatus.h"
#include "core/plan/planvalidator.h"

#include <QAbstractTableModel>

namespace models {

/// The steps of a rollout plan, one row each, over an immutable Plan snapshot (with its validation result).
class PlanModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PlanModel)
public:
    enum Column { TitleColumn, PhaseColumn, KindColumn, DayColumn, DependsColumn, ColumnCount };
    enum Roles {
        StepIdRole = Qt::UserRole + 1,
        PhaseRole, ///< int(core::plan::Phase)
        KindRole, ///< int(core::plan::StepKind)
        DateRole, ///< QDate
        ViolationsRole, ///< QStringList of messages about this step
        StatusRole, ///< QVariantList of QVariantMap {environment, state ("done", …), detail}, pipeline order
    };

    explicit PlanModel(QObject *parent = nullptr);

    void setPlan(core::plan::Plan plan);
    const core::plan::Plan &plan() const { return m_plan; }
    const QList<core::plan::PlanViolation> &violations() const { return m_violations; }
    /// Where each step stands on each environment (computed by the caller from the history tables).
    void setStatus(core::plan::PlanStatus status);
    const core::plan::PlanStatus &status() const { return m_status; }
    QModelIndex indexOfStep(const QString &id, int column = 0) const;

    int rowCount(const QModelIndex &parent = {}) const final;
    int columnCount(const QModelIndex &parent = {}) const final;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const final;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const final;

private:
    core::plan::Plan m_plan;
    QList<core::plan::PlanViolation> m_violations;
    core::plan::PlanStatus m_status;
};

} // namespace models
