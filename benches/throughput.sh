#!/usr/bin/env bash
# Whole-run throughput (issue 6): framelens against `cat | wc -w` on the same files.
#
#   bash benches/throughput.sh [MB] [RUNS]      (defaults: 50 MB, 3 runs; medians are printed)
#
# Builds a corpus of about MB megabytes of small files from the BBC corpus in
# ../shared/corpora/bbc-news-2225 when it is present (categories as outlets),
# otherwise from the shipped seeds; each copy ends with a sentence of its own.
# Then it times, with /usr/bin/time, on a warm page cache:
#   cat | wc -w over the files                       (the floor: reading the text once)
#   framelens, shipped lexicons, --jobs 2, --hits none
#   framelens, shipped lexicons, --jobs 2, hits.csv written
#   framelens, shipped lexicons, --jobs 1, --hits none
#   framelens, 300 aliases + 40 frames, --jobs 2, --hits none
#   framelens, 200 aliases vs 20,000 aliases (same 40 frames), --jobs 2, --hits none
# and prints MB/s, articles/s, peak RSS and the ratios the issue sets targets for.
# Everything is built in a temporary folder and deleted afterwards.
set -euo pipefail
mb=${1:-50}
runs=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin="$root/target/release/framelens"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src="$root/../shared/corpora/bbc-news-2225"
[ -d "$src" ] || src="$root/corpus"

python3 - "$src" "$mb" "$work" "$root/lexicons" <<'PY'
import json, pathlib, sys, tomllib
src, mb, work, lex = pathlib.Path(sys.argv[1]), int(sys.argv[2]), pathlib.Path(sys.argv[3]), pathlib.Path(sys.argv[4])
files = sorted(src.glob("*.txt"))
texts = [(p.stem.split("_")[0] if "_" in p.stem else "seeds", p.read_text(encoding="utf-8")) for p in files]
corpus, total, i = work / "corpus", 0, 0
while total < mb * 1_000_000:
    outlet, text = texts[i % len(texts)]
    d = corpus / outlet
    d.mkdir(parents=True, exist_ok=True)
    body = f"{text}\nCopy number {i}.\n"
    (d / f"{i:07d}.txt").write_text(body, encoding="utf-8")
    total += len(body.encode())
    i += 1
print(f"{i} files, {total / 1e6:.1f} MB", file=sys.stderr)

def gazetteer(n_aliases):
    shipped = tomllib.loads((lex / "entities.toml").read_text(encoding="utf-8"))["entity"]
    out, count = [], 0
    for e in shipped:  # the real entities first, then synthetic names that never match
        if count >= n_aliases:
            break
        aliases = e["aliases"][: max(1, n_aliases - count)]
        count += len(aliases)
        out.append((e["id"], e.get("type", "ORG"), aliases, [a for a in e.get("exact_case", []) if a in aliases]))
    k = 0
    while count < n_aliases:
        out.append((f"synthetic_{k}", "PERSON", [f"Zyx{k}a Qor{k}b", f"Qor{k}b"], []))
        count += 2
        k += 1
    lines = []
    for id_, type_, aliases, exact in out:
        lines.append(
            f'[[entity]]\nid = "{id_}"\nname = "{id_}"\ntype = "{type_}"\n'
            f"aliases = {json.dumps(aliases, ensure_ascii=False)}\nexact_case = {json.dumps(exact, ensure_ascii=False)}\n"
        )
    return "\n".join(lines)

frames = (lex / "frames.toml").read_text(encoding="utf-8")
extra = "".join(
    f'\n[[frame]]\nid = "synthetic_{k}"\ndescription = "benchmark filler"\npatterns = ["qwz{k}*", "zzq{k} NEAR/5 xxv{k}", "/^vvk{k}(a|b)$/"]\n'
    for k in range(9)
)
for name, n in [("lex300", 300), ("lex200", 200), ("lex20000", 20000)]:
    d = work / name
    d.mkdir()
    (d / "entities.toml").write_text(gazetteer(n), encoding="utf-8")
    body = frames + extra  # the shipped 31 frames + 9 = 40 frames
    if "@" in body:  # keep only @entities the smaller gazetteers have
        import re
        ids = set(re.findall(r'^id = "([^"]+)"', (d / "entities.toml").read_text(), re.M))
        for ref in set(re.findall(r"@([a-z0-9_]+)", body)):
            if ref not in ids:
                body = body.replace(f"@{ref}", ref)
    (d / "frames.toml").write_text(body, encoding="utf-8")
    (d / "boilerplate.toml").write_text((lex / "boilerplate.toml").read_text(encoding="utf-8"), encoding="utf-8")
PY
bytes=$(cat "$work"/corpus/*/*.txt | wc -c)
articles=$(ls "$work"/corpus/*/ | grep -c '\.txt$' || true)
cd "$work"

# median of RUNS runs (after one warm-up) of a command: prints "wall_s peak_mib"
median() {
  "$@" >/dev/null 2>&1 || true
  : >"$work/times"
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -a -o "$work/times" "$@" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
  done
  sort -n "$work/times" | awk -v n="$runs" 'NR == int((n + 1) / 2) { printf "%s %d\n", $1, $2 / 1024 }'
}

read -r t_cat m_cat < <(median sh -c 'cat corpus/*/*.txt | wc -w')
read -r t_none m_none < <(median "$bin" run --corpus corpus --no-cache --out out1 --lexicons "$root/lexicons" --jobs 2 --hits none)
read -r t_hits m_hits < <(median "$bin" run --corpus corpus --no-cache --out out2 --lexicons "$root/lexicons" --jobs 2)
read -r t_j1 m_j1 < <(median "$bin" run --corpus corpus --no-cache --out out3 --lexicons "$root/lexicons" --jobs 1 --hits none)
read -r t_300 m_300 < <(median "$bin" run --corpus corpus --no-cache --out out4 --lexicons lex300 --jobs 2 --hits none)
read -r t_200 m_200 < <(median "$bin" run --corpus corpus --no-cache --out out5 --lexicons lex200 --jobs 2 --hits none)
read -r t_20k m_20k < <(median "$bin" run --corpus corpus --no-cache --out out6 --lexicons lex20000 --jobs 2 --hits none)

py() { python3 -c "print($1)"; }
echo
echo "corpus: $articles files, $((bytes / 1000000)) MB; medians of $runs runs, whole process"
printf '%-52s %8s %9s %11s %9s\n' "command" "wall s" "MB/s" "articles/s" "peak MiB"
row() { printf '%-52s %8s %9s %11s %9s\n' "$1" "$2" "$(py "round($bytes / 1e6 / $2, 1)")" "$(py "round($articles / $2)")" "$3"; }
row "cat | wc -w" "$t_cat" "$m_cat"
row "framelens, shipped lexicons, --hits none" "$t_none" "$m_none"
row "framelens, shipped lexicons, hits.csv written" "$t_hits" "$m_hits"
row "framelens, shipped lexicons, --jobs 1" "$t_j1" "$m_j1"
row "framelens, 300 aliases + 40 frames" "$t_300" "$m_300"
row "framelens, 200 aliases + 40 frames" "$t_200" "$m_200"
row "framelens, 20,000 aliases + 40 frames" "$t_20k" "$m_20k"
echo
echo "framelens (shipped, --hits none) / cat | wc -w:  $(py "round($t_none / $t_cat, 2)")   (target <= 1.15)"
echo "writing hits.csv costs:                          $(py "round($t_hits / $t_none, 2)")x"
echo "--jobs 1 / --jobs 2:                             $(py "round($t_j1 / $t_none, 2)")   (target >= 1.7)"
echo "20,000 aliases / 200 aliases:                    $(py "round($t_20k / $t_200, 2)")   (target <= 1.3)"
echo "peak RSS (shipped, --hits none):                 $m_none MiB   (target < 200, not growing with the corpus)"
