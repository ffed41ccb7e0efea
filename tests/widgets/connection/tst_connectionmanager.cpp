// SPDX-License-Identifier: GPL-3.0-or-later
// Create, edit, test (real PostgreSQL), duplicate and delete a profile through the real connection manager
// dialog, offscreen, with passwords in a real (private) Secret Service.
#include "core/connection/profilestore.h"
#include "core/connection/secretstore.h"
#include "models/connection/profilesmodel.h"
#include "widgets/connection/connectionmanagerdialog.h"
#include "widgets/connection/profileeditor.h"

#include "testservers.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace core::connection;
using core::ConnectionFailure;
using widgets::ConnectionManagerDialog;

namespace {

template<typename T>
T *child(QObject *parent, const QString &name)
{
    T *found = parent->findChild<T *>(name);
    if (!found)
        qFatal("no child %s", qPrintable(name));
    return found;
}

void typeInto(QLineEdit *edit, const QString &text)
{
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

using core::Result;

std::optional<QString> keychainValue(SecretStore &store, QObject *context, const QString &key)
{
    std::optional<Result<std::optional<QString>>> r;
    store.readSecret(key, context, [&r](Result<std::optional<QString>> v) { r = v; });
    if (!QTest::qWaitFor([&r] { return r.has_value(); }, 30000) || !*r)
        return QString(u"<keychain error>"_s);
    return **r;
}

} // namespace

class TestConnectionManager : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QFile bus(qEnvironmentVariable("MWB_TEST_KEYCHAIN_DIR") + u"/bus-address"_s);
        QVERIFY2(bus.open(QIODevice::ReadOnly), "the keychain fixture did not run");
        qputenv("DBUS_SESSION_BUS_ADDRESS", bus.readLine().trimmed());
    }

    void createEditTestDuplicateDelete()
    {
        MWB_REQUIRE_SERVER_VALUE(host, "postgresql", "MWB_TEST_PG_HOST");
        MWB_REQUIRE_SERVER_VALUE(port, "postgresql", "MWB_TEST_PG_PORT");
        MWB_REQUIRE_SERVER_VALUE(password, "postgresql", "MWB_TEST_PG_PASSWORD");
        const QString settingsPath = m_dir.filePath(u"mwb.ini"_s);
        QSettings settings(settingsPath, QSettings::IniFormat);
        KeychainSecretStore store(u"Migration Workbench GUI tests"_s);
        ConnectionManagerDialog dialog(settings, &store);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *status = child<QLabel>(&dialog, u"keychainStatus"_s);
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(u"Secret Service"_s), 30000);

        // create
        child<QAction>(&dialog, u"actionNewPostgreSQL"_s)->trigger();
        QCOMPARE(dialog.model()->rowCount(), 1);
        QCOMPARE(dialog.currentRow(), 0);
        auto *editor = dialog.editor();
        QVERIFY(editor->isEnabled());
        auto *save = child<QPushButton>(&dialog, u"saveButton"_s);
        QVERIFY(!save->isEnabled()); // no host yet

        // edit
        typeInto(child<QLineEdit>(editor, u"profileName"_s), u"fixture primary"_s);
        typeInto(child<QLineEdit>(editor, u"profileHost"_s), host);
        auto *portBox = child<QSpinBox>(editor, u"profilePort"_s);
        portBox->selectAll();
        QTest::keyClicks(portBox, port);
        QCOMPARE(portBox->value(), port.toInt());
        typeInto(child<QLineEdit>(editor, u"profileDatabase"_s), u"mwb_test"_s);
        typeInto(child<QLineEdit>(editor, u"profileUser"_s), u"mwb_test"_s);
        typeInto(child<QLineEdit>(editor, u"profilePassword"_s), password);
        QVERIFY(save->isEnabled());
        QTest::mouseClick(save, Qt::LeftButton);
        const ConnectionProfile saved = *dialog.model()->profileAt(0);
        QCOMPARE(saved.name, u"fixture primary"_s);
        QCOMPARE(saved.host, host);
        QCOMPARE(saved.port, port.toInt());
        QCOMPARE(saved.passwordStorage, PasswordStorage::Keychain);
        QTRY_COMPARE_WITH_TIMEOUT(keychainValue(store, this, saved.passwordKey()).value_or(QString()), password, 30000);
        {
            QFile file(settingsPath);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray text = file.readAll();
            QVERIFY(text.contains("fixture primary"));
            QVERIFY2(!text.contains(password.toUtf8()), "the password is in the settings file");
        }

        // test, with the password from the keychain (the field cleared)
        child<QLineEdit>(editor, u"profilePassword"_s)->clear();
        QSignalSpy tested(&dialog, &ConnectionManagerDialog::testFinished);
        auto *test = child<QPushButton>(&dialog, u"testButton"_s);
        QTest::mouseClick(test, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(tested.size(), 1, 30000);
        auto result = tested.at(0).at(0).value<ConnectionTestResult>();
        QVERIFY2(result.ok, qPrintable(result.error.detail));
        auto *resultLabel = child<QLabel>(&dialog, u"testResult"_s);
        QVERIFY2(resultLabel->text().contains(u"Connected"_s), qPrintable(resultLabel->text()));
        QVERIFY(resultLabel->text().contains(u"mwb_test"_s));
        QVERIFY(resultLabel->text().contains(u"Can create tables"_s));
        QVERIFY(resultLabel->text().contains(u"Round trip"_s));

        // a wrong password gets its own message
        typeInto(child<QLineEdit>(editor, u"profilePassword"_s), u"wrong-password"_s);
        QTest::mouseClick(test, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(tested.size(), 2, 30000);
        QCOMPARE(tested.at(1).at(0).value<ConnectionTestResult>().failure, ConnectionFailure::WrongPassword);
        QVERIFY2(resultLabel->text().contains(u"Wrong user name or password"_s), qPrintable(resultLabel->text()));

        // cancel while running: the progress shows, Cancel answers at once
        typeInto(child<QLineEdit>(editor, u"profilePassword"_s), password);
        QTest::mouseClick(test, Qt::LeftButton);
        auto *cancel = child<QPushButton>(&dialog, u"cancelTestButton"_s);
        QVERIFY(cancel->isVisible());
        QVERIFY(child<QWidget>(&dialog, u"testProgress"_s)->isVisible());
        QVERIFY(!test->isEnabled());
        QTest::mouseClick(cancel, Qt::LeftButton);
        QCOMPARE(tested.size(), 3);
        QCOMPARE(tested.at(2).at(0).value<ConnectionTestResult>().failure, ConnectionFailure::Cancelled);
        QVERIFY(!cancel->isVisible());
        QVERIFY(test->isEnabled());

        // duplicate: a new profile with its own keychain entry
        QTest::mouseClick(child<QPushButton>(&dialog, u"duplicateButton"_s), Qt::LeftButton);
        QCOMPARE(dialog.model()->rowCount(), 2);
        QCOMPARE(dialog.currentRow(), 1);
        const ConnectionProfile copy = *dialog.model()->profileAt(1);
        QCOMPARE(copy.name, u"fixture primary (copy)"_s);
        QVERIFY(copy.id != saved.id);
        QCOMPARE(copy.host, host);
        QTRY_COMPARE_WITH_TIMEOUT(keychainValue(store, this, copy.passwordKey()).value_or(QString()), password, 30000);
        // edit the copy and test it
        typeInto(child<QLineEdit>(editor, u"profileName"_s), u"fixture via socket"_s);
        QTest::mouseClick(save, Qt::LeftButton);
        QCOMPARE(dialog.model()->profileAt(1)->name, u"fixture via socket"_s);
        QTest::mouseClick(test, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(tested.size(), 4, 30000);
        QVERIFY(tested.at(3).at(0).value<ConnectionTestResult>().ok);

        // delete the copy (answering the real question box)
        QTimer::singleShot(0, this, [] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (box)
                box->button(QMessageBox::Yes)->click();
        });
        QTest::mouseClick(child<QPushButton>(&dialog, u"deleteButton"_s), Qt::LeftButton);
        QCOMPARE(dialog.model()->rowCount(), 1);
        QCOMPARE(dialog.model()->profileAt(0)->id, saved.id);
        QTRY_VERIFY_WITH_TIMEOUT(!keychainValue(store, this, copy.passwordKey()).has_value(), 30000);

        // a fresh dialog sees what was saved
        ConnectionManagerDialog again(settings, &store);
        QCOMPARE(again.model()->rowCount(), 1);
        QCOMPARE(again.model()->profileAt(0)->name, u"fixture primary"_s);
        QCOMPARE(again.model()->profileAt(0)->port, port.toInt());
    }

    void dialectFieldsAndImport()
    {
        QSettings settings(m_dir.filePath(u"import.ini"_s), QSettings::IniFormat);
        ConnectionManagerDialog dialog(settings, nullptr); // no keychain at all
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(child<QLabel>(&dialog, u"keychainStatus"_s)->text().contains(u"No system keychain"_s));
        child<QAction>(&dialog, u"actionNewSQLite"_s)->trigger();
        auto *editor = dialog.editor();
        QVERIFY(!child<QLineEdit>(editor, u"profileHost"_s)->isVisibleTo(&dialog));
        QVERIFY(child<QLineEdit>(editor, u"profileDatabase"_s)->isVisibleTo(&dialog));
        auto *dialect = child<QComboBox>(editor, u"profileDialect"_s);
        dialect->setCurrentIndex(dialect->findData(int(core::Dialect::PostgreSQL)));
        QVERIFY(child<QLineEdit>(editor, u"profileHost"_s)->isVisibleTo(&dialog));
        QVERIFY(child<QLineEdit>(editor, u"profileService"_s)->isVisibleTo(&dialog));

        QVERIFY(dialog.importUrl(u"postgresql://app:s%40cret@[2001:db8::7]:6543/shop?sslmode=verify-full"_s));
        QCOMPARE(dialog.model()->rowCount(), 2);
        const ConnectionProfile *p = dialog.model()->profileAt(1);
        QCOMPARE(p->host, u"2001:db8::7"_s);
        QCOMPARE(p->sslMode, SslMode::VerifyFull);
        // without a keychain the password is asked every time, kept only in the field for now
        QCOMPARE(p->passwordStorage, PasswordStorage::AskEveryTime);
        QCOMPARE(editor->password(), u"s@cret"_s);
        QFile file(m_dir.filePath(u"import.ini"_s));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains("s@cret"));
        QVERIFY(!dialog.importUrl(u"oracle://x"_s));
    }
};

QTEST_MAIN(TestConnectionManager)
#include "tst_connectionmanager.moc"
