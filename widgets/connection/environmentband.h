// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/connection/environment.h"

#include <QFrame>
#include <optional>

class QLabel;

namespace widgets {

/// The band at the top of the main window naming the target environment. Always shows a name (or "no target");
/// filled with the environment's colour, with "PROTECTED" when it is protected.
class EnvironmentBand final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EnvironmentBand)
public:
    explicit EnvironmentBand(QWidget *parent = nullptr);

    void setEnvironment(const std::optional<core::connection::Environment> &environment);
    const std::optional<core::connection::Environment> &environment() const { return m_environment; }
    QString text() const;

private:
    std::optional<core::connection::Environment> m_environment;
    QLabel *m_label;
};

} // namespace widgets
