// SPDX-License-Identifier: GPL-3.0-or-later
#include "versioninfo.h"

#include <QtGlobal>

#include <libpq-fe.h>
#include <pqxx/version>
#include <spdlog/version.h>

using namespace Qt::StringLiterals;

namespace core {

QString applicationVersion()
{
    return QStringLiteral(MWB_VERSION);
}

QList<ComponentVersion> coreComponentVersions()
{
    QList<ComponentVersion> list;
    QString qt = QString::fromLatin1(qVersion());
    if (qt != QLatin1StringView(QT_VERSION_STR))
        qt += u" (built with "_s + QLatin1StringView(QT_VERSION_STR) + u')';
    list.append({u"Qt"_s, qt});
    list.append({u"libpqxx"_s, QString::fromLatin1(PQXX_VERSION)});
    const int pq = PQlibVersion(); // e.g. 170012 for 17.12
    list.append({u"libpq"_s, u"%1.%2"_s.arg(pq / 10000).arg(pq % 10000)});
    list.append({u"spdlog"_s, u"%1.%2.%3"_s.arg(SPDLOG_VER_MAJOR).arg(SPDLOG_VER_MINOR).arg(SPDLOG_VER_PATCH)});
#if defined(__clang__)
    list.append({u"Compiler"_s, u"Clang "_s + QLatin1StringView(__clang_version__)});
#elif defined(__GNUC__)
    list.append({u"Compiler"_s, u"GCC "_s + QLatin1StringView(__VERSION__)});
#endif
    return list;
}

QString formatVersions(const QString &program, const QList<ComponentVersion> &components)
{
    QString out = program + u' ' + applicationVersion() + u'\n';
    for (const auto &c : components)
        out += u"  "_s + c.name + u' ' + c.version + u'\n';
    return out;
}

} // namespace core
