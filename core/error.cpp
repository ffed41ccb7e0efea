// SPDX-License-Identifier: GPL-3.0-or-later
#include "error.h"

#include "redact.h"

using namespace Qt::StringLiterals;

namespace core {

QString codeName(Error::Code code)
{
    switch (code) {
    case Error::Code::Unknown:
        return u"unknown"_s;
    case Error::Code::InvalidArgument:
        return u"invalid-argument"_s;
    case Error::Code::Io:
        return u"io"_s;
    case Error::Code::ConnectionFailed:
        return u"connection-failed"_s;
    case Error::Code::AuthenticationFailed:
        return u"authentication-failed"_s;
    case Error::Code::Sql:
        return u"sql"_s;
    case Error::Code::Cancelled:
        return u"cancelled"_s;
    case Error::Code::Timeout:
        return u"timeout"_s;
    case Error::Code::Unsupported:
        return u"unsupported"_s;
    }
    return u"unknown"_s;
}

QDebug operator<<(QDebug debug, const Error &error)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "Error(" << codeName(error.code);
    if (!error.sqlState.isEmpty())
        debug << ", sqlstate " << error.sqlState;
    debug << ", " << redactSecrets(error.detail) << ')';
    return debug;
}

} // namespace core
