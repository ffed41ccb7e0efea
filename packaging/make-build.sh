#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Configure and build one CMake preset (default: ci). Runs inside the build root (see Makefile).
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-ci}
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
