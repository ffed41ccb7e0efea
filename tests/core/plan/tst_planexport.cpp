// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/plan/planexport.h"

#include "planfixtures.h"

#include <QTest>

using namespace core::plan;

class TestPlanExport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void markdown()
    {
        const QString md = planToMarkdown(renameColumnPlan());
        QVERIFY(md.startsWith(u"# Rollout plan: Rename users.email to email_address\n"_s));
        QVERIFY(md.contains(u"From 2026-12-01 to 2026-12-09, 7 steps."_s));
        const QStringList lines = md.split(u'\n');
        const qsizetype header = lines.indexOf(u"| Day | Phase | Step | Kind | Depends on | Migrations |"_s);
        QVERIFY(header > 0);
        QCOMPARE(lines.at(header + 2), u"| 2026-12-01 | expand | Add email_address | schema |  | 0042_add_email_address.up.sql |"_s);
        QCOMPARE(lines.at(header + 3), u"| 2026-12-02 | expand | Deploy dual write | deploy v2.3.0 (dual-write) | Add email_address |  |"_s);
        QCOMPARE(lines.at(header + 8), u"| 2026-12-09 | contract | Drop users.email | schema | Deploy without email | 0044_drop_email.up.sql |"_s);
        QVERIFY(md.contains(u"(`SELECT 1 FROM users WHERE email_address IS DISTINCT FROM email LIMIT 1`)"_s));
    }

    void icalendar()
    {
        Plan p = renameColumnPlan();
        p.steps[0].notes = u"Nullable, no default: no rewrite; a long note, with commas; and semicolons, that runs past the seventy-five octet limit of RFC 5545 — with ünïcödé"_s;
        const QByteArray ics = planToICalendar(p, QDateTime(QDate(2026, 11, 24), QTime(9, 0), QTimeZone::UTC));
        QVERIFY(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        QVERIFY(ics.endsWith("END:VCALENDAR\r\n"));
        QCOMPARE(ics.count("BEGIN:VEVENT\r\n"), 7);
        QCOMPARE(ics.count("END:VEVENT\r\n"), 7);
        QVERIFY(ics.contains("DTSTART;VALUE=DATE:20261201\r\nDTEND;VALUE=DATE:20261202\r\n"));
        QVERIFY(ics.contains("DTSTAMP:20261124T090000Z\r\n"));
        QVERIFY(ics.contains("SUMMARY:[contract] Drop users.email\r\n"));
        QVERIFY(ics.contains("UID:drop@rename-users.email-to-email_address.migration-workbench\r\n"));
        // Every physical line is at most 75 octets and ends in CRLF; no bare LF anywhere.
        const QList<QByteArray> lines = ics.split('\n');
        for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
            QVERIFY2(lines.at(i).endsWith('\r'), lines.at(i).constData());
            QVERIFY2(lines.at(i).size() - 1 <= 75, lines.at(i).constData());
        }
        // Unfolding gives back the escaped text, and the UTF-8 survived folding.
        QByteArray unfolded = ics;
        unfolded.replace("\r\n ", "");
        QVERIFY(unfolded.contains("with commas\\; and semicolons\\, that runs past"));
        QVERIFY(QString::fromUtf8(unfolded).contains(u"ünïcödé"_s));
    }
};

QTEST_GUILESS_MAIN(TestPlanExport)
#include "tst_planexport.moc"
