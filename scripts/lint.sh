#!/usr/bin/env bash
# The code checks contributors run before pushing (CI and pre-commit run the same):
#
#   bash scripts/lint.sh
#
# ruff check (lint), ruff format --check (formatting) and mypy (types; strict on
# gui/services/, mypy's default elsewhere), all configured in pyproject.toml and pinned in
# its `lint` extra. Sets up .venv first if needed. `bash scripts/lint.sh --fix` applies
# ruff's safe fixes and formats the tree instead of only checking.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
bash scripts/setup-venv.sh lint
if [[ -d .venv/Scripts ]]; then bin=.venv/Scripts; else bin=.venv/bin; fi

if [[ "${1:-}" == "--fix" ]]; then
    "$bin/ruff" check --fix .
    "$bin/ruff" format .
fi
status=0
echo "lint: ruff check";          "$bin/ruff" check . || status=1
echo "lint: ruff format --check"; "$bin/ruff" format --check . || status=1
echo "lint: mypy";                "$bin/mypy" || status=1
exit $status
