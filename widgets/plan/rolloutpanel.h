// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/connectionparams.h"
#include "core/error.h"
#include "core/plan/plan.h"
#include "core/plan/planstatus.h"
#include "core/project/history.h"

#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;

namespace widgets::project {
class DbReader;
}

namespace widgets {

class TimelineWidget;

/// The rollout dock: the project's plans (from workbench.toml), the timeline of the chosen one with its status on
/// every environment, and the step actions. Opening a step asks the window to open its migration; applying a step
/// to an environment checks the gates, re-runs the verification checks it depends on against that environment
/// (read-only, on the reader thread) and only then asks the window to apply up to the step's last migration.
class RolloutPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RolloutPanel)
public:
    /// Resolves an environment's connection (may ask for a password); calls back on the GUI thread.
    using ConnectionResolver =
        std::function<void(const QString &environment, std::function<void(core::Result<core::ConnectionParams>)> done)>;

    explicit RolloutPanel(project::DbReader *reader, QWidget *parent = nullptr);
    ~RolloutPanel() override;

    void setConnectionResolver(ConnectionResolver resolver) { m_resolve = std::move(resolver); }
    /// Loads the plans of `<projectRoot>/workbench.toml`; the migrations resolve a step's references.
    void setProject(const QString &projectRoot, const core::project::Project &project, const QStringList &environments);
    void clear();
    /// One environment's status as the window read it (or why it could not).
    void setEnvironmentStatus(const QString &environment, const core::Result<core::project::ProjectStatus> &status);

    TimelineWidget *timeline() const { return m_timeline; }
    QComboBox *planSelector() const { return m_plans; }
    QString message() const;
    /// Resolves a step's migration reference (version, id, file name or path) to the migration's version.
    QString versionOf(const QString &reference) const;

    /// Applies a step to an environment as the context menu does (gates, checks, then applyRequested).
    void applyStep(const QString &stepId, const QString &environment);

Q_SIGNALS:
    void openMigrationRequested(const QString &version);
    /// Every gate and check passed: apply the pending migrations of `environment` up to `upToVersion`.
    void applyRequested(const QString &environment, const QString &upToVersion);
    /// A check ran: for the log and for tests.
    void verificationFinished(const QString &environment, const QString &stepId, bool passed, const QString &summary);

private:
    void showPlan(int index);
    QList<core::plan::EnvironmentHistory> histories() const; ///< the environments' statuses, in pipeline order
    void pushHistories();
    void setMessage(const QString &text, bool error = false);

    project::DbReader *m_reader;
    ConnectionResolver m_resolve;
    QComboBox *m_plans;
    TimelineWidget *m_timeline;
    QLabel *m_message;
    QString m_root;
    QList<core::project::Migration> m_migrations;
    QStringList m_environments;
    QList<core::plan::Plan> m_loaded;
    QHash<QString, core::Result<core::project::ProjectStatus>> m_status;
};

} // namespace widgets
