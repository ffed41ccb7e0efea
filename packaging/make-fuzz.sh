#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `make fuzz`: build the libFuzzer targets with clang (ASan+UBSan) and run each for a bounded time.
# MWB_FUZZ_SECONDS sets the time per target (default 60).
set -euo pipefail
cd "$(dirname "$0")/.."
packaging/make-build.sh fuzz
seconds=${MWB_FUZZ_SECONDS:-60}
shopt -s nullglob
targets=(build-fuzz/bin/fuzz_*)
if [ ${#targets[@]} -eq 0 ]; then
    echo "make fuzz: no fuzz targets are built yet" >&2
    exit 1
fi
for t in "${targets[@]}"; do
    name=$(basename "$t")
    corpus=tests/fuzz/corpus/${name#fuzz_}
    work=build-fuzz/corpus/${name#fuzz_}
    mkdir -p "$work"
    echo "make fuzz: $name for $seconds s"
    "$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 "$work" "$corpus"
done
