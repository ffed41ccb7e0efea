// SPDX-License-Identifier: GPL-3.0-or-later
#include "migrationlistmodel.h"

#include <QFileInfo>
#include <QRegularExpression>

using namespace Qt::StringLiterals;
using State = core::project::MigrationStatus::State;

namespace models::project {

namespace {

QString stateColour(State state)
{
    switch (state) {
    case State::Applied:
        return u"#2e7d32"_s;
    case State::Pending:
        return u"#1565c0"_s;
    case State::Failed:
    case State::Drifted:
        return u"#c62828"_s;
    case State::Missing:
    case State::OutOfOrder:
        return u"#ef6c00"_s;
    case State::Deleted:
        return u"#757575"_s;
    }
    return {};
}

} // namespace

MigrationListModel::MigrationListModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

QString MigrationListModel::stateText(State state)
{
    return core::project::stateId(state);
}

void MigrationListModel::setProject(const core::project::Project &project, const QStringList &environments)
{
    beginResetModel();
    m_rows.clear();
    m_rows.reserve(project.migrations.size());
    for (const core::project::Migration &m : project.migrations) {
        Row row;
        row.version = m.version;
        row.name = m.name;
        row.id = m.id;
        row.upPath = m.upPath;
        row.downPath = m.downPath;
        row.transactional = m.transactional;
        m_rows.append(std::move(row));
    }
    reindex();
    m_environments = environments;
    m_severities.clear();
    m_analyzed = false;
    endResetModel();
}

void MigrationListModel::setStatus(const QString &environment, const core::project::ProjectStatus &status)
{
    const qsizetype envIndex = m_environments.indexOf(environment);
    if (envIndex < 0)
        return;
    // Missing migrations (recorded, no file) become rows of their own.
    bool added = false;
    for (const core::project::MigrationStatus &st : status.migrations) {
        if (st.state == State::Missing && rowOf(st.version) < 0) {
            if (!added)
                beginResetModel();
            added = true;
            Row row;
            row.version = st.version;
            row.name = st.name;
            row.id = st.id;
            row.fromFile = false;
            m_rowByVersion.insert(row.version, int(m_rows.size()));
            m_rows.append(std::move(row));
        }
    }
    for (Row &row : m_rows)
        row.states.remove(environment);
    for (const core::project::MigrationStatus &st : status.migrations) {
        const int r = rowOf(st.version);
        if (r >= 0)
            m_rows[r].states.insert(environment, st);
    }
    if (added) {
        endResetModel();
    } else if (!m_rows.isEmpty()) {
        const int column = FirstEnvironmentColumn + int(envIndex);
        Q_EMIT dataChanged(index(0, column), index(int(m_rows.size()) - 1, column));
    }
}

void MigrationListModel::clearStatus(const QString &environment)
{
    const qsizetype envIndex = m_environments.indexOf(environment);
    if (envIndex < 0)
        return;
    for (Row &row : m_rows)
        row.states.remove(environment);
    if (!m_rows.isEmpty()) {
        const int column = FirstEnvironmentColumn + int(envIndex);
        Q_EMIT dataChanged(index(0, column), index(int(m_rows.size()) - 1, column));
    }
}

void MigrationListModel::setSeverities(const QHash<QString, core::sql::Severity> &worst)
{
    m_severities = worst;
    m_analyzed = true;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, SeverityColumn), index(int(m_rows.size()) - 1, SeverityColumn));
}

std::optional<State> MigrationListModel::state(const QString &version, const QString &environment) const
{
    const int r = rowOf(version);
    if (r < 0)
        return std::nullopt;
    const auto it = m_rows.at(r).states.constFind(environment);
    if (it == m_rows.at(r).states.cend())
        return std::nullopt;
    return it->state;
}

int MigrationListModel::rowOf(const QString &version) const
{
    return m_rowByVersion.value(version, -1);
}

void MigrationListModel::reindex()
{
    m_rowByVersion.clear();
    m_rowByVersion.reserve(m_rows.size());
    for (int r = 0; r < m_rows.size(); ++r)
        m_rowByVersion.insert(m_rows.at(r).version, r);
}

QString MigrationListModel::versionAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).version : QString();
}

int MigrationListModel::count(const QString &environment, State state) const
{
    int n = 0;
    for (const Row &row : m_rows) {
        const auto it = row.states.constFind(environment);
        if (it != row.states.cend() && it->state == state)
            ++n;
    }
    return n;
}

int MigrationListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int MigrationListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : FirstEnvironmentColumn + int(m_environments.size());
}

QVariant MigrationListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case VersionRole:
        return row.version;
    case IdRole:
        return row.id;
    case UpPathRole:
        return row.upPath;
    case DownPathRole:
        return row.downPath;
    case SearchTextRole:
        return QString(row.version + u' ' + row.name + u' ' + QFileInfo(row.upPath).fileName());
    case SeverityRole: {
        const auto it = m_severities.constFind(row.version);
        return it == m_severities.cend() ? -1 : int(*it);
    }
    default:
        break;
    }
    const int column = index.column();
    if (column >= FirstEnvironmentColumn) {
        const QString env = m_environments.at(column - FirstEnvironmentColumn);
        const auto it = row.states.constFind(env);
        const bool known = it != row.states.cend();
        switch (role) {
        case StateRole:
        case Qt::DisplayRole:
            return known ? stateText(it->state) : (role == StateRole ? QString() : u"—"_s);
        case ColourRole:
            return known ? QVariant(stateColour(it->state)) : QVariant();
        case Qt::ToolTipRole:
            if (!known)
                return u"%1: not read yet (or not connected)"_s.arg(env);
            return QStringList{u"%1: %2"_s.arg(env, stateText(it->state)),
                               it->appliedAt.isEmpty() ? QString() : u"applied %1"_s.arg(it->appliedAt),
                               it->detail, it->hint}
                .filter(QRegularExpression(u"."_s))
                .join(u'\n');
        default:
            return {};
        }
    }
    if (role == Qt::DisplayRole) {
        switch (column) {
        case VersionColumn:
            return row.version;
        case NameColumn:
            return row.fromFile ? row.name : u"%1 (no file)"_s.arg(row.name);
        case TransactionColumn:
            return row.fromFile ? (row.transactional ? u"yes"_s : u"no"_s) : QString();
        case SeverityColumn: {
            const auto it = m_severities.constFind(row.version);
            if (it != m_severities.cend())
                return core::sql::severityName(*it);
            return m_analyzed || !row.fromFile ? QString() : u"…"_s;
        }
        default:
            return {};
        }
    }
    if (role == ColourRole && column == SeverityColumn) {
        const auto it = m_severities.constFind(row.version);
        if (it != m_severities.cend() && *it != core::sql::Severity::Info)
            return *it == core::sql::Severity::Error ? u"#c62828"_s : u"#b26a00"_s;
    }
    if (role == Qt::ToolTipRole && (column == NameColumn || column == VersionColumn))
        return row.upPath;
    return {};
}

QVariant MigrationListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case VersionColumn:
        return u"Version"_s;
    case NameColumn:
        return u"Name"_s;
    case TransactionColumn:
        return u"Tx"_s;
    case SeverityColumn:
        return u"Findings"_s;
    default:
        break;
    }
    const int env = section - FirstEnvironmentColumn;
    return env >= 0 && env < m_environments.size() ? QVariant(m_environments.at(env)) : QVariant();
}

} // namespace models::project
