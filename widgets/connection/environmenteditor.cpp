// SPDX-License-Identifier: GPL-3.0-or-later
#include "environmenteditor.h"

#include "core/connection/environmentstore.h"
#include "models/connection/environmentsmodel.h"

#include <QColorDialog>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;
using core::connection::Environment;
using models::EnvironmentsModel;

namespace widgets {

EnvironmentEditor::EnvironmentEditor(const QString &projectFile, QSettings &settings,
                                     const QList<core::connection::ConnectionProfile> &profiles, QWidget *parent)
    : QDialog(parent)
    , m_projectFile(projectFile)
    , m_settings(settings)
    , m_profiles(profiles)
    , m_model(new EnvironmentsModel(this))
    , m_table(new QTableView(this))
    , m_profile(new QComboBox(this))
    , m_colour(new QPushButton(tr("C&olour…"), this))
    , m_up(new QPushButton(tr("Move &Up"), this))
    , m_down(new QPushButton(tr("Move &Down"), this))
    , m_remove(new QPushButton(tr("&Remove"), this))
    , m_problem(new QLabel(this))
{
    setObjectName(u"environmentEditor"_s);
    setWindowTitle(tr("Environments"));
    m_model->setProfiles(profiles);
    m_table->setObjectName(u"environmentTable"_s);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_profile->setObjectName(u"environmentProfile"_s);
    m_profile->addItem(tr("(none)"), QString());
    for (const auto &p : profiles)
        m_profile->addItem(p.name, p.id);
    m_colour->setObjectName(u"environmentColourButton"_s);
    m_up->setObjectName(u"environmentUp"_s);
    m_down->setObjectName(u"environmentDown"_s);
    m_remove->setObjectName(u"environmentRemove"_s);
    m_problem->setObjectName(u"environmentProblem"_s);
    m_problem->setWordWrap(true);
    auto *add = new QPushButton(tr("&Add…"), this);
    add->setObjectName(u"environmentAdd"_s);

    auto *side = new QVBoxLayout;
    for (QPushButton *b : {add, m_remove, m_up, m_down, m_colour})
        side->addWidget(b);
    side->addStretch();
    auto *top = new QHBoxLayout;
    top->addWidget(m_table, 1);
    top->addLayout(side);
    auto *form = new QFormLayout;
    form->addRow(tr("Connection on this computer:"), m_profile);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Pipeline order, top to bottom. Protected environments need their name typed "
                                    "before anything is applied to them."),
                                 this));
    layout->addLayout(top, 1);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);

    connect(add, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Add Environment"), tr("Name:"), QLineEdit::Normal,
                                                   QString(), &ok);
        if (ok)
            if (auto added = addEnvironment(name); !added)
                m_problem->setText(added.error().detail);
    });
    connect(m_remove, &QPushButton::clicked, this, [this] { (void)m_model->removeEnvironment(currentRow()); });
    connect(m_up, &QPushButton::clicked, this, [this] { moveCurrent(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { moveCurrent(1); });
    connect(m_colour, &QPushButton::clicked, this, [this] {
        const int row = currentRow();
        if (row < 0)
            return;
        const QColor initial = QColor::fromString(m_model->index(row, 0).data(EnvironmentsModel::ColourRole).toString());
        const QColor chosen = QColorDialog::getColor(initial, this, tr("Environment Colour"));
        if (chosen.isValid())
            setCurrentColour(chosen.name());
    });
    connect(m_profile, &QComboBox::activated, this, [this] { bindCurrent(m_profile->currentData().toString()); });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &EnvironmentEditor::updateControls);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &EnvironmentEditor::updateControls);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (auto saved = save(); !saved)
            m_problem->setText(tr("Not saved: %1").arg(saved.error().detail));
        else
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    if (auto loaded = load(); !loaded)
        m_problem->setText(tr("The project's environments could not be read: %1").arg(loaded.error().detail));
    updateControls();
    resize(640, 420);
}

core::Result<void> EnvironmentEditor::load()
{
    auto pipeline = core::connection::readEnvironments(m_projectFile);
    if (!pipeline)
        return std::unexpected(pipeline.error());
    if (pipeline->size() == 0)
        *pipeline = core::connection::EnvironmentPipeline::defaults();
    core::connection::EnvironmentBindings(m_settings, QFileInfo(m_projectFile).absolutePath()).applyTo(*pipeline);
    m_model->setPipeline(*pipeline);
    if (m_model->rowCount() > 0)
        selectRow(0);
    return {};
}

core::Result<void> EnvironmentEditor::save()
{
    if (auto written = core::connection::writeEnvironments(m_projectFile, m_model->pipeline()); !written)
        return written;
    core::connection::EnvironmentBindings(m_settings, QFileInfo(m_projectFile).absolutePath())
        .storeFrom(m_model->pipeline());
    m_settings.sync();
    return {};
}

core::Result<void> EnvironmentEditor::addEnvironment(const QString &name)
{
    auto added = m_model->addEnvironment(Environment::create(name));
    if (added)
        selectRow(m_model->rowCount() - 1);
    return added;
}

int EnvironmentEditor::currentRow() const
{
    return m_table->currentIndex().isValid() ? m_table->currentIndex().row() : -1;
}

void EnvironmentEditor::selectRow(int row)
{
    m_table->setCurrentIndex(m_model->index(row, 0));
}

void EnvironmentEditor::moveCurrent(int delta)
{
    const int row = currentRow();
    if (m_model->moveEnvironment(row, row + delta))
        selectRow(row + delta);
}

void EnvironmentEditor::setCurrentColour(const QString &colour)
{
    m_model->setData(m_model->index(currentRow(), 0), colour, EnvironmentsModel::ColourRole);
}

void EnvironmentEditor::bindCurrent(const QString &profileId)
{
    m_model->setData(m_model->index(currentRow(), 0), profileId, EnvironmentsModel::ProfileIdRole);
}

void EnvironmentEditor::updateControls()
{
    const int row = currentRow();
    const bool has = row >= 0;
    m_remove->setEnabled(has);
    m_up->setEnabled(has && row > 0);
    m_down->setEnabled(has && row < m_model->rowCount() - 1);
    m_colour->setEnabled(has);
    m_profile->setEnabled(has);
    if (has) {
        const QString colour = m_model->index(row, 0).data(EnvironmentsModel::ColourRole).toString();
        m_colour->setStyleSheet(u"QPushButton { border-left: 12px solid %1; }"_s.arg(colour));
        const int i = m_profile->findData(m_model->index(row, 0).data(EnvironmentsModel::ProfileIdRole).toString());
        m_profile->setCurrentIndex(std::max(i, 0));
    }
}

} // namespace widgets
