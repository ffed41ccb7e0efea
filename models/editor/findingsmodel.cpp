// SPDX-License-Identifier: GPL-3.0-or-later
#include "findingsmodel.h"

using namespace Qt::StringLiterals;

namespace models::editor {

FindingsModel::FindingsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

FindingsModel::~FindingsModel() = default;

void FindingsModel::setFindings(QList<EditorFinding> findings)
{
    beginResetModel();
    m_findings = std::move(findings);
    endResetModel();
}

const EditorFinding *FindingsModel::findingAt(int row) const
{
    if (row < 0 || row >= m_findings.size())
        return nullptr;
    return &m_findings.at(row);
}

int FindingsModel::rowAtPosition(qsizetype position) const
{
    for (int row = 0; row < m_findings.size(); ++row) {
        const auto &f = m_findings.at(row);
        if (position >= f.position && position <= f.position + f.length)
            return row;
    }
    return -1;
}

int FindingsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_findings.size());
}

int FindingsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FindingsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const EditorFinding &ef = m_findings.at(index.row());
    const core::sql::Finding &f = ef.finding;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SeverityColumn:
            return core::sql::severityName(f.severity);
        case LineColumn:
            return u"%1:%2"_s.arg(f.start.line).arg(f.start.column);
        case RuleColumn:
            return f.rule;
        case MessageColumn:
            return f.message;
        case LockColumn:
            return f.lock;
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return f.message;
    case PositionRole:
        return QVariant::fromValue(static_cast<qlonglong>(ef.position));
    case LengthRole:
        return QVariant::fromValue(static_cast<qlonglong>(ef.length));
    case RuleRole:
        return f.rule;
    case SeverityRole:
        return static_cast<int>(f.severity);
    case HasFixRole:
        return f.fix.has_value();
    default:
        return {};
    }
}

QVariant FindingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    // models do not translate; the view may replace these headers.
    switch (section) {
    case SeverityColumn:
        return u"Severity"_s;
    case LineColumn:
        return u"Line"_s;
    case RuleColumn:
        return u"Rule"_s;
    case MessageColumn:
        return u"Message"_s;
    case LockColumn:
        return u"Lock"_s;
    default:
        return {};
    }
}

QHash<int, QByteArray> FindingsModel::roleNames() const
{
    auto names = QAbstractTableModel::roleNames();
    names.insert(PositionRole, "position");
    names.insert(LengthRole, "length");
    names.insert(RuleRole, "rule");
    names.insert(SeverityRole, "severity");
    names.insert(HasFixRole, "hasFix");
    return names;
}

} // namespace models::editor
