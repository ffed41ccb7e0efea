// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QTableView;

namespace models {
class VersionsModel;
}

namespace widgets {

/// The About dialog: what the product is, and the versions of everything it is built on.
class AboutDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AboutDialog)
public:
    explicit AboutDialog(QWidget *parent = nullptr);

    const models::VersionsModel *versionsModel() const { return m_model; }

private:
    models::VersionsModel *m_model;
    QTableView *m_table;
};

} // namespace widgets
