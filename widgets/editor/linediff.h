// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QStringList>

namespace widgets::editor {

/// One row of a side-by-side line diff. A side's line index is -1 where that side has no line.
struct DiffRow
{
    enum class Kind : quint8 { Same, Removed, Added, Changed };
    Kind kind = Kind::Same;
    int leftLine = -1; ///< 0-based index into the left lines
    int rightLine = -1;
    bool operator==(const DiffRow &) const = default;
};

/// A minimal line diff (Myers O((N+M)·D)); adjacent removed/added runs are paired into Changed rows.
QList<DiffRow> diffLines(const QStringList &left, const QStringList &right);

} // namespace widgets::editor
