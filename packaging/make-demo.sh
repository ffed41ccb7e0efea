#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `make demo`: builds the workbench, starts a throwaway PostgreSQL 17 with the shop demo's databases
# (shop_dev fully migrated, shop_staging behind), binds the demo project's environments to them and opens the
# workbench on examples/shop. Without a display it runs the scripted tour offscreen (open the project, open a
# flagged migration, rehearse and apply to the next environment) and saves a PNG of each stage to build/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset ci >/dev/null
cmake --build --preset ci --target migration-workbench mwb # only what the demo runs
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}

demo=build/demo
servers=build/demo-servers
bash tests/fixtures/dbservers.sh stop postgresql "$servers" >/dev/null 2>&1 || true
rm -rf "$demo" "$servers"
mkdir -p "$demo/home"
bash tests/fixtures/dbservers.sh start postgresql "$servers"
trap 'bash tests/fixtures/dbservers.sh stop postgresql "$servers" >/dev/null 2>&1 || true' EXIT
env_value() { sed -n "s/^$1=//p" "$servers/postgresql.env"; }
port=$(env_value MWB_TEST_PG_PORT)
password=$(env_value MWB_TEST_PG_PASSWORD)
bindir=$(env_value MWB_TEST_PG_BINDIR)
PGPASSWORD=$(env_value MWB_TEST_PG_SUPERUSER_PASSWORD) "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres \
    -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE shop_dev OWNER mwb_test" -c "CREATE DATABASE shop_staging OWNER mwb_test"

# The password lives in a pgpass file for this run only; the workbench's profiles carry none.
export PGPASSFILE=$(pwd)/$demo/home/pgpass
printf '127.0.0.1:%s:*:mwb_test:%s\n' "$port" "$password" >"$PGPASSFILE"
chmod 600 "$PGPASSFILE"
base=postgresql://mwb_test@127.0.0.1:$port

# shop_dev has everything; shop_staging is behind (up to the payments table).
MWB_PASSWORD=$password MWB_AUDIT_LOG=$demo/home/audit.jsonl build/bin/mwb apply examples/shop --url "$base/shop_dev" --env shop_dev >/dev/null
MWB_PASSWORD=$password MWB_AUDIT_LOG=$demo/home/audit.jsonl build/bin/mwb apply examples/shop --url "$base/shop_staging" \
    --env shop_staging --to 20250310152000 >/dev/null
echo "make demo: PostgreSQL on 127.0.0.1:$port with shop_dev (migrated) and shop_staging (behind)"

# A private settings folder: the demo never touches the user's own connections or layout.
export XDG_CONFIG_HOME=$(pwd)/$demo/home/config XDG_DATA_HOME=$(pwd)/$demo/home/data MWB_AUDIT_LOG=$(pwd)/$demo/home/audit.jsonl
args=(examples/shop --bind "shop_dev=$base/shop_dev" --bind "shop_staging=$base/shop_staging")
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "${QT_QPA_PLATFORM:-}" != offscreen ]; then
    build/bin/migration-workbench "${args[@]}" "$@"
    exit 0
fi
echo "make demo: no display; running the scripted tour offscreen"
QT_QPA_PLATFORM=offscreen build/bin/migration-workbench "${args[@]}" --tour "$demo" "$@"
echo "make demo: screenshots are in $(pwd)/$demo/"
