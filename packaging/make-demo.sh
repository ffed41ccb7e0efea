#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `make demo`: build and start the workbench. Without a display it runs offscreen and saves screenshots of
# the real windows under build/demo/ so a headless machine still shows something.
set -euo pipefail
cd "$(dirname "$0")/.."
packaging/make-build.sh ci
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "${QT_QPA_PLATFORM:-}" != offscreen ]; then
    exec build/bin/migration-workbench "$@"
fi
echo "make demo: no display; running offscreen and saving screenshots"
rm -rf build/demo
QT_QPA_PLATFORM=offscreen build/bin/migration-workbench --screenshot-dir build/demo "$@"
echo "make demo: screenshots are in $(pwd)/build/demo/"
