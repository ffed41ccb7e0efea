// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "plan.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace core::plan {

/// The plan as Markdown for a change ticket: a heading, the subject, and one table row per step in day order.
QString planToMarkdown(const Plan &plan);

/// The plan as an iCalendar file (RFC 5545): one all-day VEVENT per step, CRLF line ends, long lines folded.
/// `stamp` is the DTSTAMP of every event (tests pass a fixed one).
QByteArray planToICalendar(const Plan &plan, const QDateTime &stamp = QDateTime::currentDateTimeUtc());

} // namespace core::plan
