// SPDX-License-Identifier: GPL-3.0-or-later
// GUI, issue 7: the real main window offscreen. "Show Drift…" on a Flyway migration that was applied (history row
// written by the workbench's own history writer on the fixture PostgreSQL) and then edited and committed in a real
// git repository: the diff's left side is the committed original, its right side the file now, and its label
// names the commit. The "move to its own non-transactional migration" quick fix in a golang-migrate file of more
// than one statement (PostgreSQL's implicit transaction): offered through the window, and the window re-reads the
// project so that the new migration is listed.
#include "widgets/editor/diffview.h"
#include "widgets/editor/findingpopup.h"
#include "widgets/editor/migrationeditor.h"
#include "widgets/editor/migrationpairview.h"
#include "widgets/mainwindow.h"

#include "core/connection/connectionprofile.h"
#include "core/connection/environmentstore.h"
#include "core/connection/profilestore.h"
#include "core/connection/secretstore.h"
#include "core/logging.h"
#include "core/project/dbsession.h"
#include "core/project/detect.h"
#include "core/project/historywriter.h"
#include "core/project/reader.h"
#include "models/editor/findingsmodel.h"
#include "models/project/migrationlistmodel.h"

#include "testservers.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace Qt::StringLiterals;
using core::connection::ConnectionProfile;
using State = core::project::MigrationStatus::State;

namespace {

bool writeFile(const QString &path, const QByteArray &data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

// git in `dir`; its standard output, or nullopt when it fails
std::optional<QString> git(const QString &dir, const QStringList &args)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    p.start(u"git"_s, QStringList{u"-c"_s, u"user.name=Test"_s, u"-c"_s, u"user.email=test@example.com"_s,
                                  u"-c"_s, u"commit.gpgsign=false"_s} + args);
    if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        qWarning().noquote() << "git" << args.join(u' ') << "failed:" << p.readAllStandardError();
        return std::nullopt;
    }
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

int rowOf(const widgets::editor::MigrationEditor &editor, const QString &rule)
{
    const auto &findings = editor.findingsModel()->findings();
    for (int i = 0; i < findings.size(); ++i)
        if (findings.at(i).finding.rule == rule)
            return i;
    return -1;
}

QModelIndex browserRow(const widgets::MainWindow &window, const QString &version)
{
    const QAbstractItemModel *model = window.projectBrowser()->model();
    for (int r = 0; r < model->rowCount(); ++r) {
        const QModelIndex index = model->index(r, 0);
        if (index.data(models::project::MigrationListModel::VersionRole).toString() == version)
            return index;
    }
    return {};
}

} // namespace

class TestWorkbenchDrift : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_home;
    QString m_adminUrl;

    // A fresh database, a profile for it with the password in the keychain, bound to `environment` of `project`.
    core::Result<core::ConnectionParams> bindFreshDatabase(const QString &project, const QString &environment,
                                                           const QString &database)
    {
        auto admin = core::ConnectionParams::fromUrl(m_adminUrl);
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

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"MigrationWorkbenchTests"_s);
        QCoreApplication::setApplicationName(u"tst_workbenchdrift"_s);
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_home.filePath(u"settings"_s));
        qputenv("MWB_AUDIT_LOG", m_home.filePath(u"audit.jsonl"_s).toUtf8());
        QFile bus(qEnvironmentVariable("MWB_TEST_KEYCHAIN_DIR") + u"/bus-address"_s);
        QVERIFY2(bus.open(QIODevice::ReadOnly), "the keychain fixture did not run");
        qputenv("DBUS_SESSION_BUS_ADDRESS", bus.readLine().trimmed());
        MWB_REQUIRE_SERVER_VALUE(url, "postgresql", "MWB_TEST_PG_URL");
        m_adminUrl = url;
        core::logging::Options options;
        options.toStderr = false;
        core::logging::install(options);
    }

    void cleanupTestCase()
    {
        core::logging::uninstall();
    }

    void showDriftFromGitHistory()
    {
        const QString root = m_home.filePath(u"drift"_s);
        const QString file = root + u"/sql/V1__notes.sql"_s;
        const QByteArray original = "CREATE TABLE notes (id bigint PRIMARY KEY, body text);\n";
        QVERIFY(writeFile(file, original));
        QVERIFY(writeFile(root + u"/workbench.toml"_s, "[[environments]]\nname = \"dev\"\n"));
        QVERIFY(git(root, {u"init"_s, u"-q"_s}));
        QVERIFY(git(root, {u"add"_s, u"-A"_s}));
        QVERIFY(git(root, {u"commit"_s, u"-q"_s, u"-m"_s, u"Add the notes table"_s}));
        const auto firstCommit = git(root, {u"rev-parse"_s, u"--short=7"_s, u"HEAD"_s});
        QVERIFY(firstCommit && firstCommit->size() == 7);

        // applied as Flyway records it: the workbench's own history writer on the fixture PostgreSQL
        auto params = bindFreshDatabase(root, u"dev"_s, u"mwb_test_drift"_s);
        QVERIFY2(params, qPrintable(params ? QString() : params.error().detail));
        {
            auto project = core::project::openProject(root);
            QVERIFY2(project, qPrintable(project ? QString() : project.error().detail));
            QCOMPARE(project->format, core::project::Format::Flyway);
            QCOMPARE(project->migrations.size(), 1);
            auto session = core::project::DbSession::open(*params);
            QVERIFY(session);
            QVERIFY((*session)->execScript(QString::fromUtf8(original)));
            auto ensured = core::project::ensureHistoryTable(**session, *project);
            QVERIFY2(ensured, qPrintable(ensured ? QString() : ensured.error().detail));
            auto recorded = core::project::recordApplied(**session, *project, project->migrations.first());
            QVERIFY2(recorded, qPrintable(recorded ? QString() : recorded.error().detail));
        }

        // then edited and committed
        const QByteArray edited = "CREATE TABLE notes (id bigint PRIMARY KEY, body text, author text);\n";
        QVERIFY(writeFile(file, edited));
        QVERIFY(git(root, {u"commit"_s, u"-q"_s, u"-a"_s, u"-m"_s, u"Notes get an author"_s}));

        widgets::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy refreshed(&window, &widgets::MainWindow::environmentRefreshed);
        QSignalSpy opened(&window, &widgets::MainWindow::projectOpened);
        QVERIFY(window.openProject(root));
        QTRY_VERIFY_WITH_TIMEOUT(!opened.isEmpty(), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(!refreshed.isEmpty(), 30000);
        QCOMPARE(refreshed.first().at(1).toString(), QString());
        QCOMPARE(window.migrationModel()->state(u"1"_s, u"dev"_s), std::optional(State::Drifted));
        QCOMPARE(window.driftedEnvironments(u"1"_s), QStringList{u"dev"_s});

        const QModelIndex row = browserRow(window, u"1"_s);
        QVERIFY(row.isValid());
        QVERIFY(window.projectBrowser()->actions().contains(window.showDriftAction())); // its context menu
        window.projectBrowser()->setCurrentIndex(row);
        QVERIFY(window.showDriftAction()->isEnabled());
        window.showDriftAction()->trigger();
        auto *view = qobject_cast<widgets::editor::DiffView *>(window.tabs()->currentWidget());
        QVERIFY(view);
        QCOMPARE(view->property("driftEnvironment").toString(), u"dev"_s);
        QTRY_VERIFY_WITH_TIMEOUT(view->hasAppliedText(), 30000);
        QCOMPARE(view->leftPane()->toPlainText(), QString::fromUtf8(original));
        QCOMPARE(view->rightPane()->toPlainText(), QString::fromUtf8(edited));
        QVERIFY2(view->appliedLabel().contains(*firstCommit), qPrintable(view->appliedLabel()));
        QVERIFY(view->changedRowCount() > 0);

        // the migration's editor says it drifted, and its banner opens the same diff
        auto *editor = qobject_cast<widgets::editor::MigrationEditor *>(window.openMigration(u"1"_s));
        QVERIFY(editor);
        QVERIFY(editor->banner()->isVisible());
        auto *show = editor->banner()->findChild<QPushButton *>(u"showDrift"_s);
        QVERIFY(show);
        const int tabs = window.tabs()->count();
        QTest::mouseClick(show, Qt::LeftButton);
        QCOMPARE(window.tabs()->count(), tabs + 1);
        auto *again = qobject_cast<widgets::editor::DiffView *>(window.tabs()->currentWidget());
        QVERIFY(again && again != view);
        QTRY_VERIFY_WITH_TIMEOUT(again->hasAppliedText(), 30000);
        QCOMPARE(again->leftPane()->toPlainText(), QString::fromUtf8(original));
    }

    void moveFixInGolangMigrateFileReloadsProject()
    {
        // golang-migrate sends the file as one simple query: with two statements PostgreSQL runs it in an
        // implicit transaction, where CREATE INDEX CONCURRENTLY fails
        const QString dir = m_home.filePath(u"golang/migrations"_s);
        const QString upText = u"CREATE TABLE notes (id bigint PRIMARY KEY, body text);\n"
                               u"CREATE INDEX CONCURRENTLY notes_body_idx ON notes (body);\n"_s;
        QVERIFY(writeFile(dir + u"/000001_notes.up.sql"_s, upText.toUtf8()));
        QVERIFY(writeFile(dir + u"/000001_notes.down.sql"_s, "DROP TABLE notes;\n"));

        widgets::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy opened(&window, &widgets::MainWindow::projectOpened);
        QVERIFY(window.openProject(dir));
        QTRY_VERIFY_WITH_TIMEOUT(!opened.isEmpty(), 30000);
        QCOMPARE(window.project()->format, core::project::Format::GolangMigrate);
        QCOMPARE(window.migrationModel()->rowCount(), 1);
        auto *pair = qobject_cast<widgets::editor::MigrationPairView *>(window.openMigration(u"1"_s));
        QVERIFY(pair);
        widgets::editor::MigrationEditor *editor = pair->upEditor();
        QTRY_VERIFY_WITH_TIMEOUT(editor->isAnalysisCurrent() && rowOf(*editor, u"ban-concurrently-in-transaction"_s) >= 0,
                                 10000);
        QVERIFY(editor->canMoveToOwnMigration(rowOf(*editor, u"ban-concurrently-in-transaction"_s)));

        // through the hover card, as a user does
        QTextCursor c(editor->document());
        c.setPosition(int(upText.indexOf(u"notes_body_idx"_s)));
        QVERIFY(editor->showFindingPopup(c.position(), editor->viewport()->mapToGlobal(editor->cursorRect(c).center())));
        auto *move = editor->findingPopup()->findChild<QPushButton *>(u"quickFix-move-nontransactional"_s);
        QVERIFY(move);
        QSignalSpy created(editor, &widgets::editor::MigrationEditor::migrationCreated);
        QTest::mouseClick(move, Qt::LeftButton);
        QCOMPARE(created.count(), 1);

        // the window reads the folder again (off the GUI thread): the new migration is listed
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 2, 30000);
        QCOMPARE(window.migrationModel()->rowCount(), 2);
        QCOMPARE(window.project()->migrations.size(), 2);
        const core::project::Migration moved = window.project()->migrations.last();
        QVERIFY(moved.upSql.contains(u"CREATE INDEX CONCURRENTLY notes_body_idx"_s));
        QVERIFY(created.first().at(0).toStringList().contains(moved.upPath));

        // the new file holds that statement alone: no implicit transaction, no finding
        auto *movedPair = qobject_cast<widgets::editor::MigrationPairView *>(window.openMigration(moved.version));
        QVERIFY(movedPair);
        QTRY_VERIFY_WITH_TIMEOUT(movedPair->upEditor()->isAnalysisCurrent(), 10000);
        QCOMPARE(rowOf(*movedPair->upEditor(), u"ban-concurrently-in-transaction"_s), -1);
    }
};

QTEST_MAIN(TestWorkbenchDrift)
#include "tst_workbenchdrift.moc"
