#!/usr/bin/env bash
# Huge articles in bounded memory (issue 17, item 2; SPEC §9).
#
#   bash benches/huge.sh [SOURCE_FOLDER]
#
# SOURCE_FOLDER defaults to ../shared/corpora/bbc-news-2225 (next to the
# repository), else the shipped corpus/. Its *.txt files are joined, a blank
# line between two, and repeated until one article of each size is built:
# 1, 2, 4, 8, 16 and 200 MB (SIZES overrides the list, in MB; empty: none), each as the
# only article of a temporary corpus (`corpus/bbc/big.txt`); then 107 MB of
# it as the text cell of a one-row CSV collection (`--collection`;
# CELL_SIZES overrides, in MB). Then it builds
# the two "occupation Pashinyan " articles (× 10,000 and × 150,000, REPEATS
# overrides) with a lexicon of one frame `occupation` (pattern `occupation`)
# and one entity `pashinyan` (alias `Pashinyan`): twice the hits for 15
# times the text should cost 15 times the time, not 225 times.
#
# Each article is run on its own, once, by
#   /usr/bin/time -v framelens run --corpus C --out O --jobs 2 --no-cache
# (hits.csv and the cache are written, as in a default run) and the script
# prints per article its size, wall time, peak RSS and peak RSS / size.
# Target (issue 17): peak <= 3 x the largest article + 100 MB.
#
# BIN=path/to/framelens runs another binary instead of building this one.
# A run is stopped past MAX_RSS_MB of memory (default 6000) or MAX_SECONDS
# (default 900): its row then shows where it stood, with a note.
# Nothing is written in the repository: everything is built in a temporary
# folder and deleted afterwards. The texts are read, never copied into the
# repository (the BBC corpus is not open-licensed).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src=${1:-"$root/../shared/corpora/bbc-news-2225"}
[ -d "$src" ] || src="$root/corpus"
sizes=${SIZES-"1 2 4 8 16 200"}
repeats=${REPEATS-"10000 150000"}
cell_sizes=${CELL_SIZES-"107"}
max_rss_mb=${MAX_RSS_MB:-6000}
max_seconds=${MAX_SECONDS:-900}
if [ -z "${BIN:-}" ]; then
    cargo build --release --quiet --manifest-path "$root/Cargo.toml"
    BIN="$root/target/release/framelens"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# one source text, joined once, then repeated to each size
python3 - "$src" "$work/source.txt" <<'PY'
import pathlib, sys
src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
texts = [p.read_text(encoding="utf-8") for p in sorted(src.glob("*.txt"))]
out.write_text("\n\n".join(t.strip() for t in texts) + "\n\n", encoding="utf-8")
PY

make_article() { # make_article MB FILE: the source repeated to MB megabytes
    python3 - "$work/source.txt" "$1" "$2" <<'PY'
import pathlib, sys
source = pathlib.Path(sys.argv[1]).read_bytes()
want, out = int(float(sys.argv[2]) * 1_000_000), pathlib.Path(sys.argv[3])
out.parent.mkdir(parents=True, exist_ok=True)
with out.open("wb") as f:
    written = 0
    while written < want:
        piece = source[: want - written]
        # cut at a paragraph, so the text stays valid UTF-8 prose
        if len(piece) < len(source):
            piece = piece[: piece.rfind(b"\n\n") + 2] or source[:1]
        f.write(piece)
        written += len(piece)
PY
}

measure() { # measure LABEL BYTES [framelens options]: one run, one row
    local label=$1 bytes=$2
    shift 2
    local log="$work/time.log" status=0
    rm -rf "$work/out"
    /usr/bin/time -v -o "$log" timeout "$max_seconds" "$BIN" run \
        --out "$work/out" --jobs 2 --no-cache "$@" >/dev/null 2>"$work/stderr.log" &
    local timer=$! run rss
    # the machine is shared: stop a run that outgrows MAX_RSS_MB
    while kill -0 "$timer" 2>/dev/null; do
        run=$(pgrep -P "$(pgrep -P "$timer" | head -1)" 2>/dev/null | head -1 || true)
        rss=$(awk '/VmRSS/ {print $2}' "/proc/${run:-0}/status" 2>/dev/null || true)
        if [ -n "$run" ] && [ "${rss:-0}" -gt $((max_rss_mb * 1024)) ]; then
            echo "stopping $label: over $max_rss_mb MB" >&2
            kill -9 "$run" 2>/dev/null || true
        fi
        sleep 0.2
    done
    wait "$timer" || status=$?
    if [ "$status" != 0 ]; then
        echo "framelens exited with $status on $label:" >&2
        tail -3 "$work/stderr.log" >&2
    fi
    python3 - "$label" "$bytes" "$log" <<'PY'
import re, sys
label, size, log = sys.argv[1], int(sys.argv[2]), open(sys.argv[3]).read()
rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", log).group(1))
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", log).group(1)
secs = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall.split(":"))))
mib, size_mib = rss_kb / 1024, size / 2**20
target = 3 * size_mib + 100
print(f"{label:<28} {size_mib:>9.1f} {secs:>8.2f} {mib:>9.0f} {mib / size_mib:>9.2f} "
      f"{'yes' if mib <= target else 'NO':>6}")
PY
}

echo "binary: $BIN"
echo "source: $src"
printf '%-28s %9s %8s %9s %9s %6s\n' article 'size MiB' 'wall s' 'peak MiB' peak/size '<=3x+100'
for mb in $sizes; do
    make_article "$mb" "$work/c$mb/bbc/big.txt"
    measure "bbc prose, $mb MB" "$(stat -c %s "$work/c$mb/bbc/big.txt")" --corpus "$work/c$mb"
    rm -rf "$work/c$mb"
done

# the same prose as the text cell of a one-row CSV collection
for mb in $cell_sizes; do
    make_article "$mb" "$work/cell.txt"
    python3 - "$work/cell.txt" "$work/cell.csv" <<'PY'
import pathlib, sys
text = pathlib.Path(sys.argv[1]).read_text(encoding="utf-8")
cell = '"' + text.replace('"', '""') + '"'
pathlib.Path(sys.argv[2]).write_text(f"id,outlet,text\nbig,bbc,{cell}\n", encoding="utf-8")
PY
    measure "bbc prose, $mb MB CSV cell" "$(stat -c %s "$work/cell.txt")" \
        --collection "$work/cell.csv"
    rm -f "$work/cell.txt" "$work/cell.csv"
done

# linear cost: "occupation Pashinyan " repeated, one frame and one entity
lex="$work/lexicons"
mkdir -p "$lex"
cat >"$lex/entities.toml" <<'TOML'
[[entity]]
id = "pashinyan"
name = "Nikol Pashinyan"
type = "PERSON"
aliases = ["Pashinyan"]
TOML
cat >"$lex/frames.toml" <<'TOML'
[[frame]]
id = "occupation"
label = "Occupation"
description = "The word occupation."
patterns = ["occupation"]
TOML
for n in $repeats; do
    mkdir -p "$work/p$n/bbc"
    python3 -c "import sys; open(sys.argv[1], 'w').write('occupation Pashinyan ' * int(sys.argv[2]))" \
        "$work/p$n/bbc/big.txt" "$n"
    measure "occupation Pashinyan x$n" "$(stat -c %s "$work/p$n/bbc/big.txt")" \
        --corpus "$work/p$n" --lexicons "$lex"
    rm -rf "$work/p$n"
done
