// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/connection/connectionprofile.h"
#include "core/connection/connectiontester.h"

#include <QDialog>
#include <QPointer>

class QLabel;
class QProgressBar;
class QPushButton;
class QSettings;
class QTableView;
class QToolButton;

namespace core::connection {
class SecretStore;
}
namespace models {
class ProfilesModel;
}

namespace widgets {

class ProfileEditor;

/// The user-facing text for a failed test connection (wrong password, unreachable, TLS, timeout, ...).
QString describeConnectionFailure(const core::connection::ConnectionTestResult &result);

/// The connection manager: the saved profiles, an editor per dialect, Test (asynchronous, with progress and
/// Cancel), New, Duplicate, Delete, Import from a URL / the project's .env / pg_service.conf / ~/.pgpass.
/// Profiles are saved to `settings` (no secrets); passwords go to `secrets` only. Without a keychain it says so
/// and profiles ask for their password every time.
class ConnectionManagerDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionManagerDialog)
public:
    ConnectionManagerDialog(QSettings &settings, core::connection::SecretStore *secrets, QWidget *parent = nullptr);
    ~ConnectionManagerDialog() override;

    models::ProfilesModel *model() const { return m_model; }
    ProfileEditor *editor() const { return m_editor; }
    /// The project folder whose .env "Import" offers (empty: none).
    void setProjectDirectory(const QString &directory) { m_projectDirectory = directory; }

    /// Creates a profile of `dialect` and selects it.
    void createProfile(core::Dialect dialect);
    /// Imports a URL as a new profile (its password into the keychain, or kept in the editor only).
    core::Result<void> importUrl(const QString &url);
    /// Selects the profile at `row` (saving the edits of the current one first).
    void selectRow(int row);
    int currentRow() const;
    /// Saves the edited profile (settings; password to the keychain when chosen). False if it is invalid.
    bool saveCurrent();
    void duplicateCurrent();
    /// Deletes the current profile and its keychain entries (asks first when `ask`).
    void deleteCurrent(bool ask = true);
    void testCurrent();
    void cancelTest();

Q_SIGNALS:
    /// A test connection finished (also when cancelled or timed out).
    void testFinished(const core::connection::ConnectionTestResult &result);
    /// Saved profiles changed (settings written).
    void profilesChanged();

private:
    void persist();
    void updateButtons();
    void startTest(const core::ConnectionParams &params);
    void showTestResult(const core::connection::ConnectionTestResult &result);
    void chooseImport();

    QSettings &m_settings;
    QPointer<core::connection::SecretStore> m_secrets;
    bool m_keychainAvailable = true;
    QString m_projectDirectory;
    models::ProfilesModel *m_model;
    core::connection::ConnectionTester *m_tester;
    QTableView *m_list;
    ProfileEditor *m_editor;
    QToolButton *m_newButton;
    QPushButton *m_duplicateButton;
    QPushButton *m_deleteButton;
    QToolButton *m_importButton;
    QPushButton *m_saveButton;
    QPushButton *m_testButton;
    QPushButton *m_cancelTestButton;
    QProgressBar *m_testProgress;
    QLabel *m_testResult;
    QLabel *m_keychainStatus;
    int m_editingRow = -1;
};

} // namespace widgets
