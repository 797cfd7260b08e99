#!/usr/bin/env bash
# Install the system packages the console needs (Debian/Ubuntu, apt). Idempotent: does
# nothing when everything is present.
#
#   bash scripts/install-system-deps.sh run      # to run the console (scripts/run-sandbox.sh)
#   bash scripts/install-system-deps.sh          # everything: run + tests + bundle build
#                                                # (scripts/test.sh, CI); as root, or with sudo
#
# run:   python3-venv (to create .venv); Qt's xcb platform plugin runtime (libxcb-*,
#        libxkbcommon-x11, EGL/GL, fontconfig, D-Bus library); a CJK font, so Chinese
#        renders (fonts-wqy-microhei)
# tests: xvfb, dbus, gnome-keyring: headless tests, a real Secret Service for keyring tests
#        postgresql, postgresql-contrib: the team-mode tests start a throw-away PostgreSQL
#        cluster of their own (tests/pg.py; initdb/pg_ctl from /usr/lib/postgresql/<v>/bin)
# build: binutils (PyInstaller uses objdump/strip; build.spec uses as/ld/readelf to slim the
#        bundle: scripts/trim_icu_data.py, scripts/share_openssl.py), git
# On other systems it only says what to install and carries on.
set -euo pipefail

RUN_PACKAGES=(
    python3 python3-venv
    libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0
    libxcb-xinerama0 libxcb-xkb1 libxcb-cursor0 libxkbcommon0 libxkbcommon-x11-0
    libegl1 libgl1 libopengl0 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0
    fonts-wqy-microhei fontconfig
)
TEST_AND_BUILD_PACKAGES=(
    python3-pip
    xvfb xauth dbus dbus-x11 gnome-keyring
    postgresql postgresql-contrib
    binutils git
)
case "${1:-all}" in
    run) PACKAGES=("${RUN_PACKAGES[@]}") ;;
    all) PACKAGES=("${RUN_PACKAGES[@]}" "${TEST_AND_BUILD_PACKAGES[@]}") ;;
    *)
        echo "usage: $0 [run|all]" >&2
        exit 2
        ;;
esac

if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
    echo "install-system-deps: no apt here; install the equivalents of: ${PACKAGES[*]}" >&2
    exit 0
fi

missing=()
for package in "${PACKAGES[@]}"; do
    status="$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)"
    [[ "$status" == "install ok installed" ]] || missing+=("$package")
done

if [[ ${#missing[@]} -eq 0 && "${FORCE_APT_UPDATE:-}" != "1" ]]; then
    echo "install-system-deps: all ${#PACKAGES[@]} packages present"
    exit 0
fi

sudo=()
if [[ "$(id -u)" != "0" ]]; then
    if command -v sudo >/dev/null 2>&1; then
        sudo=(sudo)
    else
        echo "install-system-deps: missing ${missing[*]}; run this script as root" >&2
        exit 1
    fi
fi

echo "install-system-deps: installing ${missing[*]:-(none; refreshing lists)}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
if [[ ${#missing[@]} -gt 0 ]]; then
    "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
fi
