// SPDX-License-Identifier: GPL-3.0-or-later
// GUI end to end: the real main window offscreen against the fixture PostgreSQL and the private Secret Service.
// Opens the demo project (a copy of examples/shop), applies it to shop_dev through "Apply to shop_dev" →
// review → confirmation → engine, and checks that the history table, the history dock and the project browser
// agree; then cancels an apply that waits for a lock and checks the database and the window.
#include "widgets/connection/confirmapplydialog.h"
#include "widgets/editor/findingspanel.h"
#include "widgets/editor/migrationeditor.h"
#include "widgets/mainwindow.h"
#include "widgets/plan/rolloutpanel.h"
#include "widgets/plan/timelineview.h"
#include "widgets/plan/timelinewidget.h"
#include "widgets/project/applycontroller.h"
#include "widgets/project/logview.h"
#include "widgets/project/reviewdialog.h"

#include "core/connection/connectionprofile.h"
#include "core/connection/environmentstore.h"
#include "core/connection/profilestore.h"
#include "core/connection/secretstore.h"
#include "core/logging.h"
#include "core/project/dbsession.h"
#include "models/project/historymodel.h"
#include "models/project/migrationlistmodel.h"

#include "testservers.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDirIterator>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QTimer>
#include <QProgressBar>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using core::connection::ConnectionProfile;
using State = core::project::MigrationStatus::State;
using Stage = widgets::project::ApplyController::Stage;

namespace {

bool copyTree(const QString &from, const QString &to)
{
    QDirIterator it(from, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        const QString target = to + u'/' + QDir(from).relativeFilePath(file);
        QDir().mkpath(QFileInfo(target).absolutePath());
        if (!QFile::copy(file, target))
            return false;
    }
    return true;
}

QStringList shopVersions()
{
    QStringList versions;
    const auto files = QDir(QStringLiteral(MWB_SOURCE_DIR "/examples/shop/db/migrations")).entryList({u"*.sql"_s}, QDir::Files, QDir::Name);
    for (const QString &f : files)
        versions.append(f.section(u'_', 0, 0));
    return versions;
}

} // namespace

class TestWorkbench : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_home;
    QString m_adminUrl; // mwb_test on its own database: creates the per-test databases
    QString m_mariaUrl; // the fixture MariaDB's mwb_test: may create databases named mwb_test*

    // A fresh database, a profile for it with the password in the keychain, bound to `environment` of `project`.
    core::Result<core::ConnectionParams> bindFreshDatabase(const QString &project, const QString &environment,
                                                           const QString &database, const QString &adminUrl = {})
    {
        auto admin = core::ConnectionParams::fromUrl(adminUrl.isEmpty() ? m_adminUrl : adminUrl);
        if (!admin)
            return std::unexpected(admin.error());
        auto session = core::project::DbSession::open(*admin);
        if (!session)
            return std::unexpected(session.error());
        if (auto dropped = (*session)->execScript(u"DROP DATABASE IF EXISTS %1"_s.arg(database)); !dropped)
            return std::unexpected(dropped.error());
        if (auto created = (*session)->execScript(u"CREATE DATABASE %1"_s.arg(database)); !created)
            return std::unexpected(created.error());
        core::ConnectionParams params = *admin;
        params.database = database;
        ConnectionProfile profile = ConnectionProfile::fromParams(params, environment + u" (test)"_s);
        profile.passwordStorage = core::connection::PasswordStorage::Keychain;
        core::connection::KeychainSecretStore store(u"Migration Workbench"_s);
        std::optional<core::Result<void>> written;
        store.writeSecret(profile.passwordKey(), params.password, this, [&written](core::Result<void> r) { written = r; });
        if (!QTest::qWaitFor([&] { return written.has_value(); }, 30000) || !*written)
            return core::fail(core::Error::Code::Io, u"could not store the password in the test keychain"_s);
        QSettings settings;
        QList<ConnectionProfile> profiles = core::connection::loadProfiles(settings);
        profiles.append(profile);
        core::connection::saveProfiles(settings, profiles);
        core::connection::EnvironmentBindings(settings, QFileInfo(project).absoluteFilePath()).bind(environment, profile.id);
        settings.sync();
        return params;
    }

    static QStringList historyVersions(const core::ConnectionParams &params)
    {
        auto session = core::project::DbSession::open(params);
        if (!session)
            return {u"<cannot connect: %1>"_s.arg(session.error().detail)};
        const auto rows = (*session)->query(u"SELECT version FROM schema_migrations ORDER BY version"_s);
        if (!rows)
            return {u"<cannot read: %1>"_s.arg(rows.error().detail)};
        QStringList versions;
        for (const auto &row : *rows)
            versions.append(row.first());
        return versions;
    }

    // openProject() only starts the read of the folder; the project is there once projectOpened() came.
    static bool openAndWait(widgets::MainWindow &window, const QString &dir)
    {
        QSignalSpy opened(&window, &widgets::MainWindow::projectOpened);
        QSignalSpy failed(&window, &widgets::MainWindow::projectOpenFailed);
        if (!window.openProject(dir))
            return false;
        return QTest::qWaitFor([&] { return opened.count() + failed.count() > 0; }, 60000) && opened.count() == 1
               && !window.isOpeningProject();
    }

    // Drives the review and the confirmation dialogs the way a user does.
    static void clickThroughReviewAndConfirm(widgets::MainWindow &window, int expectedMigrations)
    {
        auto *controller = window.applyController();
        QTRY_VERIFY_WITH_TIMEOUT(controller->reviewDialog() && controller->reviewDialog()->isVisible(), 60000);
        auto *review = controller->reviewDialog();
        QCOMPARE(review->planTree()->topLevelItemCount(), expectedMigrations);
        QVERIFY2(review->blockers().isEmpty(), qPrintable(review->blockers().join(u'\n')));
        QVERIFY(review->continueButton()->isEnabled());
        QTest::mouseClick(review->continueButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(controller->confirmationDialog() && controller->confirmationDialog()->isVisible(), 10000);
        auto *confirm = controller->confirmationDialog();
        QVERIFY(confirm->applyButton()->isEnabled()); // not a protected environment: no name to type
        QTest::mouseClick(confirm->applyButton(), Qt::LeftButton);
    }

    // A project of two migrations: a new table, then a change to audit_events (which the test can keep locked).
    static bool writeLockProject(const QString &dir)
    {
        QDir().mkpath(dir + u"/db/migrations"_s);
        auto write = [&](const QString &name, const QByteArray &data) {
            QFile f(dir + u'/' + name);
            return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
        };
        return write(u"db/migrations/20250101000000_create_notes.sql"_s,
                     "-- migrate:up\nCREATE TABLE notes (id bigint PRIMARY KEY, body text);\n\n-- migrate:down\nDROP TABLE notes;\n")
               && write(u"db/migrations/20250102000000_audit_add_source.sql"_s,
                        "-- migrate:up\nSET lock_timeout = '3s';\nALTER TABLE audit_events ADD COLUMN source text;\n\n"
                        "-- migrate:down\nALTER TABLE audit_events DROP COLUMN source;\n")
               && write(u"workbench.toml"_s, "[[environments]]\nname = \"dev\"\n");
    }

    // golang-migrate on MariaDB: a table, an added column, an index (separate up and down files).
    static bool writeMariaDbProject(const QString &dir)
    {
        QDir().mkpath(dir + u"/db/migrations"_s);
        auto write = [&](const QString &name, const QByteArray &data) {
            QFile f(dir + u'/' + name);
            return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
        };
        return write(u"db/migrations/20250101000000_create_notes.up.sql"_s,
                     "CREATE TABLE notes (id BIGINT PRIMARY KEY, body TEXT);\n")
               && write(u"db/migrations/20250101000000_create_notes.down.sql"_s, "DROP TABLE notes;\n")
               && write(u"db/migrations/20250102000000_notes_add_author.up.sql"_s,
                        "ALTER TABLE notes ADD COLUMN author VARCHAR(100) NULL;\n")
               && write(u"db/migrations/20250102000000_notes_add_author.down.sql"_s, "ALTER TABLE notes DROP COLUMN author;\n")
               && write(u"db/migrations/20250103000000_notes_index_author.up.sql"_s,
                        "CREATE INDEX notes_author_idx ON notes (author);\n")
               && write(u"db/migrations/20250103000000_notes_index_author.down.sql"_s, "DROP INDEX notes_author_idx ON notes;\n")
               && write(u"workbench.toml"_s, "[[environments]]\nname = \"maria\"\nprotected = true\n");
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"MigrationWorkbenchTests"_s);
        QCoreApplication::setApplicationName(u"tst_workbench"_s);
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_home.filePath(u"settings"_s));
        qputenv("MWB_AUDIT_LOG", m_home.filePath(u"audit.jsonl"_s).toUtf8());
        QFile bus(qEnvironmentVariable("MWB_TEST_KEYCHAIN_DIR") + u"/bus-address"_s);
        QVERIFY2(bus.open(QIODevice::ReadOnly), "the keychain fixture did not run");
        qputenv("DBUS_SESSION_BUS_ADDRESS", bus.readLine().trimmed());
        MWB_REQUIRE_SERVER_VALUE(url, "postgresql", "MWB_TEST_PG_URL");
        m_adminUrl = url;
        MWB_REQUIRE_SERVER_VALUE(mariaUrl, "mariadb", "MWB_TEST_MARIADB_URL");
        m_mariaUrl = mariaUrl;
        core::logging::Options options;
        options.toStderr = false;
        core::logging::install(options);
    }

    void cleanupTestCase()
    {
        core::logging::uninstall();
    }

    void openProjectShowsBrowserAndDocks()
    {
        widgets::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        for (const QString &dock : {u"projectDock"_s, u"environmentsDock"_s, u"findingsDock"_s, u"progressDock"_s,
                                    u"historyDock"_s, u"logDock"_s})
            QVERIFY2(window.findChild<QDockWidget *>(dock), qPrintable(dock));
        QVERIFY(!window.applyAction()->isEnabled());

        QVERIFY(!window.openProject(m_home.filePath(u"no-such-folder"_s)));
        QVERIFY(!window.project());

        QVERIFY(openAndWait(window, QStringLiteral(MWB_SOURCE_DIR "/examples/shop")));
        QVERIFY(window.project());
        const auto *model = window.migrationModel();
        QCOMPARE(model->rowCount(), shopVersions().size());
        QCOMPARE(model->environments(), (QStringList{u"shop_dev"_s, u"shop_staging"_s, u"shop_prod"_s}));
        QCOMPARE(window.pipeline().find(u"shop_prod"_s)->isProtected, true);
        // nothing bound on this machine: every environment says so, no state is invented
        QCOMPARE(window.environmentsView()->topLevelItemCount(), 3);
        QCOMPARE(window.environmentsView()->topLevelItem(0)->text(1), u"not bound"_s);
        QVERIFY(!model->state(shopVersions().first(), u"shop_dev"_s));
        // the analyzer ran off the GUI thread: the unbatched backfill and the unindexed foreign key warn
        QTRY_VERIFY_WITH_TIMEOUT(!window.isReading(), 30000);
        const int backfill = model->rowOf(u"20250505103000"_s);
        QVERIFY(backfill >= 0);
        QCOMPARE(model->index(backfill, 0).data(models::project::MigrationListModel::SeverityRole).toInt(),
                 int(core::sql::Severity::Warning));

        // filter
        QTest::keyClicks(window.browserFilter(), u"payments"_s);
        QCOMPARE(window.projectBrowser()->model()->rowCount(), 3);
        window.browserFilter()->clear();
        QCOMPARE(window.projectBrowser()->model()->rowCount(), shopVersions().size());

        // double-click (activate) opens the migration in an editor tab; the findings dock follows it
        const QModelIndex row = window.projectBrowser()->model()->index(backfill, 1);
        window.projectBrowser()->setCurrentIndex(row);
        QTest::keyClick(window.projectBrowser(), Qt::Key_Return);
        auto *editor = window.currentEditor();
        QVERIFY(editor);
        QVERIFY(editor->filePath().endsWith(u"20250505103000_customers_backfill_display_name.sql"_s));
        QCOMPARE(window.findingsPanel()->editor(), editor);
        QTRY_VERIFY_WITH_TIMEOUT(editor->isAnalysisCurrent() && editor->findingsModel()->rowCount() > 0, 30000);
        const int tabs = window.tabs()->count();
        QVERIFY(window.openMigration(u"20250505103000"_s)); // the same tab again
        QCOMPARE(window.tabs()->count(), tabs);

        // the rollout plan from workbench.toml is in the timeline; activating a step opens its migration
        QCOMPARE(window.rolloutPanel()->planSelector()->count(), 1);
        QCOMPARE(window.timeline()->plan().name, u"rename customers.full_name"_s);
        Q_EMIT window.timeline()->view()->stepActivated(u"expand"_s);
        QVERIFY(window.currentEditor());
        QVERIFY(window.currentEditor()->filePath().endsWith(u"20250505100000_customers_add_display_name.sql"_s));
        QVERIFY(!window.openStepMigration(u"drop"_s)); // planned, no migration written yet
        QVERIFY(!window.openStepMigration(u"no-such-step"_s));

        // the log dock shows what the logging sink wrote
        QTRY_VERIFY(window.logView()->toPlainText().contains(u"opened project"_s));
    }

    void openProjectReadsTheFolderOffTheGuiThread()
    {
        widgets::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy opened(&window, &widgets::MainWindow::projectOpened);
        QSignalSpy failed(&window, &widgets::MainWindow::projectOpenFailed);
        auto *busy = window.findChild<QProgressBar *>(u"statusOpening"_s);
        auto *cancel = window.findChild<QPushButton *>(u"statusOpenCancel"_s);
        QVERIFY(busy && cancel);
        QVERIFY(!busy->isVisible());
        const QString shop = QFileInfo(QStringLiteral(MWB_SOURCE_DIR "/examples/shop")).absoluteFilePath();

        // openProject() returns before the folder is read: the window shows that it is loading, with Cancel
        QVERIFY(window.openProject(shop));
        QVERIFY(window.isOpeningProject());
        QVERIFY(!window.project());
        QVERIFY(busy->isVisible());
        QVERIFY(cancel->isVisible());
        QVERIFY(window.findChild<QLabel *>(u"statusLabel"_s)->text().contains(u"Opening"_s));
        QCOMPARE(opened.count(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 60000);
        QCOMPARE(opened.first().first().toString(), shop);
        QVERIFY(window.project());
        QCOMPARE(window.migrationModel()->rowCount(), shopVersions().size());
        QVERIFY(!window.isOpeningProject());
        QVERIFY(!busy->isVisible());
        QVERIFY(!cancel->isVisible());

        // a folder opened while another is read wins: the earlier read's result is dropped
        QTemporaryDir other;
        QVERIFY(writeLockProject(other.path()));
        opened.clear();
        QVERIFY(window.openProject(other.path()));
        QVERIFY(window.openProject(shop));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 60000);
        QCOMPARE(opened.first().first().toString(), shop);
        QCOMPARE(window.projectRoot(), shop);

        // Cancel: the open project stays, and the cancelled folder's result never lands (the reads are in order,
        // so once the next open has landed, the cancelled one has been dropped)
        opened.clear();
        QVERIFY(window.openProject(other.path()));
        QTest::mouseClick(cancel, Qt::LeftButton);
        QVERIFY(!window.isOpeningProject());
        QVERIFY(!busy->isVisible());
        QCOMPARE(window.projectRoot(), shop);
        QVERIFY(window.openProject(shop));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 60000);
        QCOMPARE(opened.first().first().toString(), shop);
        QCOMPARE(window.migrationModel()->rowCount(), shopVersions().size());

        // a folder no tool's files are in: "Cannot Open Project", nothing changes, projectOpened is not emitted
        QTemporaryDir empty;
        opened.clear();
        QVERIFY(window.openProject(empty.path()));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 60000);
        QCOMPARE(failed.first().at(0).toString(), QFileInfo(empty.path()).absoluteFilePath());
        QVERIFY(failed.first().at(1).toString().contains(u"no migration tool's files found"_s));
        QCOMPARE(opened.count(), 0);
        QCOMPARE(window.projectRoot(), shop);
        QCOMPARE(window.migrationModel()->rowCount(), shopVersions().size());
        QVERIFY(!busy->isVisible());
        auto *box = window.findChild<QMessageBox *>(u"openProjectError"_s);
        QVERIFY(box);
        QTRY_VERIFY(box->isVisible());
        QCOMPARE(box->windowTitle(), u"Cannot Open Project"_s);
        QVERIFY(box->text().contains(u"no migration tool's files found"_s));
        box->accept();
        QTRY_VERIFY(!window.findChild<QMessageBox *>(u"openProjectError"_s));
    }

    /// workbench.toml [lint]: the window's editors and Findings column use the project's dialect and rules, as
    /// `mwb lint` does.
    void projectLintSettingsReachTheWindow()
    {
        const QString dir = m_home.filePath(u"mysql-lint-project"_s);
        QDir().mkpath(dir + u"/db/migrations"_s);
        auto write = [&](const QString &name, const QByteArray &data) {
            QFile f(dir + u'/' + name);
            return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
        };
        QVERIFY(write(u"db/migrations/20250101000000_users.up.sql"_s, "CREATE TABLE users (id BIGINT PRIMARY KEY, age INT);\n"));
        QVERIFY(write(u"db/migrations/20250101000000_users.down.sql"_s, "DROP TABLE users;\n"));
        QVERIFY(write(u"db/migrations/20250102000000_users_age.up.sql"_s, "ALTER TABLE users MODIFY age BIGINT;\n"));
        QVERIFY(write(u"db/migrations/20250102000000_users_age.down.sql"_s, "ALTER TABLE users MODIFY age INT;\n"));
        QVERIFY(write(u"workbench.toml"_s, "[lint]\ndialect = \"mysql\"\ntarget-version = \"8.0.28\"\n"
                                           "[lint.rule]\nmysql-table-copy = \"info\"\n"));
        widgets::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(openAndWait(window, dir));
        const auto *model = window.migrationModel();
        const int row = model->rowOf(u"20250102000000"_s);
        QVERIFY(row >= 0);
        // the MySQL rule at its configured level (read as PostgreSQL, MODIFY is a syntax error)
        QTRY_VERIFY_WITH_TIMEOUT(!window.isReading(), 30000);
        QCOMPARE(model->index(row, 0).data(models::project::MigrationListModel::SeverityRole).toInt(),
                 int(core::sql::Severity::Info));
        QVERIFY(window.openMigration(u"20250102000000"_s));
        QTRY_VERIFY(window.tabs()->currentWidget());
        auto *up = window.tabs()->currentWidget()->findChildren<widgets::editor::MigrationEditor *>().value(0);
        if (!up)
            up = qobject_cast<widgets::editor::MigrationEditor *>(window.tabs()->currentWidget());
        QVERIFY(up);
        QCOMPARE(up->dialect(), core::sql::SqlDialect::MySQL);
        QCOMPARE(up->definitionName(), u"SQL (MySQL)"_s);
        QTRY_VERIFY_WITH_TIMEOUT(up->isAnalysisCurrent() && up->findingsModel()->rowCount() > 0, 30000);
        bool tableCopy = false;
        for (const auto &ef : up->findingsModel()->findings())
            tableCopy = tableCopy || (ef.finding.rule == u"mysql-table-copy"_s && ef.finding.severity == core::sql::Severity::Info);
        QVERIFY(tableCopy);
    }

    /// Each migration is analysed on the schema the earlier ones leave, in the Findings column and in the editor:
    /// a foreign key whose index an earlier migration created is not reported.
    void findingsSeeTheEarlierMigrationsSchema()
    {
        const QString dir = m_home.filePath(u"schema-project"_s);
        QDir().mkpath(dir + u"/db/migrations"_s);
        auto write = [&](const QString &name, const QByteArray &data) {
            QFile f(dir + u'/' + name);
            return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
        };
        QVERIFY(write(u"db/migrations/20250101000000_tables.sql"_s,
                      "-- migrate:up\nCREATE TABLE users (id bigint PRIMARY KEY);\n"
                      "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);\n"
                      "CREATE INDEX orders_user_id_idx ON orders (user_id);\n\n"
                      "-- migrate:down\nDROP TABLE orders;\nDROP TABLE users;\n"));
        QVERIFY(write(u"db/migrations/20250102000000_orders_fk.sql"_s,
                      "-- migrate:up\nSET lock_timeout = '2s';\n"
                      "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\n\n"
                      "-- migrate:down\nALTER TABLE orders DROP CONSTRAINT orders_user_fk;\n"));
        QVERIFY(write(u"workbench.toml"_s, "[[environments]]\nname = \"dev\"\n"));
        // alone, the second migration's foreign key has no index: the test can fail
        const auto alone = core::sql::analyze(QByteArray("ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) "
                                                         "REFERENCES users (id) NOT VALID;\n"),
                                              core::sql::AnalysisContext{});
        QVERIFY(std::ranges::any_of(alone.findings, [](const auto &f) { return f.rule == u"foreign-key-without-index"_s; }));

        widgets::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(openAndWait(window, dir));
        QTRY_VERIFY_WITH_TIMEOUT(!window.isReading(), 30000);
        const auto *model = window.migrationModel();
        const int row = model->rowOf(u"20250102000000"_s);
        QVERIFY(row >= 0);
        QCOMPARE(model->index(row, 0).data(models::project::MigrationListModel::SeverityRole).toInt(), -1);

        QVERIFY(window.openMigration(u"20250102000000"_s));
        auto *editor = window.currentEditor();
        QVERIFY(editor);
        // the schema before it arrives from a worker thread; then the analysis is current and silent
        QTRY_VERIFY_WITH_TIMEOUT(editor->analysisContext().catalog.tables().contains(u"orders"_s), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(editor->isAnalysisCurrent(), 30000);
        QStringList rules;
        for (const auto &ef : editor->findingsModel()->findings())
            rules << ef.finding.rule;
        QVERIFY2(!rules.contains(u"foreign-key-without-index"_s), qPrintable(rules.join(u' ')));
    }

    void layoutIsRestored()
    {
        QByteArray state;
        {
            widgets::MainWindow window;
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            auto *log = window.findChild<QDockWidget *>(u"logDock"_s);
            window.removeDockWidget(log);
            window.addDockWidget(Qt::RightDockWidgetArea, log);
            log->show();
            QCOMPARE(window.dockWidgetArea(log), Qt::RightDockWidgetArea);
            window.close(); // saves the layout
        }
        widgets::MainWindow again;
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QCOMPARE(again.dockWidgetArea(again.findChild<QDockWidget *>(u"logDock"_s)), Qt::RightDockWidgetArea);
        QSettings().remove(u"mainWindow"_s);
    }

    void applyToDevEndToEnd()
    {
        QTemporaryDir project;
        QVERIFY(copyTree(QStringLiteral(MWB_SOURCE_DIR "/examples/shop"), project.path()));
        const QString database = u"shop_e2e_dev_%1"_s.arg(QRandomGenerator::global()->bounded(1000000));
        const auto params = bindFreshDatabase(project.path(), u"shop_dev"_s, database);
        QVERIFY2(params, params ? "" : qPrintable(params.error().detail));

        widgets::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(openAndWait(window, project.path()));
        const QStringList versions = shopVersions();
        auto *model = window.migrationModel();
        // status read on the reader thread: everything pending on the new database
        QTRY_COMPARE_WITH_TIMEOUT(model->count(u"shop_dev"_s, State::Pending), int(versions.size()), 30000);
        QCOMPARE(window.nextEnvironment(), u"shop_dev"_s);
        QCOMPARE(window.applyAction()->text(), u"Apply to shop_dev…"_s);
        QVERIFY(window.applyAction()->isEnabled());
        QVERIFY(window.findChild<QLabel *>(u"statusServer"_s)->text().startsWith(u"PostgreSQL 17"_s));

        window.applyAction()->trigger();
        clickThroughReviewAndConfirm(window, int(versions.size()));
        auto *controller = window.applyController();
        QTRY_VERIFY_WITH_TIMEOUT(!controller->isRunning(), 120000);
        QVERIFY2(controller->stage() == Stage::Succeeded, qPrintable(controller->message()));
        QCOMPARE(controller->report().appliedCount(), int(versions.size()));

        // the database, the history dock and the browser agree
        QCOMPARE(historyVersions(*params), versions);
        QTRY_COMPARE_WITH_TIMEOUT(model->count(u"shop_dev"_s, State::Applied), int(versions.size()), 30000);
        QCOMPARE(model->count(u"shop_dev"_s, State::Pending), 0);
        QTRY_COMPARE_WITH_TIMEOUT(window.historyModel()->rowCount(), int(versions.size()), 30000);
        QCOMPARE(window.historyModel()->environment(), u"shop_dev"_s);
        QCOMPARE(window.historyModel()->index(0, models::project::HistoryModel::VersionColumn).data().toString(), versions.last());
        QVERIFY(window.progressLog()->toPlainText().contains(u"Applied %1 migration"_s.arg(versions.size())));
        QVERIFY(!window.cancelButton()->isVisible());
        // the only bound environment is up to date: nothing to apply next
        QCOMPARE(window.nextEnvironment(), QString());
        QVERIFY(!window.applyAction()->isEnabled());
        QCOMPARE(window.historyModel()->environment(), u"shop_dev"_s);

        // applied migrations open read-only
        auto *page = window.openMigration(versions.first());
        QVERIFY(page);
        QVERIFY(window.currentEditor()->isApplied());
        QVERIFY(window.currentEditor()->isReadOnly());
    }

    void applyToMariaDbEndToEnd()
    {
        // golang-migrate project, a protected environment on the fixture MariaDB: preflight, the rehearsal shown as
        // skipped, the review with the analyzer's lock report, the typed name, the apply, the refreshed window.
        QTemporaryDir project;
        QVERIFY(writeMariaDbProject(project.path()));
        const QString database = u"mwb_test_wb_%1"_s.arg(QRandomGenerator::global()->bounded(1000000));
        const auto params = bindFreshDatabase(project.path(), u"maria"_s, database, m_mariaUrl);
        QVERIFY2(params, params ? "" : qPrintable(params.error().detail));
        QVERIFY(params->dialect == core::Dialect::MySQL);
        const QStringList versions{u"20250101000000"_s, u"20250102000000"_s, u"20250103000000"_s};

        widgets::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(openAndWait(window, project.path()));
        QCOMPARE(window.project()->format, core::project::Format::GolangMigrate);
        auto *model = window.migrationModel();
        QTRY_COMPARE_WITH_TIMEOUT(model->count(u"maria"_s, State::Pending), 3, 30000);
        QCOMPARE(window.nextEnvironment(), u"maria"_s);
        QVERIFY(window.findChild<QLabel *>(u"statusServer"_s)->text().startsWith(u"MariaDB "_s));
        QVERIFY(window.applyAction()->isEnabled());

        window.applyAction()->trigger();
        auto *controller = window.applyController();
        QTRY_VERIFY_WITH_TIMEOUT(controller->reviewDialog() && controller->reviewDialog()->isVisible(), 60000);
        QVERIFY(controller->preflight().dialect == core::Dialect::MySQL);
        QVERIFY(controller->preflight().serverVersion.contains(u"MariaDB"_s));
        QVERIFY(!controller->preflight().rehearsalSkipped.isEmpty());
        QVERIFY2(controller->preflight().sessionsError.isEmpty(), qPrintable(controller->preflight().sessionsError)); // sessions read
        QVERIFY(controller->rehearsal().migrations.isEmpty()); // nothing was sent to the engine as a dry run
        // the progress dock says the rehearsal was skipped, and why
        QVERIFY2(window.progressLog()->toPlainText().contains(u"Rehearsal skipped on maria"_s),
                 qPrintable(window.progressLog()->toPlainText()));
        QVERIFY(window.progressLog()->toPlainText().contains(u"commit every DDL statement implicitly"_s));
        auto *review = controller->reviewDialog();
        QVERIFY(review->findChild<QLabel *>(u"reviewSummary"_s)->text().contains(u"Not rehearsed"_s));
        QCOMPARE(review->planTree()->topLevelItemCount(), 3);
        QCOMPARE(review->planTree()->headerItem()->text(2), u"Locks (analyzer)"_s);
        for (int i = 0; i < 3; ++i) {
            QVERIFY(review->planTree()->topLevelItem(i)->text(0).startsWith(versions.at(i)));
            QCOMPARE(review->planTree()->topLevelItem(i)->text(1), u"skipped"_s);
        }
        // the analyzer's lock report for MariaDB: the index build's algorithm and lock level, on its table
        const QString indexLocks = review->planTree()->topLevelItem(2)->text(2);
        QVERIFY2(indexLocks.contains(u"ALGORITHM="_s) && indexLocks.contains(u"LOCK="_s) && indexLocks.endsWith(u"on notes"_s),
                 qPrintable(indexLocks));
        QVERIFY2(review->blockers().isEmpty(), qPrintable(review->blockers().join(u'\n')));
        QTest::mouseClick(review->continueButton(), Qt::LeftButton);

        // protected: Apply stays disabled until the environment's name is typed
        QTRY_VERIFY_WITH_TIMEOUT(controller->confirmationDialog() && controller->confirmationDialog()->isVisible(), 10000);
        auto *confirm = controller->confirmationDialog();
        QVERIFY(!confirm->applyButton()->isEnabled());
        QTest::keyClicks(confirm->confirmationEdit(), u"maria"_s);
        QVERIFY(confirm->applyButton()->isEnabled());
        QTest::mouseClick(confirm->applyButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!controller->isRunning(), 120000);
        QVERIFY2(controller->stage() == Stage::Succeeded, qPrintable(controller->message()));
        QCOMPARE(controller->report().appliedCount(), 3);

        // golang-migrate's table, the history dock and the browser agree; the schema is there
        auto session = core::project::DbSession::open(*params);
        QVERIFY(session);
        const auto rows = (*session)->query(u"SELECT version, dirty FROM schema_migrations"_s);
        QVERIFY2(rows, rows ? "" : qPrintable(rows.error().detail));
        QCOMPARE(rows->size(), 1); // golang-migrate keeps one row: the last version
        QCOMPARE(rows->first().at(0), versions.last());
        QCOMPARE(rows->first().at(1), u"0"_s);
        const auto index = (*session)->query(
            u"SELECT count(*) FROM information_schema.statistics WHERE table_schema = DATABASE() AND index_name = 'notes_author_idx'"_s);
        QVERIFY(index);
        QCOMPARE(index->first().first(), u"1"_s);
        QTRY_COMPARE_WITH_TIMEOUT(model->count(u"maria"_s, State::Applied), 3, 30000);
        QCOMPARE(model->count(u"maria"_s, State::Pending), 0);
        for (const QString &v : versions)
            QCOMPARE(model->state(v, u"maria"_s), std::optional(State::Applied));
        QTRY_VERIFY_WITH_TIMEOUT(window.historyModel()->rowCount() > 0, 30000);
        QCOMPARE(window.historyModel()->environment(), u"maria"_s);
        QCOMPARE(window.historyModel()->index(0, models::project::HistoryModel::VersionColumn).data().toString(), versions.last());
        QVERIFY(window.progressLog()->toPlainText().contains(u"Applied 3 migration"_s));
        QCOMPARE(window.nextEnvironment(), QString());
        QVERIFY(!window.applyAction()->isEnabled());
        QVERIFY((*session)->execScript(u"DROP DATABASE %1"_s.arg(database)));
    }

    void cancelWhileWaitingForALock()
    {
        // A project of two migrations: a new table, then a change to a table another session keeps locked.
        QTemporaryDir project;
        QVERIFY(writeLockProject(project.path()));
        const QString database = u"shop_e2e_cancel_%1"_s.arg(QRandomGenerator::global()->bounded(1000000));
        const auto params = bindFreshDatabase(project.path(), u"dev"_s, database);
        QVERIFY2(params, params ? "" : qPrintable(params.error().detail));
        auto holder = core::project::DbSession::open(*params);
        QVERIFY(holder);
        QVERIFY((*holder)->execScript(u"CREATE TABLE audit_events (id bigint)"_s));

        widgets::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(openAndWait(window, project.path()));
        auto *model = window.migrationModel();
        QTRY_COMPARE_WITH_TIMEOUT(model->count(u"dev"_s, State::Pending), 2, 30000);
        QVERIFY(window.applyTo(u"dev"_s));
        auto *controller = window.applyController();
        QTRY_VERIFY_WITH_TIMEOUT(controller->reviewDialog() && controller->reviewDialog()->isVisible(), 60000);
        // after the rehearsal, another session starts holding a lock the second migration needs
        QVERIFY((*holder)->execScript(u"BEGIN; LOCK TABLE audit_events IN ACCESS SHARE MODE"_s));
        clickThroughReviewAndConfirm(window, 2);
        QTRY_VERIFY_WITH_TIMEOUT(controller->stage() == Stage::Applying, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(window.cancelButton()->isVisible(), 10000);
        // wait until the engine works on the second migration (the first one committed)
        QTRY_COMPARE_WITH_TIMEOUT(historyVersions(*params), QStringList{u"20250101000000"_s}, 30000);
        QVERIFY(controller->isRunning());
        QTest::mouseClick(window.cancelButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!controller->isRunning(), 30000);
        QCOMPARE(controller->stage(), Stage::Cancelled);
        QVERIFY(controller->report().cancelled);
        QVERIFY((*holder)->execScript(u"ROLLBACK"_s));

        // the database: the first migration recorded, the second neither recorded nor half-done
        QCOMPARE(historyVersions(*params), QStringList{u"20250101000000"_s});
        const auto column = (*holder)->query(
            u"SELECT count(*) FROM information_schema.columns WHERE table_name = 'audit_events' AND column_name = 'source'"_s);
        QVERIFY(column);
        QCOMPARE(column->first().first(), u"0"_s);
        // the window: states refreshed, Cancel gone, Apply available again
        QTRY_COMPARE_WITH_TIMEOUT(model->state(u"20250101000000"_s, u"dev"_s), std::optional(State::Applied), 30000);
        QCOMPARE(model->state(u"20250102000000"_s, u"dev"_s), std::optional(State::Pending));
        QVERIFY(!window.cancelButton()->isVisible());
        QVERIFY(window.applyAction()->isEnabled());
        QCOMPARE(window.nextEnvironment(), u"dev"_s);
        QVERIFY(window.progressLog()->toPlainText().contains(u"Cancelled"_s));
    }

    void closeDuringApplyAsksThenCancels()
    {
        QTemporaryDir project;
        QVERIFY(writeLockProject(project.path()));
        const QString database = u"shop_e2e_close_%1"_s.arg(QRandomGenerator::global()->bounded(1000000));
        const auto params = bindFreshDatabase(project.path(), u"dev"_s, database);
        QVERIFY2(params, params ? "" : qPrintable(params.error().detail));
        auto holder = core::project::DbSession::open(*params);
        QVERIFY(holder);
        QVERIFY((*holder)->execScript(u"CREATE TABLE audit_events (id bigint)"_s));

        widgets::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(openAndWait(window, project.path()));
        QTRY_COMPARE_WITH_TIMEOUT(window.migrationModel()->count(u"dev"_s, State::Pending), 2, 30000);
        QVERIFY(window.applyTo(u"dev"_s));
        auto *controller = window.applyController();
        QTRY_VERIFY_WITH_TIMEOUT(controller->reviewDialog() && controller->reviewDialog()->isVisible(), 60000);
        QVERIFY((*holder)->execScript(u"BEGIN; LOCK TABLE audit_events IN ACCESS SHARE MODE"_s));
        clickThroughReviewAndConfirm(window, 2);
        QTRY_COMPARE_WITH_TIMEOUT(historyVersions(*params), QStringList{u"20250101000000"_s}, 30000);
        QVERIFY(controller->isRunning());

        // the first close asks; "No" keeps the window and the apply
        bool asked = false;
        const auto answer = [&asked](QMessageBox::StandardButton button) {
            QTimer::singleShot(50, [&asked, button] {
                auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
                if (!box)
                    return;
                asked = true;
                box->button(button)->click();
            });
        };
        answer(QMessageBox::No);
        QVERIFY(!window.close());
        QVERIFY(asked);
        QVERIFY(window.isVisible());
        QVERIFY(controller->isRunning());
        // "Yes" cancels, and the window closes once the engine has rolled back
        asked = false;
        answer(QMessageBox::Yes);
        QVERIFY(!window.close()); // not yet: the cancel is on its way
        QVERIFY(asked);
        QTRY_VERIFY_WITH_TIMEOUT(!window.isVisible(), 30000);
        QCOMPARE(controller->stage(), Stage::Cancelled);
        QVERIFY((*holder)->execScript(u"ROLLBACK"_s));
        QCOMPARE(historyVersions(*params), QStringList{u"20250101000000"_s});
    }
};

QTEST_MAIN(TestWorkbench)
#include "tst_workbench.moc"
