// SPDX-License-Identifier: GPL-3.0-or-later
#include "logview.h"

#include "core/logging.h"

#include <QFontDatabase>

using namespace Qt::StringLiterals;

namespace widgets::project {

LogView::LogView(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setObjectName(u"logView"_s);
    setReadOnly(true);
    setMaximumBlockCount(5000);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    // The callback runs on the thread that logged: it only posts to this widget. The destructor removes the
    // listener (waiting for a call in progress), and events posted to a deleted widget are dropped with it.
    m_listener = core::logging::addListener([this](QtMsgType type, const QString &line) {
        QMetaObject::invokeMethod(this, [this, type, line] { appendLine(type, line); }, Qt::QueuedConnection);
    });
}

LogView::~LogView()
{
    core::logging::removeListener(m_listener);
}

void LogView::appendLine(QtMsgType type, const QString &line)
{
    if (type >= QtWarningMsg)
        appendHtml(u"<span style=\"color:%1\">%2</span>"_s.arg(type == QtWarningMsg ? u"#b26a00"_s : u"#c62828"_s,
                                                                 line.toHtmlEscaped()));
    else
        appendPlainText(line);
}

} // namespace widgets::project
