// SPDX-License-Identifier: GPL-3.0-or-later
// The production guard in the GUI: the typed-name confirmation dialog, the main window's environment band and
// frame, and the environment editor writing workbench.toml.
#include "core/connection/environmentstore.h"
#include "models/connection/environmentsmodel.h"
#include "widgets/connection/confirmapplydialog.h"
#include "widgets/connection/environmentband.h"
#include "widgets/connection/environmenteditor.h"
#include "widgets/mainwindow.h"

#include <QAction>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace core::connection;

class TestEnvironmentGuard : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void protectedNeedsTheTypedName_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<bool>("enabled");
        QTest::newRow("nothing") << QString() << false;
        QTest::newRow("prefix") << u"prod"_s << false;
        QTest::newRow("other case") << u"PROD-EU"_s << false;
        QTest::newRow("typo") << u"prod-ue"_s << false;
        QTest::newRow("exact") << u"prod-eu"_s << true;
    }
    void protectedNeedsTheTypedName()
    {
        QFETCH(QString, typed);
        QFETCH(bool, enabled);
        const Environment prod = Environment::create(u"prod-eu"_s);
        QVERIFY(prod.isProtected);
        widgets::ConfirmApplyDialog dialog(prod, nullptr, u"3 migrations"_s);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(!dialog.applyButton()->isEnabled());
        QVERIFY(dialog.confirmationEdit()->isVisible());
        QTest::keyClicks(dialog.confirmationEdit(), typed);
        QCOMPARE(dialog.applyButton()->isEnabled(), enabled);
        // Enter in the field and a click on Apply only accept when the name matches
        QTest::keyClick(dialog.confirmationEdit(), Qt::Key_Return);
        QTest::mouseClick(dialog.applyButton(), Qt::LeftButton);
        QCOMPARE(dialog.result() == QDialog::Accepted, enabled);
        QCOMPARE(dialog.isVisible(), !enabled);
    }

    void unprotectedAndReadOnly()
    {
        const Environment dev = Environment::create(u"dev"_s);
        widgets::ConfirmApplyDialog plain(dev, nullptr, u"1 migration"_s);
        QVERIFY(plain.applyButton()->isEnabled());
        QVERIFY(!plain.confirmationEdit()->isVisibleTo(&plain));

        ConnectionProfile replica = ConnectionProfile::create(core::Dialect::PostgreSQL, u"replica"_s);
        replica.readOnly = true;
        widgets::ConfirmApplyDialog refused(dev, &replica, u"1 migration"_s);
        QVERIFY(!refused.applyButton()->isEnabled());
        const Environment prod = Environment::create(u"prod"_s);
        widgets::ConfirmApplyDialog refusedProd(prod, &replica, u"1 migration"_s);
        QTest::keyClicks(refusedProd.confirmationEdit(), u"prod"_s);
        QVERIFY(!refusedProd.applyButton()->isEnabled());
        QVERIFY(refusedProd.findChild<QWidget *>(u"confirmProblem"_s) != nullptr);
    }

    void mainWindowBand()
    {
        widgets::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.findChild<QAction *>(u"actionConnections"_s));
        auto *band = window.environmentBand();
        QVERIFY(band->isVisible());
        QVERIFY(band->text().contains(u"No target"_s));

        Environment prod = Environment::create(u"prod"_s);
        window.setTargetEnvironment(prod);
        QVERIFY(band->text().contains(u"prod"_s));
        QVERIFY(band->text().contains(u"PROTECTED"_s));
        QVERIFY(window.windowTitle().contains(u"prod"_s));
        const QColor red = QColor::fromString(prod.colour);
        QImage image = window.grab().toImage();
        // the frame: every edge of the window is in the environment's colour
        for (const QPoint &p : {QPoint(2, image.height() / 2), QPoint(image.width() - 3, image.height() / 2),
                                QPoint(image.width() / 2, image.height() - 3), QPoint(image.width() / 2, 2)})
            QCOMPARE(image.pixelColor(p).name(), red.name());
        // and the band is filled with it, with the name on it
        const QPoint bandCentre = band->mapTo(&window, QPoint(4, band->height() / 2));
        QCOMPARE(image.pixelColor(bandCentre).name(), red.name());

        const Environment dev = Environment::create(u"dev"_s);
        window.setTargetEnvironment(dev);
        QVERIFY(band->text().contains(u"dev"_s));
        QVERIFY(!band->text().contains(u"PROTECTED"_s));
        image = window.grab().toImage();
        QVERIFY(image.pixelColor(2, image.height() / 2).name() != red.name()); // no frame for unprotected
        window.setTargetEnvironment(std::nullopt);
        QVERIFY(band->text().contains(u"No target"_s));
    }

    void environmentEditorWritesTheProject()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath(u"workbench.toml"_s);
        {
            QFile file(project);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("# shop\n[project]\nname = \"shop\"\n");
        }
        QSettings settings(dir.filePath(u"user.ini"_s), QSettings::IniFormat);
        ConnectionProfile profile = ConnectionProfile::create(core::Dialect::PostgreSQL, u"prod db"_s);
        profile.host = u"db"_s;
        widgets::EnvironmentEditor editor(project, settings, {profile});
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        QCOMPARE(editor.model()->rowCount(), 3); // defaults
        QVERIFY(editor.addEnvironment(u"perf-lab"_s));
        QVERIFY(!editor.addEnvironment(u"PROD"_s));
        QCOMPARE(editor.currentRow(), 3);
        editor.moveCurrent(-1);
        QCOMPARE(editor.currentRow(), 2);
        editor.setCurrentColour(u"#123456"_s);
        editor.selectRow(3);
        editor.bindCurrent(profile.id);
        QVERIFY(editor.save());

        const auto reread = readEnvironments(project);
        QVERIFY(reread);
        QCOMPARE(reread->size(), 4);
        QCOMPARE(reread->environments()[2].name, u"perf-lab"_s);
        QCOMPARE(reread->environments()[2].colour, u"#123456"_s);
        QCOMPARE(reread->environments()[3].name, u"prod"_s);
        QFile file(project);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(text.startsWith("# shop\n[project]\nname = \"shop\"\n"));
        QVERIFY(!text.contains(profile.id.toUtf8())); // bindings are per user
        QCOMPARE(EnvironmentBindings(settings, dir.path()).profileFor(u"prod"_s), profile.id);

        widgets::EnvironmentEditor again(project, settings, {profile});
        QCOMPARE(again.model()->index(3, models::EnvironmentsModel::ProfileColumn).data().toString(), u"prod db"_s);
    }
};

QTEST_MAIN(TestEnvironmentGuard)
#include "tst_environmentguard.moc"
