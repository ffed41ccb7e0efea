// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli.h"

#include <cstdio>

using namespace Qt::StringLiterals;

namespace cli {

namespace {
QList<Command> &registry()
{
    static QList<Command> list;
    return list;
}
} // namespace

bool registerCommand(const Command &command)
{
    registry().append(command);
    return true;
}

const QList<Command> &commands()
{
    return registry();
}

std::optional<core::ConnectionParams> connectionFromUrl(const QString &url)
{
    auto params = core::ConnectionParams::fromUrl(url);
    if (!params) {
        err(params.error().detail);
        return std::nullopt;
    }
    if (params->password.isEmpty())
        params->password = qEnvironmentVariable("MWB_PASSWORD");
    return *params;
}

void out(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stdout);
}

void err(const QString &text)
{
    const QByteArray bytes = (u"mwb: "_s + text + u'\n').toUtf8();
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stderr);
}

} // namespace cli
