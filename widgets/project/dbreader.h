// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QThread>

#include <functional>
#include <memory>

namespace widgets::project {

/// Runs the window's blocking reads (history, status, server version, blocking sessions, analysis of the
/// project's files) on one worker thread ("mwb-reader"), one job after another, and hands each result back
/// on the GUI thread. Never blocks the caller; results that arrive after the reader is gone are dropped.
/// (Applies go through core::engine::EngineHost, whose thread is the engine's alone.)
class DbReader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DbReader)
public:
    /// `threadName`: the worker thread's name ("mwb-reader"; the window reads project folders on "mwb-project").
    explicit DbReader(QObject *parent = nullptr, const QString &threadName = QStringLiteral("mwb-reader"));
    ~DbReader() override; ///< waits for the job that runs now (the others are dropped)

    /// Runs `work` on the reader thread, then `done(result)` on this object's thread.
    template <typename Work, typename Done>
    void run(Work work, Done done)
    {
        using R = std::invoke_result_t<Work>;
        ++m_pending;
        Q_EMIT busyChanged(true);
        post([this, work = std::move(work), done = std::move(done)]() mutable {
            auto result = std::make_shared<R>(work());
            QMetaObject::invokeMethod(
                this,
                [this, result, done = std::move(done)]() mutable {
                    if (--m_pending == 0)
                        Q_EMIT busyChanged(false);
                    done(std::move(*result));
                },
                Qt::QueuedConnection);
        });
    }

    bool isBusy() const { return m_pending > 0; }
    const QThread &thread() const { return m_thread; }

Q_SIGNALS:
    void busyChanged(bool busy);

private:
    void post(std::function<void()> job);

    QThread m_thread;
    QObject *m_worker;
    int m_pending = 0;
};

} // namespace widgets::project
