// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/sql/analyzer.h"

#include <QAbstractTableModel>
#include <QList>

namespace models::editor {

/// One analyzer finding placed in an editor document: the byte span mapped to UTF-16 positions.
struct EditorFinding
{
    core::sql::Finding finding;
    qsizetype position = 0; ///< UTF-16 position in the document
    qsizetype length = 0; ///< UTF-16 length (at least 1 when the document is not empty)
};

/// The findings of one document as a flat table: severity, line, column, rule, message, lock.
/// Roles: Qt::DisplayRole, Qt::ToolTipRole, PositionRole, LengthRole, RuleRole, SeverityRole.
class FindingsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FindingsModel)
public:
    enum Column : quint8 { SeverityColumn, LineColumn, RuleColumn, MessageColumn, LockColumn, ColumnCount };
    enum Role : int {
        PositionRole = Qt::UserRole + 1,
        LengthRole,
        RuleRole,
        SeverityRole, ///< int(core::sql::Severity)
        HasFixRole,
    };

    explicit FindingsModel(QObject *parent = nullptr);
    ~FindingsModel() override;

    void setFindings(QList<EditorFinding> findings);
    const QList<EditorFinding> &findings() const { return m_findings; }
    const EditorFinding *findingAt(int row) const;
    /// The row of the finding whose span contains `position` (the first one), or -1.
    int rowAtPosition(qsizetype position) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    QList<EditorFinding> m_findings;
};

} // namespace models::editor
