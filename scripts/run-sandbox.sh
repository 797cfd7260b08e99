#!/usr/bin/env bash
# Set everything up and open the console on the built-in sandbox gateway
# (no apikey, no internet needed). Extra arguments go to the console, e.g. --lang zh_CN.
#
#   bash scripts/run-sandbox.sh
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

bash scripts/install-system-deps.sh
bash scripts/setup-venv.sh
if [[ -d .venv/Scripts ]]; then python=.venv/Scripts/python; else python=.venv/bin/python; fi
exec "$python" -m gui --sandbox "$@"
