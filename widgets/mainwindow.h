// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/error.h"

#include <QMainWindow>
#include <QPointer>

class QTabWidget;
class QLabel;

namespace widgets {

class AboutDialog;

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

private:
    void createActions();
    void chooseAndOpenSqlFile();

    QTabWidget *m_tabs;
    QLabel *m_statusLabel;
    QPointer<AboutDialog> m_about;
};

} // namespace widgets
