// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "aboutdialog.h"
#include "connection/connectionmanagerdialog.h"
#include "connection/environmentband.h"
#include "core/connection/secretstore.h"
#include "editor/findingspanel.h"
#include "plan/rolloutpanel.h"
#include "plan/timelinewidget.h"
#include "editor/diffview.h"
#include "editor/migrationeditor.h"
#include "editor/migrationpairview.h"
#include "project/applycontroller.h"
#include "project/applyplan.h"
#include "project/dbreader.h"
#include "project/logview.h"
#include "sqlview.h"
#include "uilogging.h"

#include "core/connection/environmentstore.h"
#include "core/connection/profilestore.h"
#include "core/engine/enginehost.h"
#include "core/plan/plan.h"
#include "help.h"

#include "core/project/detect.h"
#include "core/project/lintsettings.h"
#include "core/project/projectfile.h"
#include "models/project/historymodel.h"
#include "models/project/migrationlistmodel.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QIdentityProxyModel>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QStringDecoder>
#include <QTabWidget>
#include <QTextBrowser>
#include <QToolBar>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace widgets {

namespace {

// Larger files are refused instead of freezing the window; the analyzer streams big files separately.
constexpr qint64 maxViewableFile = 64LL * 1024 * 1024;

constexpr auto welcomeSql = R"sql(-- Welcome to Migration Workbench.
-- Open a migrations folder to see, for every environment, what is applied and what is pending,
-- and for every statement, which lock it takes and what that lock blocks.

-- Takes SHARE on orders: blocks INSERT, UPDATE and DELETE until the index is built.
CREATE INDEX orders_customer_id_idx ON orders (customer_id);

-- Builds without blocking writes (cannot run inside a transaction).
CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);

-- Expand: add the new column, nullable, without a rewrite.
ALTER TABLE customers ADD COLUMN email_normalized text;

-- Validate a constraint without blocking writes.
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk
    FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;
)sql";

constexpr int maxRecentProjects = 8;

// Paints the models' "#rrggbb" colour roles (models have no QColor) as the text colour.
class ColourProxy final : public QIdentityProxyModel
{
public:
    ColourProxy(int colourRole, QObject *parent)
        : QIdentityProxyModel(parent)
        , m_role(colourRole)
    {
    }
    QVariant data(const QModelIndex &index, int role) const override
    {
        if (role == Qt::ForegroundRole) {
            const QString colour = QIdentityProxyModel::data(index, m_role).toString();
            return colour.isEmpty() ? QVariant() : QVariant(QBrush(QColor(colour)));
        }
        return QIdentityProxyModel::data(index, role);
    }

private:
    int m_role;
};

QDockWidget *makeDock(QMainWindow *window, const QString &title, const QString &name, QWidget *content,
                      Qt::DockWidgetArea area)
{
    auto *dock = new QDockWidget(title, window);
    dock->setObjectName(name);
    dock->setWidget(content);
    window->addDockWidget(area, dock);
    return dock;
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_tabs(new QTabWidget(this))
    , m_statusLabel(new QLabel(this))
{
    setObjectName(u"mainWindow"_s);
    setWindowTitle(tr("Migration Workbench"));
    m_tabs->setObjectName(u"documentTabs"_s);
    m_tabs->setDocumentMode(true);
    m_tabs->setTabsClosable(true);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, [this](int index) {
        QWidget *page = m_tabs->widget(index);
        m_tabs->removeTab(index);
        delete page;
    });

    auto *welcome = new QWidget(this);
    welcome->setObjectName(u"welcomePage"_s);
    auto *layout = new QVBoxLayout(welcome);
    auto *heading = new QLabel(welcome);
    heading->setObjectName(u"welcomeHeading"_s);
    heading->setText(tr("<h2>Migration Workbench</h2><p>Author, review, plan and apply database migrations "
                        "without surprises in production.</p>"));
    heading->setWordWrap(true);
    auto *sample = new SqlView(welcome);
    sample->setObjectName(u"welcomeSql"_s);
    sample->setPlainText(QString::fromUtf8(welcomeSql));
    layout->addWidget(heading);
    layout->addWidget(sample, 1);
    m_tabs->addTab(welcome, tr("Welcome"));
    setCentralWidget(m_tabs);

    m_statusLabel->setObjectName(u"statusLabel"_s);
    m_statusLabel->setText(tr("No project open"));
    statusBar()->addWidget(m_statusLabel, 1);

    // The target environment, always named at the top of the window.
    m_environmentBand = new EnvironmentBand(this);
    m_environmentBand->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    QToolBar *environmentBar = addToolBar(tr("Environment"));
    environmentBar->setObjectName(u"environmentToolBar"_s);
    environmentBar->setMovable(false);
    environmentBar->setFloatable(false);
    environmentBar->toggleViewAction()->setEnabled(false); // cannot be hidden
    environmentBar->addWidget(m_environmentBand);

    m_engine = new core::engine::EngineHost(this);
    m_reader = new project::DbReader(this);
    m_projectReader = new project::DbReader(this, u"mwb-project"_s);
    m_apply = new project::ApplyController(m_engine, m_reader, this, this);
    connect(m_apply, &project::ApplyController::progress, this, &MainWindow::onApplyProgress);
    connect(m_apply, &project::ApplyController::notice, this, [this](const QString &message) {
        m_progressLog->appendPlainText(message.startsWith(u"NOTICE"_s) || message.startsWith(u"INFO"_s)
                                           ? message.trimmed()
                                           : tr("NOTICE: %1").arg(message.trimmed()));
    });
    connect(m_apply, &project::ApplyController::stageChanged, this,
            [this](project::ApplyController::Stage, const QString &text) {
                m_stageLabel->setText(text);
                m_statusLabel->setText(text);
                m_progressLog->appendPlainText(u"[%1 s] %2"_s.arg(double(m_apply->elapsedMs()) / 1000.0, 0, 'f', 1).arg(text));
                const bool running = m_apply->isRunning();
                m_cancelButton->setVisible(running);
                m_progressBar->setVisible(running);
                m_dockCancel->setEnabled(running);
                m_applyAction->setEnabled(!running && m_project.has_value());
                if (running && m_apply->stage() != project::ApplyController::Stage::Applying) {
                    m_progressBar->setRange(0, 0); // busy
                    m_dockProgress->setRange(0, 0);
                }
            });
    connect(m_apply, &project::ApplyController::finished, this, &MainWindow::onApplyFinished);
    connect(m_reader, &project::DbReader::busyChanged, this, [this](bool busy) {
        if (!busy)
            updateStatusBar();
    });

    createDocks();
    createActions();
    createDriftActions();
    setAcceptDrops(true);
    resize(1280, 800);
    QSettings &store = settings();
    restoreGeometry(store.value(u"mainWindow/geometry"_s).toByteArray());
    restoreState(store.value(u"mainWindow/state"_s).toByteArray());
}

MainWindow::~MainWindow()
{
    // The controller's dialogs and the reader's callbacks refer to the window: stop them first.
    delete m_apply;
    m_apply = nullptr;
    delete m_reader;
    m_reader = nullptr;
    delete m_projectReader;
    m_projectReader = nullptr;
}

void MainWindow::createDocks()
{
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks | QMainWindow::AllowNestedDocks);

    // Project browser: filter + migrations with their state on every environment.
    m_migrations = new models::project::MigrationListModel(this);
    auto *colours = new ColourProxy(models::project::MigrationListModel::ColourRole, this);
    colours->setSourceModel(m_migrations);
    m_migrationFilter = new QSortFilterProxyModel(this);
    m_migrationFilter->setSourceModel(colours);
    m_migrationFilter->setFilterRole(models::project::MigrationListModel::SearchTextRole);
    m_migrationFilter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_migrationFilter->setFilterKeyColumn(0);
    auto *browserPage = new QWidget(this);
    auto *browserLayout = new QVBoxLayout(browserPage);
    browserLayout->setContentsMargins(2, 2, 2, 2);
    m_filter = new QLineEdit(browserPage);
    m_filter->setObjectName(u"browserFilter"_s);
    m_filter->setPlaceholderText(tr("Filter migrations (version, name, file)…"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_migrationFilter, &QSortFilterProxyModel::setFilterFixedString);
    m_browser = new QTreeView(browserPage);
    m_browser->setObjectName(u"projectBrowser"_s);
    m_browser->setModel(m_migrationFilter);
    m_browser->setRootIsDecorated(false);
    m_browser->setUniformRowHeights(true);
    m_browser->setAlternatingRowColors(true);
    m_browser->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_browser->setAccessibleName(tr("Migrations"));
    m_browser->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_browser->header()->setResizeContentsPrecision(100); // size columns from the first rows only: O(1) per update
    connect(m_browser, &QTreeView::activated, this, [this](const QModelIndex &index) {
        openMigration(index.data(models::project::MigrationListModel::VersionRole).toString());
    });
    browserLayout->addWidget(m_filter);
    browserLayout->addWidget(m_browser, 1);
    makeDock(this, tr("Project"), u"projectDock"_s, browserPage, Qt::LeftDockWidgetArea);

    // Environments: the pipeline, each with its connection, protection, status and server.
    m_environmentsView = new QTreeWidget(this);
    m_environmentsView->setObjectName(u"environmentsView"_s);
    m_environmentsView->setHeaderLabels({tr("Environment"), tr("Connection"), tr("Status"), tr("Server")});
    m_environmentsView->setRootIsDecorated(false);
    m_environmentsView->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    connect(m_environmentsView, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *current) {
        if (!current)
            return;
        const auto environment = m_pipeline.find(current->data(0, Qt::UserRole).toString());
        if (environment && !m_apply->isRunning()) {
            setTargetEnvironment(*environment);
            showHistoryOf(environment->name);
            updateApplyAction();
            updateStatusBar();
        }
    });
    makeDock(this, tr("Environments"), u"environmentsDock"_s, m_environmentsView, Qt::LeftDockWidgetArea);

    // Findings of the current editor tab.
    m_findings = new editor::FindingsPanel(this);
    m_findings->setObjectName(u"findingsPanel"_s);
    makeDock(this, tr("Findings"), u"findingsDock"_s, m_findings, Qt::BottomDockWidgetArea);

    // Apply progress: stage, migration and statement, elapsed, NOTICEs, Cancel.
    auto *progressPage = new QWidget(this);
    auto *progressLayout = new QVBoxLayout(progressPage);
    progressLayout->setContentsMargins(4, 4, 4, 4);
    m_stageLabel = new QLabel(tr("No apply running."), progressPage);
    m_stageLabel->setObjectName(u"applyStage"_s);
    m_stageLabel->setWordWrap(true);
    m_stepLabel = new QLabel(progressPage);
    m_stepLabel->setObjectName(u"applyStep"_s);
    m_dockProgress = new QProgressBar(progressPage);
    m_dockProgress->setObjectName(u"applyDockProgress"_s);
    m_dockProgress->setRange(0, 1);
    m_dockProgress->setValue(0);
    m_dockCancel = new QPushButton(tr("Cancel"), progressPage);
    m_dockCancel->setObjectName(u"applyDockCancel"_s);
    m_dockCancel->setEnabled(false);
    connect(m_dockCancel, &QPushButton::clicked, m_apply, &project::ApplyController::cancel);
    auto *row = new QHBoxLayout;
    row->addWidget(m_dockProgress, 1);
    row->addWidget(m_dockCancel);
    m_progressLog = new QPlainTextEdit(progressPage);
    m_progressLog->setObjectName(u"applyLog"_s);
    m_progressLog->setReadOnly(true);
    m_progressLog->setMaximumBlockCount(10000);
    progressLayout->addWidget(m_stageLabel);
    progressLayout->addLayout(row);
    progressLayout->addWidget(m_stepLabel);
    progressLayout->addWidget(m_progressLog, 1);
    makeDock(this, tr("Apply Progress"), u"progressDock"_s, progressPage, Qt::BottomDockWidgetArea);

    // History of the selected environment, from the tool's own table.
    auto *historyPage = new QWidget(this);
    auto *historyLayout = new QVBoxLayout(historyPage);
    historyLayout->setContentsMargins(2, 2, 2, 2);
    m_historyLabel = new QLabel(tr("Select an environment."), historyPage);
    m_historyLabel->setObjectName(u"historyLabel"_s);
    m_history = new models::project::HistoryModel(this);
    auto *historyColours = new ColourProxy(models::project::HistoryModel::ColourRole, this);
    historyColours->setSourceModel(m_history);
    m_historyView = new QTreeView(historyPage);
    m_historyView->setObjectName(u"historyView"_s);
    m_historyView->setModel(historyColours);
    m_historyView->setRootIsDecorated(false);
    m_historyView->setUniformRowHeights(true);
    m_historyView->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_historyView->header()->setResizeContentsPrecision(100);
    historyLayout->addWidget(m_historyLabel);
    historyLayout->addWidget(m_historyView, 1);
    makeDock(this, tr("History"), u"historyDock"_s, historyPage, Qt::BottomDockWidgetArea);

    // The log, fed by the logging sink.
    m_log = new project::LogView(this);
    makeDock(this, tr("Log"), u"logDock"_s, m_log, Qt::BottomDockWidgetArea);

    // Rollout plans of the project: the timeline of the chosen one, its status per environment, step actions.
    m_rollout = new RolloutPanel(m_reader, this);
    m_rollout->setObjectName(u"rolloutPanel"_s);
    m_rollout->setConnectionResolver(
        [this](const QString &name, std::function<void(core::Result<core::ConnectionParams>)> done) {
            const auto environment = m_pipeline.find(name);
            if (!environment) {
                done(core::fail(core::Error::Code::InvalidArgument, tr("no environment named %1").arg(name)));
                return;
            }
            resolveConnection(*environment, std::move(done));
        });
    connect(m_rollout, &RolloutPanel::openMigrationRequested, this, [this](const QString &version) { openMigration(version); });
    connect(m_rollout, &RolloutPanel::applyRequested, this, [this](const QString &environment, const QString &upToVersion) {
        if (auto started = applyTo(environment, upToVersion); !started)
            QMessageBox::warning(this, tr("Cannot Apply"), started.error().detail);
    });
    makeDock(this, tr("Timeline"), u"timelineDock"_s, m_rollout, Qt::BottomDockWidgetArea);

    resetLayout(); // the shipped default (resources/layouts/default-layout.json)

    // Status bar: target environment (in its colour), server version, connection state, progress + Cancel.
    m_targetLabel = new QLabel(this);
    m_targetLabel->setObjectName(u"statusTarget"_s);
    m_serverLabel = new QLabel(this);
    m_serverLabel->setObjectName(u"statusServer"_s);
    m_connectionLabel = new QLabel(this);
    m_connectionLabel->setObjectName(u"statusConnection"_s);
    m_progressBar = new QProgressBar(this);
    m_progressBar->setObjectName(u"statusProgress"_s);
    m_progressBar->setMaximumWidth(220);
    m_progressBar->setVisible(false);
    m_cancelButton = new QPushButton(tr("Cancel"), this);
    m_cancelButton->setObjectName(u"statusCancel"_s);
    m_cancelButton->setVisible(false);
    connect(m_cancelButton, &QPushButton::clicked, m_apply, &project::ApplyController::cancel);
    // Opening a project folder: busy while it is read on its thread, with Cancel.
    m_openBusy = new QProgressBar(this);
    m_openBusy->setObjectName(u"statusOpening"_s);
    m_openBusy->setMaximumWidth(120);
    m_openBusy->setRange(0, 0);
    m_openBusy->setVisible(false);
    m_openBusy->setAccessibleName(tr("Opening the project"));
    m_openCancel = new QPushButton(tr("Cancel"), this);
    m_openCancel->setObjectName(u"statusOpenCancel"_s);
    m_openCancel->setToolTip(tr("Stop opening this folder"));
    m_openCancel->setVisible(false);
    connect(m_openCancel, &QPushButton::clicked, this, &MainWindow::cancelOpenProject);
    statusBar()->addPermanentWidget(m_openBusy);
    statusBar()->addPermanentWidget(m_openCancel);
    statusBar()->addPermanentWidget(m_progressBar);
    statusBar()->addPermanentWidget(m_cancelButton);
    statusBar()->addPermanentWidget(m_targetLabel);
    statusBar()->addPermanentWidget(m_serverLabel);
    statusBar()->addPermanentWidget(m_connectionLabel);

    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::onCurrentTabChanged);
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(u"fileMenu"_s);
    QAction *openProject = file->addAction(tr("Open &Project…"), this, &MainWindow::chooseAndOpenProject);
    openProject->setObjectName(u"actionOpenProject"_s);
    openProject->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(u"recentMenu"_s);
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
    QAction *open = file->addAction(tr("Open SQL &File…"), this, &MainWindow::chooseAndOpenSqlFile);
    open->setObjectName(u"actionOpenSqlFile"_s);
    open->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
    file->addSeparator();
    QAction *connections = file->addAction(tr("&Connections…"), this, &MainWindow::showConnections);
    connections->setObjectName(u"actionConnections"_s);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setObjectName(u"actionQuit"_s);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(u"viewMenu"_s);
    QAction *fullScreen = view->addAction(tr("&Full Screen"));
    fullScreen->setObjectName(u"actionFullScreen"_s);
    fullScreen->setCheckable(true);
    fullScreen->setShortcut(QKeySequence::FullScreen);
    connect(fullScreen, &QAction::toggled, this, [this](bool on) {
        setWindowState(on ? (windowState() | Qt::WindowFullScreen) : (windowState() & ~Qt::WindowFullScreen));
    });

    QAction *reset = view->addAction(tr("&Reset Layout"), this, &MainWindow::resetLayout);
    reset->setObjectName(u"actionResetLayout"_s);

    view->addSeparator();
    for (QDockWidget *dock : findChildren<QDockWidget *>(Qt::FindDirectChildrenOnly))
        view->addAction(dock->toggleViewAction());

    QMenu *migrate = menuBar()->addMenu(tr("&Migrate"));
    migrate->setObjectName(u"migrateMenu"_s);
    m_applyAction = migrate->addAction(tr("Apply…"), this, [this] {
        const QString next = nextEnvironment();
        if (next.isEmpty())
            return;
        if (auto started = applyTo(next); !started)
            QMessageBox::warning(this, tr("Cannot Apply"), started.error().detail);
    });
    m_applyAction->setObjectName(u"actionApply"_s);
    m_applyAction->setEnabled(false);
    QAction *refresh = migrate->addAction(tr("&Refresh Status"), this, &MainWindow::refreshEnvironments);
    refresh->setObjectName(u"actionRefresh"_s);
    refresh->setShortcut(QKeySequence::Refresh);
    QToolBar *applyBar = addToolBar(tr("Apply"));
    applyBar->setObjectName(u"applyToolBar"_s);
    applyBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    applyBar->addAction(m_applyAction);
    applyBar->addAction(refresh);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(u"helpMenu"_s);
    QAction *guide = help->addAction(tr("&User Guide"), this, [this] { showDocumentation(userGuideUrl()); });
    guide->setObjectName(u"actionUserGuide"_s);
    guide->setShortcut(QKeySequence::HelpContents);
    QAction *rules = help->addAction(tr("Analyzer &Rules"), this, [this] {
        showDocumentation(QUrl::fromLocalFile(documentationDirectory() + u"/rules/README.md"_s));
    });
    rules->setObjectName(u"actionRuleReference"_s);
    help->addSeparator();
    QAction *about = help->addAction(tr("&About Migration Workbench"), this, &MainWindow::showAbout);
    about->setObjectName(u"actionAbout"_s);
    about->setMenuRole(QAction::AboutRole);
    QAction *aboutQt = help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setObjectName(u"actionAboutQt"_s);
    aboutQt->setMenuRole(QAction::AboutQtRole);
}

QTextBrowser *MainWindow::showDocumentation(const QUrl &url)
{
    // One documentation tab: the user guide and the rule pages, read offline from the installed docs.
    QTextBrowser *browser = nullptr;
    for (int i = 0; i < m_tabs->count(); ++i)
        if (auto *b = qobject_cast<QTextBrowser *>(m_tabs->widget(i)); b && b->objectName() == u"helpBrowser"_s)
            browser = b;
    if (!browser) {
        browser = new QTextBrowser(m_tabs);
        browser->setObjectName(u"helpBrowser"_s);
        browser->setOpenExternalLinks(true); // web links go to the browser; the docs' own .md links stay here
        m_tabs->addTab(browser, tr("Help"));
        connect(browser, &QTextBrowser::sourceChanged, this, [this, browser](const QUrl &source) {
            m_tabs->setTabText(m_tabs->indexOf(browser),
                               tr("Help — %1").arg(browser->documentTitle().isEmpty() ? source.fileName() : browser->documentTitle()));
        });
    }
    if (!QFileInfo::exists(url.toLocalFile()))
        browser->setMarkdown(tr("# Documentation not found\n\n%1 is not there. Set MWB_DOCS_DIR to the docs folder.")
                                 .arg(url.toLocalFile()));
    else
        browser->setSource(url, QTextDocument::MarkdownResource);
    m_tabs->setCurrentWidget(browser);
    return browser;
}

AboutDialog *MainWindow::showAbout()
{
    if (!m_about) {
        m_about = new AboutDialog(this);
        m_about->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_about->show();
    m_about->raise();
    m_about->activateWindow();
    return m_about;
}

ConnectionManagerDialog *MainWindow::showConnections()
{
    if (!m_connections) {
        if (!m_settings)
            m_settings = new QSettings(this);
        if (!m_secrets)
            m_secrets = new core::connection::KeychainSecretStore(u"Migration Workbench"_s, this);
        m_connections = new ConnectionManagerDialog(*m_settings, m_secrets, this);
        m_connections->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_connections->show();
    m_connections->raise();
    m_connections->activateWindow();
    return m_connections;
}

void MainWindow::setTargetEnvironment(const std::optional<core::connection::Environment> &environment)
{
    m_environmentBand->setEnvironment(environment);
    if (environment && environment->isProtected) {
        // a frame of the environment's colour around the whole window (the ID selector keeps it off children)
        setStyleSheet(u"QMainWindow#mainWindow { background: %1; }"_s.arg(environment->colour));
        setContentsMargins(6, 6, 6, 6);
        setWindowTitle(tr("Migration Workbench — %1 (protected)").arg(environment->name));
    } else {
        setStyleSheet(QString());
        setContentsMargins(0, 0, 0, 0);
        setWindowTitle(environment ? tr("Migration Workbench — %1").arg(environment->name)
                                   : tr("Migration Workbench"));
    }
}

const std::optional<core::connection::Environment> &MainWindow::targetEnvironment() const
{
    return m_environmentBand->environment();
}

void MainWindow::chooseAndOpenSqlFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open SQL File"), QString(),
                                                      tr("SQL files (*.sql);;All files (*)"));
    if (path.isEmpty())
        return;
    if (auto opened = openSqlFile(path); !opened) {
        QMessageBox::warning(this, tr("Cannot Open File"),
                             tr("%1 could not be opened: %2").arg(QFileInfo(path).fileName(), opened.error().detail));
    }
}

core::Result<void> MainWindow::openSqlFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return core::fail(core::Error::Code::Io, file.errorString());
    if (file.size() > maxViewableFile)
        return core::fail(core::Error::Code::Io, u"the file is larger than 64 MiB"_s);
    const QByteArray bytes = file.readAll();
    if (bytes.contains('\0'))
        return core::fail(core::Error::Code::InvalidArgument, u"the file contains NUL bytes (not a text file)"_s);
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder.decode(bytes);
    auto *view = new SqlView(m_tabs);
    view->setPlainText(text);
    view->setProperty("filePath", QFileInfo(path).absoluteFilePath());
    const int index = m_tabs->addTab(view, QFileInfo(path).fileName());
    m_tabs->setTabToolTip(index, QFileInfo(path).absoluteFilePath());
    m_tabs->setCurrentIndex(index);
    if (decoder.hasError()) {
        m_statusLabel->setText(tr("%1 is not valid UTF-8: invalid bytes are shown as �").arg(QFileInfo(path).fileName()));
        qCWarning(lcUi) << "invalid UTF-8 in" << path;
    } else {
        m_statusLabel->setText(QFileInfo(path).absoluteFilePath());
    }
    return {};
}


// --- settings and secrets ------------------------------------------------------------------------------

QSettings &MainWindow::settings()
{
    if (!m_settings)
        m_settings = new QSettings(this);
    return *m_settings;
}

core::connection::SecretStore *MainWindow::secrets()
{
    if (!m_secrets)
        m_secrets = new core::connection::KeychainSecretStore(u"Migration Workbench"_s, this);
    return m_secrets;
}

core::Result<void> MainWindow::resetLayout()
{
    QFile file(u":/layouts/default-layout.json"_s);
    if (!file.open(QIODevice::ReadOnly))
        return core::fail(core::Error::Code::Io, u"the default layout resource is missing"_s);
    QJsonParseError parseError;
    const QJsonObject layout = QJsonDocument::fromJson(file.readAll(), &parseError).object();
    if (parseError.error != QJsonParseError::NoError)
        return core::fail(core::Error::Code::InvalidArgument, u"default layout: "_s + parseError.errorString());
    static const QHash<QString, Qt::DockWidgetArea> areas{{u"left"_s, Qt::LeftDockWidgetArea},
                                                          {u"right"_s, Qt::RightDockWidgetArea},
                                                          {u"top"_s, Qt::TopDockWidgetArea},
                                                          {u"bottom"_s, Qt::BottomDockWidgetArea}};
    auto dockNamed = [this](const QString &name) { return findChild<QDockWidget *>(name, Qt::FindDirectChildrenOnly); };
    QList<QDockWidget *> raised;
    QList<QDockWidget *> widths, heights;
    QList<int> widthSizes, heightSizes;
    for (const QJsonValue &v : layout.value(u"docks"_s).toArray()) {
        const QJsonObject d = v.toObject();
        QDockWidget *dock = dockNamed(d.value(u"name"_s).toString());
        if (!dock)
            return core::fail(core::Error::Code::InvalidArgument,
                              u"default layout: no dock named %1"_s.arg(d.value(u"name"_s).toString()));
        dock->setFloating(false);
        dock->show();
        if (d.contains(u"tab"_s)) {
            QDockWidget *with = dockNamed(d.value(u"tab"_s).toString());
            if (!with)
                return core::fail(core::Error::Code::InvalidArgument, u"default layout: unknown dock to tab with"_s);
            tabifyDockWidget(with, dock);
        } else if (d.contains(u"below"_s)) {
            QDockWidget *above = dockNamed(d.value(u"below"_s).toString());
            if (!above)
                return core::fail(core::Error::Code::InvalidArgument, u"default layout: unknown dock to split"_s);
            splitDockWidget(above, dock, Qt::Vertical);
        } else {
            const auto area = areas.constFind(d.value(u"area"_s).toString());
            if (area == areas.cend())
                return core::fail(core::Error::Code::InvalidArgument,
                                  u"default layout: unknown area for %1"_s.arg(dock->objectName()));
            addDockWidget(*area, dock);
        }
        if (d.contains(u"size"_s)) {
            const Qt::DockWidgetArea area = dockWidgetArea(dock);
            const bool horizontal = area == Qt::LeftDockWidgetArea || area == Qt::RightDockWidgetArea;
            if (horizontal && !d.contains(u"below"_s)) {
                widths << dock;
                widthSizes << d.value(u"size"_s).toInt();
            } else {
                heights << dock;
                heightSizes << d.value(u"size"_s).toInt();
            }
        }
        if (d.value(u"raised"_s).toBool())
            raised << dock;
    }
    for (QDockWidget *dock : std::as_const(raised))
        dock->raise();
    resizeDocks(widths, widthSizes, Qt::Horizontal);
    resizeDocks(heights, heightSizes, Qt::Vertical);
    return {};
}

void MainWindow::saveLayout()
{
    QSettings &store = settings();
    store.setValue(u"mainWindow/geometry"_s, saveGeometry());
    store.setValue(u"mainWindow/state"_s, saveState());
    store.sync();
}

// --- projects ------------------------------------------------------------------------------------------

void MainWindow::chooseAndOpenProject()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Project Folder"));
    if (dir.isEmpty())
        return;
    if (auto opened = openProject(dir); !opened)
        QMessageBox::warning(this, tr("Cannot Open Project"), opened.error().detail);
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = settings().value(u"recentProjects"_s).toStringList();
    for (const QString &dir : recent) {
        QAction *action = m_recentMenu->addAction(QDir::toNativeSeparators(dir), this, [this, dir] {
            if (auto opened = openProject(dir); !opened)
                QMessageBox::warning(this, tr("Cannot Open Project"), opened.error().detail);
        });
        action->setEnabled(QFileInfo(dir).isDir());
    }
    if (recent.isEmpty())
        m_recentMenu->addAction(tr("No recent projects"))->setEnabled(false);
}

struct MainWindow::ProjectRead
{
    quint64 generation = 0;
    QString root;
    core::Result<core::project::Project> project = core::fail(core::Error::Code::Unknown, QString());
    QString projectFileDir; ///< where workbench.toml is (or would be)
    core::Result<core::connection::EnvironmentPipeline> pipeline = core::connection::EnvironmentPipeline{};
    core::sql::LintConfig lint; ///< [lint]
    core::project::LintTarget lintTarget; ///< [lint] dialect, target-version
    QString lintError; ///< a [lint] the analyzer cannot use: reported, the defaults apply
};

core::Result<void> MainWindow::openProject(const QString &dir)
{
    if (m_apply->isRunning())
        return core::fail(core::Error::Code::InvalidArgument, tr("an apply is running; wait for it or cancel it first"));
    const QFileInfo info(dir);
    if (!info.isDir())
        return core::fail(core::Error::Code::Io, tr("%1 is not a folder").arg(dir));
    const QString root = info.absoluteFilePath();
    const quint64 generation = ++m_openGeneration;
    setOpening(root);
    // The folder (every migration file, workbench.toml) is read off the GUI thread: it may be large or slow.
    m_projectReader->run(
        [generation, root] {
            ProjectRead read;
            read.generation = generation;
            read.root = root;
            read.project = core::project::openProject(root);
            if (!read.project)
                return read;
            // workbench.toml beside the migrations folder (or above it): environments and rollout plans
            read.projectFileDir = core::project::ProjectFile::locateDirectory(root, read.project->dir);
            const QString toml = QDir(read.projectFileDir).filePath(core::project::ProjectFile::fileName());
            if (QFileInfo::exists(toml)) {
                read.pipeline = core::connection::readEnvironments(toml);
                if (!read.pipeline)
                    read.pipeline = core::fail(core::Error::Code::InvalidArgument, u"%1: %2"_s.arg(toml, read.pipeline.error().detail));
                // the same [lint] settings `mwb lint` uses for this folder
                if (auto file = core::project::ProjectFile::load(read.projectFileDir); !file) {
                    read.lintError = file.error().detail;
                } else {
                    auto config = core::project::lintConfig(*file);
                    auto target = core::project::lintTarget(*file);
                    if (!config)
                        read.lintError = config.error().detail;
                    else if (!target)
                        read.lintError = target.error().detail;
                    else {
                        read.lint = *config;
                        read.lintTarget = *target;
                    }
                }
            }
            return read;
        },
        [this](ProjectRead read) { onProjectRead(std::move(read)); });
    return {};
}

void MainWindow::cancelOpenProject()
{
    if (m_openingDir.isEmpty())
        return;
    ++m_openGeneration; // the read runs to its end on its thread; its result is dropped
    qCInfo(lcUi).noquote() << "cancelled opening" << m_openingDir;
    setOpening(QString());
    m_statusLabel->setText(m_project ? tr("Opening cancelled; %1 stays open.").arg(QFileInfo(m_projectRoot).fileName())
                                     : tr("Opening cancelled."));
}

void MainWindow::setOpening(const QString &dir)
{
    m_openingDir = dir;
    const bool opening = !dir.isEmpty();
    m_openBusy->setVisible(opening);
    m_openCancel->setVisible(opening);
    if (opening)
        m_statusLabel->setText(tr("Opening %1…").arg(QDir::toNativeSeparators(dir)));
}

void MainWindow::onProjectRead(ProjectRead read)
{
    if (read.generation != m_openGeneration)
        return; // cancelled, or another folder was opened meanwhile
    setOpening(QString());
    const QString &root = read.root;
    std::optional<core::Error> error;
    if (!read.project)
        error = read.project.error();
    else if (!read.pipeline)
        error = read.pipeline.error();
    else if (m_apply->isRunning()) // started while the folder was read
        error = core::Error::make(core::Error::Code::InvalidArgument, tr("an apply is running; wait for it or cancel it first"));
    if (error) {
        qCWarning(lcUi).noquote() << "cannot open project" << root << ":" << error->detail;
        m_statusLabel->setText(m_project ? QFileInfo(m_projectRoot).fileName() : tr("No project open"));
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Cannot Open Project"),
                                    tr("%1: %2").arg(QDir::toNativeSeparators(root), error->detail), QMessageBox::Ok, this);
        box->setObjectName(u"openProjectError"_s);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open(); // window-modal, no nested event loop
        Q_EMIT projectOpenFailed(root, error->detail);
        return;
    }
    core::connection::EnvironmentPipeline pipeline = std::move(*read.pipeline);
    core::connection::EnvironmentBindings(settings(), root).applyTo(pipeline);
    const QString projectFileDir = read.projectFileDir;

    ++m_projectGeneration;
    m_project = std::move(*read.project);
    m_projectRoot = root;
    m_pipeline = pipeline;
    m_profiles = core::connection::loadProfiles(settings());
    m_params.clear();
    m_serverVersions.clear();
    m_environmentErrors.clear();
    m_historyTables.clear();
    m_histories.clear();
    m_history->clear();
    m_historyEnvironment.clear();
    m_lintConfig = read.lint;
    m_lintDialect = read.lintTarget.dialect;
    m_lintTarget = read.lintTarget.target;
    if (!read.lintError.isEmpty())
        qCWarning(lcUi).noquote() << "workbench.toml [lint] ignored:" << read.lintError;
    QStringList names;
    for (const auto &e : m_pipeline.environments())
        names.append(e.name);
    m_migrations->setProject(*m_project, names);
    setTargetEnvironment(std::nullopt);

    QStringList recent = settings().value(u"recentProjects"_s).toStringList();
    recent.removeAll(root);
    recent.prepend(root);
    while (recent.size() > maxRecentProjects)
        recent.removeLast();
    settings().setValue(u"recentProjects"_s, recent);

    setWindowFilePath(root);
    m_statusLabel->setText(tr("%1: %n migration(s), %2", nullptr, int(m_project->migrations.size()))
                               .arg(QFileInfo(root).fileName(), core::project::formatId(m_project->format)));
    qCInfo(lcUi).noquote() << "opened project" << root << "(" << core::project::formatId(m_project->format) << ","
                           << m_project->migrations.size() << "migrations)";
    for (const auto &issue : std::as_const(m_project->issues))
        qCWarning(lcUi).noquote() << issue.path << issue.message;

    // The analyzer's worst severity per migration, off the GUI thread.
    const quint64 generation = m_projectGeneration;
    m_reader->run([project = *m_project, target = analysisTarget(), config = m_lintConfig] {
                      return project::worstSeverities(project, target, config);
                  },
                  [this, generation](QHash<QString, core::sql::Severity> worst) {
                      if (generation == m_projectGeneration)
                          m_migrations->setSeverities(worst);
                  });
    m_rollout->setProject(projectFileDir, *m_project, names);
    updateEnvironmentsView();
    if (!m_pipeline.environments().isEmpty()) {
        m_environmentsView->setCurrentItem(m_environmentsView->topLevelItem(0));
    }
    refreshEnvironments();
    updateApplyAction();
    updateStatusBar();
    Q_EMIT projectOpened(root);
}

void MainWindow::analyseOnEarlierSchema(QWidget *page, const QString &version)
{
    // The editors analyse on the schema the earlier migrations leave (as `mwb lint DIR` and the Findings column
    // do); it is computed on a worker thread and arrives after the first analysis.
    QList<QPointer<editor::MigrationEditor>> editors;
    if (auto *pair = qobject_cast<editor::MigrationPairView *>(page))
        editors = {pair->upEditor(), pair->downEditor()};
    else if (auto *single = qobject_cast<editor::MigrationEditor *>(page))
        editors = {single};
    if (editors.isEmpty())
        return;
    const quint64 generation = m_projectGeneration;
    m_reader->run(
        [project = *m_project, version, target = analysisTarget()] {
            // before the migration, and after its up part (where its down migration starts)
            std::pair<core::sql::Catalog, core::sql::Catalog> schemas{project::schemaBefore(project, version, target), {}};
            const auto it = std::find_if(project.migrations.cbegin(), project.migrations.cend(),
                                         [&](const core::project::Migration &m) { return m.version == version; });
            if (it != project.migrations.cend()) {
                core::sql::AnalysisContext context;
                context.target = target;
                context.catalog = schemas.first;
                context.keepStatements = false;
                schemas.second = core::sql::analyze(it->upSql.toUtf8(), context).catalog;
            }
            return schemas;
        },
        [this, generation, editors](std::pair<core::sql::Catalog, core::sql::Catalog> schemas) {
            if (generation != m_projectGeneration)
                return;
            for (qsizetype i = 0; i < editors.size(); ++i) {
                editor::MigrationEditor *e = editors.at(i).data();
                if (e == nullptr) // its tab was closed meanwhile
                    continue;
                core::sql::AnalysisContext context = e->analysisContext();
                context.catalog = i == 0 ? schemas.first : schemas.second;
                e->setAnalysisContext(context);
            }
        });
}

core::sql::TargetServer MainWindow::analysisTarget() const
{
    using core::sql::SqlDialect;
    std::optional<SqlDialect> dialect = m_lintDialect;
    if (!dialect) {
        bool bound = false;
        bool mysql = true;
        bool mariadb = false;
        for (const auto &environment : m_pipeline.environments()) {
            const auto profile = profileFor(environment);
            if (!profile)
                continue;
            bound = true;
            mysql = mysql && profile->dialect == core::Dialect::MySQL;
            mariadb = mariadb || m_serverVersions.value(environment.name).contains(u"MariaDB"_s, Qt::CaseInsensitive);
        }
        dialect = bound && mysql ? (mariadb ? SqlDialect::MariaDB : SqlDialect::MySQL) : SqlDialect::PostgreSQL;
    }
    if (m_lintTarget && m_lintTarget->dialect == *dialect)
        return *m_lintTarget;
    return core::sql::TargetServer::defaultFor(*dialect);
}

std::optional<core::connection::ConnectionProfile>
MainWindow::profileFor(const core::connection::Environment &environment) const
{
    for (const auto &p : m_profiles) {
        if (!environment.profileId.isEmpty() && p.id == environment.profileId)
            return p;
    }
    return std::nullopt;
}

void MainWindow::resolveConnection(const core::connection::Environment &environment,
                                   std::function<void(core::Result<core::ConnectionParams>)> done)
{
    if (const auto it = m_params.constFind(environment.name); it != m_params.cend()) {
        done(*it);
        return;
    }
    const auto profile = profileFor(environment);
    if (!profile) {
        done(core::fail(core::Error::Code::InvalidArgument,
                        tr("%1 is not bound to a connection on this machine (File → Connections…)").arg(environment.name)));
        return;
    }
    const QString name = environment.name;
    const auto remember = [this, name, done](const core::ConnectionParams &params) {
        m_params.insert(name, params);
        done(params);
    };
    switch (profile->passwordStorage) {
    case core::connection::PasswordStorage::None:
        remember(profile->toParams());
        return;
    case core::connection::PasswordStorage::AskEveryTime: {
        bool ok = false;
        const QString password = QInputDialog::getText(this, tr("Password"),
                                                       tr("Password for %1 (%2):").arg(profile->name, name),
                                                       QLineEdit::Password, QString(), &ok);
        if (!ok) {
            done(core::fail(core::Error::Code::Cancelled, tr("no password given for %1").arg(name)));
            return;
        }
        remember(profile->toParams(password));
        return;
    }
    case core::connection::PasswordStorage::Keychain:
        secrets()->readSecret(profile->passwordKey(), this,
                              [profile = *profile, remember, done, name](core::Result<std::optional<QString>> secret) {
                                  if (!secret) {
                                      done(core::fail(secret.error().code,
                                                      tr("the keychain did not give the password of %1: %2")
                                                          .arg(name, secret.error().detail)));
                                      return;
                                  }
                                  remember(profile.toParams(secret->value_or(QString())));
                              });
        return;
    }
}

void MainWindow::refreshEnvironments()
{
    for (const auto &environment : m_pipeline.environments())
        refreshEnvironment(environment.name);
}

void MainWindow::refreshEnvironment(const QString &name)
{
    const auto environment = m_pipeline.find(name);
    if (!m_project || !environment)
        return;
    if (environment->profileId.isEmpty()) {
        m_environmentErrors.insert(name, tr("not bound to a connection"));
        updateEnvironmentsView();
        return;
    }
    const quint64 generation = m_projectGeneration;
    resolveConnection(*environment, [this, name, generation](core::Result<core::ConnectionParams> params) {
        if (generation != m_projectGeneration)
            return;
        if (!params) {
            m_environmentErrors.insert(name, params.error().detail);
            updateEnvironmentsView();
            Q_EMIT environmentRefreshed(name, params.error().detail);
            return;
        }
        m_reader->run([project = *m_project, name, params = *params] { return project::readEnvironment(name, project, params); },
                      [this, generation](project::EnvironmentSnapshot snapshot) {
                          if (generation == m_projectGeneration)
                              onEnvironmentRead(snapshot);
                      });
    });
}

bool MainWindow::isReading() const
{
    return m_reader->isBusy() || isOpeningProject();
}

void MainWindow::onEnvironmentRead(const project::EnvironmentSnapshot &snapshot)
{
    const QString &name = snapshot.environment;
    QString error;
    if (!snapshot.status) {
        error = snapshot.status.error().detail;
        m_environmentErrors.insert(name, error);
        m_migrations->clearStatus(name);
        qCWarning(lcUi).noquote() << "cannot read" << name << ":" << error;
    } else {
        m_environmentErrors.remove(name);
        m_serverVersions.insert(name, snapshot.serverVersion);
        m_migrations->setStatus(name, *snapshot.status);
        m_histories.insert(name, snapshot.history);
        m_historyTables.insert(name, snapshot.history.table);
    }
    if (name == m_historyEnvironment)
        showHistoryOf(name);
    m_rollout->setEnvironmentStatus(name, snapshot.status);
    updateEnvironmentsView();
    updateApplyAction();
    updateStatusBar();
    Q_EMIT environmentRefreshed(name, error);
}

void MainWindow::updateEnvironmentsView()
{
    const QString current = m_environmentsView->currentItem()
                                ? m_environmentsView->currentItem()->data(0, Qt::UserRole).toString()
                                : QString();
    const QSignalBlocker blocker(m_environmentsView);
    m_environmentsView->clear();
    using State = core::project::MigrationStatus::State;
    for (const auto &environment : m_pipeline.environments()) {
        const auto profile = profileFor(environment);
        QString status;
        if (const auto it = m_environmentErrors.constFind(environment.name); it != m_environmentErrors.cend()) {
            status = *it;
        } else if (m_histories.contains(environment.name)) {
            status = tr("%1 applied, %2 pending").arg(m_migrations->count(environment.name, State::Applied))
                         .arg(m_migrations->count(environment.name, State::Pending));
            const int bad = m_migrations->count(environment.name, State::Failed)
                            + m_migrations->count(environment.name, State::Drifted)
                            + m_migrations->count(environment.name, State::Missing);
            if (bad > 0)
                status += tr(", %n need attention", nullptr, bad);
        } else if (profile) {
            status = tr("reading…");
        }
        auto *item = new QTreeWidgetItem(
            m_environmentsView,
            {environment.isProtected ? tr("%1 (protected)").arg(environment.name) : environment.name,
             profile ? profile->name : tr("not bound"), status, m_serverVersions.value(environment.name)});
        item->setData(0, Qt::UserRole, environment.name);
        QPixmap swatch(12, 12);
        swatch.fill(QColor(environment.colour));
        item->setIcon(0, QIcon(swatch));
        if (m_environmentErrors.contains(environment.name))
            item->setForeground(2, QColor(0xc6, 0x28, 0x28));
        if (environment.name == current)
            m_environmentsView->setCurrentItem(item);
    }
}

void MainWindow::showHistoryOf(const QString &environment)
{
    m_historyEnvironment = environment;
    if (const auto it = m_histories.constFind(environment); it != m_histories.cend()) {
        m_history->setHistory(environment, *it);
        m_historyLabel->setText(it->found ? tr("%1: %n row(s) of %2", nullptr, int(it->records.size())).arg(environment, it->table)
                                          : tr("%1: no history table yet").arg(environment));
    } else {
        m_history->clear();
        m_historyLabel->setText(m_environmentErrors.contains(environment)
                                    ? tr("%1: %2").arg(environment, m_environmentErrors.value(environment))
                                    : tr("%1: not read yet").arg(environment));
    }
}

QString MainWindow::nextEnvironment() const
{
    if (!m_project || m_pipeline.environments().isEmpty())
        return {};
    using State = core::project::MigrationStatus::State;
    bool unknown = false;
    for (const auto &environment : m_pipeline.environments()) {
        if (environment.profileId.isEmpty())
            continue;
        if (!m_histories.contains(environment.name)) {
            unknown = true; // not read yet (or unreadable): it may be the next one
            continue;
        }
        if (m_migrations->count(environment.name, State::Pending) > 0)
            return environment.name;
    }
    if (!unknown)
        return {}; // every bound environment is up to date
    if (const auto &target = targetEnvironment(); target && !target->profileId.isEmpty())
        return target->name;
    for (const auto &environment : m_pipeline.environments()) {
        if (!environment.profileId.isEmpty())
            return environment.name;
    }
    return {};
}

void MainWindow::updateApplyAction()
{
    const QString next = nextEnvironment();
    const bool bound = std::any_of(m_pipeline.environments().cbegin(), m_pipeline.environments().cend(),
                                   [](const core::connection::Environment &e) { return !e.profileId.isEmpty(); });
    if (!next.isEmpty()) {
        m_applyAction->setText(tr("Apply to %1…").arg(next));
        m_applyAction->setToolTip(tr("Preflight, rehearse and apply the pending migrations to %1").arg(next));
    } else if (m_project && bound) {
        m_applyAction->setText(tr("Up to Date"));
        m_applyAction->setToolTip(tr("Every environment bound on this machine has every migration applied"));
    } else {
        m_applyAction->setText(tr("Apply…"));
        m_applyAction->setToolTip(m_project ? tr("Bind the project's environments to connections (File → Connections…)")
                                            : tr("Open a project with environments to apply"));
    }
    m_applyAction->setEnabled(!next.isEmpty() && !m_apply->isRunning());
}

void MainWindow::updateStatusBar()
{
    const auto &target = targetEnvironment();
    if (!target) {
        m_targetLabel->setText(QString());
        m_serverLabel->setText(QString());
        m_connectionLabel->setText(m_project ? tr("no target") : QString());
        return;
    }
    m_targetLabel->setText(u"<span style=\"color:%1\">■</span> %2"_s.arg(target->colour, target->name.toHtmlEscaped()));
    m_serverLabel->setText(m_serverVersions.value(target->name));
    if (m_environmentErrors.contains(target->name))
        m_connectionLabel->setText(tr("not connected"));
    else if (m_histories.contains(target->name))
        m_connectionLabel->setText(tr("connected"));
    else
        m_connectionLabel->setText(target->profileId.isEmpty() ? tr("not bound") : tr("connecting…"));
    m_connectionLabel->setToolTip(m_environmentErrors.value(target->name));
}

// --- editor tabs ---------------------------------------------------------------------------------------

QWidget *MainWindow::openMigration(const QString &version)
{
    if (!m_project)
        return nullptr;
    const auto it = std::find_if(m_project->migrations.cbegin(), m_project->migrations.cend(),
                                 [&](const core::project::Migration &m) { return m.version == version; });
    if (it == m_project->migrations.cend())
        return nullptr;
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (m_tabs->widget(i)->property("migrationVersion").toString() == version) {
            m_tabs->setCurrentIndex(i);
            return m_tabs->widget(i);
        }
    }
    using State = core::project::MigrationStatus::State;
    bool applied = false;
    for (const auto &environment : m_pipeline.environments())
        applied = applied || m_migrations->state(version, environment.name) == std::optional(State::Applied);
    QWidget *page = nullptr;
    if (!it->downPath.isEmpty() && it->downPath != it->upPath) {
        // separate up and down files: side by side
        auto *pair = new editor::MigrationPairView(m_tabs);
        for (editor::MigrationEditor *e : {pair->upEditor(), pair->downEditor()}) {
            core::sql::AnalysisContext context;
            context.target = analysisTarget();
            e->setAnalysisContext(context); // also picks the highlighting definition
            e->setLintConfig(m_lintConfig);
        }
        if (auto opened = pair->upEditor()->openFile(it->upPath, applied); !opened) {
            delete pair;
            QMessageBox::warning(this, tr("Cannot Open Migration"), opened.error().detail);
            return nullptr;
        }
        (void)pair->downEditor()->openFile(it->downPath, applied);
        pair->upEditor()->setProjectContext(m_project->dir, m_project->format); // quick fixes that add migrations
        setTransactionContext(pair->upEditor(), pair->downEditor(), *it);
        connect(pair->upEditor(), &editor::MigrationEditor::migrationCreated, this, &MainWindow::onMigrationCreated);
        page = pair;
    } else {
        auto *editor = new editor::MigrationEditor(m_tabs);
        core::sql::AnalysisContext context;
        context.target = analysisTarget();
        // fixed while the user types (runsInTransaction counts the statements of the file as it was opened)
        context.wrappedInTransaction = core::project::runsInTransaction(*it, true, context.target.dialect);
        editor->setAnalysisContext(context); // also picks the highlighting definition
        editor->setLintConfig(m_lintConfig);
        editor->setProjectContext(m_project->dir, m_project->format); // quick fixes that add migrations
        connect(editor, &editor::MigrationEditor::migrationCreated, this, &MainWindow::onMigrationCreated);
        if (auto opened = editor->openFile(it->upPath, applied); !opened) {
            delete editor;
            QMessageBox::warning(this, tr("Cannot Open Migration"), opened.error().detail);
            return nullptr;
        }
        page = editor;
    }
    page->setProperty("migrationVersion", version);
    page->setProperty("filePath", it->upPath);
    analyseOnEarlierSchema(page, version);
    offerDrift(page, version);
    const int index = m_tabs->addTab(page, QFileInfo(it->upPath).fileName());
    m_tabs->setTabToolTip(index, it->upPath);
    m_tabs->setCurrentIndex(index);
    return page;
}

editor::MigrationEditor *MainWindow::currentEditor() const
{
    QWidget *page = m_tabs->currentWidget();
    if (auto *editor = qobject_cast<editor::MigrationEditor *>(page))
        return editor;
    if (auto *pair = qobject_cast<editor::MigrationPairView *>(page))
        return pair->upEditor();
    return nullptr;
}

void MainWindow::onCurrentTabChanged(int)
{
    if (m_findings)
        m_findings->setEditor(currentEditor());
}

// --- apply ---------------------------------------------------------------------------------------------

core::Result<void> MainWindow::applyTo(const QString &name, const QString &upToVersion)
{
    if (!m_project)
        return core::fail(core::Error::Code::InvalidArgument, tr("no project is open"));
    if (m_apply->isRunning())
        return core::fail(core::Error::Code::InvalidArgument, tr("an apply is running already"));
    const auto environment = m_pipeline.find(name);
    if (!environment)
        return core::fail(core::Error::Code::InvalidArgument, tr("no environment named %1").arg(name));
    if (!core::project::isWritable(m_project->format))
        return core::fail(core::Error::Code::Unsupported,
                          tr("%1 migrations are read-only here: apply them with the tool itself")
                              .arg(core::project::formatId(m_project->format)));
    const auto profile = profileFor(*environment);
    if (!profile)
        return core::fail(core::Error::Code::InvalidArgument,
                          tr("%1 is not bound to a connection on this machine (File → Connections…)").arg(name));
    if (profile->dialect == core::Dialect::SQLite)
        return core::fail(core::Error::Code::Unsupported,
                          tr("the workbench applies to PostgreSQL, MySQL and MariaDB; use the project's tool for %1").arg(name));
    for (int i = 0; i < m_environmentsView->topLevelItemCount(); ++i) {
        if (m_environmentsView->topLevelItem(i)->data(0, Qt::UserRole).toString() == name)
            m_environmentsView->setCurrentItem(m_environmentsView->topLevelItem(i)); // target, status bar, history
    }
    setTargetEnvironment(*environment);
    m_progressLog->clear();
    m_stepLabel->clear();
    m_applyAction->setEnabled(false);
    if (auto *dock = findChild<QDockWidget *>(u"progressDock"_s))
        dock->raise();
    const quint64 generation = m_projectGeneration;
    resolveConnection(*environment, [this, environment = *environment, profile, generation, upToVersion](core::Result<core::ConnectionParams> params) {
        if (generation != m_projectGeneration)
            return;
        if (!params) {
            onApplyFinished(false, tr("Cannot connect to %1: %2").arg(environment.name, params.error().detail), false);
            return;
        }
        m_apply->start(*m_project, environment, *params, profile, upToVersion);
    });
    return {};
}

void MainWindow::onApplyProgress(const core::engine::Progress &progress)
{
    const int total = std::max(1, progress.migrationCount);
    const bool rehearsing = m_apply->stage() == project::ApplyController::Stage::Rehearsal;
    for (QProgressBar *bar : {m_progressBar, m_dockProgress}) {
        bar->setRange(0, total * 100);
        const int withinMigration = progress.statementCount > 0 ? (progress.statementIndex * 100) / progress.statementCount : 0;
        bar->setValue(std::min(total * 100, progress.migrationIndex * 100 + withinMigration));
        bar->setFormat(rehearsing ? tr("rehearsing")
                                  : tr("%1/%2").arg(std::min(progress.migrationIndex + 1, total)).arg(total));
    }
    const QString seconds = QString::number(double(progress.elapsedMs) / 1000.0, 'f', 1);
    if (rehearsing) // one transaction for every pending migration: statements across all of them
        m_stepLabel->setText(tr("Statement %1 of %2 — %3 — %4 s")
                                 .arg(std::min(progress.statementIndex + 1, std::max(1, progress.statementCount)))
                                 .arg(progress.statementCount)
                                 .arg(progress.status, seconds));
    else if (progress.statementCount > 0)
        m_stepLabel->setText(tr("Migration %1 of %2, statement %3 of %4 — %5 — %6 s")
                                 .arg(std::min(progress.migrationIndex + 1, total))
                                 .arg(progress.migrationCount)
                                 .arg(std::min(progress.statementIndex + 1, progress.statementCount))
                                 .arg(progress.statementCount)
                                 .arg(progress.status, seconds));
    else
        m_stepLabel->setText(tr("%1 — %2 s").arg(progress.status, seconds));
}

void MainWindow::onApplyFinished(bool success, const QString &message, bool changedDatabase)
{
    m_stageLabel->setText(message);
    m_statusLabel->setText(message);
    m_progressBar->setVisible(false);
    m_cancelButton->setVisible(false);
    m_dockCancel->setEnabled(false);
    m_dockProgress->setRange(0, 1);
    m_dockProgress->setValue(success ? 1 : 0);
    if (!success)
        m_progressLog->appendPlainText(message);
    const QString environment = m_apply->environment();
    if (changedDatabase && !environment.isEmpty())
        refreshEnvironment(environment); // the history and the migration states, without reopening anything
    updateApplyAction();
    if (m_closeWhenIdle)
        QMetaObject::invokeMethod(this, &QWidget::close, Qt::QueuedConnection);
}

// --- rollout plans ------------------------------------------------------------------------------------

TimelineWidget *MainWindow::timeline() const
{
    return m_rollout->timeline();
}

QWidget *MainWindow::openStepMigration(const QString &stepId)
{
    const core::plan::Step *step = m_rollout->timeline()->plan().step(stepId);
    if (!step)
        return nullptr;
    QWidget *first = nullptr;
    for (const QString &ref : step->migrations) {
        const QString version = m_rollout->versionOf(ref);
        if (version.isEmpty())
            continue;
        QWidget *page = openMigration(version);
        if (!first)
            first = page;
    }
    if (first)
        m_tabs->setCurrentWidget(first);
    return first;
}

// --- window events -------------------------------------------------------------------------------------

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_apply->isRunning()) {
        if (!m_closeWhenIdle) {
            const auto answer = QMessageBox::question(
                this, tr("Apply Running"),
                tr("An apply to %1 is running. Cancel it (the running migration is rolled back) and close?")
                    .arg(m_apply->environment()),
                QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
            if (answer != QMessageBox::Yes) {
                event->ignore();
                return;
            }
            m_closeWhenIdle = true;
            m_apply->cancel();
        }
        if (m_apply->isRunning()) {
            event->ignore(); // closes when the engine reports the cancel
            return;
        }
    }
    saveLayout();
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    for (const QUrl &url : event->mimeData()->urls()) {
        if (!url.isLocalFile())
            continue;
        const QString path = url.toLocalFile();
        core::Result<void> opened = QFileInfo(path).isDir() ? openProject(path) : openSqlFile(path);
        if (!opened)
            QMessageBox::warning(this, tr("Cannot Open"), tr("%1: %2").arg(path, opened.error().detail));
    }
    event->acceptProposedAction();
}

// --- drift and quick fixes that add migrations (issue 7) ----------------------------------------------------

void MainWindow::createDriftActions()
{
    m_showDriftAction = new QAction(tr("Show &Drift…"), this);
    m_showDriftAction->setObjectName(u"actionShowDrift"_s);
    m_showDriftAction->setToolTip(tr("Compare the applied version of the migration with its file as it is now"));
    m_showDriftAction->setEnabled(false);
    connect(m_showDriftAction, &QAction::triggered, this, &MainWindow::showDriftOfCurrent);
    m_browser->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_browser->addAction(m_showDriftAction);
    connect(m_browser->selectionModel(), &QItemSelectionModel::currentChanged, this, &MainWindow::updateDriftAction);
    connect(m_migrationFilter, &QAbstractItemModel::dataChanged, this, &MainWindow::updateDriftAction);
    connect(m_migrationFilter, &QAbstractItemModel::modelReset, this, &MainWindow::updateDriftAction);
    connect(m_migrationFilter, &QAbstractItemModel::layoutChanged, this, &MainWindow::updateDriftAction);
}

QStringList MainWindow::driftedEnvironments(const QString &version) const
{
    using State = core::project::MigrationStatus::State;
    QStringList drifted;
    for (const auto &environment : m_pipeline.environments()) {
        if (m_migrations->state(version, environment.name) == std::optional(State::Drifted))
            drifted.append(environment.name);
    }
    return drifted;
}

void MainWindow::updateDriftAction()
{
    const QModelIndex current = m_browser->currentIndex();
    const QString version = current.data(models::project::MigrationListModel::VersionRole).toString();
    m_showDriftAction->setEnabled(current.isValid() && !driftedEnvironments(version).isEmpty());
}

void MainWindow::showDriftOfCurrent()
{
    const QString version = m_browser->currentIndex().data(models::project::MigrationListModel::VersionRole).toString();
    const QStringList drifted = driftedEnvironments(version);
    if (drifted.isEmpty())
        return;
    const auto &target = targetEnvironment();
    (void)showDrift(version, target && drifted.contains(target->name) ? target->name : drifted.first());
}

editor::DiffView *MainWindow::showDrift(const QString &version, const QString &environment)
{
    if (!m_project || !driftedEnvironments(version).contains(environment))
        return nullptr;
    const auto it = std::find_if(m_project->migrations.cbegin(), m_project->migrations.cend(),
                                 [&](const core::project::Migration &m) { return m.version == version; });
    const auto history = m_histories.constFind(environment);
    if (it == m_project->migrations.cend() || history == m_histories.cend())
        return nullptr;
    // the row mergeStatus matched (Flyway keys versioned rows by version), the latest when there are several
    const QString key = m_project->format == core::project::Format::Flyway ? it->version : it->id;
    const auto record = std::find_if(history->records.crbegin(), history->records.crend(),
                                     [&](const core::project::AppliedRecord &r) { return r.key == key && !r.failed; });
    if (record == history->records.crend())
        return nullptr;
    QFile file(it->upPath);
    if (!file.open(QIODevice::ReadOnly)) {
        QMessageBox::warning(this, tr("Cannot Show Drift"), tr("%1: %2").arg(it->upPath, file.errorString()));
        return nullptr;
    }
    const QString fileText = QString::fromUtf8(file.readAll());
    QDateTime appliedAt = QDateTime::fromString(record->appliedAt, Qt::ISODateWithMs);
    if (!appliedAt.isValid())
        appliedAt = QDateTime::fromString(QString(record->appliedAt).replace(u' ', u'T'), Qt::ISODateWithMs);
    auto *view = new editor::DiffView(m_tabs);
    view->setObjectName(u"driftView"_s);
    view->setProperty("driftVersion", version);
    view->setProperty("driftEnvironment", environment);
    // No tool's history table keeps the SQL it ran (AppliedRecord has none): the applied text comes from the
    // file's git history, by the recorded checksum or the applied-at time, looked up on a worker thread.
    view->showDriftFromVersionControl(it->upPath, fileText, m_project->format, record->checksum, appliedAt);
    const int index = m_tabs->addTab(view, tr("Drift: %1 (%2)").arg(QFileInfo(it->upPath).fileName(), environment));
    m_tabs->setTabToolTip(index, it->upPath);
    m_tabs->setCurrentIndex(index);
    return view;
}

void MainWindow::offerDrift(QWidget *page, const QString &version)
{
    auto *editor = qobject_cast<editor::MigrationEditor *>(page);
    if (auto *pair = qobject_cast<editor::MigrationPairView *>(page))
        editor = pair->upEditor();
    if (!editor || driftedEnvironments(version).isEmpty())
        return;
    editor->setDrifted();
    connect(editor, &editor::MigrationEditor::showDriftRequested, this, [this, version] {
        const QStringList drifted = driftedEnvironments(version);
        if (drifted.isEmpty())
            return;
        const auto &target = targetEnvironment();
        (void)showDrift(version, target && drifted.contains(target->name) ? target->name : drifted.first());
    });
}

void MainWindow::onMigrationCreated(const QStringList &files)
{
    if (m_projectRoot.isEmpty())
        return;
    qCInfo(lcUi).noquote() << "a quick fix created" << files.join(u", "_s) << "- re-reading the project";
    if (auto reread = openProject(m_projectRoot); !reread)
        m_statusLabel->setText(tr("The project was not re-read: %1").arg(reread.error().detail));
}

void MainWindow::setTransactionContext(editor::MigrationEditor *up, editor::MigrationEditor *down,
                                       const core::project::Migration &migration)
{
    // fixed while the user types: what the tool does with the files as they were opened
    core::sql::AnalysisContext context;
    context.target = analysisTarget();
    context.wrappedInTransaction = core::project::runsInTransaction(migration, true, context.target.dialect);
    up->setAnalysisContext(context);
    context.wrappedInTransaction = core::project::runsInTransaction(migration, false, context.target.dialect);
    down->setAnalysisContext(context);
}

} // namespace widgets
