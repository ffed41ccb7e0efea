// SPDX-License-Identifier: GPL-3.0-or-later
#include "confirmapplydialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace widgets {

ConfirmApplyDialog::ConfirmApplyDialog(const core::connection::Environment &environment,
                                       const core::connection::ConnectionProfile *profile, const QString &summary,
                                       QWidget *parent)
    : QDialog(parent)
    , m_environment(environment)
    , m_typed(new QLineEdit(this))
    , m_apply(nullptr)
    , m_problem(new QLabel(this))
{
    if (profile)
        m_profile = *profile;
    setObjectName(u"confirmApplyDialog"_s);
    setWindowTitle(tr("Apply to %1").arg(environment.name));
    auto *band = new QLabel(this);
    band->setObjectName(u"confirmEnvironmentBand"_s);
    band->setText(environment.isProtected ? tr("%1 — PROTECTED").arg(environment.name.toUpper())
                                          : environment.name.toUpper());
    band->setAlignment(Qt::AlignCenter);
    band->setStyleSheet(u"QLabel { background: %1; color: white; font-weight: bold; padding: 8px; }"_s.arg(
        environment.colour));
    auto *text = new QLabel(this);
    text->setWordWrap(true);
    text->setText(tr("Apply %1 to <b>%2</b>%3?")
                      .arg(summary.toHtmlEscaped(), environment.name.toHtmlEscaped(),
                           profile ? tr(" through the connection “%1”").arg(profile->name.toHtmlEscaped()) : QString()));
    auto *prompt = new QLabel(this);
    prompt->setWordWrap(true);
    prompt->setText(tr("This environment is protected. Type <b>%1</b> to confirm:").arg(environment.name.toHtmlEscaped()));
    prompt->setVisible(environment.isProtected);
    m_typed->setObjectName(u"confirmationEdit"_s);
    m_typed->setVisible(environment.isProtected);
    m_typed->setPlaceholderText(environment.name);
    m_problem->setObjectName(u"confirmProblem"_s);
    m_problem->setWordWrap(true);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_apply = buttons->addButton(tr("&Apply"), QDialogButtonBox::AcceptRole);
    m_apply->setObjectName(u"applyButton"_s);
    m_apply->setDefault(false);
    m_apply->setAutoDefault(false);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (isConfirmed())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_typed, &QLineEdit::textChanged, this, &ConfirmApplyDialog::update);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(band);
    layout->addWidget(text);
    layout->addWidget(prompt);
    layout->addWidget(m_typed);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    update();
}

bool ConfirmApplyDialog::isConfirmed() const
{
    return core::connection::checkApplyAllowed(m_environment, m_profile ? &*m_profile : nullptr, m_typed->text())
        .has_value();
}

void ConfirmApplyDialog::update()
{
    const auto allowed =
        core::connection::checkApplyAllowed(m_environment, m_profile ? &*m_profile : nullptr, m_typed->text());
    m_apply->setEnabled(allowed.has_value());
    if (m_profile && m_profile->readOnly)
        m_problem->setText(tr("The connection “%1” is read-only: nothing can be applied through it.")
                               .arg(m_profile->name.toHtmlEscaped()));
    else
        m_problem->clear();
}

} // namespace widgets
