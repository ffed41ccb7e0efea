#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# packaging/devroot.sh: build and run Migration Workbench inside a Debian 13 (trixie) build root.
#
#   devroot.sh setup              create or update the build root (idempotent)
#   devroot.sh exec -- CMD...     run CMD inside the root, in the checkout, at the same absolute path
#   devroot.sh shell              an interactive shell inside the root
#   devroot.sh info               where the root is and whether commands run natively
#   devroot.sh destroy            remove the build root
#
# Environment:
#   MWB_DEVROOT          the root's folder (default /var/cache/migration-workbench/devroot)
#   MWB_DEVROOT_MODE     auto (default): native on a Debian 13 host that has every package, else the root;
#                        native: always run commands directly on the host; root: always use the build root
#   MWB_DEVROOT_MIRROR   the Debian mirror to bootstrap from (default: the one the host's apt sources name)
#   MWB_DEVROOT_PACKAGES the package list to install (default: packaging/devroot.packages)
#
# The root is made once with debootstrap and gets the packages listed in packaging/devroot.packages; when that
# list changes (a hash marker records the installed list), the next call installs the difference. Commands run
# in a private mount namespace: nothing stays mounted on the host when they return.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
checkout=$(cd "$here/.." && pwd)
root=${MWB_DEVROOT:-/var/cache/migration-workbench/devroot}
pkglist=${MWB_DEVROOT_PACKAGES:-$here/devroot.packages}
suite=trixie
marker=$root/.mwb-packages.sha256

die() { echo "devroot: $*" >&2; exit 2; }
say() { echo "devroot: $*" >&2; }

packages() { sed -e 's/#.*//' -e 's/[[:space:]]//g' "$pkglist" | grep -v '^$' | sort -u; }
list_hash() { packages | sha256sum | cut -d' ' -f1; }

host_is_native() {
    [ -r /etc/os-release ] || return 1
    # shellcheck disable=SC1091
    (. /etc/os-release && [ "${ID:-}" = debian ] && [ "${VERSION_CODENAME:-}" = "$suite" ]) || return 1
    local missing
    # shellcheck disable=SC2046
    missing=$(dpkg-query -W -f='${db:Status-Status} ${Package}\n' $(packages) 2>&1 | grep -v '^installed ' || true)
    [ -z "$missing" ]
}

use_native() {
    case "${MWB_DEVROOT_MODE:-auto}" in
        native) return 0 ;;
        root) return 1 ;;
        auto) host_is_native ;;
        *) die "MWB_DEVROOT_MODE must be auto, native or root (got '${MWB_DEVROOT_MODE}')" ;;
    esac
}

need_root() {
    [ "$(id -u)" = 0 ] && return 0
    die "the Debian 13 build root needs root (debootstrap, chroot and mount namespaces).
  Run as root (sudo make ...), or on a Debian 13 host with the packages of packaging/devroot.packages
  installed, set MWB_DEVROOT_MODE=native to build without the root."
}

# The Debian archive the host's apt uses, read from its sources (deb822 and one-line forms). Security and
# third-party archives are skipped: only a URI that serves a plain Debian suite qualifies.
host_mirror() {
    if [ -n "${MWB_DEVROOT_MIRROR:-}" ]; then echo "$MWB_DEVROOT_MIRROR"; return; fi
    local f uri
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        uri=$(awk '
            BEGIN { RS=""; FS="\n" }
            {
                uris=""; suites=""; types=""
                for (i = 1; i <= NF; i++) {
                    if ($i ~ /^URIs:/)   { uris = $i;   sub(/^URIs:[ \t]*/, "", uris) }
                    if ($i ~ /^Suites:/) { suites = $i; sub(/^Suites:[ \t]*/, "", suites) }
                    if ($i ~ /^Types:/)  { types = $i;  sub(/^Types:[ \t]*/, "", types) }
                }
                if (types ~ /(^| )deb( |$)/ && suites !~ /security/ && suites ~ /^(bookworm|trixie|bullseye|sid|stable|testing)/) {
                    split(uris, u, " "); print u[1]; exit
                }
            }' "$f")
        if [ -n "$uri" ]; then echo "$uri"; return; fi
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        uri=$(awk '$1 == "deb" {
                    i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
                    if ($(i+1) !~ /security/ && $(i+1) ~ /^(bookworm|trixie|bullseye|sid|stable|testing)/) { print $i; exit }
                  }' "$f")
        if [ -n "$uri" ]; then echo "$uri"; return; fi
    done
    die "found no Debian mirror in the host's apt sources; set MWB_DEVROOT_MIRROR"
}

# Runs inside `unshare --mount --propagation private`: mounts what the root needs, then chroots.
# Every mount belongs to this private namespace and disappears with its last process.
enter_namespace() {
    local workdir=$1; shift
    mount --make-rprivate / 2>/dev/null || true
    mount -t proc proc "$root/proc"
    mount --bind /dev "$root/dev"
    mount --bind /dev/pts "$root/dev/pts"
    mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$root/dev/shm"
    mount --bind /sys "$root/sys"
    mkdir -p "$root$checkout"
    mount --bind "$checkout" "$root$checkout"
    if [ -d /tmp/.X11-unix ]; then
        mkdir -p "$root/tmp/.X11-unix"
        mount --bind /tmp/.X11-unix "$root/tmp/.X11-unix"
    fi
    if [ -n "${XAUTHORITY:-}" ] && [ -f "$XAUTHORITY" ]; then
        mkdir -p "$root$(dirname "$XAUTHORITY")"
        touch "$root$XAUTHORITY"
        mount --bind "$XAUTHORITY" "$root$XAUTHORITY"
    fi
    if [ -n "${WAYLAND_DISPLAY:-}" ] && [ -n "${XDG_RUNTIME_DIR:-}" ] && [ -d "$XDG_RUNTIME_DIR" ]; then
        mkdir -p "$root$XDG_RUNTIME_DIR"
        mount --bind "$XDG_RUNTIME_DIR" "$root$XDG_RUNTIME_DIR"
    fi
    cp -f /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
    # The host's CA bundle: where the package registries are reached through a TLS-inspecting proxy, its CA is
    # in the host's bundle only. Node (npm) adds it through NODE_EXTRA_CA_CERTS; the root's own store is untouched.
    local extra_ca=
    if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
        cp -f /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/host-ca-bundle.crt" 2>/dev/null && extra_ca=/etc/ssl/host-ca-bundle.crt
    fi
    grep -q localhost "$root/etc/hosts" 2>/dev/null || printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n' >"$root/etc/hosts"

    local -a envs=(HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
                   LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM="${TERM:-dumb}" MWB_IN_DEVROOT=1)
    [ -n "$extra_ca" ] && envs+=(NODE_EXTRA_CA_CERTS="$extra_ca")
    local name
    for name in $(compgen -e); do
        case "$name" in
            DISPLAY|WAYLAND_DISPLAY|XAUTHORITY|XDG_RUNTIME_DIR|CI|CMAKE_BUILD_PARALLEL_LEVEL|CTEST_*|MWB_*|QT_*|ASAN_OPTIONS|UBSAN_OPTIONS|LSAN_OPTIONS|DEBIAN_FRONTEND)
                envs+=("$name=${!name}") ;;
        esac
    done
    exec chroot "$root" /usr/bin/env -i "${envs[@]}" /bin/bash -c 'cd "$1" && shift && exec "$@"' devroot "$workdir" "$@"
}

in_root() {
    local workdir=$1; shift
    unshare --mount --propagation private -- "$here/devroot.sh" __enter "$workdir" "$@"
}

provision() {
    need_root
    mkdir -p "$(dirname "$root")"
    exec 9>"$root.lock"
    flock 9
    local want; want=$(list_hash)
    if [ -f "$root/.mwb-bootstrapped" ] && [ "$(cat "$marker" 2>/dev/null)" = "$want" ]; then
        exec 9>&-; return 0
    fi
    local t0=$SECONDS
    if [ ! -f "$root/.mwb-bootstrapped" ]; then
        command -v debootstrap >/dev/null || {
            say "installing debootstrap on the host (apt-get)"
            DEBIAN_FRONTEND=noninteractive apt-get update -qq
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
        }
        local mirror; mirror=$(host_mirror)
        say "creating the Debian 13 build root in $root (debootstrap, about a minute)"
        rm -rf "$root.partial" "$root"
        local keyring=()
        [ -f /usr/share/keyrings/debian-archive-keyring.gpg ] && keyring=(--keyring=/usr/share/keyrings/debian-archive-keyring.gpg)
        debootstrap --variant=minbase "${keyring[@]}" "$suite" "$root.partial" "$mirror" >"$root.debootstrap.log" 2>&1 \
            || { tail -n 30 "$root.debootstrap.log" >&2; die "debootstrap failed (log: $root.debootstrap.log)"; }
        printf 'deb %s %s main\ndeb %s %s-updates main\n' "$mirror" "$suite" "$mirror" "$suite" >"$root.partial/etc/apt/sources.list"
        # Packages must not start services inside the root, and PostgreSQL must not create a default cluster:
        # the test fixtures make their own throwaway servers.
        printf '#!/bin/sh\nexit 101\n' >"$root.partial/usr/sbin/policy-rc.d"
        chmod 755 "$root.partial/usr/sbin/policy-rc.d"
        mkdir -p "$root.partial/etc/postgresql-common/createcluster.d"
        echo 'create_main_cluster = false' >"$root.partial/etc/postgresql-common/createcluster.d/mwb.conf"
        touch "$root.partial/.mwb-bootstrapped"
        mv "$root.partial" "$root"
    fi
    say "installing the packages of ${pkglist#"$checkout"/} (first time: about 2 minutes)"
    # shellcheck disable=SC2046
    in_root / /bin/sh -c 'export DEBIAN_FRONTEND=noninteractive;
        apt-get update -qq && apt-get install -y -qq --no-install-recommends "$@" >/var/log/mwb-apt.log 2>&1 \
        || { tail -n 40 /var/log/mwb-apt.log; exit 1; }
        apt-get clean' sh $(packages) || die "package installation failed"
    echo "$want" >"$marker"
    say "build root ready in $((SECONDS - t0)) s"
    exec 9>&-
}

run() {
    local workdir=$PWD
    case "$workdir/" in "$checkout"/*) ;; *) workdir=$checkout ;; esac
    if use_native; then
        cd "$workdir" && exec "$@"
    fi
    provision
    in_root "$workdir" "$@"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
    setup)
        if use_native; then say "this host satisfies ${pkglist#"$checkout"/}: commands run natively"; exit 0; fi
        provision ;;
    exec)
        [ "${1:-}" = "--" ] && shift
        [ $# -gt 0 ] || die "usage: devroot.sh exec -- CMD [ARGS...]"
        run "$@" ;;
    shell)
        run /bin/bash -i ;;
    info)
        echo "checkout: $checkout"
        echo "root:     $root"
        if use_native; then echo "mode:     native (commands run on this host)"; else echo "mode:     build root"; fi
        [ -f "$marker" ] && echo "packages: $(cat "$marker")" ;;
    destroy)
        need_root
        exec 9>"$root.lock"; flock 9
        rm -rf --one-file-system "$root" "$root.partial"
        say "removed $root" ;;
    __enter)
        enter_namespace "$@" ;;
    *)
        sed -n '4,19p' "$0" | sed 's/^# \{0,1\}//' >&2
        exit 2 ;;
esac
