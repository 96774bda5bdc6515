"""The gold sentences and the scores the benchmark and the tests report: precision, recall and F1 of
(source, target, quad class) triples, and root-code accuracy."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from detente.coder.codebook import quad_class
from detente.core.errors import DataError

_EVENT = re.compile(r"^(?P<src>[A-Z]{3})>(?P<tgt>[A-Z]{3}):(?P<root>\d\d):(?P<quad>[1-4])$")
# realnews.csv: the full CAMEO code (root = its first two digits)
_NEWS_EVENT = re.compile(r"^(?P<src>[A-Z]{3})>(?P<tgt>[A-Z]{3}):(?P<code>\d{2,4}):(?P<quad>[1-4])$")


@dataclass(frozen=True)
class GoldEvent:
    source: str
    target: str
    root: str
    quad: int


@dataclass(frozen=True)
class GoldSentence:
    id: str
    split: str
    text: str
    events: tuple[GoldEvent, ...]
    origin: str
    date: str | None = None  # when it was published, as precise as known


def load_gold(path: Path, shared: Path) -> list[GoldSentence]:
    """Read the gold file. Rows whose text is empty take it from `<shared>/corpus/<file>` by their origin
    `corpus/<file>#<start>-<end>` (the corpus texts are not copied into the project)."""
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh), 2):
            text = row["text"]
            if not text:
                m = re.fullmatch(r"corpus/(?P<file>[^#]+)#(?P<a>\d+)-(?P<b>\d+)", row["origin"])
                if m is None:
                    raise DataError(
                        "empty text needs an origin corpus/<file>#<start>-<end>",
                        file=path,
                        line=line,
                        field="origin",
                    )
                source = shared / "corpus" / m["file"]
                if not source.is_file():
                    raise DataError(f"corpus file {source} is missing", file=path, line=line, field="origin")
                text = source.read_text(encoding="utf-8")[int(m["a"]) : int(m["b"])]
            events = []
            for item in filter(None, row["events"].split(";")):
                e = _EVENT.match(item.strip())
                if e is None:
                    raise DataError(
                        f"bad event {item!r} (want SRC>TGT:RR:Q)", file=path, line=line, field="events"
                    )
                if quad_class(e["root"]) != int(e["quad"]):
                    raise DataError(
                        f"quad class {e['quad']} does not match root {e['root']}",
                        file=path,
                        line=line,
                        field="events",
                    )
                events.append(GoldEvent(e["src"], e["tgt"], e["root"], int(e["quad"])))
            if row["split"] not in ("dev", "test"):
                raise DataError(
                    f"split must be dev or test, not {row['split']!r}", file=path, line=line, field="split"
                )
            out.append(GoldSentence(row["id"], row["split"], text, tuple(events), row["origin"]))
    return out


def load_realnews(path: Path) -> list[GoldSentence]:
    """Read the real-news set (`realnews.csv`: id, split dev|heldout, sentence, url, publisher, date, events
    as `SRC>TGT:CAMEO:QUAD;…`). The held-out rows get split 'test', as in the gold file."""
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh), 2):
            if row["split"] not in ("dev", "heldout"):
                raise DataError(
                    f"split must be dev or heldout, not {row['split']!r}", file=path, line=line, field="split"
                )
            events = []
            for item in filter(None, row["events"].split(";")):
                e = _NEWS_EVENT.match(item.strip())
                if e is None or quad_class(e["code"][:2]) != int(e["quad"]):
                    raise DataError(
                        f"bad event {item!r} (want SRC>TGT:CAMEO:QUAD)", file=path, line=line, field="events"
                    )
                events.append(GoldEvent(e["src"], e["tgt"], e["code"][:2], int(e["quad"])))
            split = "dev" if row["split"] == "dev" else "test"
            date = row["date"] or None
            out.append(GoldSentence(row["id"], split, row["sentence"], tuple(events), row["url"], date))
    return out


@dataclass(frozen=True)
class Scores:
    """Triple precision/recall/F1 and root accuracy over a set of sentences."""

    n_sentences: int
    n_gold: int
    n_predicted: int
    precision: float
    recall: float
    f1: float
    root_accuracy: float
    root_matched: int

    def line(self, name: str) -> str:
        return (
            f"{name:<10} triples P={self.precision:.2f} R={self.recall:.2f} F1={self.f1:.2f}  "
            f"root accuracy={self.root_accuracy:.2f} (on {self.root_matched} matched dyads)  "
            f"[{self.n_sentences} sentences, {self.n_gold} gold, {self.n_predicted} predicted events]"
        )


Predicted = tuple[str, str, str]  # source, target, root


def score(gold: list[GoldSentence], predicted: Iterable[list[Predicted]]) -> Scores:
    """Score predictions (one list of (source, target, root) per gold sentence, in order).

    Triples are (source, target, quad class) sets per sentence. Root accuracy: of the gold events
    whose (source, target) the coder also found, the share where one of its events there has the
    gold root."""
    tp = n_pred = n_gold = matched = correct = 0
    for g, preds in zip(gold, predicted, strict=True):
        gold_triples = {(e.source, e.target, e.quad) for e in g.events}
        pred_triples = {(s, t, quad_class(r)) for s, t, r in preds}
        tp += len(gold_triples & pred_triples)
        n_pred += len(pred_triples)
        n_gold += len(gold_triples)
        for e in g.events:
            roots = {r for s, t, r in preds if (s, t) == (e.source, e.target)}
            if roots:
                matched += 1
                correct += e.root in roots
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return Scores(len(gold), n_gold, n_pred, p, r, f1, correct / matched if matched else 0.0, matched)


def run(gold: list[GoldSentence], code: Callable[[list[str]], list[list[Predicted]]]) -> Scores:
    """Code every gold sentence with `code` and score it."""
    return score(gold, code([g.text for g in gold]))
