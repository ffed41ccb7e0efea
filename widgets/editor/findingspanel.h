// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTreeView>

namespace widgets::editor {

class MigrationEditor;

/// The list of an editor's findings. Selecting a row moves the editor's cursor to the finding; moving the
/// cursor onto a finding selects its row.
class FindingsPanel final : public QTreeView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FindingsPanel)
public:
    explicit FindingsPanel(QWidget *parent = nullptr);
    ~FindingsPanel() override;

    void setEditor(MigrationEditor *editor);
    MigrationEditor *editor() const { return m_editor; }
    int currentRow() const;

private:
    void onRowSelected();
    void onCursorMoved();

    MigrationEditor *m_editor = nullptr;
    QList<QMetaObject::Connection> m_connections;
    bool m_syncing = false;
};

} // namespace widgets::editor
