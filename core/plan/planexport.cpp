// SPDX-License-Identifier: GPL-3.0-or-later
#include "planexport.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace core::plan {

namespace {

QList<const Step *> inDayOrder(const Plan &plan)
{
    QList<const Step *> steps;
    for (const Step &s : plan.steps)
        steps.append(&s);
    std::stable_sort(steps.begin(), steps.end(), [](const Step *a, const Step *b) {
        if (a->day != b->day)
            return a->day.isValid() && (!b->day.isValid() || a->day < b->day);
        return int(a->phase) < int(b->phase);
    });
    return steps;
}

QString markdownCell(QString text)
{
    return text.replace(u'|', u"\\|"_s).replace(u'\n', u' ');
}

QString kindLabel(const Step &s)
{
    QString k = stepKindName(s.kind);
    if (s.kind == StepKind::Deploy) {
        if (!s.deployVersion.isEmpty())
            k += u' ' + s.deployVersion;
        if (s.deployRole != DeployRole::None)
            k += u" (" + deployRoleName(s.deployRole) + u')';
    }
    return k;
}

// RFC 5545 3.3.11: backslash, semicolon, comma and newlines are escaped in TEXT values.
QString icsText(QString text)
{
    return text.replace(u'\\', u"\\\\"_s).replace(u';', u"\\;"_s).replace(u',', u"\\,"_s).replace(u'\n', u"\\n"_s);
}

// RFC 5545 3.1: lines longer than 75 octets are folded with CRLF and one space, never inside a UTF-8 sequence.
QByteArray foldLine(const QString &line)
{
    const QByteArray utf8 = line.toUtf8();
    QByteArray out;
    qsizetype start = 0;
    qsizetype limit = 75;
    while (utf8.size() - start > limit) {
        qsizetype cut = start + limit;
        while (cut > start && (static_cast<unsigned char>(utf8.at(cut)) & 0xC0) == 0x80)
            --cut; // do not split a multi-byte character
        out += utf8.mid(start, cut - start) + "\r\n ";
        start = cut;
        limit = 74; // the leading space counts
    }
    out += utf8.mid(start) + "\r\n";
    return out;
}

} // namespace

QString planToMarkdown(const Plan &plan)
{
    QString md = u"# Rollout plan: "_s + (plan.name.isEmpty() ? u"(unnamed)"_s : plan.name) + u"\n\n"_s;
    if (!plan.subject.isEmpty())
        md += u"Change: "_s + plan.subject + u"\n\n"_s;
    if (plan.firstDay().isValid())
        md += u"From %1 to %2, %3 steps.\n\n"_s.arg(plan.firstDay().toString(Qt::ISODate), plan.lastDay().toString(Qt::ISODate))
                  .arg(plan.steps.size());
    md += u"| Day | Phase | Step | Kind | Depends on | Migrations |\n|---|---|---|---|---|---|\n"_s;
    for (const Step *s : inDayOrder(plan)) {
        QString title = s->title.isEmpty() ? s->id : s->title;
        if (s->kind == StepKind::Verification && !s->verificationSql.isEmpty())
            title += u" (`"_s + s->verificationSql.simplified() + u"`)"_s;
        QStringList deps;
        for (const QString &d : s->dependsOn) {
            const Step *dep = plan.step(d);
            deps.append(dep && !dep->title.isEmpty() ? dep->title : d);
        }
        md += u"| %1 | %2 | %3 | %4 | %5 | %6 |\n"_s.arg(
            s->day.isValid() ? s->day.toString(Qt::ISODate) : u"unscheduled"_s, phaseName(s->phase), markdownCell(title),
            markdownCell(kindLabel(*s)), markdownCell(deps.join(u", "_s)), markdownCell(s->migrations.join(u", "_s)));
    }
    return md;
}

QByteArray planToICalendar(const Plan &plan, const QDateTime &stamp)
{
    QByteArray ics;
    ics += "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Migration Workbench//Rollout plan//EN\r\nCALSCALE:GREGORIAN\r\n";
    ics += foldLine(u"X-WR-CALNAME:"_s + icsText(plan.name));
    const QString dtstamp = stamp.toUTC().toString(u"yyyyMMdd'T'HHmmss'Z'"_s);
    QString uidBase = plan.name.toLower();
    uidBase.replace(QChar(u' '), QChar(u'-'));
    for (const Step *s : inDayOrder(plan)) {
        if (!s->day.isValid())
            continue;
        ics += "BEGIN:VEVENT\r\n";
        ics += foldLine(u"UID:"_s + s->id + u'@' + uidBase + u".migration-workbench"_s);
        ics += foldLine(u"DTSTAMP:"_s + dtstamp);
        ics += foldLine(u"DTSTART;VALUE=DATE:"_s + s->day.toString(u"yyyyMMdd"_s));
        ics += foldLine(u"DTEND;VALUE=DATE:"_s + s->day.addDays(1).toString(u"yyyyMMdd"_s));
        ics += foldLine(u"SUMMARY:"_s + icsText(u"[%1] %2"_s.arg(phaseName(s->phase), s->title.isEmpty() ? s->id : s->title)));
        QString description = kindLabel(*s);
        if (!s->migrations.isEmpty())
            description += u"\nMigrations: "_s + s->migrations.join(u", "_s);
        if (!s->verificationSql.isEmpty())
            description += u"\nCheck: "_s + s->verificationSql;
        if (!s->notes.isEmpty())
            description += u'\n' + s->notes;
        ics += foldLine(u"DESCRIPTION:"_s + icsText(description));
        ics += foldLine(u"CATEGORIES:"_s + phaseName(s->phase));
        ics += "END:VEVENT\r\n";
    }
    ics += "END:VCALENDAR\r\n";
    return ics;
}

} // namespace core::plan
