// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/connection/connectionprofile.h"
#include "core/connection/environment.h"
#include "core/connectionparams.h"
#include "core/error.h"
#include "core/project/history.h"
#include "core/project/migration.h"
#include "core/sql/analyzer.h"

#include <QMainWindow>
#include <QPointer>

#include <QHash>

#include <functional>
#include <optional>

class QTabWidget;
class QTextBrowser;
class QUrl;
class QLabel;
class QLineEdit;
class QMenu;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSettings;
class QSortFilterProxyModel;
class QTreeView;
class QTreeWidget;

namespace core::connection {
class SecretStore;
}
namespace core::engine {
class EngineHost;
struct Progress;
}
namespace models::project {
class HistoryModel;
class MigrationListModel;
}
namespace widgets::editor {
class DiffView;
class FindingsPanel;
class MigrationEditor;
}
namespace widgets::project {
class ApplyController;
class DbReader;
class LogView;
struct EnvironmentSnapshot;
}

namespace widgets {

class AboutDialog;
class ConnectionManagerDialog;
class EnvironmentBand;
class RolloutPanel;
class TimelineWidget;

/// The workbench's main window.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Opens a SQL file read-only in a new tab. Fails (and leaves the window as it was) for a missing,
    /// unreadable, oversized or binary file; invalid UTF-8 opens with a warning in the status bar.
    core::Result<void> openSqlFile(const QString &path);

    /// Shows a page of the documentation (the user guide, a rule's page) in the Help tab; its links navigate there.
    QTextBrowser *showDocumentation(const QUrl &url);

    /// Shows the About dialog (non-modal; one instance at a time).
    AboutDialog *showAbout();

    QTabWidget *tabs() const { return m_tabs; }

    /// Shows the connection manager (non-modal; one instance at a time).
    ConnectionManagerDialog *showConnections();

    /// The environment the next apply targets; nullopt for none. Its name is always shown in the band at the
    /// top of the window; while a protected environment is the target, the whole window is framed in its colour.
    void setTargetEnvironment(const std::optional<core::connection::Environment> &environment);
    const std::optional<core::connection::Environment> &targetEnvironment() const;
    EnvironmentBand *environmentBand() const { return m_environmentBand; }

    // --- projects -------------------------------------------------------------------------------------
    /// Starts opening a project folder: the folder (its migrations, the tool, workbench.toml's environments)
    /// is read on the "mwb-project" thread while the status bar shows a busy indicator with Cancel. When the
    /// read is done, this machine's connection bindings are applied, the browser is filled, every bound
    /// environment starts being read on the reader thread, and projectOpened() is emitted. A folder that cannot
    /// be read or whose format is ambiguous changes nothing: projectOpenFailed() is emitted and a "Cannot Open
    /// Project" message is shown. Fails at once (and starts nothing) for a path that is not a folder or while
    /// an apply runs. Opening another folder meanwhile drops the earlier read's result.
    core::Result<void> openProject(const QString &dir);
    /// Whether a project folder is being read (see openProject()).
    bool isOpeningProject() const { return !m_openingDir.isEmpty(); }
    /// Stops waiting for the folder being read: its result is dropped and the open project stays.
    void cancelOpenProject();
    const std::optional<core::project::Project> &project() const { return m_project; }
    QString projectRoot() const { return m_projectRoot; }
    const core::connection::EnvironmentPipeline &pipeline() const { return m_pipeline; }
    models::project::MigrationListModel *migrationModel() const { return m_migrations; }
    models::project::HistoryModel *historyModel() const { return m_history; }
    QTreeView *projectBrowser() const { return m_browser; }
    QLineEdit *browserFilter() const { return m_filter; }
    QTreeWidget *environmentsView() const { return m_environmentsView; }
    widgets::editor::FindingsPanel *findingsPanel() const { return m_findings; }
    widgets::project::LogView *logView() const { return m_log; }
    QPlainTextEdit *progressLog() const { return m_progressLog; }
    QProgressBar *progressBar() const { return m_progressBar; }
    QPushButton *cancelButton() const { return m_cancelButton; }
    /// Re-reads the status and history of every bound environment (or one) on the reader thread.
    void refreshEnvironments();
    void refreshEnvironment(const QString &environment);
    /// Whether reads (status, history, analysis) are still running.
    bool isReading() const;
    /// Opens a migration (by version) in an editor tab, or shows its tab; nullptr when there is no such file.
    QWidget *openMigration(const QString &version);
    widgets::editor::MigrationEditor *currentEditor() const;

    // --- drift ----------------------------------------------------------------------------------------
    /// The environments (in pipeline order) where the migration `version` is drifted: applied, but its file has
    /// changed since.
    QStringList driftedEnvironments(const QString &version) const;
    /// "Show Drift…" (the browser's context menu): the drift of the current browser row on the target environment,
    /// or on the first environment where it is drifted. Disabled unless the row is drifted somewhere.
    QAction *showDriftAction() const { return m_showDriftAction; }
    /// Opens a tab with the drift of migration `version` on `environment`: the applied version left (looked up in
    /// the file's git history off the GUI thread: no tool's history table keeps the SQL it ran) and the file as it
    /// is now right. nullptr when the migration is not drifted there (or its file cannot be read).
    widgets::editor::DiffView *showDrift(const QString &version, const QString &environment);

    // --- apply ----------------------------------------------------------------------------------------
    /// The next environment to apply to: the first bound one in the pipeline with pending migrations (or the
    /// target, or the first, while statuses are not known yet). Empty without a project or environments.
    QString nextEnvironment() const;
    QAction *applyAction() const { return m_applyAction; }
    /// Starts the apply flow (preflight → rehearsal → review → confirmation → apply) for an environment, for the
    /// pending migrations up to `upToVersion` (all when empty).
    core::Result<void> applyTo(const QString &environment, const QString &upToVersion = {});

    // --- rollout plans --------------------------------------------------------------------------------
    /// The Timeline dock: the project's plans (workbench.toml), their status per environment and step actions.
    RolloutPanel *rolloutPanel() const { return m_rollout; }
    TimelineWidget *timeline() const;
    /// Opens the migration(s) a plan step of the shown plan links to in editor tabs; the first one's tab, or
    /// nullptr when none of its migrations is a file of the project.
    QWidget *openStepMigration(const QString &stepId);
    widgets::project::ApplyController *applyController() const { return m_apply; }
    core::engine::EngineHost *engineHost() const { return m_engine; }
    /// Puts every dock where the shipped default layout (resources/layouts/default-layout.json) says.
    core::Result<void> resetLayout();
    /// Stores the dock layout and geometry in the user's settings (also done when the window closes).
    void saveLayout();

Q_SIGNALS:
    void projectOpened(const QString &dir);
    /// Opening `dir` failed after its read started (not for a cancel); `error` says why.
    void projectOpenFailed(const QString &dir, const QString &error);
    /// An environment's status (and history) was read, or could not be (`error` non-empty).
    void environmentRefreshed(const QString &environment, const QString &error);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createActions();
    void createDocks();
    void chooseAndOpenSqlFile();
    void chooseAndOpenProject();
    void rebuildRecentMenu();
    QSettings &settings();
    core::connection::SecretStore *secrets();
    void resolveConnection(const core::connection::Environment &environment,
                           std::function<void(core::Result<core::ConnectionParams>)> done);
    std::optional<core::connection::ConnectionProfile> profileFor(const core::connection::Environment &environment) const;
    struct ProjectRead;
    void onProjectRead(ProjectRead read);
    /// What the project's migrations are written for: [lint] dialect, else the environments' connections (all
    /// MySQL/MariaDB: that family), else PostgreSQL; the version from [lint] target-version or the default.
    core::sql::TargetServer analysisTarget() const;
    void analyseOnEarlierSchema(QWidget *page, const QString &version);
    void setOpening(const QString &dir);
    void onEnvironmentRead(const widgets::project::EnvironmentSnapshot &snapshot);
    void updateEnvironmentsView();
    void updateApplyAction();
    void updateStatusBar();
    void showHistoryOf(const QString &environment);
    void onCurrentTabChanged(int index);
    void onApplyProgress(const core::engine::Progress &progress);
    void onApplyFinished(bool success, const QString &message, bool changedDatabase);
    void createDriftActions();
    void updateDriftAction();
    void showDriftOfCurrent();
    /// A migration tab whose migration is drifted somewhere: the editor's banner offers "Show Drift…".
    void offerDrift(QWidget *page, const QString &version);
    /// A quick fix added migration files (moved a statement into a migration of its own): re-reads the project.
    void onMigrationCreated(const QStringList &files);
    void setTransactionContext(widgets::editor::MigrationEditor *up, widgets::editor::MigrationEditor *down,
                               const core::project::Migration &migration);

    QTabWidget *m_tabs;
    QLabel *m_statusLabel;
    QPointer<AboutDialog> m_about;
    EnvironmentBand *m_environmentBand = nullptr;
    QSettings *m_settings = nullptr;
    core::connection::SecretStore *m_secrets = nullptr;
    QPointer<ConnectionManagerDialog> m_connections;

    std::optional<core::project::Project> m_project;
    QString m_projectRoot;
    core::connection::EnvironmentPipeline m_pipeline;
    QList<core::connection::ConnectionProfile> m_profiles;
    QHash<QString, core::ConnectionParams> m_params; ///< resolved per environment for this session (memory only)
    QHash<QString, QString> m_serverVersions;
    QHash<QString, QString> m_environmentErrors;
    QHash<QString, QString> m_historyTables;
    QHash<QString, core::project::History> m_histories;
    core::sql::LintConfig m_lintConfig; ///< workbench.toml [lint]
    std::optional<core::sql::SqlDialect> m_lintDialect; ///< workbench.toml [lint] dialect
    std::optional<core::sql::TargetServer> m_lintTarget; ///< workbench.toml [lint] target-version
    RolloutPanel *m_rollout = nullptr;
    QString m_historyEnvironment;
    quint64 m_projectGeneration = 0;
    quint64 m_openGeneration = 0; ///< drops the results of folder reads that were cancelled or superseded
    QString m_openingDir; ///< the folder being read; empty when none
    models::project::MigrationListModel *m_migrations = nullptr;
    QSortFilterProxyModel *m_migrationFilter = nullptr;
    models::project::HistoryModel *m_history = nullptr;
    QTreeView *m_browser = nullptr;
    QLineEdit *m_filter = nullptr;
    QTreeWidget *m_environmentsView = nullptr;
    QTreeView *m_historyView = nullptr;
    QLabel *m_historyLabel = nullptr;
    widgets::editor::FindingsPanel *m_findings = nullptr;
    widgets::project::LogView *m_log = nullptr;
    QLabel *m_stageLabel = nullptr;
    QLabel *m_stepLabel = nullptr;
    QProgressBar *m_dockProgress = nullptr;
    QPushButton *m_dockCancel = nullptr;
    QPlainTextEdit *m_progressLog = nullptr;
    QProgressBar *m_progressBar = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QLabel *m_targetLabel = nullptr;
    QLabel *m_serverLabel = nullptr;
    QLabel *m_connectionLabel = nullptr;
    QAction *m_applyAction = nullptr;
    QAction *m_showDriftAction = nullptr;
    QMenu *m_recentMenu = nullptr;
    core::engine::EngineHost *m_engine = nullptr;
    widgets::project::DbReader *m_reader = nullptr;
    widgets::project::DbReader *m_projectReader = nullptr; ///< reads project folders ("mwb-project")
    QProgressBar *m_openBusy = nullptr;
    QPushButton *m_openCancel = nullptr;
    widgets::project::ApplyController *m_apply = nullptr;
    bool m_closeWhenIdle = false;
};

} // namespace widgets
