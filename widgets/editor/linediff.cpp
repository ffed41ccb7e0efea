// SPDX-License-Identifier: GPL-3.0-or-later
#include "linediff.h"

#include <vector>

namespace widgets::editor {

namespace {

enum class Op : quint8 { Same, Del, Ins };

// Myers' greedy algorithm with the V arrays of each step kept for the backtrack.
std::vector<Op> myers(const QStringList &a, const QStringList &b)
{
    const int n = static_cast<int>(a.size());
    const int m = static_cast<int>(b.size());
    const int max = n + m;
    std::vector<int> v(static_cast<size_t>(2 * max + 3), 0);
    std::vector<std::vector<int>> trace;
    const auto at = [&](int k) -> int & { return v[static_cast<size_t>(k + max + 1)]; };
    int found = -1;
    for (int d = 0; d <= max && found < 0; ++d) {
        trace.push_back(v);
        for (int k = -d; k <= d; k += 2) {
            int x = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? at(k + 1) : at(k - 1) + 1;
            int y = x - k;
            while (x < n && y < m && a.at(x) == b.at(y)) {
                ++x;
                ++y;
            }
            at(k) = x;
            if (x >= n && y >= m) {
                found = d;
                break;
            }
        }
    }
    std::vector<Op> ops;
    int x = n;
    int y = m;
    for (int d = found; d > 0; --d) {
        const auto &pv = trace[static_cast<size_t>(d)];
        const auto pat = [&](int k) { return pv[static_cast<size_t>(k + max + 1)]; };
        const int k = x - y;
        const bool down = (k == -d || (k != d && pat(k - 1) < pat(k + 1)));
        const int prevK = down ? k + 1 : k - 1;
        const int prevX = pat(prevK);
        const int prevY = prevX - prevK;
        while (x > prevX && y > prevY) {
            ops.push_back(Op::Same);
            --x;
            --y;
        }
        ops.push_back(down ? Op::Ins : Op::Del);
        x = prevX;
        y = prevY;
    }
    while (x > 0 && y > 0) {
        ops.push_back(Op::Same);
        --x;
        --y;
    }
    return {ops.rbegin(), ops.rend()};
}

} // namespace

QList<DiffRow> diffLines(const QStringList &left, const QStringList &right)
{
    const std::vector<Op> ops = myers(left, right);
    QList<DiffRow> rows;
    int l = 0;
    int r = 0;
    size_t i = 0;
    while (i < ops.size()) {
        if (ops[i] == Op::Same) {
            rows.append({DiffRow::Kind::Same, l++, r++});
            ++i;
            continue;
        }
        QList<int> dels;
        QList<int> inss;
        while (i < ops.size() && ops[i] != Op::Same) {
            if (ops[i] == Op::Del)
                dels.append(l++);
            else
                inss.append(r++);
            ++i;
        }
        const qsizetype paired = std::min(dels.size(), inss.size());
        for (qsizetype j = 0; j < paired; ++j)
            rows.append({DiffRow::Kind::Changed, dels.at(j), inss.at(j)});
        for (qsizetype j = paired; j < dels.size(); ++j)
            rows.append({DiffRow::Kind::Removed, dels.at(j), -1});
        for (qsizetype j = paired; j < inss.size(); ++j)
            rows.append({DiffRow::Kind::Added, -1, inss.at(j)});
    }
    return rows;
}

} // namespace widgets::editor
