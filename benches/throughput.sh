#!/usr/bin/env bash
# Whole-run throughput (issue 6): framelens against `cat | wc -w` on the same files.
#
#   bash benches/throughput.sh [MB] [RUNS]      (defaults: 50 MB, 5 pairs of runs)
#
# Builds a corpus of about MB megabytes of small files from the BBC corpus in
# ../shared/corpora/bbc-news-2225 when it is present (categories as outlets),
# otherwise from the shipped seeds; each copy ends with a sentence of its own.
# Then it times whole processes on a warm page cache, each comparison as
# pairs of runs taken in turn (A B A B ...), so that a machine whose speed
# drifts during the script moves both sides of a ratio alike:
#   framelens, shipped lexicons, --jobs 2, --hits none   vs  cat | wc -w (the yardstick)
#   framelens, 300 aliases + 40 frames, --jobs 2          vs  cat | wc -w
#   framelens, no entities and no frames, --jobs 2        vs  cat | wc -w
#     (tokenizing, sentences, quotes, boilerplate, cache and tables: all
#     that a run does before and after the matching)
#   framelens, shipped lexicons, --jobs 1                 vs  --jobs 2
#   framelens, shipped lexicons, hits.csv written         vs  --hits none
#   framelens, 20,000 aliases + 40 frames                 vs  200 aliases + 40 frames
#   examples/floor.rs (read, split, count words; 2 threads) vs  cat | wc -w
#   framelens, shipped lexicons, --jobs 2                 vs  examples/floor.rs
# and prints, per command, the median wall time, MB/s, articles/s and peak
# RSS, and per comparison the median of the pairs' ratios with their range.
# Every framelens run is --no-cache. Everything is built in a temporary
# folder and deleted afterwards.
set -euo pipefail
mb=${1:-50}
runs=${2:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
cargo build --release --quiet --manifest-path "$root/Cargo.toml" --example floor
bin="$root/target/release/framelens"
floor_bin="$root/target/release/examples/floor"
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
boilerplate = (lex / "boilerplate.toml").read_text(encoding="utf-8")
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
    (d / "boilerplate.toml").write_text(boilerplate, encoding="utf-8")
# no entities and no frames: everything a run does except the matching
d = work / "lex0"
d.mkdir()
(d / "entities.toml").write_text("", encoding="utf-8")
(d / "frames.toml").write_text("", encoding="utf-8")
(d / "boilerplate.toml").write_text(boilerplate, encoding="utf-8")
PY
bytes=$(cat "$work"/corpus/*/*.txt | wc -c)
articles=$(ls "$work"/corpus/*/ | grep -c '\.txt$' || true)
cd "$work"

python3 - "$runs" "$bytes" "$articles" "$bin" "$root/lexicons" "$floor_bin" <<'PY'
import os, statistics, subprocess, sys, time
runs, nbytes, narticles = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
# the floor on as many threads as framelens's --jobs 2
BIN, SHIPPED, FLOOR = sys.argv[4], sys.argv[5], ["env", "RAYON_NUM_THREADS=2", sys.argv[6], "corpus"]
CAT = ["sh", "-c", "cat corpus/*/*.txt | wc -w"]

def fl(lex, jobs, hits):
    return [BIN, "run", "--corpus", "corpus", "--no-cache", "--out", "out",
            "--lexicons", lex, "--jobs", str(jobs), "--hits", hits]

def once(cmd):
    """Wall seconds and peak RSS (MiB) of one whole run."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{err.decode(errors='replace')}")
    return wall, usage.ru_maxrss / 1024

seen = {}  # command name -> walls and peaks over every run
def pair(name_a, a, name_b, b):
    """RUNS pairs A B after one warm-up pair: the median of A/B, its range."""
    once(a), once(b)
    ratios = []
    for _ in range(runs):
        (wa, ma), (wb, mb) = once(a), once(b)
        ratios.append(wa / wb)
        for name, w, m in ((name_a, wa, ma), (name_b, wb, mb)):
            seen.setdefault(name, ([], []))
            seen[name][0].append(w)
            seen[name][1].append(m)
    return statistics.median(ratios), min(ratios), max(ratios)

yardstick = "cat | wc -w"
shipped = "framelens, shipped lexicons, --hits none"
results = [
    ("framelens (shipped, --hits none) / cat | wc -w", "target <= 1.15",
     pair(shipped, fl(SHIPPED, 2, "none"), yardstick, CAT)),
    ("framelens (300 aliases, 40 frames) / cat | wc -w", "target <= 1.15",
     pair("framelens, 300 aliases + 40 frames", fl("lex300", 2, "none"), yardstick, CAT)),
    ("framelens (no entities, no frames) / cat | wc -w", "all but the matching",
     pair("framelens, no entities or frames", fl("lex0", 2, "none"), yardstick, CAT)),
    ("--jobs 1 / --jobs 2", "target >= 1.7",
     pair("framelens, shipped lexicons, --jobs 1", fl(SHIPPED, 1, "none"), shipped, fl(SHIPPED, 2, "none"))),
    ("hits.csv written / --hits none", "what writing hits.csv costs",
     pair("framelens, shipped lexicons, hits.csv written", fl(SHIPPED, 2, "all"), shipped, fl(SHIPPED, 2, "none"))),
    ("20,000 aliases / 200 aliases", "target <= 1.3",
     pair("framelens, 20,000 aliases + 40 frames", fl("lex20000", 2, "none"),
          "framelens, 200 aliases + 40 frames", fl("lex200", 2, "none"))),
    ("read + split + count words / cat | wc -w", "the floor for any such tool",
     pair("examples/floor.rs: read, split, count words", FLOOR, yardstick, CAT)),
    ("framelens (shipped, --hits none) / floor", "what the analysis adds",
     pair(shipped, fl(SHIPPED, 2, "none"), "examples/floor.rs: read, split, count words", FLOOR)),
]
print()
print(f"corpus: {narticles} files, {nbytes / 1e6:.1f} MB; {runs} pairs of runs per comparison, whole process; --jobs 2 unless said")
print(f"{'command':<52} {'runs':>4} {'wall s':>7} {'MB/s':>7} {'articles/s':>10} {'peak MiB':>8}")
for name, (walls, peaks) in seen.items():
    w = statistics.median(walls)
    print(f"{name:<52} {len(walls):>4} {w:>7.3f} {nbytes / 1e6 / w:>7.1f} {narticles / w:>10.0f} {max(peaks):>8.0f}")
print()
print(f"{'paired ratio (median of the pairs, min-max)':<52} {'median':>7} {'range':>13}")
for label, target, (med, lo, hi) in results:
    print(f"{label:<52} {med:>7.2f} {lo:>6.2f}-{hi:<6.2f} ({target})")
print("peak RSS is the largest over the runs (target < 200 MiB, not growing with the corpus)")
PY
