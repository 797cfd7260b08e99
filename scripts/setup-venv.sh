#!/usr/bin/env bash
# Create .venv (if missing) and install the console into it, editable, with the extras
# named on the command line (none: only what running the console needs).
#
#   bash scripts/setup-venv.sh                 # run the console (scripts/run-sandbox.sh)
#   bash scripts/setup-venv.sh test build      # + pytest & co. and PyInstaller (scripts/test.sh)
#   bash scripts/setup-venv.sh lint            # + ruff and mypy (scripts/lint.sh)
#   PYTHON=/path/to/python3.x bash scripts/setup-venv.sh   # choose the interpreter
#
# Extras installed once stay installed. Re-installs only when pyproject.toml changed or an
# extra is asked for the first time; prints nothing on a no-op. pip shows its progress:
# the first set-up downloads about 260 MB (Qt).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
venv="$repo/.venv"
if [[ -d "$venv/Scripts" ]]; then bin="$venv/Scripts"; else bin="$venv/bin"; fi

for extra in "$@"; do
    case "$extra" in
        test | build | lint) ;;
        *)
            echo "setup-venv: unknown extra '$extra' (known: test build lint)" >&2
            exit 2
            ;;
    esac
done

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

# The stamp: first line the checksum of the pyproject.toml installed, then one line per
# extra installed with it. A changed pyproject.toml re-installs the extras already there.
stamp="$venv/.sms-console-installed"
wanted="$(cksum <pyproject.toml)"
installed=()  # bash 3.2 (macOS) has no empty arrays under set -u: hence the ${a[@]+...} forms
current=0
if [[ -f "$stamp" ]]; then
    [[ "$(head -n 1 "$stamp")" == "$wanted" ]] && current=1
    while IFS= read -r extra; do
        [[ -n "$extra" ]] && installed+=("$extra")
    done < <(tail -n +2 "$stamp")
fi

extras=(${installed[@]+"${installed[@]}"})
missing=0
for extra in "$@"; do
    if [[ " ${extras[*]-} " != *" $extra "* ]]; then
        extras+=("$extra")
        missing=1
    fi
done

if [[ $current -eq 0 || $missing -eq 1 ]]; then
    spec="." what="the console"
    if [[ ${#extras[@]} -gt 0 ]]; then
        spec=".[$(IFS=,; echo "${extras[*]}")]" what="the console with the extras ${extras[*]}"
    fi
    echo "setup-venv: installing $what into .venv (pip shows its progress)"
    "$bin/python" -m pip install -e "$spec"
    { echo "$wanted"; printf '%s\n' ${extras[@]+"${extras[@]}"}; } >"$stamp"
fi
