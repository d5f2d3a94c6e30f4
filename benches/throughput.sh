#!/usr/bin/env bash
# Whole-run throughput (issue 6): framelens against `cat | wc -w` and against the
# peer tools of ../shared/peers on the same files.
#
#   bash benches/throughput.sh [MB] [RUNS]      (defaults: 50 MB, 5 pairs of runs)
#
# Builds a corpus of about MB megabytes of small files from the BBC corpus in
# ../shared/corpora/bbc-news-2225 when it is present (categories as outlets),
# otherwise from the shipped seeds; each copy ends with a sentence of its own.
# (200 MB is some 88,000 files: about 370 MB of disk in $TMPDIR, /tmp by default.)
# Then it times whole processes on a warm page cache, each comparison as
# pairs of runs taken in turn (A B A B ...), so that a machine whose speed
# drifts during the script moves both sides of a ratio alike:
#   framelens, shipped lexicons, --jobs 2, --hits none   vs  cat | wc -w (the yardstick;
#     the file names go to cat through xargs, as a large corpus has more than
#     one command line holds)
#   framelens, 300 aliases + 40 frames, --jobs 2          vs  cat | wc -w
#   framelens, no entities and no frames, --jobs 2        vs  cat | wc -w
#     (tokenizing, sentences, quotes, boilerplate, cache and tables: all
#     that a run does before and after the matching)
#   framelens, shipped lexicons, --jobs 1                 vs  --jobs 2
#   framelens, shipped lexicons, hits.csv written         vs  --hits none
#   framelens, 20,000 aliases + 40 frames                 vs  200 aliases + 40 frames
#   examples/floor.rs (read, split, count words; 2 threads) vs  cat | wc -w
#   framelens, shipped lexicons, --jobs 2                 vs  examples/floor.rs
# and, against the peers (../shared/peers/README.md), on the peers' lexicon
# lexicon-bench.json (202 entities, 40 frames) written as framelens TOML into
# the folder lexbench (one [[entity]] per name, type MISC; one [[frame]] per id;
# the shipped boilerplate.toml):
#   framelens, lexbench, --jobs 2, --hits none            vs  cat | wc -w
#   framelens, lexbench, --jobs 2, --hits none            vs  rg -c -i -w -F -f aliases.txt -j 2
#     (ripgrep counting the aliases alone: no tokens, frames, sentences or voice)
#   flashtext_count.py (FlashText 2.7), --jobs 2          vs  framelens, lexbench
#     (this ratio is peer / framelens: larger is better for framelens)
# and prints, per command, the median wall time, MB/s, articles/s and peak
# RSS (of the largest single process: a forked peer's workers are not
# added up), and per comparison the median of the pairs' ratios with their
# range. Every framelens run is --no-cache. Everything is built in a
# temporary folder and deleted afterwards.
#
# The peers are read at run time from ../shared/peers (never copied into the
# repository); a peer that is missing is skipped with the reason printed.
# To set them up (the script installs nothing):
#   apt-get install ripgrep                        # rg
#   python3 -m venv ~/.venvs/peers && ~/.venvs/peers/bin/pip install flashtext==2.7
# flashtext_count.py reads its articles from a manifest (file,outlet), which the
# script writes next to the corpus folder, not into it, so that framelens and
# rg read the corpus folder exactly as before; both tools see the same files
# with the same outlets (the outlet folders).
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
peers="$root/../shared/peers"

python3 - "$src" "$mb" "$work" "$root/lexicons" "$peers" <<'PY'
import csv, json, pathlib, re, sys, tomllib, unicodedata
src, mb, work, lex = pathlib.Path(sys.argv[1]), int(sys.argv[2]), pathlib.Path(sys.argv[3]), pathlib.Path(sys.argv[4])
peers = pathlib.Path(sys.argv[5])
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

# the peers' lexicon as framelens TOML, its aliases for rg, and a manifest for
# flashtext_count.py, kept outside the corpus folder so that framelens and rg
# read that folder as in every other comparison (same files, same outlets)
bench = peers / "lexicon-bench.json"
if bench.is_file():
    data = json.loads(bench.read_text(encoding="utf-8"))
    d = work / "lexbench"
    d.mkdir()
    lines, ids = [], set()
    for name, aliases in data["entities"].items():
        slug = re.sub(r"[^a-z0-9]+", "_", unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()).strip("_") or "entity"
        id_, k = slug, 2
        while id_ in ids:
            id_, k = f"{slug}_{k}", k + 1
        ids.add(id_)
        lines.append(
            f'[[entity]]\nid = "{id_}"\nname = {json.dumps(name, ensure_ascii=False)}\ntype = "MISC"\n'
            f"aliases = {json.dumps(aliases, ensure_ascii=False)}\nexact_case = []\n"
        )
    (d / "entities.toml").write_text("\n".join(lines), encoding="utf-8")
    (d / "frames.toml").write_text("\n".join(
        f'[[frame]]\nid = {json.dumps(id_)}\ndescription = "lexicon-bench.json (peers)"\n'
        f"patterns = {json.dumps(patterns, ensure_ascii=False)}\n"
        for id_, patterns in data["frames"].items()), encoding="utf-8")
    (d / "boilerplate.toml").write_text(boilerplate, encoding="utf-8")
    (work / "aliases.txt").write_text(
        "".join(a + "\n" for aliases in data["entities"].values() for a in aliases), encoding="utf-8")
    with open(work / "peer-manifest.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "outlet"])
        for f in sorted(corpus.glob("*/*.txt")):
            w.writerow([f"{f.parent.name}/{f.name}", f.parent.name])
PY
# printf is a shell builtin and xargs splits the list: 200 MB is some 88,000
# files, more names than one command line takes
bytes=$(cd "$work" && printf '%s\0' corpus/*/*.txt | xargs -0 cat | wc -c)
articles=$(find "$work"/corpus -mindepth 2 -maxdepth 2 -name '*.txt' | wc -l)
cd "$work"

python3 - "$runs" "$bytes" "$articles" "$bin" "$root/lexicons" "$floor_bin" "$peers" "$HOME/.venvs/peers/bin/python" <<'PY'
import os, shutil, statistics, subprocess, sys, time
runs, nbytes, narticles = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
PEERS, PEER_PY = sys.argv[7], sys.argv[8]
# the floor on as many threads as framelens's --jobs 2
BIN, SHIPPED, FLOOR = sys.argv[4], sys.argv[5], ["env", "RAYON_NUM_THREADS=2", sys.argv[6], "corpus"]
CAT = ["sh", "-c", "printf '%s\\0' corpus/*/*.txt | xargs -0 cat | wc -w"]

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
    ("framelens (shipped, --hits none) / cat | wc -w", "target <= 1.6 (next line 1.3)",
     pair(shipped, fl(SHIPPED, 2, "none"), yardstick, CAT)),
    ("framelens (300 aliases, 40 frames) / cat | wc -w", "target <= 1.6 (next line 1.3)",
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

# the peers: each is skipped, with the reason, when it is not there
skipped = []  # (label, reason)
def skip(label, reason):
    print(f"skipped: {label}: {reason}", file=sys.stderr)
    skipped.append((label, reason))

bench = "framelens, lexbench (the peers' lexicon-bench.json)"
rg_label = "framelens (lexicon-bench) / rg -c -i -w -F"
ft_label = "flashtext (lexicon-bench, --jobs 2) / framelens"
if not os.path.isdir("lexbench"):
    reason = f"no {PEERS}/lexicon-bench.json"
    for label in ("framelens (lexicon-bench) / cat | wc -w", rg_label, ft_label):
        skip(label, reason)
else:
    results.append(("framelens (lexicon-bench) / cat | wc -w", "target <= 1.6 (next line 1.3)",
                    pair(bench, fl("lexbench", 2, "none"), yardstick, CAT)))
    if shutil.which("rg") is None:
        skip(rg_label, "rg is not installed (apt-get install ripgrep)")
    else:
        results.append((rg_label, "the aliases alone: no tokens, frames or voice",
                        pair(bench, fl("lexbench", 2, "none"), "rg -c -i -w -F -f aliases.txt -j 2",
                             ["rg", "-c", "-i", "-w", "-F", "-f", "aliases.txt", "-j", "2", "corpus"])))
    script = os.path.join(PEERS, "flashtext_count.py")
    setup = "python3 -m venv ~/.venvs/peers && ~/.venvs/peers/bin/pip install flashtext==2.7"
    if not os.path.isfile(script):
        skip(ft_label, f"no {script}")
    elif not os.access(PEER_PY, os.X_OK):
        skip(ft_label, f"no {PEER_PY}; set it up with: {setup}")
    elif subprocess.run([PEER_PY, "-c", "import flashtext"], capture_output=True).returncode != 0:
        skip(ft_label, f"flashtext is not installed in {PEER_PY}; {setup}")
    else:
        results.append((ft_label, "target >= 7",
                        pair("flashtext_count.py (FlashText 2.7), --jobs 2",
                             [PEER_PY, script, "corpus", "peer-manifest.csv",
                              os.path.join(PEERS, "lexicon-bench.json"), "ft.csv", "--jobs", "2"],
                             bench, fl("lexbench", 2, "none"))))
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
for label, reason in skipped:
    print(f"{label:<52} skipped: {reason}")
print("peak RSS is the largest over the runs (target < 200 MiB, not growing with the corpus)")
PY
