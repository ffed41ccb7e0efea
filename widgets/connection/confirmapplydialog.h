// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/connection/connectionprofile.h"
#include "core/connection/environment.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace widgets {

/// Asks before applying to an environment. For a protected environment, Apply stays disabled until the
/// environment's exact name is typed (core::connection::checkApplyAllowed decides, the same check
/// `mwb apply --confirm NAME` runs). A read-only connection cannot be applied to at all.
class ConfirmApplyDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConfirmApplyDialog)
public:
    /// `summary`: what will be applied (e.g. "3 migrations"); `profile` may be null.
    ConfirmApplyDialog(const core::connection::Environment &environment,
                       const core::connection::ConnectionProfile *profile, const QString &summary,
                       QWidget *parent = nullptr);

    QPushButton *applyButton() const { return m_apply; }
    QLineEdit *confirmationEdit() const { return m_typed; }
    /// True when the typed confirmation satisfies the check (what enables Apply).
    bool isConfirmed() const;

private:
    void update();

    core::connection::Environment m_environment;
    std::optional<core::connection::ConnectionProfile> m_profile;
    QLineEdit *m_typed;
    QPushButton *m_apply;
    QLabel *m_problem;
};

} // namespace widgets
