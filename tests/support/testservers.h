// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace testsupport {

/// A value the database fixture wrote to $MWB_TEST_SERVERS/<server>.env (server: "postgresql", "mariadb").
/// Empty when the fixture did not run or the key is unknown: tests treat that as a failure, never a skip.
QString serverValue(const QString &server, const QString &key);

/// A human-readable reason why serverValue() came back empty, for QVERIFY2 messages.
QString serverUnavailableReason(const QString &server);

} // namespace testsupport

/// Fetches a fixture value into `var`, failing the test (not skipping it) when the server is not there.
#define MWB_REQUIRE_SERVER_VALUE(var, server, key)                                                                    \
    const QString var = testsupport::serverValue(QStringLiteral(server), QStringLiteral(key));                         \
    QVERIFY2(!var.isEmpty(), qPrintable(testsupport::serverUnavailableReason(QStringLiteral(server))))
