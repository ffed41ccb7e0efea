// SPDX-License-Identifier: GPL-3.0-or-later
#include "applytypes.h"

using namespace Qt::StringLiterals;

namespace core::engine {

QString LockObservation::modeName() const
{
    QString m = mode;
    if (m.endsWith(u"Lock"_s))
        m.chop(4);
    QString out;
    for (const QChar c : std::as_const(m)) {
        if (c.isUpper() && !out.isEmpty())
            out += u' ';
        out += c.toUpper();
    }
    return out;
}

QString outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Applied:
        return u"applied"_s;
    case Outcome::RolledBack:
        return u"rolled-back"_s;
    case Outcome::Failed:
        return u"failed"_s;
    case Outcome::Cancelled:
        return u"cancelled"_s;
    case Outcome::NotRehearsable:
        return u"not-rehearsable"_s;
    case Outcome::Skipped:
        return u"skipped"_s;
    }
    return {};
}

int ApplyReport::appliedCount() const
{
    int n = 0;
    for (const auto &m : migrations)
        n += m.outcome == Outcome::Applied ? 1 : 0;
    return n;
}

} // namespace core::engine
