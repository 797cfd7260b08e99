#!/usr/bin/env bash
# Set up what running needs and open the console on the built-in sandbox gateway
# (no apikey, no internet needed). Extra arguments go to the console, e.g. --lang zh_CN.
#
#   bash scripts/run-sandbox.sh
#   QT_QPA_PLATFORM=offscreen bash scripts/run-sandbox.sh --smoke    # no screen: a quick check
#
# Installs only what running needs: the Qt runtime packages (apt) and the console without
# its test, build and lint extras (scripts/test.sh adds those).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

# On Linux a window needs an X11 or Wayland display. Without one Qt aborts with advice that
# does not help (install libxcb-cursor0), so say what is wrong before installing anything.
# macOS and Windows always have a screen; QT_QPA_PLATFORM=offscreen (or another platform
# that draws nowhere) needs none.
case "${QT_QPA_PLATFORM:-}" in
    "" | xcb* | wayland*) needs_display=1 ;;
    *) needs_display=0 ;;
esac
if [[ "$(uname -s)" == Linux && $needs_display == 1 && -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
    cat >&2 <<'ADVICE'
run-sandbox: no display. Neither DISPLAY nor WAYLAND_DISPLAY is set, so the console has no
screen to open its window on (an SSH session, a container or a server without a desktop).

  * On a desktop: run this command in a terminal of the desktop session
    (over SSH: ssh -X, with an X server on your side).
  * Without a screen, check that the console starts and loads every tab
    (no window; exit status 0 when all is well):
        QT_QPA_PLATFORM=offscreen bash scripts/run-sandbox.sh --smoke
  * Or run it on a virtual screen (sudo apt-get install xvfb):
        xvfb-run -a bash scripts/run-sandbox.sh --smoke
ADVICE
    exit 1
fi

bash scripts/install-system-deps.sh run
bash scripts/setup-venv.sh
if [[ -d .venv/Scripts ]]; then python=.venv/Scripts/python; else python=.venv/bin/python; fi
exec "$python" -m gui --sandbox "$@"
