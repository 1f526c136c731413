#!/usr/bin/env bash
# Every string the tray shows has a German and a French translation: lupdate reads the sources
# (as the update_translations target does) into copies of translations/*.ts, and no entry may
# be left unfinished. Catches a tr() added without its translations.
# Usage: translations_complete.sh LUPDATE SOURCE_DIR
set -uo pipefail
lupdate=$1
source_dir=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/shoal-translations.XXXXXX")
trap 'rm -rf "$work"' EXIT

status=0
for ts in "$source_dir"/translations/shoal_*.ts; do
    copy="$work/$(basename "$ts")"
    cp "$ts" "$copy"
    "$lupdate" -silent -no-obsolete -locations none -I "$source_dir" "$source_dir"/app/*.cpp "$source_dir"/app/*.h \
        "$source_dir/shared/control/ControlClient.cpp" -ts "$copy" || {
        echo "lupdate failed on $ts"
        exit 1
    }
    unfinished=$(grep -c 'type="unfinished"' "$copy")
    messages=$(grep -c '<message' "$copy")
    if ((unfinished > 0)); then
        echo "FAIL: $(basename "$ts"): $unfinished of $messages strings without a translation:"
        grep -B2 'type="unfinished"' "$copy" | sed -n 's/.*<source>\(.*\)<\/source>.*/    \1/p'
        status=1
    elif ((messages < 100)); then
        echo "FAIL: $(basename "$ts"): only $messages strings; lupdate did not read the sources"
        status=1
    else
        echo "ok: $(basename "$ts"): all $messages strings translated"
    fi
done
exit $status
