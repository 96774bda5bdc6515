"""Measure the text coder on the labelled sentences (tests/data/coder/gold_sentences.csv) beside the
keyword baseline: precision/recall/F1 of (source, target, quad class) triples, root-code accuracy, and
sentences per second on at most 2 CPU threads. Scores are given for the development split (the one the
rules were tuned on) and the held-out test split separately.

    DETENTE_MIRROR=../shared/data python benchmarks/bench_coder.py [--repeat 20] [--no-model]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "2")
os.environ.setdefault("MKL_NUM_THREADS", "2")

from detente.coder.baseline import baseline  # noqa: E402
from detente.coder.coder import EventCoder  # noqa: E402
from detente.coder.evaluate import GoldSentence, load_gold, score  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "tests" / "data" / "coder" / "gold_sentences.csv"
SHARED = REPO.parent / "shared"


def _speed(fn, texts: list[str], repeat: int) -> float:
    fn(texts[:10])  # warm up (model load, caches)
    batch = texts * repeat
    start = time.perf_counter()
    fn(batch)
    return len(batch) / (time.perf_counter() - start)


def embedding_only(coder: EventCoder, texts: list[str]) -> list[list[tuple[str, str, str]]]:
    """The model alone: the first two states named are source and target (as in the baseline) and
    the nearest CAMEO prototype to the whole sentence gives the code. Shows what the rules add."""
    from detente.coder.actors import actor_table

    out: list[list[tuple[str, str, str]]] = []
    codes, _ = coder._nearest(texts)
    for text, code in zip(texts, codes, strict=True):
        states: list[str] = []
        for m in actor_table().find(text):
            if m.iso3 and m.iso3 not in states:
                states.append(m.iso3)
        out.append([(states[0], states[1], code[:2])] if len(states) >= 2 else [])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="passes over the sentences for the timing")
    parser.add_argument("--no-model", action="store_true", help="time the coder without the embedding model")
    args = parser.parse_args()
    import torch

    torch.set_num_threads(2)
    gold = load_gold(GOLD, SHARED)
    coder = EventCoder(use_model=not args.no_model)

    def code(texts: list[str]) -> list[list[tuple[str, str, str]]]:
        return [[(e.source.iso3, e.target.iso3, e.root) for e in evs] for evs in coder.code_sentences(texts)]

    print(
        f"{len(gold)} gold sentences ({sum(g.split == 'dev' for g in gold)} dev, "
        f"{sum(g.split == 'test' for g in gold)} held-out test), "
        f"{sum(len(g.events) for g in gold)} gold events; model {'off' if args.no_model else 'on'}"
    )
    for split in ("dev", "test"):
        part: list[GoldSentence] = [g for g in gold if g.split == split]
        texts = [g.text for g in part]
        ours, base = score(part, code(texts)), score(part, baseline(texts))
        print(f"[{split}]")
        print("  " + ours.line("coder"))
        print("  " + base.line("baseline"))
        if not args.no_model:
            print("  " + score(part, embedding_only(coder, texts)).line("embed-only"))
        f1_ratio = ours.f1 / base.f1 if base.f1 else float("inf")
        root_ratio = ours.root_accuracy / base.root_accuracy if base.root_accuracy else float("inf")
        print(f"  ratio    triple F1 {f1_ratio:.2f}×, root accuracy {root_ratio:.2f}×")
    texts = [g.text for g in gold]
    ours_speed = _speed(code, texts, args.repeat)
    base_speed = _speed(baseline, texts, args.repeat)
    print(
        f"[speed, {torch.get_num_threads()} threads] coder {ours_speed:,.0f} sentences/s, "
        f"baseline {base_speed:,.0f} sentences/s ({ours_speed / base_speed:.2f}×)"
    )


if __name__ == "__main__":
    main()
