// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/project/history.h"
#include "core/project/migration.h"
#include "core/sql/analyzer.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QStringList>

#include <optional>

namespace models::project {

/// The project browser's table: one row per migration file (then one per history row without a file), with
/// version, name, transaction mode, the worst analyzer severity, and one state column per environment.
/// Every setter replaces one immutable snapshot; nothing here touches a database.
class MigrationListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MigrationListModel)
public:
    enum Column { VersionColumn, NameColumn, TransactionColumn, SeverityColumn, FirstEnvironmentColumn };
    enum Role {
        VersionRole = Qt::UserRole + 1, ///< QString
        IdRole, ///< QString: what the history records
        UpPathRole, ///< QString: the file with the up SQL (empty for a missing migration)
        DownPathRole,
        StateRole, ///< on an environment column: the state id ("applied", "pending", …); empty when unknown
        SeverityRole, ///< int (core::sql::Severity) or -1 without findings / not analyzed yet
        SearchTextRole, ///< version, name and file name, for the filter
        ColourRole, ///< "#rrggbb" text colour of a state or severity cell (widgets paint it); invalid: default
    };

    explicit MigrationListModel(QObject *parent = nullptr);

    /// A new project: rows from the files, states unknown, severities unknown.
    void setProject(const core::project::Project &project, const QStringList &environments);
    /// The merged status of one environment (adds rows for missing migrations recorded there).
    void setStatus(const QString &environment, const core::project::ProjectStatus &status);
    /// Forgets the status of one environment (unknown again; e.g. it could not be read).
    void clearStatus(const QString &environment);
    /// Worst analyzer severity per migration version (absent: no findings).
    void setSeverities(const QHash<QString, core::sql::Severity> &worst);

    QStringList environments() const { return m_environments; }
    /// The state of a version on an environment; nullopt when not known.
    std::optional<core::project::MigrationStatus::State> state(const QString &version, const QString &environment) const;
    int rowOf(const QString &version) const;
    QString versionAt(int row) const;
    int count(const QString &environment, core::project::MigrationStatus::State state) const;

    int rowCount(const QModelIndex &parent = {}) const final;
    int columnCount(const QModelIndex &parent = {}) const final;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const final;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const final;

    static QString stateText(core::project::MigrationStatus::State state);

private:
    struct Row
    {
        QString version;
        QString name;
        QString id;
        QString upPath;
        QString downPath;
        bool transactional = true;
        bool fromFile = true;
        QHash<QString, core::project::MigrationStatus> states; ///< by environment
    };

    void reindex();

    QList<Row> m_rows;
    QHash<QString, int> m_rowByVersion;
    QStringList m_environments;
    QHash<QString, core::sql::Severity> m_severities;
    bool m_analyzed = false;
};

} // namespace models::project
