// SPDX-License-Identifier: GPL-3.0-or-later
#include "enginehost.h"

#include "engine.h"

using namespace Qt::StringLiterals;

namespace core::engine {

EngineHost::EngineHost(QObject *parent)
    : QObject(parent)
    , m_engine(new Engine) // no parent: it moves to the thread
{
    qRegisterMetaType<RequestId>();
    qRegisterMetaType<ApplyRequest>();
    qRegisterMetaType<ApplyReport>();
    qRegisterMetaType<Progress>();
    m_engine->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_engine, &QObject::deleteLater);
    connect(m_engine, &Engine::progress, this, [this](RequestId id, const Progress &p) {
        if (m_active.contains(id.value))
            Q_EMIT progress(id, p);
    });
    connect(m_engine, &Engine::notice, this, [this](RequestId id, const QString &message) {
        if (m_active.contains(id.value))
            Q_EMIT notice(id, message);
    });
    connect(m_engine, &Engine::finished, this, &EngineHost::onFinished);
    m_thread.setObjectName(u"mwb-engine"_s);
    m_thread.start();
}

EngineHost::~EngineHost()
{
    for (const quint64 id : std::as_const(m_active))
        m_engine->cancel(RequestId{id});
    m_thread.quit();
    m_thread.wait();
}

RequestId EngineHost::requestApply(const ApplyRequest &request)
{
    Q_ASSERT(QThread::currentThread() == thread());
    const RequestId id{m_nextId++};
    m_active.insert(id.value);
    QMetaObject::invokeMethod(m_engine, [engine = m_engine, id, request] { engine->apply(id, request); });
    return id;
}

void EngineHost::cancel(RequestId id)
{
    if (m_active.contains(id.value))
        m_engine->cancel(id); // thread-safe by design; never a blocking call
}

void EngineHost::onFinished(RequestId id, const ApplyReport &report)
{
    if (!m_active.remove(id.value))
        return; // stale
    Q_EMIT finished(id, report);
}

} // namespace core::engine
