// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <algorithm>

namespace core::engine {

/// Exponential backoff: initial, 2×, 4×, … capped at max. attempt is 1-based (the delay before attempt+1).
constexpr int backoffDelayMs(int attempt, int initialMs, int maxMs)
{
    long long delay = initialMs;
    for (int i = 1; i < attempt && delay < maxMs; ++i)
        delay *= 2;
    return static_cast<int>(std::min<long long>(delay, maxMs));
}

static_assert(backoffDelayMs(1, 250, 10000) == 250);
static_assert(backoffDelayMs(3, 250, 10000) == 1000);
static_assert(backoffDelayMs(20, 250, 10000) == 10000);

} // namespace core::engine
