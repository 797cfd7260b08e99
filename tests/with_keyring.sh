#!/usr/bin/env bash
# Run a command with a real, unlocked Secret Service (gnome-keyring) on a private D-Bus
# session, in throw-away XDG folders, so tests marked `keyring` can store and read
# secrets without touching the user's own keyring.
#
#   tests/with_keyring.sh pytest -m keyring tests -q
#
# Needs the apt packages dbus and gnome-keyring. Exports SMS_CONSOLE_REAL_KEYRING=1.
set -euo pipefail
if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARG...]" >&2
    exit 64
fi
exec dbus-run-session -- bash -c '
    set -euo pipefail
    export XDG_DATA_HOME="$(mktemp -d)" XDG_RUNTIME_DIR="$(mktemp -d)"
    chmod 700 "$XDG_RUNTIME_DIR"
    trap "rm -rf \"$XDG_DATA_HOME\" \"$XDG_RUNTIME_DIR\"" EXIT
    # A password on stdin makes the daemon create and unlock a "login" collection (the
    # default one) without a prompt; with an empty password it creates none and every
    # call then waits for an unlock prompt that cannot show. It guards a throw-away keyring.
    echo -n "sms-console-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    export SMS_CONSOLE_REAL_KEYRING=1
    export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
    "$@"
' with-keyring "$@"
