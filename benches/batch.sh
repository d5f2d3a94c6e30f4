#!/usr/bin/env bash
# Batch-run benchmark (issue 5, SPEC §8/§9): peak memory on a large collection,
# and the cost of a rerun after new articles arrive.
#
#   bash benches/batch.sh [ARTICLES]        (default 100000)
#
# Builds a JSON Lines collection of ARTICLES rows from the BBC corpus in
# ../shared/corpora/bbc-news-2225 when it is present (categories stand in for
# outlets; each copy gets its own id and a sentence of its own), otherwise from
# the shipped seed articles. Then it runs framelens on it from scratch, adds 10
# articles, runs again (the cache reuses the rest), and prints wall time and
# peak memory of both runs and their ratio. The collection lives in a temporary
# folder and is deleted afterwards; nothing is written into the repository.
set -euo pipefail
n=${1:-100000}
root=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin="$root/target/release/framelens"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src="$root/../shared/corpora/bbc-news-2225"
[ -d "$src" ] || src="$root/corpus"
python3 - "$src" "$n" "$work/collection.jsonl" <<'PY'
import json, pathlib, sys
src, n, out = pathlib.Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
files = sorted(p for p in src.glob("*.txt"))
texts = [(p.stem.split("_")[0], p.read_text(encoding="utf-8")) for p in files]
with open(out, "w", encoding="utf-8") as f:
    for i in range(n):
        outlet, text = texts[i % len(texts)]
        f.write(json.dumps({"id": f"a{i:07d}", "outlet": outlet, "text": f"{text}\nCopy number {i}."}) + "\n")
PY
mb=$(du -m "$work/collection.jsonl" | cut -f1)
measure() { # label, then the command; prints "wall_s peak_mib"
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || { cat "$work/stderr"; exit 1; }
  read -r wall kib <"$work/time"
  echo "$wall $((kib / 1024))"
}
cd "$work"
read -r t1 m1 < <(measure "$bin" run --collection collection.jsonl --lexicons "$root/lexicons" --out out --jobs 2)
tail -1 "$work/stderr"
python3 - "$work/collection.jsonl" "$n" <<'PY'
import json, sys
with open(sys.argv[1], "a", encoding="utf-8") as f:
    for i in range(10):
        f.write(json.dumps({"id": f"new{i}", "outlet": "new", "text": f"Russia withdrew its peacekeepers from Karabakh, report {i} says."}) + "\n")
PY
read -r t2 m2 < <(measure "$bin" run --collection collection.jsonl --lexicons "$root/lexicons" --out out --jobs 2)
tail -1 "$work/stderr"
echo
echo "collection: $n articles, $mb MB (JSON Lines)"
echo "first run:          ${t1} s wall, peak ${m1} MiB"
echo "rerun (+10 new):    ${t2} s wall, peak ${m2} MiB"
python3 -c "print(f'rerun / first run:  {float(\"$t2\") / float(\"$t1\"):.3f}')"
