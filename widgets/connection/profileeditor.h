// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/connection/connectionprofile.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace widgets {

/// The form of one connection profile; shows the fields of its dialect only. The password field is held in
/// memory only (for "Test" and for storing it in the keychain); it is never part of the profile.
class ProfileEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileEditor)
public:
    explicit ProfileEditor(QWidget *parent = nullptr);

    void setProfile(const core::connection::ConnectionProfile &profile);
    /// The profile as edited (same id as the one set).
    core::connection::ConnectionProfile profile() const;

    QString password() const;
    void setPassword(const QString &password);
    /// The client key's passphrase as typed (memory only, like the password).
    QString keyPassphrase() const;

    /// Disables the "system keychain" choice (no keychain available); a profile using it switches to "ask".
    void setKeychainAvailable(bool available);

    bool isModified() const { return m_modified; }
    void setModified(bool modified) { m_modified = modified; }

Q_SIGNALS:
    void changed();

private:
    void updateVisibility();
    void markModified();

    core::connection::ConnectionProfile m_profile;
    bool m_modified = false;
    bool m_loading = false;
    QFormLayout *m_form;
    QComboBox *m_dialect;
    QLineEdit *m_name;
    QLineEdit *m_host;
    QSpinBox *m_port;
    QLineEdit *m_socket;
    QLineEdit *m_database;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QComboBox *m_passwordStorage;
    QLineEdit *m_service;
    QLineEdit *m_applicationName;
    QComboBox *m_sslMode;
    QLineEdit *m_sslRootCert;
    QLineEdit *m_sslCert;
    QLineEdit *m_sslKey;
    QLineEdit *m_keyPassphrase;
    QCheckBox *m_readOnly;
    QLabel *m_problem;
};

} // namespace widgets
