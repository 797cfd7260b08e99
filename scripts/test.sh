#!/usr/bin/env bash
# Set everything up and run the whole test suite (the README's test command; CI runs it too).
#
#   bash scripts/test.sh                 # all tests
#   bash scripts/test.sh -k workers -x   # extra arguments go to pytest
#
# Tests marked `keyring` need a real Secret Service: the suite runs inside
# tests/with_keyring.sh (a private D-Bus session with an unlocked gnome-keyring in
# throw-away folders). Without dbus-run-session / gnome-keyring-daemon those tests
# skip, except under CI=true where that is an error.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

bash scripts/install-system-deps.sh   # everything: run, tests and the bundle build
bash scripts/setup-venv.sh test build
if [[ -d .venv/Scripts ]]; then python=.venv/Scripts/python; else python=.venv/bin/python; fi

export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
pytest=("$python" -m pytest -p no:cacheprovider "$@")

if command -v dbus-run-session >/dev/null 2>&1 && command -v gnome-keyring-daemon >/dev/null 2>&1; then
    exec bash tests/with_keyring.sh "${pytest[@]}"
fi
if [[ "${CI:-}" == "true" ]]; then
    echo "test.sh: dbus-run-session or gnome-keyring-daemon missing; CI needs the real keyring tests" >&2
    exit 1
fi
echo "test.sh: no dbus-run-session/gnome-keyring-daemon here; tests marked 'keyring' will skip" >&2
exec "${pytest[@]}"
