// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/engine/auditlog.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace core::engine;

class TestAuditLog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void appendsOneLinePerMigrationWithoutSecrets()
    {
        QTemporaryDir dir;
        AuditLog log(dir.filePath(u"sub/audit.jsonl"_s));
        PlannedMigration p1{u"001"_s, u"init"_s, u"abc123"_s, {}, true, {}, {}};
        PlannedMigration p2{u"002"_s, u"more"_s, u"def456"_s, {}, true, {}, {}};
        ApplyReport report;
        report.migrations.append({u"001"_s, u"init"_s, Outcome::Applied, 12, {}});
        report.migrations.append({u"002"_s, u"more"_s, Outcome::RolledBack, 3, {}});
        AuditContext ctx;
        ctx.environment = u"staging"_s;
        ctx.server = u"postgresql://app:hunter2@db/shop"_s;
        ctx.user = u"alice"_s;
        QVERIFY(log.append(ctx, {p1, p2}, report));
        report.migrations.removeLast();
        QVERIFY(log.append(ctx, {p1}, report));

        QFile f(log.path());
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().split('\n');
        QCOMPARE(lines.size(), 4); // three lines and the empty tail
        QVERIFY(lines.last().isEmpty());
        const QJsonObject first = QJsonDocument::fromJson(lines.at(0)).object();
        QCOMPARE(first.value(u"version"_s).toString(), u"001"_s);
        QCOMPARE(first.value(u"checksum"_s).toString(), u"abc123"_s);
        QCOMPARE(first.value(u"outcome"_s).toString(), u"applied"_s);
        QCOMPARE(first.value(u"durationMs"_s).toInt(), 12);
        QCOMPARE(first.value(u"user"_s).toString(), u"alice"_s);
        QCOMPARE(first.value(u"environment"_s).toString(), u"staging"_s);
        QVERIFY(!first.value(u"host"_s).toString().isEmpty());
        QVERIFY(!first.value(u"time"_s).toString().isEmpty());
        QCOMPARE(QJsonDocument::fromJson(lines.at(1)).object().value(u"outcome"_s).toString(), u"rolled-back"_s);
        for (const QByteArray &line : lines)
            QVERIFY(!line.contains("hunter2"));
    }

    void unwritablePathIsAnError()
    {
        AuditLog log(u"/proc/mwb-no-such-dir/audit.jsonl"_s);
        ApplyReport report;
        report.migrations.append({u"001"_s, {}, Outcome::Applied, 1, {}});
        const auto r = log.append({}, {}, report);
        QVERIFY(!r);
        QCOMPARE(r.error().code, core::Error::Code::Io);
    }
};

QTEST_GUILESS_MAIN(TestAuditLog)
#include "tst_auditlog.moc"
