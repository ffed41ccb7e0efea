// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "aboutdialog.h"
#include "connection/connectionmanagerdialog.h"
#include "connection/environmentband.h"
#include "core/connection/secretstore.h"
#include "sqlview.h"
#include "uilogging.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QStringDecoder>
#include <QTabWidget>
#include <QToolBar>
#include <QVBoxLayout>

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

    createActions();
    resize(1100, 720);
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(u"fileMenu"_s);
    QAction *open = file->addAction(tr("&Open SQL File…"), this, &MainWindow::chooseAndOpenSqlFile);
    open->setObjectName(u"actionOpenSqlFile"_s);
    open->setShortcut(QKeySequence::Open);
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

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(u"helpMenu"_s);
    QAction *about = help->addAction(tr("&About Migration Workbench"), this, &MainWindow::showAbout);
    about->setObjectName(u"actionAbout"_s);
    about->setMenuRole(QAction::AboutRole);
    QAction *aboutQt = help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setObjectName(u"actionAboutQt"_s);
    aboutQt->setMenuRole(QAction::AboutQtRole);
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

} // namespace widgets
