// SPDX-License-Identifier: GPL-3.0-or-later
#include "aboutdialog.h"

#include "syntaxrepository.h"

#include "models/versionsmodel.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace widgets {

AboutDialog::AboutDialog(QWidget *parent)
    : QDialog(parent)
    , m_model(new models::VersionsModel(this))
    , m_table(new QTableView(this))
{
    setObjectName(u"aboutDialog"_s);
    setWindowTitle(tr("About Migration Workbench"));

    auto *title = new QLabel(this);
    title->setObjectName(u"aboutTitle"_s);
    title->setText(tr("<h2>Migration Workbench %1</h2>").arg(QApplication::applicationVersion()));
    auto *blurb = new QLabel(this);
    blurb->setWordWrap(true);
    blurb->setText(tr("Author, review, plan and apply database migrations safely: every statement's locks "
                      "and rewrites are shown before it reaches a production table."));

    m_model->setVersions(guiComponentVersions());
    m_table->setObjectName(u"versionsTable"_s);
    m_table->setModel(m_model);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->resizeColumnsToContents();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(blurb);
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);
    resize(560, 380);
}

} // namespace widgets
