#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `make test`: build with the ci preset (ASan+UBSan, -Werror) and run every test but the benchmarks.
# The CTest fixtures start PostgreSQL 17 and MariaDB; a server that does not start fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
packaging/make-build.sh ci
echo "make test: built in $((SECONDS - start)) s"
rc=0
ctest --preset ci --parallel "$(nproc)" || rc=$?
# Belt and braces: no server outlives the run, even when ctest was interrupted between fixtures.
bash tests/fixtures/dbservers.sh stop all build/test-servers || true
echo "make test: finished in $((SECONDS - start)) s with status $rc"
exit $rc
