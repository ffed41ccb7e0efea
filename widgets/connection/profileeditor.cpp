// SPDX-License-Identifier: GPL-3.0-or-later
#include "profileeditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QStandardItemModel>

using namespace Qt::StringLiterals;
using core::Dialect;
using core::connection::ConnectionProfile;
using core::connection::PasswordStorage;
using core::connection::SslMode;

namespace widgets {

namespace {

QLineEdit *lineEdit(QWidget *parent, const QString &objectName, const QString &placeholder = {})
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(objectName);
    edit->setPlaceholderText(placeholder);
    return edit;
}

} // namespace

ProfileEditor::ProfileEditor(QWidget *parent)
    : QWidget(parent)
    , m_form(new QFormLayout(this))
    , m_dialect(new QComboBox(this))
    , m_name(lineEdit(this, u"profileName"_s))
    , m_host(lineEdit(this, u"profileHost"_s, tr("host name or IP address")))
    , m_port(new QSpinBox(this))
    , m_socket(lineEdit(this, u"profileSocket"_s))
    , m_database(lineEdit(this, u"profileDatabase"_s))
    , m_user(lineEdit(this, u"profileUser"_s))
    , m_password(lineEdit(this, u"profilePassword"_s))
    , m_passwordStorage(new QComboBox(this))
    , m_service(lineEdit(this, u"profileService"_s, tr("a service from pg_service.conf")))
    , m_applicationName(lineEdit(this, u"profileApplicationName"_s, u"migration-workbench"_s))
    , m_sslMode(new QComboBox(this))
    , m_sslRootCert(lineEdit(this, u"profileSslRootCert"_s, tr("CA certificate file")))
    , m_sslCert(lineEdit(this, u"profileSslCert"_s, tr("client certificate file")))
    , m_sslKey(lineEdit(this, u"profileSslKey"_s, tr("client key file")))
    , m_keyPassphrase(lineEdit(this, u"profileKeyPassphrase"_s, tr("if the key is encrypted; kept in the keychain")))
    , m_readOnly(new QCheckBox(tr("Read-only: never apply anything through this connection"), this))
    , m_problem(new QLabel(this))
{
    setObjectName(u"profileEditor"_s);
    m_dialect->setObjectName(u"profileDialect"_s);
    m_dialect->addItem(u"PostgreSQL"_s, int(Dialect::PostgreSQL));
    m_dialect->addItem(u"MySQL / MariaDB"_s, int(Dialect::MySQL));
    m_dialect->addItem(u"SQLite"_s, int(Dialect::SQLite));
    m_port->setObjectName(u"profilePort"_s);
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("default"));
    m_password->setEchoMode(QLineEdit::Password);
    m_keyPassphrase->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("not shown; stored only in the keychain"));
    m_passwordStorage->setObjectName(u"profilePasswordStorage"_s);
    m_passwordStorage->addItem(tr("Store in the system keychain"), int(PasswordStorage::Keychain));
    m_passwordStorage->addItem(tr("Ask every time"), int(PasswordStorage::AskEveryTime));
    m_passwordStorage->addItem(tr("No password"), int(PasswordStorage::None));
    m_sslMode->setObjectName(u"profileSslMode"_s);
    m_sslMode->addItem(tr("Driver default"), int(SslMode::Default));
    m_sslMode->addItem(tr("disable"), int(SslMode::Disable));
    m_sslMode->addItem(tr("allow"), int(SslMode::Allow));
    m_sslMode->addItem(tr("prefer"), int(SslMode::Prefer));
    m_sslMode->addItem(tr("require"), int(SslMode::Require));
    m_sslMode->addItem(tr("verify-ca"), int(SslMode::VerifyCa));
    m_sslMode->addItem(tr("verify-full (recommended)"), int(SslMode::VerifyFull));
    m_readOnly->setObjectName(u"profileReadOnly"_s);
    m_problem->setObjectName(u"profileProblem"_s);
    m_problem->setWordWrap(true);

    m_form->addRow(tr("&Database:"), m_dialect);
    m_form->addRow(tr("&Name:"), m_name);
    m_form->addRow(tr("&Host:"), m_host);
    m_form->addRow(tr("&Port:"), m_port);
    m_form->addRow(tr("&Socket:"), m_socket);
    m_form->addRow(tr("Data&base:"), m_database);
    m_form->addRow(tr("&User:"), m_user);
    m_form->addRow(tr("Pass&word:"), m_password);
    m_form->addRow(tr("Password &storage:"), m_passwordStorage);
    m_form->addRow(tr("Ser&vice:"), m_service);
    m_form->addRow(tr("&Application name:"), m_applicationName);
    m_form->addRow(tr("&TLS:"), m_sslMode);
    m_form->addRow(tr("&CA certificate:"), m_sslRootCert);
    m_form->addRow(tr("Client certi&ficate:"), m_sslCert);
    m_form->addRow(tr("Client &key:"), m_sslKey);
    m_form->addRow(tr("Key pass&phrase:"), m_keyPassphrase);
    m_form->addRow(QString(), m_readOnly);
    m_form->addRow(QString(), m_problem);

    for (QLineEdit *edit : {m_name, m_host, m_socket, m_database, m_user, m_password, m_service, m_applicationName,
                            m_sslRootCert, m_sslCert, m_sslKey, m_keyPassphrase})
        connect(edit, &QLineEdit::textEdited, this, &ProfileEditor::markModified);
    connect(m_port, &QSpinBox::valueChanged, this, &ProfileEditor::markModified);
    connect(m_readOnly, &QCheckBox::toggled, this, &ProfileEditor::markModified);
    for (QComboBox *combo : {m_dialect, m_passwordStorage, m_sslMode})
        connect(combo, &QComboBox::currentIndexChanged, this, &ProfileEditor::markModified);
    connect(m_dialect, &QComboBox::currentIndexChanged, this, &ProfileEditor::updateVisibility);
    setEnabled(false);
}

void ProfileEditor::markModified()
{
    if (m_loading)
        return;
    m_modified = true;
    const auto valid = profile().validate();
    m_problem->setText(valid ? QString() : valid.error().detail);
    Q_EMIT changed();
}

void ProfileEditor::updateVisibility()
{
    const auto dialect = Dialect(m_dialect->currentData().toInt());
    const bool server = dialect != Dialect::SQLite;
    const bool pg = dialect == Dialect::PostgreSQL;
    for (QWidget *w : {static_cast<QWidget *>(m_host), static_cast<QWidget *>(m_port), static_cast<QWidget *>(m_socket),
                       static_cast<QWidget *>(m_user), static_cast<QWidget *>(m_password),
                       static_cast<QWidget *>(m_passwordStorage), static_cast<QWidget *>(m_sslMode),
                       static_cast<QWidget *>(m_sslRootCert), static_cast<QWidget *>(m_sslCert),
                       static_cast<QWidget *>(m_sslKey)})
        m_form->setRowVisible(w, server);
    m_form->setRowVisible(m_service, pg);
    m_form->setRowVisible(m_keyPassphrase, pg); // libpq sslpassword; MySQL has no equivalent
    m_form->setRowVisible(m_applicationName, pg);
    m_socket->setPlaceholderText(pg ? tr("socket directory, e.g. /var/run/postgresql")
                                    : tr("socket file, e.g. /run/mysqld/mysqld.sock"));
    m_database->setPlaceholderText(server ? tr("database name") : tr("database file"));
}

void ProfileEditor::setProfile(const ConnectionProfile &profile)
{
    m_loading = true;
    m_profile = profile;
    m_dialect->setCurrentIndex(m_dialect->findData(int(profile.dialect)));
    m_name->setText(profile.name);
    m_host->setText(profile.host);
    m_port->setValue(profile.port);
    m_socket->setText(profile.socket);
    m_database->setText(profile.database);
    m_user->setText(profile.user);
    m_password->clear();
    m_keyPassphrase->clear();
    m_passwordStorage->setCurrentIndex(m_passwordStorage->findData(int(profile.passwordStorage)));
    m_service->setText(profile.service);
    m_applicationName->setText(profile.applicationName);
    m_sslMode->setCurrentIndex(m_sslMode->findData(int(profile.sslMode)));
    m_sslRootCert->setText(profile.sslRootCert);
    m_sslCert->setText(profile.sslCert);
    m_sslKey->setText(profile.sslKey);
    m_readOnly->setChecked(profile.readOnly);
    m_problem->clear();
    updateVisibility();
    setEnabled(true);
    m_modified = false;
    m_loading = false;
}

ConnectionProfile ProfileEditor::profile() const
{
    ConnectionProfile p = m_profile;
    p.dialect = Dialect(m_dialect->currentData().toInt());
    p.name = m_name->text().trimmed();
    p.host = m_host->text().trimmed();
    p.port = m_port->value();
    p.socket = m_socket->text().trimmed();
    p.database = m_database->text().trimmed();
    p.user = m_user->text().trimmed();
    p.passwordStorage = PasswordStorage(m_passwordStorage->currentData().toInt());
    p.service = m_service->text().trimmed();
    p.applicationName = m_applicationName->text().trimmed();
    p.sslMode = SslMode(m_sslMode->currentData().toInt());
    p.sslRootCert = m_sslRootCert->text().trimmed();
    p.sslCert = m_sslCert->text().trimmed();
    p.sslKey = m_sslKey->text().trimmed();
    p.readOnly = m_readOnly->isChecked();
    return p;
}

QString ProfileEditor::password() const
{
    return m_password->text();
}

QString ProfileEditor::keyPassphrase() const
{
    return m_keyPassphrase->text();
}

void ProfileEditor::setPassword(const QString &password)
{
    m_password->setText(password);
}

void ProfileEditor::setKeychainAvailable(bool available)
{
    auto *model = qobject_cast<QStandardItemModel *>(m_passwordStorage->model());
    if (QStandardItem *item = model ? model->item(0) : nullptr)
        item->setEnabled(available);
    if (!available && m_passwordStorage->currentData().toInt() == int(PasswordStorage::Keychain))
        m_passwordStorage->setCurrentIndex(m_passwordStorage->findData(int(PasswordStorage::AskEveryTime)));
}

} // namespace widgets
