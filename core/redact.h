// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringView>

namespace core {

/// The text that replaces every secret.
inline constexpr QStringView redactedMarker = u"***";

/// Returns `text` with every password it can recognise replaced by `***`:
/// - the password of a URL's user info (`postgresql://user:secret@host/db`),
/// - password-like query parameters (`?password=…`, `&sslpassword=…`),
/// - password-like `key=value` pairs of libpq/ODBC connection strings, quoted or not
///   (`password=secret`, `password='se cret'`, `PWD=secret;`), and environment assignments (`PGPASSWORD=…`),
/// - JSON members named like a password (`"password": "secret"`).
/// Every log message passes through this before it is written anywhere.
QString redactSecrets(QStringView text);

} // namespace core
