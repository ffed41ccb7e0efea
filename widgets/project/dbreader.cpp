// SPDX-License-Identifier: GPL-3.0-or-later
#include "dbreader.h"

using namespace Qt::StringLiterals;

namespace widgets::project {

DbReader::DbReader(QObject *parent, const QString &threadName)
    : QObject(parent)
    , m_worker(new QObject)
{
    m_thread.setObjectName(threadName);
    m_worker->moveToThread(&m_thread);
    m_thread.start();
}

DbReader::~DbReader()
{
    m_thread.quit();
    m_thread.wait();
    delete m_worker; // its thread has finished: jobs still queued for it are dropped with it
}

void DbReader::post(std::function<void()> job)
{
    QMetaObject::invokeMethod(m_worker, std::move(job), Qt::QueuedConnection);
}

} // namespace widgets::project
