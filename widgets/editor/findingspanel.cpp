// SPDX-License-Identifier: GPL-3.0-or-later
#include "findingspanel.h"

#include "migrationeditor.h"

#include <QHeaderView>
#include <QEvent>
#include <QItemSelectionModel>
#include <QPointer>

using namespace Qt::StringLiterals;
using models::editor::FindingsModel;

namespace widgets::editor {

namespace {

/// Keeps the panel in the colours of the editor it lists: the editor follows a light or dark syntax theme (also
/// as a manual override) that the application palette does not know about.
class PaletteFollower final : public QObject
{
public:
    PaletteFollower(QWidget *editor, QWidget *panel)
        : QObject(panel)
        , m_editor(editor)
        , m_panel(panel)
    {
        setObjectName(u"findingsPanelPaletteFollower"_s);
        editor->installEventFilter(this);
        apply();
    }

    void apply()
    {
        if (!m_editor)
            return;
        const QPalette from = m_editor->palette();
        QPalette pal = m_panel->palette();
        const QColor base = from.color(QPalette::Base);
        const QColor text = from.color(QPalette::Text);
        const bool dark = base.lightnessF() < 0.5;
        for (const QPalette::ColorGroup group : {QPalette::Active, QPalette::Inactive, QPalette::Disabled}) {
            pal.setColor(group, QPalette::Base, base);
            pal.setColor(group, QPalette::AlternateBase, dark ? base.lighter(125) : base.darker(106));
            pal.setColor(group, QPalette::Text, group == QPalette::Disabled ? QColor(text.red(), text.green(), text.blue(), 128) : text);
            pal.setColor(group, QPalette::Highlight, from.color(QPalette::Highlight));
            pal.setColor(group, QPalette::HighlightedText, text);
        }
        if (pal != m_panel->palette())
            m_panel->setPalette(pal);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == m_editor && event->type() == QEvent::PaletteChange)
            apply();
        return false;
    }

private:
    QPointer<QWidget> m_editor;
    QWidget *m_panel;
};

} // namespace

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
    delete findChild<QObject *>(u"findingsPanelPaletteFollower"_s, Qt::FindDirectChildrenOnly);
    setModel(editor ? editor->findingsModel() : nullptr);
    if (!editor)
        return;
    new PaletteFollower(editor, this);
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
