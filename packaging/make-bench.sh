#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `make bench`: optimised build, then every test labelled bench; each prints its figures.
set -euo pipefail
cd "$(dirname "$0")/.."
packaging/make-build.sh release
rc=0
ctest --preset bench || rc=$?
bash tests/fixtures/dbservers.sh stop all build-release/test-servers || true
exit $rc
