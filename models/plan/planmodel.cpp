// SPDX-License-Identifier: GPL-3.0-or-later
#include "planmodel.h"

using namespace Qt::StringLiterals;

namespace models {

PlanModel::PlanModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void PlanModel::setPlan(core::plan::Plan plan)
{
    // Same steps in the same order: update in place so that views keep their selection.
    bool sameShape = plan.steps.size() == m_plan.steps.size();
    for (qsizetype i = 0; sameShape && i < plan.steps.size(); ++i)
        sameShape = plan.steps.at(i).id == m_plan.steps.at(i).id;
    if (sameShape) {
        m_plan = std::move(plan);
        m_violations = core::plan::validatePlan(m_plan);
        if (!m_plan.steps.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_plan = std::move(plan);
    m_violations = core::plan::validatePlan(m_plan);
    endResetModel();
}

void PlanModel::setStatus(core::plan::PlanStatus status)
{
    m_status = std::move(status);
    if (!m_plan.steps.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1), {StatusRole});
}

QModelIndex PlanModel::indexOfStep(const QString &id, int column) const
{
    const qsizetype row = m_plan.indexOf(id);
    return row < 0 ? QModelIndex() : index(static_cast<int>(row), column);
}

int PlanModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_plan.steps.size());
}

int PlanModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PlanModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const core::plan::Step &s = m_plan.steps.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TitleColumn:
            return s.title.isEmpty() ? s.id : s.title;
        case PhaseColumn:
            return core::plan::phaseName(s.phase);
        case KindColumn:
            return core::plan::stepKindName(s.kind);
        case DayColumn:
            return s.day.isValid() ? s.day.toString(Qt::ISODate) : QString();
        case DependsColumn:
            return s.dependsOn.join(u", "_s);
        }
        return {};
    case StepIdRole:
        return s.id;
    case PhaseRole:
        return int(s.phase);
    case KindRole:
        return int(s.kind);
    case DateRole:
        return s.day;
    case ViolationsRole: {
        QStringList messages;
        for (const auto &v : m_violations) {
            if (v.steps.value(0) == s.id)
                messages.append(v.message);
        }
        return messages;
    }
    case StatusRole: {
        QVariantList list;
        for (const QString &env : m_status.environments) {
            const core::plan::StepStatus st = m_status.at(s.id, env);
            list.append(QVariantMap{{u"environment"_s, env},
                                    {u"state"_s, core::plan::stepStateName(st.state)},
                                    {u"detail"_s, st.detail}});
        }
        return list;
    }
    case Qt::ToolTipRole:
        return s.notes.isEmpty() ? QVariant() : QVariant(s.notes);
    default:
        return {};
    }
}

QVariant PlanModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TitleColumn:
        return tr("Step");
    case PhaseColumn:
        return tr("Phase");
    case KindColumn:
        return tr("Kind");
    case DayColumn:
        return tr("Day");
    case DependsColumn:
        return tr("Depends on");
    default:
        return {};
    }
}

} // namespace models
