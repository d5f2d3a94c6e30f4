#!/usr/bin/env bash
# Cost of the map/reduce split (issue 24): `map --hits none` on one partition
# (the whole collection) against `run --hits none` on the same articles, run
# in turn (A B A B …) so that a drift of the machine's speed hits both; and
# the size of the parts against the input and against the tables they become.
#
#   bash benches/mapreduce.sh [BBC_FOLDER] [RUNS]
#
# BBC_FOLDER holds the BBC News dataset as <section>/<name>.txt (2,225 files;
# default ../cmp/bbc, then ../shared/corpora/bbc-news-2225); the sections
# stand in for outlets. The JSON Lines collection is built in a temporary
# folder and deleted afterwards; nothing is written into the repository.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src=${1:-$root/../cmp/bbc}
[ -d "$src" ] || src="$root/../shared/corpora/bbc-news-2225"
runs=${2:-7}
cargo build --release --quiet --locked --manifest-path "$root/Cargo.toml"
bin="$root/target/release/framelens"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$src" "$work/bbc.jsonl" <<'PY'
import json, pathlib, sys
src, out = pathlib.Path(sys.argv[1]), sys.argv[2]
files = sorted(p for p in src.rglob("*.txt"))
with open(out, "w", encoding="utf-8") as f:
    for p in files:
        text = p.read_bytes().decode("utf-8", "replace")
        rel = p.relative_to(src).as_posix()
        outlet = rel.split("/")[0] if "/" in rel else p.stem.split("_")[0]
        row = {"id": rel, "outlet": outlet, "title": text.split("\n", 1)[0], "text": text}
        f.write(json.dumps(row, ensure_ascii=False) + "\n")
PY
cd "$work"
lex="$root/lexicons"
seconds() { # wall seconds of one run of "$@"
  local t0 t1
  t0=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l
}
run_none() { "$bin" run --collection bbc.jsonl --lexicons "$lex" --out run-none --hits none --no-cache --report none; }
map_none() { "$bin" map --lexicons "$lex" --source bbc.jsonl --hits none < bbc.jsonl > none.part; }
run_none >/dev/null 2>&1; map_none 2>/dev/null # warm-up
ratios=()
for _ in $(seq "$runs"); do
  r=$(seconds run_none); m=$(seconds map_none)
  ratios+=("$(echo "$m / $r" | bc -l)")
  printf 'run --hits none %.3f s   map --hits none %.3f s   ratio %.3f\n' "$r" "$m" "${ratios[-1]}"
done
printf '%s\n' "${ratios[@]}" | sort -g | awk '{a[NR]=$1} END {printf "median ratio map/run: %.3f (of %d pairs)\n", a[int((NR+1)/2)], NR}'
"$bin" run --collection bbc.jsonl --lexicons "$lex" --out run-all --no-cache >/dev/null 2>&1 || true
"$bin" map --lexicons "$lex" --source bbc.jsonl < bbc.jsonl > all.part 2>/dev/null
"$bin" reduce all.part --lexicons "$lex" --out reduced >/dev/null 2>&1 || true
size() { stat -c %s "$@" | awk '{s+=$1} END {print s}'; }
input=$(size bbc.jsonl)
tables_all=$(size run-all/*.csv)
tables_none=$(size run-none/*.csv)
for kind in all none; do
  part=$(size "$kind.part")
  tables=$([ "$kind" = all ] && echo "$tables_all" || echo "$tables_none")
  printf -- '--hits %s: part %d bytes = %.2f × the input (%d), %.2f × the CSV tables (%d)\n' \
    "$kind" "$part" "$(echo "$part / $input" | bc -l)" "$input" "$(echo "$part / $tables" | bc -l)" "$tables"
done
for f in run-all/*.csv; do cmp -s "$f" "reduced/$(basename "$f")" || echo "DIFFERS: $(basename "$f")"; done
