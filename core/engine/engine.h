// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "applytypes.h"

#include <QObject>

#include <functional>
#include <memory>
#include <mutex>

namespace core::engine {

/// The apply engine. Lives on its own thread (see EngineHost); its slots run there and own every database
/// connection they open. Results, progress (at most 10 Hz) and notices go out through queued signals.
class Engine final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Engine)
public:
    explicit Engine(QObject *parent = nullptr);
    ~Engine() override;

    /// Runs on the engine thread. Emits progress()/notice() while running and finished() once.
    void apply(core::engine::RequestId id, const core::engine::ApplyRequest &request);

    /// Thread-safe (call it from the GUI thread): cancels the request if it is the one running now, or
    /// marks it so that it is dropped when it comes up.
    void cancel(core::engine::RequestId id);

Q_SIGNALS:
    void progress(core::engine::RequestId id, const core::engine::Progress &progress);
    void notice(core::engine::RequestId id, const QString &message);
    void finished(core::engine::RequestId id, const core::engine::ApplyReport &report);

private:
    void setRunning(RequestId id, std::function<void()> cancel);

    std::mutex m_mutex; // guards m_cancelRunning, m_runningId and m_cancelledIds
    std::function<void()> m_cancelRunning;
    RequestId m_runningId;
    QList<quint64> m_cancelledIds;
};

} // namespace core::engine
