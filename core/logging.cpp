// SPDX-License-Identifier: GPL-3.0-or-later
#include "logging.h"

#include "redact.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <map>
#include <memory>
#include <mutex>

Q_LOGGING_CATEGORY(lcCore, "mwb.core", QtInfoMsg)
Q_LOGGING_CATEGORY(lcDb, "mwb.core.db", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSql, "mwb.core.sql", QtInfoMsg)
Q_LOGGING_CATEGORY(lcEngine, "mwb.core.engine", QtInfoMsg)
Q_LOGGING_CATEGORY(lcProject, "mwb.core.project", QtInfoMsg)

using namespace Qt::StringLiterals;

namespace core::logging {

namespace {

std::mutex s_mutex;
std::shared_ptr<spdlog::logger> s_logger; // guarded by s_mutex for replacement; spdlog itself is thread-safe
QtMessageHandler s_previous = nullptr;

// Forwards formatted lines to the registered listeners (addListener); part of every logger install() makes.
class ListenerSink final : public spdlog::sinks::base_sink<std::mutex>
{
public:
    int add(Listener listener)
    {
        std::lock_guard lock(m_listenersMutex);
        m_listeners.emplace(++m_lastId, std::move(listener));
        return m_lastId;
    }
    void remove(int id)
    {
        std::lock_guard lock(m_listenersMutex);
        m_listeners.erase(id);
    }

protected:
    void sink_it_(const spdlog::details::log_msg &msg) override
    {
        spdlog::memory_buf_t formatted;
        formatter_->format(msg, formatted);
        QString line = QString::fromUtf8(formatted.data(), qsizetype(formatted.size())).trimmed();
        QtMsgType type = QtDebugMsg;
        if (msg.level == spdlog::level::info)
            type = QtInfoMsg;
        else if (msg.level == spdlog::level::warn)
            type = QtWarningMsg;
        else if (msg.level >= spdlog::level::err)
            type = QtCriticalMsg;
        std::lock_guard lock(m_listenersMutex);
        for (const auto &[id, listener] : m_listeners)
            listener(type, line);
    }
    void flush_() override {}

private:
    std::mutex m_listenersMutex;
    std::map<int, Listener> m_listeners;
    int m_lastId = 0;
};

const std::shared_ptr<ListenerSink> &listenerSinkPtr()
{
    static const auto sink = std::make_shared<ListenerSink>();
    return sink;
}

ListenerSink &listenerSink()
{
    return *listenerSinkPtr();
}

spdlog::level::level_enum toSpdlog(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return spdlog::level::debug;
    case QtInfoMsg:
        return spdlog::level::info;
    case QtWarningMsg:
        return spdlog::level::warn;
    case QtCriticalMsg:
        return spdlog::level::err;
    case QtFatalMsg:
        return spdlog::level::critical;
    }
    return spdlog::level::info;
}

std::shared_ptr<spdlog::logger> currentLogger()
{
    std::lock_guard lock(s_mutex);
    return s_logger;
}

void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const auto logger = currentLogger();
    if (!logger)
        return;
    const QString safe = redactSecrets(message);
    const char *category = context.category ? context.category : "default";
    logger->log(toSpdlog(type), "[{}] {}", category, safe.toStdString());
    if (type >= QtWarningMsg)
        logger->flush();
}

} // namespace

void install(const Options &options)
{
    std::vector<spdlog::sink_ptr> sinks;
    if (!options.filePath.isEmpty()) {
        QDir().mkpath(QFileInfo(options.filePath).absolutePath());
        try {
            auto file = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
                options.filePath.toStdString(), static_cast<std::size_t>(options.maxFileSize),
                static_cast<std::size_t>(options.maxFiles));
            file->set_level(spdlog::level::debug);
            sinks.push_back(std::move(file));
        } catch (const spdlog::spdlog_ex &e) {
            // Logging must never take the application down: fall back to stderr only.
            fprintf(stderr, "mwb: cannot open log file: %s\n", e.what());
        }
    }
    if (options.toStderr) {
        auto err = std::make_shared<spdlog::sinks::stderr_color_sink_mt>(spdlog::color_mode::automatic);
        err->set_level(toSpdlog(options.stderrLevel));
        sinks.push_back(std::move(err));
    }
    sinks.push_back(listenerSinkPtr());
    auto logger = std::make_shared<spdlog::logger>("mwb", sinks.begin(), sinks.end());
    logger->set_level(spdlog::level::debug);
    logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %L [%t] %v");
    {
        std::lock_guard lock(s_mutex);
        s_logger = std::move(logger);
    }
    QtMessageHandler previous = qInstallMessageHandler(handler);
    if (previous != handler)
        s_previous = previous;
}

void uninstall()
{
    qInstallMessageHandler(s_previous);
    s_previous = nullptr;
    std::shared_ptr<spdlog::logger> logger;
    {
        std::lock_guard lock(s_mutex);
        logger.swap(s_logger);
    }
    if (logger)
        logger->flush();
}

void flush()
{
    if (const auto logger = currentLogger())
        logger->flush();
}

int addListener(Listener listener)
{
    return listenerSink().add(std::move(listener));
}

void removeListener(int id)
{
    listenerSink().remove(id);
}

QString defaultLogFile(const QString &name)
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/logs/"_s + name + u".log"_s;
}

} // namespace core::logging
