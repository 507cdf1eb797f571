#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets in fuzz/corpus/<target>/ (not committed: the
# Genius and GeniusWeb domains are third-party data, so they are read from ../shared at run
# time). The committed seeds in fuzz/seeds/<target>/ (small inputs written for accord) are
# copied in too. Each multi-file input joins a domain and its profiles with the line `--8<--`.
#
# Usage: fuzz/seeds.sh            (from anywhere; ../shared is beside the repository root)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
shared="${ACCORD_SHARED:-$here/../../shared}"
max_bytes=65536

for t in accord_toml genius_xml geniusweb_json; do
    mkdir -p "$here/corpus/$t"
    if [ -d "$here/seeds/$t" ]; then
        cp "$here/seeds/$t"/* "$here/corpus/$t/" 2>/dev/null || true
    fi
done

small() { [ "$(wc -c <"$1")" -le "$max_bytes" ]; }

# accord/1 scenarios: the shared scenarios and cases, one file each.
if [ -d "$shared" ]; then
    while IFS= read -r -d '' f; do
        small "$f" && cp "$f" "$here/corpus/accord_toml/$(echo "$f" | md5sum | cut -c1-16).toml"
    done < <(find "$here/../examples" "$shared/scenarios" "$shared/cases" -name '*.toml' -print0 2>/dev/null)

    # One input per folder with its .xml files (domain and profiles), another per single file.
    join_folder() { # ext out folder
        local ext="$1" out="$2" dir="$3" first=1 total=0
        local files=()
        while IFS= read -r -d '' f; do files+=("$f"); done \
            < <(find "$dir" -maxdepth 1 -name "*.$ext" -print0 | sort -z)
        [ "${#files[@]}" -gt 0 ] || return 0
        for f in "${files[@]}"; do total=$((total + $(wc -c <"$f"))); done
        [ "$total" -le "$max_bytes" ] || return 0
        {
            for f in "${files[@]}"; do
                if [ "$first" = 0 ]; then printf '\n--8<--\n'; fi
                first=0
                cat "$f"
            done
        } >"$out/$(echo "$dir" | md5sum | cut -c1-16).$ext"
    }
    while IFS= read -r -d '' d; do
        join_folder xml "$here/corpus/genius_xml" "$d"
    done < <(find "$shared/domains/genius" "$shared/cases/interop" -type d -print0 2>/dev/null)
    while IFS= read -r -d '' d; do
        join_folder json "$here/corpus/geniusweb_json" "$d"
    done < <(find "$shared/domains/geniusweb" -type d -print0 2>/dev/null)
else
    echo "seeds.sh: $shared not found; only the committed seeds are used" >&2
fi
for t in accord_toml genius_xml geniusweb_json; do
    echo "$t: $(find "$here/corpus/$t" -type f | wc -l) seeds"
done
