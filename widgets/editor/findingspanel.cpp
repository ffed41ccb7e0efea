// SPDX-License-Identifier: GPL-3.0-or-later
#include "findingspanel.h"

#include "migrationeditor.h"

#include <QHeaderView>
#include <QItemSelectionModel>

using namespace Qt::StringLiterals;
using models::editor::FindingsModel;

namespace widgets::editor {

FindingsPanel::FindingsPanel(QWidget *parent)
    : QTreeView(parent)
{
    setObjectName(u"findingsPanel"_s);
    setRootIsDecorated(false);
    setUniformRowHeights(true);
    setAlternatingRowColors(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
}

FindingsPanel::~FindingsPanel() = default;

void FindingsPanel::setEditor(MigrationEditor *editor)
{
    for (const auto &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    m_editor = editor;
    setModel(editor ? editor->findingsModel() : nullptr);
    if (!editor)
        return;
    header()->setSectionResizeMode(FindingsModel::MessageColumn, QHeaderView::Stretch);
    m_connections << connect(selectionModel(), &QItemSelectionModel::currentRowChanged, this,
                             &FindingsPanel::onRowSelected);
    m_connections << connect(editor, &QPlainTextEdit::cursorPositionChanged, this, &FindingsPanel::onCursorMoved);
    m_connections << connect(editor->findingsModel(), &QAbstractItemModel::modelReset, this,
                             &FindingsPanel::onCursorMoved);
}

int FindingsPanel::currentRow() const
{
    return selectionModel() && currentIndex().isValid() ? currentIndex().row() : -1;
}

void FindingsPanel::onRowSelected()
{
    if (m_syncing || !m_editor)
        return;
    const auto *f = m_editor->findingsModel()->findingAt(currentRow());
    if (!f)
        return;
    m_syncing = true;
    QTextCursor c = m_editor->textCursor();
    c.setPosition(int(f->position));
    m_editor->setTextCursor(c);
    m_editor->ensureCursorVisible();
    m_syncing = false;
}

void FindingsPanel::onCursorMoved()
{
    if (m_syncing || !m_editor || !selectionModel())
        return;
    const int row = m_editor->findingsModel()->rowAtPosition(m_editor->textCursor().position());
    m_syncing = true;
    if (row < 0) {
        selectionModel()->clear();
    } else {
        const QModelIndex index = model()->index(row, 0);
        selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        scrollTo(index);
    }
    m_syncing = false;
}

} // namespace widgets::editor
