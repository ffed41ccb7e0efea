// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/connection/environment.h"
#include "core/error.h"

#include <QMainWindow>
#include <QPointer>

#include <optional>

class QTabWidget;
class QLabel;
class QSettings;

namespace core::connection {
class SecretStore;
}

namespace widgets {

class AboutDialog;
class ConnectionManagerDialog;
class EnvironmentBand;

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

private:
    void createActions();
    void chooseAndOpenSqlFile();

    QTabWidget *m_tabs;
    QLabel *m_statusLabel;
    QPointer<AboutDialog> m_about;
    EnvironmentBand *m_environmentBand = nullptr;
    QSettings *m_settings = nullptr;
    core::connection::SecretStore *m_secrets = nullptr;
    QPointer<ConnectionManagerDialog> m_connections;
};

} // namespace widgets
