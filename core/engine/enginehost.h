// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "applytypes.h"

#include <QObject>
#include <QSet>
#include <QThread>

namespace core::engine {

class Engine;

/// Owns the engine and its thread ("mwb-engine") on the GUI side. Requests get ids; results for ids that are
/// no longer wanted (cancelled and superseded) are dropped. Never blocks the calling thread.
class EngineHost final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EngineHost)
public:
    explicit EngineHost(QObject *parent = nullptr);
    ~EngineHost() override; ///< cancels what runs, then stops the thread

    RequestId requestApply(const ApplyRequest &request);
    void cancel(RequestId id);
    bool isBusy() const { return !m_active.isEmpty(); }
    const QThread &engineThread() const { return m_thread; }

Q_SIGNALS:
    void progress(core::engine::RequestId id, const core::engine::Progress &progress);
    void notice(core::engine::RequestId id, const QString &message);
    void finished(core::engine::RequestId id, const core::engine::ApplyReport &report);

private:
    void onFinished(RequestId id, const ApplyReport &report);

    QThread m_thread;
    Engine *m_engine;
    quint64 m_nextId = 1;
    QSet<quint64> m_active;
};

} // namespace core::engine
