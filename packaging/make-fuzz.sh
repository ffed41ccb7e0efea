#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `make fuzz`: build the whole tree with the `fuzz` preset (clang-19, libFuzzer, ASan+UBSan, -Werror) and run
# every libFuzzer target in build-fuzz/bin for a bounded time each, starting from the checked-in seed corpus
# (tests/fuzz/corpus/<name>). New inputs go to build-fuzz/corpus/<name> (never into the source tree); a crash,
# leak, timeout or out-of-memory input is written to build-fuzz/artifacts/<name>/ and makes the run fail after
# every target has had its turn. Add such an input to tests/fuzz/corpus/<name>/ as a regression seed once fixed
# (tst_fuzz_<name>_corpus replays the seeds in `make test`).
#   MWB_FUZZ_SECONDS  time per target (default 60)
#   MWB_FUZZ_TARGETS  space-separated target names to run (default: all)
#   MWB_FUZZ_BUILD=0  skip the build (use the existing build-fuzz/)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${MWB_FUZZ_BUILD:-1}" != 0 ]; then
    packaging/make-build.sh fuzz
fi
seconds=${MWB_FUZZ_SECONDS:-60}
shopt -s nullglob
if [ -n "${MWB_FUZZ_TARGETS:-}" ]; then
    targets=()
    for n in $MWB_FUZZ_TARGETS; do targets+=("build-fuzz/bin/$n"); done
else
    targets=(build-fuzz/bin/fuzz_*)
fi
if [ ${#targets[@]} -eq 0 ]; then
    echo "make fuzz: no fuzz targets are built yet" >&2
    exit 1
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:detect_stack_use_after_return=1:strict_init_order=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=()
for t in "${targets[@]}"; do
    if [ ! -x "$t" ]; then
        echo "make fuzz: $t is not built" >&2
        failed+=("$(basename "$t")")
        continue
    fi
    name=$(basename "$t")
    corpus=tests/fuzz/corpus/${name#fuzz_}
    work=build-fuzz/corpus/${name#fuzz_}
    artifacts=build-fuzz/artifacts/${name#fuzz_}
    mkdir -p "$work" "$artifacts"
    log=build-fuzz/$name.log
    echo "make fuzz: $name for $seconds s (seeds: $corpus, log: $log)"
    set +e
    "$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
        -artifact_prefix="$artifacts/" "$work" "$corpus" >"$log" 2>&1
    rc=$?
    set -e
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    secs=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
    if [ $rc -ne 0 ]; then
        echo "make fuzz: $name FAILED (exit $rc) after ${runs:-?} runs; the input is in $artifacts/:" >&2
        grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|fuzz_[a-z]+: )' "$log" | head -n 5 >&2 || true
        failed+=("$name")
    else
        echo "make fuzz: $name ok: ${runs:-?} runs (${secs:-?}/s), ${cov:-cov: ?}, corpus $(ls "$work" | wc -l) inputs"
    fi
done
if [ ${#failed[@]} -ne 0 ]; then
    echo "make fuzz: failed: ${failed[*]}" >&2
    exit 1
fi
