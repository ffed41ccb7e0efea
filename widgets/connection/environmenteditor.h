// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/connection/connectionprofile.h"
#include "core/error.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QPushButton;
class QSettings;
class QTableView;

namespace models {
class EnvironmentsModel;
}

namespace widgets {

/// Edits a project's environment pipeline: order, names, colours, protection, and (for this user) which
/// connection profile each environment uses. Saves the pipeline to the project's workbench.toml (only the
/// [[environments]] part, no secrets) and the bindings to the user's settings.
class EnvironmentEditor final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EnvironmentEditor)
public:
    EnvironmentEditor(const QString &projectFile, QSettings &settings,
                      const QList<core::connection::ConnectionProfile> &profiles, QWidget *parent = nullptr);

    models::EnvironmentsModel *model() const { return m_model; }
    /// Loads from the project file (the defaults dev/staging/prod when it has none).
    core::Result<void> load();
    core::Result<void> save();

    core::Result<void> addEnvironment(const QString &name);
    void moveCurrent(int delta);
    void setCurrentColour(const QString &colour);
    void bindCurrent(const QString &profileId);
    void selectRow(int row);
    int currentRow() const;

private:
    void updateControls();

    QString m_projectFile;
    QSettings &m_settings;
    QList<core::connection::ConnectionProfile> m_profiles;
    models::EnvironmentsModel *m_model;
    QTableView *m_table;
    QComboBox *m_profile;
    QPushButton *m_colour;
    QPushButton *m_up;
    QPushButton *m_down;
    QPushButton *m_remove;
    QLabel *m_problem;
};

} // namespace widgets
