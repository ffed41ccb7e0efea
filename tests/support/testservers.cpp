// SPDX-License-Identifier: GPL-3.0-or-later
#include "testservers.h"

#include <QFile>
#include <QHash>

using namespace Qt::StringLiterals;

namespace testsupport {

namespace {

QString envFile(const QString &server)
{
    return qEnvironmentVariable("MWB_TEST_SERVERS") + u'/' + server + u".env"_s;
}

} // namespace

QString serverValue(const QString &server, const QString &key)
{
    QFile file(envFile(server));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        const qsizetype eq = line.indexOf(u'=');
        if (eq > 0 && QStringView(line).left(eq) == key)
            return line.mid(eq + 1);
    }
    return {};
}

QString serverUnavailableReason(const QString &server)
{
    if (qEnvironmentVariableIsEmpty("MWB_TEST_SERVERS"))
        return u"MWB_TEST_SERVERS is not set: run this test through ctest, which starts the %1 fixture"_s.arg(server);
    return u"the %1 test server is not running (%2 missing): its CTest fixture failed"_s.arg(server, envFile(server));
}

} // namespace testsupport
