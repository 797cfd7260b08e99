#!/usr/bin/env bash
# Refresh the translation sources from the code, then compile them for shipping.
#
#   bash scripts/update_translations.sh          # lupdate + lrelease
#   bash scripts/update_translations.sh --release  # only lrelease (.ts -> .qm)
#
# 1. pyside6-lupdate scans every .py file under gui/ for tr(), translate() and
#    QT_TRANSLATE_NOOP() and merges new/changed English strings into
#    resources/i18n/sms_console_<lang>.ts (existing translations are kept).
# 2. Translate the new entries (Qt Linguist: .venv/bin/pyside6-linguist, or edit the XML).
# 3. pyside6-lrelease compiles each .ts to the .qm the console loads at run time.
# Commit both the .ts and the .qm: the .qm is shipped in the wheel (gui/resources/i18n)
# and in the PyInstaller bundle (resources/i18n).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

bin_dir="${VIRTUAL_ENV:-$repo/.venv}/bin"
lupdate="$bin_dir/pyside6-lupdate"
lrelease="$bin_dir/pyside6-lrelease"
[[ -x "$lupdate" ]] || lupdate="$(command -v pyside6-lupdate)"
[[ -x "$lrelease" ]] || lrelease="$(command -v pyside6-lrelease)"

languages=(zh_CN)
i18n_dir="resources/i18n"
mkdir -p "$i18n_dir"

if [[ "${1:-}" != "--release" ]]; then
    # Sorted file list so the .ts does not churn with directory order. Modules that
    # translate through a `_tr("…")` wrapper are scanned as shadow copies lupdate can
    # read (scripts/i18n_sources.py); their locations are mapped back to the real files.
    shadow="build/i18n-shadow"
    rm -rf "$shadow"
    python="${VIRTUAL_ENV:-$repo/.venv}/bin/python"
    [[ -x "$python" ]] || python="$(command -v python3)"
    mapfile -t sources < <("$python" scripts/i18n_sources.py "$shadow")
    for lang in "${languages[@]}"; do
        ts="$i18n_dir/sms_console_${lang}.ts"
        "$lupdate" -silent -no-obsolete -locations relative -target-language "$lang" \
            "${sources[@]}" -ts "$ts"
        sed -i.bak "s#filename=\"../../$shadow/#filename=\"../../#" "$ts" && rm -f "$ts.bak"
    done
    rm -rf "$shadow"
fi

for lang in "${languages[@]}"; do
    "$lrelease" -silent "$i18n_dir/sms_console_${lang}.ts" -qm "$i18n_dir/sms_console_${lang}.qm"
done

for lang in "${languages[@]}"; do
    ts="$i18n_dir/sms_console_${lang}.ts"
    total=$(grep -c '<source>' "$ts" || true)
    untranslated=$(grep -c 'type="unfinished"' "$ts" || true)
    echo "$ts: $total strings, $untranslated untranslated"
done
