#!/usr/bin/env bash
# Create .venv (if missing) and install the console with its test and build extras,
# editable. Re-installs only when pyproject.toml changed. Prints nothing on a no-op.
#
#   bash scripts/setup-venv.sh        (PYTHON=/path/to/python3.x to choose the interpreter)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
venv="$repo/.venv"
if [[ -d "$venv/Scripts" ]]; then bin="$venv/Scripts"; else bin="$venv/bin"; fi

pick_python() {
    local candidate
    for candidate in "${PYTHON:-}" python3.11 python3.12 python3.13 python3.10 python3 python; do
        [[ -n "$candidate" ]] || continue
        command -v "$candidate" >/dev/null 2>&1 || continue
        if "$candidate" -c 'import sys, venv; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    echo "setup-venv: need Python 3.10 or newer with the venv module (apt install python3-venv)" >&2
    return 1
}

if [[ ! -x "$bin/python" && ! -x "$bin/python.exe" ]]; then
    python="$(pick_python)"
    echo "setup-venv: creating .venv with $("$python" -V 2>&1)"
    "$python" -m venv "$venv"
    if [[ -d "$venv/Scripts" ]]; then bin="$venv/Scripts"; fi
fi

stamp="$venv/.sms-console-installed"
wanted="$(cat pyproject.toml | cksum)"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$wanted" ]]; then
    echo "setup-venv: installing the console and its dependencies into .venv"
    "$bin/python" -m pip install -q -e '.[test,build,lint]'
    echo "$wanted" > "$stamp"
fi
