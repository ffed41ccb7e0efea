#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `make package-test` (also the last part of `make test`): builds the .deb from the package preset (optimised,
# no tests), validates the desktop file and the AppStream
# metainfo, installs the package into a clean Debian 13 root (a fresh copy of a minimal debootstrap) with apt,
# and runs the installed executables from their installed paths. Needs root, like the build root.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS

# The build's output goes to build-package/build.log; on a failure its end is shown (warnings are errors here,
# and -O3 finds some that the ASan and release builds do not).
packaging/devroot.sh exec -- sh -c 'mkdir -p build-package
    packaging/make-build.sh package >build-package/build.log 2>&1 || {
        grep -E -m 20 -A 3 "error:" build-package/build.log || tail -n 40 build-package/build.log
        echo "package-test: the package build failed; the whole log is build-package/build.log" >&2; exit 1; }
    cd build-package && rm -f migration-workbench_*.deb && cpack -G DEB >/dev/null && ls migration-workbench_*.deb'
deb=$(ls -t build-package/migration-workbench_*.deb | head -n 1)
echo "package-test: built $deb ($(du -h "$deb" | cut -f1))"

packaging/devroot.sh exec -- sh -c '
    set -e
    desktop-file-validate resources/org.migrationworkbench.MigrationWorkbench.desktop
    appstreamcli validate --no-net --pedantic resources/org.migrationworkbench.MigrationWorkbench.metainfo.xml
    dpkg-deb --info '"$deb"' | sed -n "/Depends/p"
    dpkg-deb --contents '"$deb"' | awk "{print \$6}" > build-package/package-contents.txt'
for f in ./usr/bin/migration-workbench ./usr/bin/mwb ./usr/share/applications/org.migrationworkbench.MigrationWorkbench.desktop \
         ./usr/share/metainfo/org.migrationworkbench.MigrationWorkbench.metainfo.xml \
         ./usr/share/icons/hicolor/scalable/apps/org.migrationworkbench.MigrationWorkbench.svg \
         ./usr/share/icons/hicolor/48x48/apps/org.migrationworkbench.MigrationWorkbench.png \
         ./usr/share/man/man1/mwb.1 ./usr/share/bash-completion/completions/mwb ./usr/share/zsh/vendor-completions/_mwb \
         ./usr/share/doc/migration-workbench/user-guide.md ./usr/share/doc/migration-workbench/rules/README.md \
         ./usr/share/doc/migration-workbench/rules/require-concurrent-index-creation.md; do
    grep -qxF "$f" build-package/package-contents.txt || { echo "package-test: $f is not in the package" >&2; exit 1; }
done
echo "package-test: the desktop file and metainfo validate; the package holds every file it should"

base=${MWB_CLEANROOT:-/var/cache/migration-workbench/cleanroot}
MWB_DEVROOT=$base MWB_DEVROOT_PACKAGES=packaging/cleanroot.packages MWB_DEVROOT_MODE=root packaging/devroot.sh setup
work=$(mktemp -d /var/tmp/mwb-package-test.XXXXXX)
trap 'rm -rf --one-file-system "$work"' EXIT
cp -a "$base/." "$work/"
cp "$deb" "$work/tmp/migration-workbench.deb"
MWB_DEVROOT=$work MWB_DEVROOT_PACKAGES=packaging/cleanroot.packages MWB_DEVROOT_MODE=root packaging/devroot.sh exec -- sh -c '
    set -e
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends /tmp/migration-workbench.deb >/tmp/apt.log 2>&1 || { tail -n 30 /tmp/apt.log; exit 1; }
    cd /tmp
    echo "--- installed: $(command -v migration-workbench) $(command -v mwb)"
    migration-workbench --version | tee /tmp/gui-version.txt
    grep -q "^migration-workbench 0\." /tmp/gui-version.txt
    grep -q "KSyntaxHighlighting 6\." /tmp/gui-version.txt
    mwb --version | grep -q "^mwb 0\."
    printf "CREATE INDEX orders_customer_idx ON orders (customer_id);\n" > /tmp/m.sql
    status=0; mwb lint --format json /tmp/m.sql > /tmp/lint.json || status=$?
    cat /tmp/lint.json
    [ "$status" = 1 ] || { echo "mwb lint: expected exit status 1 (an error finding), got $status"; exit 1; }
    grep -q "require-concurrent-index-creation" /tmp/lint.json
    QT_QPA_PLATFORM=offscreen migration-workbench --screenshot-dir /tmp/shots >/dev/null
    test -s /tmp/shots/main-window.png
    man -w mwb >/dev/null 2>&1 || test -f /usr/share/man/man1/mwb.1*
'
echo "package-test: installed into a clean Debian 13 root and ran from /usr/bin in $((SECONDS - start)) s"
