// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

#include <optional>

class QFrame;
class QLabel;
class QSplitter;

namespace widgets::editor {

class MigrationEditor;

/// Up and down migrations side by side (for formats that have both). When the down migration is missing, a
/// banner offers "Mark irreversible" (inserts `-- mwb:irreversible` at the top of the up migration) and
/// "Add down template".
class MigrationPairView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MigrationPairView)
public:
    explicit MigrationPairView(QWidget *parent = nullptr);
    ~MigrationPairView() override;

    MigrationEditor *upEditor() const { return m_up; }
    MigrationEditor *downEditor() const { return m_down; }
    QSplitter *splitter() const { return m_splitter; }

    /// Shows the texts; `down` unset means the format expects a down migration but there is none.
    void setMigration(const QString &upText, const std::optional<QString> &downText);
    bool isDownMissing() const;
    QWidget *missingDownBanner() const;

    void markIrreversible();
    void addDownTemplate();
    /// A down template for an up migration: the up statements, each reversed where that is mechanical
    /// (CREATE TABLE/INDEX/VIEW/SEQUENCE/TYPE → DROP, ADD COLUMN → DROP COLUMN) and commented out otherwise.
    static QString downTemplateFor(const QString &upText);

Q_SIGNALS:
    void markedIrreversible();
    void downTemplateAdded();

private:
    MigrationEditor *m_up;
    MigrationEditor *m_down;
    QSplitter *m_splitter;
    QFrame *m_banner;
    QLabel *m_downLabel;
    bool m_downMissing = false;
};

} // namespace widgets::editor
