// SPDX-License-Identifier: GPL-3.0-or-later
#include "environmentband.h"

#include <QColor>
#include <QHBoxLayout>
#include <QLabel>

using namespace Qt::StringLiterals;

namespace widgets {

EnvironmentBand::EnvironmentBand(QWidget *parent)
    : QFrame(parent)
    , m_label(new QLabel(this))
{
    setObjectName(u"environmentBand"_s);
    m_label->setObjectName(u"environmentBandLabel"_s);
    m_label->setAlignment(Qt::AlignCenter);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 3, 8, 3);
    layout->addWidget(m_label);
    setEnvironment(std::nullopt);
}

QString EnvironmentBand::text() const
{
    return m_label->text();
}

void EnvironmentBand::setEnvironment(const std::optional<core::connection::Environment> &environment)
{
    m_environment = environment;
    if (!environment) {
        m_label->setText(tr("No target environment"));
        setStyleSheet(QString());
        return;
    }
    const QColor colour = QColor::fromString(environment->colour);
    // white or black text, whichever reads better on the colour
    const QString fg = colour.lightnessF() > 0.6 ? u"#000000"_s : u"#ffffff"_s;
    m_label->setText(environment->isProtected ? tr("Target: %1 — PROTECTED").arg(environment->name)
                                              : tr("Target: %1").arg(environment->name));
    setStyleSheet(u"QFrame#environmentBand { background: %1; } QLabel#environmentBandLabel { color: %2; "
                  "font-weight: bold; }"_s.arg(colour.name(), fg));
}

} // namespace widgets
