// SPDX-License-Identifier: GPL-3.0-or-later
#include "sqlview.h"

#include "syntaxrepository.h"

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/SyntaxHighlighter>
#include <KSyntaxHighlighting/Theme>

#include <QEvent>
#include <QFontDatabase>

using namespace Qt::StringLiterals;

namespace widgets {

SqlView::SqlView(QWidget *parent)
    : QPlainTextEdit(parent)
    , m_highlighter(new KSyntaxHighlighting::SyntaxHighlighter(static_cast<QObject *>(this)))
{
    setReadOnly(true);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setLineWrapMode(QPlainTextEdit::NoWrap);
    // Theme first, then the definition, then the document: the order that renders reliably offscreen.
    applyTheme();
    setDefinitionName(u"SQL (PostgreSQL)"_s);
    m_highlighter->setDocument(document());
}

SqlView::~SqlView() = default;

void SqlView::setDefinitionName(const QString &name)
{
    m_highlighter->setDefinition(syntaxRepository().definitionForName(name));
    m_highlighter->rehighlight();
}

QString SqlView::definitionName() const
{
    return m_highlighter->definition().name();
}

void SqlView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        applyTheme();
    QPlainTextEdit::changeEvent(event);
}

void SqlView::applyTheme()
{
    const auto theme = themeForPalette(palette());
    m_highlighter->setTheme(theme);
    QPalette pal = palette();
    pal.setColor(QPalette::Base, QColor::fromRgba(theme.editorColor(KSyntaxHighlighting::Theme::BackgroundColor)));
    pal.setColor(QPalette::Text, QColor::fromRgba(theme.textColor(KSyntaxHighlighting::Theme::Normal)));
    // Setting the palette triggers another PaletteChange: guard against recursion by comparing first.
    if (pal != palette())
        setPalette(pal);
    m_highlighter->rehighlight();
}

} // namespace widgets
