// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDebug>
#include <QMetaType>
#include <QString>

#include <expected>

namespace core {

/// An error that crosses a layer boundary. It carries data, not translated prose: widgets turn the code
/// into a message for the user; `detail` is for developers and logs (and is redacted before logging).
struct Error
{
    enum class Code {
        Unknown,
        InvalidArgument, ///< the caller passed something malformed (a bad URL, an unknown option)
        Io, ///< a file could not be read or written
        ConnectionFailed, ///< the server could not be reached (host, port, socket, TLS)
        AuthenticationFailed, ///< the server rejected the credentials
        Sql, ///< the server rejected a statement; see sqlState
        Cancelled, ///< the user or the caller cancelled the operation
        Timeout, ///< a time limit ran out
        Unsupported, ///< the driver or server lacks what the operation needs
    };

    Code code = Code::Unknown;
    QString detail; ///< developer-facing detail, never shown untranslated as the only message
    QString sqlState; ///< five-character SQLSTATE when the server reported one
    QString statement; ///< the failing statement, when there is one

    static Error make(Code code, QString detail, QString sqlState = {})
    {
        return Error{code, std::move(detail), std::move(sqlState), {}};
    }

    bool operator==(const Error &) const = default;
};

/// The result type of every fallible function in core.
template<typename T>
using Result = std::expected<T, Error>;

/// Shorthand for returning an error: `return fail(Error::Code::Io, u"..."_s);`
inline std::unexpected<Error> fail(Error::Code code, QString detail, QString sqlState = {})
{
    return std::unexpected<Error>(Error::make(code, std::move(detail), std::move(sqlState)));
}

/// A stable, untranslated name for the code (used in logs, JSON output and tests).
QString codeName(Error::Code code);

QDebug operator<<(QDebug debug, const Error &error);

} // namespace core

Q_DECLARE_METATYPE(core::Error)
