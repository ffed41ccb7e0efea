// SPDX-License-Identifier: GPL-3.0-or-later
#include "connectionmanagerdialog.h"

#include "profileeditor.h"

#include "core/connection/connectionimport.h"
#include "core/connection/profilestore.h"
#include "core/connection/secretstore.h"
#include "models/connection/profilesmodel.h"
#include "widgets/uilogging.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;
using core::ConnectionFailure;
using core::connection::ConnectionProfile;
using core::connection::ConnectionTestResult;
using core::connection::PasswordStorage;

namespace widgets {

QString describeConnectionFailure(const ConnectionTestResult &result)
{
    const QString detail = result.error.detail.toHtmlEscaped();
    switch (result.failure) {
    case ConnectionFailure::WrongPassword:
        return ConnectionManagerDialog::tr("<b>Wrong user name or password.</b> The server refused the "
                                           "credentials.<br><small>%1</small>")
            .arg(detail);
    case ConnectionFailure::Unreachable:
        return ConnectionManagerDialog::tr("<b>The server cannot be reached.</b> Check the host, port or socket, "
                                           "and that the server is running.<br><small>%1</small>")
            .arg(detail);
    case ConnectionFailure::Tls:
        return ConnectionManagerDialog::tr("<b>TLS failed.</b> The server's certificate is not trusted by the "
                                           "given CA, does not match the host name, or TLS is not available."
                                           "<br><small>%1</small>")
            .arg(detail);
    case ConnectionFailure::Timeout:
        return ConnectionManagerDialog::tr("<b>No answer in time.</b> The server did not respond before the time "
                                           "limit.<br><small>%1</small>")
            .arg(detail);
    case ConnectionFailure::Cancelled:
        return ConnectionManagerDialog::tr("Test cancelled.");
    case ConnectionFailure::None:
    case ConnectionFailure::Other:
        break;
    }
    return ConnectionManagerDialog::tr("<b>The test failed.</b><br><small>%1</small>").arg(detail);
}

namespace {

QString describeSuccess(const ConnectionTestResult &r)
{
    const auto &i = r.info;
    QString text = ConnectionManagerDialog::tr("<b>Connected</b> to %1 %2 as <b>%3</b>")
                       .arg(i.product, i.version, i.currentUser.toHtmlEscaped());
    if (!i.database.isEmpty())
        text += ConnectionManagerDialog::tr(", database %1").arg(i.database.toHtmlEscaped());
    text += u"<br>"_s;
    text += i.canCreateTables ? ConnectionManagerDialog::tr("Can create tables.")
                              : ConnectionManagerDialog::tr("Cannot create tables here.");
    if (i.inRecovery)
        text += u' ' + ConnectionManagerDialog::tr("<b>Replica in recovery (read-only).</b>");
    text += u' ' + ConnectionManagerDialog::tr("Round trip %1 ms.").arg(i.roundTripMs, 0, 'f', 1);
    return text;
}

} // namespace

ConnectionManagerDialog::ConnectionManagerDialog(QSettings &settings, core::connection::SecretStore *secrets,
                                                 QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_secrets(secrets)
    , m_model(new models::ProfilesModel(this))
    , m_tester(new core::connection::ConnectionTester(this))
    , m_list(new QTableView(this))
    , m_editor(new ProfileEditor(this))
    , m_newButton(new QToolButton(this))
    , m_duplicateButton(new QPushButton(tr("D&uplicate"), this))
    , m_deleteButton(new QPushButton(tr("&Delete…"), this))
    , m_importButton(new QToolButton(this))
    , m_saveButton(new QPushButton(tr("&Save"), this))
    , m_testButton(new QPushButton(tr("&Test Connection"), this))
    , m_cancelTestButton(new QPushButton(tr("Cancel Test"), this))
    , m_testProgress(new QProgressBar(this))
    , m_testResult(new QLabel(this))
    , m_keychainStatus(new QLabel(this))
{
    setObjectName(u"connectionManager"_s);
    setWindowTitle(tr("Connections"));
    m_list->setObjectName(u"profileList"_s);
    m_list->setModel(m_model);
    m_list->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->horizontalHeader()->setStretchLastSection(true);
    m_list->verticalHeader()->hide();
    m_list->setColumnHidden(models::ProfilesModel::DialectColumn, true);

    m_newButton->setObjectName(u"newProfileButton"_s);
    m_newButton->setText(tr("&New"));
    m_newButton->setPopupMode(QToolButton::InstantPopup);
    auto *newMenu = new QMenu(m_newButton);
    newMenu->addAction(tr("PostgreSQL"), this, [this] { createProfile(core::Dialect::PostgreSQL); })
        ->setObjectName(u"actionNewPostgreSQL"_s);
    newMenu->addAction(tr("MySQL / MariaDB"), this, [this] { createProfile(core::Dialect::MySQL); })
        ->setObjectName(u"actionNewMySQL"_s);
    newMenu->addAction(tr("SQLite"), this, [this] { createProfile(core::Dialect::SQLite); })
        ->setObjectName(u"actionNewSQLite"_s);
    m_newButton->setMenu(newMenu);

    m_importButton->setObjectName(u"importButton"_s);
    m_importButton->setText(tr("&Import"));
    m_importButton->setPopupMode(QToolButton::InstantPopup);
    auto *importMenu = new QMenu(m_importButton);
    importMenu->addAction(tr("From a URL…"), this, &ConnectionManagerDialog::chooseImport)
        ->setObjectName(u"actionImportUrl"_s);
    importMenu->addAction(tr("From the project's .env (DATABASE_URL)"), this, [this] {
        auto imported = core::connection::importDotEnv(m_projectDirectory);
        if (!imported) {
            QMessageBox::warning(this, tr("Import"), tr("Nothing imported: %1").arg(imported.error().detail));
            return;
        }
        m_editingRow = -1;
        const int row = m_model->upsert(imported->profile);
        persist();
        selectRow(row);
        m_editor->setPassword(imported->password);
    })->setObjectName(u"actionImportDotEnv"_s);
    importMenu->addAction(tr("From pg_service.conf…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import pg_service.conf"),
                                                          core::connection::pgServiceFiles().value(0));
        if (path.isEmpty())
            return;
        auto imported = core::connection::importPgServiceFile(path);
        if (!imported) {
            QMessageBox::warning(this, tr("Import"), tr("Nothing imported: %1").arg(imported.error().detail));
            return;
        }
        for (const auto &one : *imported)
            m_model->upsert(one.profile);
        persist();
    })->setObjectName(u"actionImportPgService"_s);
    importMenu->addAction(tr("From ~/.pgpass"), this, [this] {
        auto entries = core::connection::parsePgPassFile(core::connection::pgPassFile());
        if (!entries) {
            QMessageBox::warning(this, tr("Import"), tr("Nothing imported: %1").arg(entries.error().detail));
            return;
        }
        for (const auto &one : core::connection::importPgPassEntries(*entries)) {
            m_model->upsert(one.profile);
            if (m_secrets && m_keychainAvailable)
                m_secrets->writeSecret(one.profile.passwordKey(), one.password, this, [](core::Result<void>) {});
        }
        persist();
    })->setObjectName(u"actionImportPgPass"_s);
    m_importButton->setMenu(importMenu);

    m_duplicateButton->setObjectName(u"duplicateButton"_s);
    m_deleteButton->setObjectName(u"deleteButton"_s);
    m_saveButton->setObjectName(u"saveButton"_s);
    m_testButton->setObjectName(u"testButton"_s);
    m_cancelTestButton->setObjectName(u"cancelTestButton"_s);
    m_testProgress->setObjectName(u"testProgress"_s);
    m_testProgress->setRange(0, 0); // busy
    m_testProgress->setVisible(false);
    m_cancelTestButton->setVisible(false);
    m_testResult->setObjectName(u"testResult"_s);
    m_testResult->setWordWrap(true);
    m_testResult->setTextFormat(Qt::RichText);
    m_keychainStatus->setObjectName(u"keychainStatus"_s);
    m_keychainStatus->setWordWrap(true);

    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(m_newButton);
    listButtons->addWidget(m_duplicateButton);
    listButtons->addWidget(m_deleteButton);
    listButtons->addWidget(m_importButton);
    listButtons->addStretch();
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_list, 1);
    leftLayout->addLayout(listButtons);

    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_testButton);
    testRow->addWidget(m_testProgress, 1);
    testRow->addWidget(m_cancelTestButton);
    testRow->addStretch();
    testRow->addWidget(m_saveButton);
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_editor);
    rightLayout->addLayout(testRow);
    rightLayout->addWidget(m_testResult);
    rightLayout->addStretch();

    auto *splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_keychainStatus);
    layout->addWidget(splitter, 1);
    layout->addWidget(buttons);

    connect(m_duplicateButton, &QPushButton::clicked, this, &ConnectionManagerDialog::duplicateCurrent);
    connect(m_deleteButton, &QPushButton::clicked, this, [this] { deleteCurrent(true); });
    connect(m_saveButton, &QPushButton::clicked, this, &ConnectionManagerDialog::saveCurrent);
    connect(m_testButton, &QPushButton::clicked, this, &ConnectionManagerDialog::testCurrent);
    connect(m_cancelTestButton, &QPushButton::clicked, this, &ConnectionManagerDialog::cancelTest);
    connect(m_tester, &core::connection::ConnectionTester::finished, this,
            &ConnectionManagerDialog::showTestResult);
    connect(m_editor, &ProfileEditor::changed, this, &ConnectionManagerDialog::updateButtons);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (m_editingRow >= 0 && m_editor->isModified())
                    saveCurrent();
                m_editingRow = current.row();
                if (const ConnectionProfile *p = m_model->profileAt(current.row()))
                    m_editor->setProfile(*p);
                m_testResult->clear();
                updateButtons();
            });

    QStringList problems;
    m_model->setProfiles(core::connection::loadProfiles(m_settings, &problems));
    if (!problems.isEmpty())
        qCWarning(lcUi) << "some saved connections could not be read:" << problems;

    if (m_secrets) {
        m_keychainStatus->setText(tr("Checking the system keychain…"));
        m_secrets->checkAvailable(this, [this](core::Result<void> available) {
            m_keychainAvailable = available.has_value();
            m_editor->setKeychainAvailable(m_keychainAvailable);
            m_keychainStatus->setText(m_keychainAvailable
                                          ? tr("Passwords are kept in the system keychain (%1).")
                                                .arg(m_secrets ? m_secrets->backendName() : QString())
                                          : tr("<b>No system keychain is available</b> (%1). Passwords are not "
                                               "stored anywhere: they are asked every time.")
                                                .arg(available ? QString() : available.error().detail.toHtmlEscaped()));
        });
    } else {
        m_keychainAvailable = false;
        m_editor->setKeychainAvailable(false);
        m_keychainStatus->setText(tr("<b>No system keychain is available.</b> Passwords are asked every time."));
    }
    if (m_model->rowCount() > 0)
        selectRow(0);
    updateButtons();
    resize(900, 560);
}

ConnectionManagerDialog::~ConnectionManagerDialog() = default;

int ConnectionManagerDialog::currentRow() const
{
    return m_list->currentIndex().isValid() ? m_list->currentIndex().row() : -1;
}

void ConnectionManagerDialog::selectRow(int row)
{
    m_list->setCurrentIndex(m_model->index(row, models::ProfilesModel::NameColumn));
}

void ConnectionManagerDialog::updateButtons()
{
    const bool has = currentRow() >= 0;
    m_duplicateButton->setEnabled(has);
    m_deleteButton->setEnabled(has);
    m_saveButton->setEnabled(has && m_editor->profile().validate().has_value());
    m_testButton->setEnabled(has && !m_tester->isRunning());
}

void ConnectionManagerDialog::persist()
{
    core::connection::saveProfiles(m_settings, m_model->profiles());
    m_settings.sync();
    Q_EMIT profilesChanged();
}

void ConnectionManagerDialog::createProfile(core::Dialect dialect)
{
    const QString base = dialect == core::Dialect::PostgreSQL ? tr("New PostgreSQL connection")
        : dialect == core::Dialect::MySQL                     ? tr("New MySQL connection")
                                                              : tr("New SQLite database");
    QString name = base;
    for (int n = 2; m_model->names().contains(name); ++n)
        name = base + u" %1"_s.arg(n);
    ConnectionProfile p = ConnectionProfile::create(dialect, name);
    if (dialect != core::Dialect::SQLite && !m_keychainAvailable)
        p.passwordStorage = PasswordStorage::AskEveryTime;
    if (m_editingRow >= 0 && m_editor->isModified())
        saveCurrent();
    m_editingRow = -1;
    const int row = m_model->upsert(p);
    persist();
    selectRow(row);
}

core::Result<void> ConnectionManagerDialog::importUrl(const QString &url)
{
    auto imported = core::connection::importUrl(url);
    if (!imported)
        return std::unexpected(imported.error());
    if (!m_keychainAvailable && imported->profile.passwordStorage == PasswordStorage::Keychain)
        imported->profile.passwordStorage = PasswordStorage::AskEveryTime;
    if (m_editingRow >= 0 && m_editor->isModified())
        saveCurrent();
    m_editingRow = -1;
    const int row = m_model->upsert(imported->profile);
    persist();
    selectRow(row);
    // The password goes to the keychain on Save; until then it lives in the (masked) field only.
    m_editor->setPassword(imported->password);
    if (!imported->password.isEmpty() && imported->profile.passwordStorage == PasswordStorage::Keychain)
        saveCurrent();
    return {};
}

void ConnectionManagerDialog::chooseImport()
{
    bool ok = false;
    const QString url = QInputDialog::getText(this, tr("Import Connection"),
                                              tr("Connection URL (postgresql://, mysql://, sqlite:):"),
                                              QLineEdit::Normal, QString(), &ok);
    if (!ok || url.trimmed().isEmpty())
        return;
    if (auto imported = importUrl(url); !imported)
        QMessageBox::warning(this, tr("Import Connection"), tr("This URL cannot be imported: %1")
                                                               .arg(imported.error().detail));
}

bool ConnectionManagerDialog::saveCurrent()
{
    const int row = m_editingRow >= 0 ? m_editingRow : currentRow();
    if (row < 0)
        return false;
    ConnectionProfile p = m_editor->profile();
    if (auto valid = p.validate(); !valid) {
        m_testResult->setText(tr("Not saved: %1").arg(valid.error().detail.toHtmlEscaped()));
        return false;
    }
    m_model->upsert(p);
    persist();
    const QString password = m_editor->password();
    if (m_secrets) {
        if (p.passwordStorage == PasswordStorage::Keychain && m_keychainAvailable && !password.isEmpty()) {
            m_secrets->writeSecret(p.passwordKey(), password, this, [this](core::Result<void> written) {
                if (!written)
                    m_keychainStatus->setText(tr("<b>The password could not be stored in the keychain</b> (%1). "
                                                 "It will be asked every time.")
                                                  .arg(written.error().detail.toHtmlEscaped()));
            });
        } else if (p.passwordStorage != PasswordStorage::Keychain && m_keychainAvailable) {
            m_secrets->deleteSecret(p.passwordKey(), this, [](core::Result<void>) {});
        }
        // the client key's passphrase follows the same choice
        if (p.passwordStorage == PasswordStorage::Keychain && m_keychainAvailable && !m_editor->keyPassphrase().isEmpty())
            m_secrets->writeSecret(p.keyPassphraseKey(), m_editor->keyPassphrase(), this, [](core::Result<void>) {});
        else if ((p.passwordStorage != PasswordStorage::Keychain || p.sslKey.isEmpty()) && m_keychainAvailable)
            m_secrets->deleteSecret(p.keyPassphraseKey(), this, [](core::Result<void>) {});
    }
    m_editor->setModified(false);
    updateButtons();
    return true;
}

void ConnectionManagerDialog::duplicateCurrent()
{
    const int row = currentRow();
    if (row < 0)
        return;
    saveCurrent();
    const ConnectionProfile original = *m_model->profileAt(row);
    const ConnectionProfile copy = original.duplicated(m_model->names());
    const QString password = m_editor->password();
    m_editingRow = -1;
    const int copyRow = m_model->upsert(copy);
    persist();
    // A raw pointer checked once: the optimiser cannot prove a QPointer stays non-null between check and use.
    if (core::connection::SecretStore *store = m_secrets.data();
        store && m_keychainAvailable && copy.passwordStorage == PasswordStorage::Keychain) {
        QPointer<core::connection::SecretStore> secrets = store;
        store->readSecret(original.passwordKey(), this,
                              [secrets, key = copy.passwordKey(), this](core::Result<std::optional<QString>> r) {
                                  if (secrets && r && r->has_value())
                                      secrets->writeSecret(key, **r, this, [](core::Result<void>) {});
                              });
    }
    selectRow(copyRow);
    m_editor->setPassword(password);
}

void ConnectionManagerDialog::deleteCurrent(bool ask)
{
    const int row = currentRow();
    if (row < 0)
        return;
    const ConnectionProfile p = *m_model->profileAt(row);
    if (ask
        && QMessageBox::question(this, tr("Delete Connection"),
                                 tr("Delete the connection “%1” and its stored password?").arg(p.name),
                                 QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
            != QMessageBox::Yes)
        return;
    m_editingRow = -1;
    m_model->removeProfile(p.id);
    persist();
    if (m_secrets && m_keychainAvailable) {
        m_secrets->deleteSecret(p.passwordKey(), this, [](core::Result<void>) {});
        m_secrets->deleteSecret(p.keyPassphraseKey(), this, [](core::Result<void>) {});
    }
    if (m_model->rowCount() > 0) {
        selectRow(std::min(row, m_model->rowCount() - 1));
    } else {
        m_editor->setEnabled(false);
        updateButtons();
    }
}

void ConnectionManagerDialog::testCurrent()
{
    if (currentRow() < 0)
        return;
    const ConnectionProfile p = m_editor->profile();
    if (auto valid = p.validate(); !valid) {
        m_testResult->setText(tr("Cannot test: %1").arg(valid.error().detail.toHtmlEscaped()));
        return;
    }
    const QString typed = m_editor->password();
    core::connection::SecretStore *store = m_secrets.data();
    if (!typed.isEmpty() || p.passwordStorage != PasswordStorage::Keychain || !store || !m_keychainAvailable) {
        if (typed.isEmpty() && p.passwordStorage == PasswordStorage::AskEveryTime) {
            bool ok = false;
            const QString asked = QInputDialog::getText(this, tr("Password"), tr("Password for %1:").arg(p.name),
                                                        QLineEdit::Password, QString(), &ok);
            if (!ok)
                return;
            startTest(p.toParams(asked, m_editor->keyPassphrase()));
            return;
        }
        startTest(p.toParams(typed, m_editor->keyPassphrase()));
        return;
    }
    m_testResult->setText(tr("Reading the password from the keychain…"));
    m_testButton->setEnabled(false);
    const QString typedPassphrase = m_editor->keyPassphrase();
    store->readSecret(p.passwordKey(), this, [this, p, typedPassphrase](core::Result<std::optional<QString>> secret) {
        const QString password = secret && secret->has_value() ? **secret : QString();
        core::connection::SecretStore *secrets = m_secrets.data();
        if (p.sslKey.isEmpty() || !typedPassphrase.isEmpty() || !secrets) {
            startTest(p.toParams(password, typedPassphrase));
            return;
        }
        secrets->readSecret(p.keyPassphraseKey(), this,
                              [this, p, password](core::Result<std::optional<QString>> passphrase) {
                                  startTest(p.toParams(password, passphrase && passphrase->has_value() ? **passphrase
                                                                                                       : QString()));
                              });
    });
}

void ConnectionManagerDialog::startTest(const core::ConnectionParams &params)
{
    m_testResult->setText(tr("Connecting to %1…").arg(params.toRedactedUrl().toHtmlEscaped()));
    m_testProgress->setVisible(true);
    m_cancelTestButton->setVisible(true);
    m_tester->start(params, 15000);
    updateButtons();
}

void ConnectionManagerDialog::cancelTest()
{
    m_tester->cancel();
}

void ConnectionManagerDialog::showTestResult(const ConnectionTestResult &result)
{
    m_testProgress->setVisible(false);
    m_cancelTestButton->setVisible(false);
    m_testResult->setText(result.ok ? describeSuccess(result) : describeConnectionFailure(result));
    updateButtons();
    Q_EMIT testFinished(result);
}

} // namespace widgets
