// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPlainTextEdit>

namespace widgets::project {

/// The log dock's view: every line the logging sink writes (core::logging::addListener), from any thread,
/// queued to the GUI thread and appended. Keeps the last `maximumLines` lines.
class LogView final : public QPlainTextEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogView)
public:
    explicit LogView(QWidget *parent = nullptr);
    ~LogView() override; ///< unregisters the listener

    int lineCount() const { return blockCount(); }

private:
    void appendLine(QtMsgType type, const QString &line);

    int m_listener = 0;
};

} // namespace widgets::project
