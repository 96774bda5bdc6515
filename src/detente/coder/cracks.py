"""Which of the six cracks a text argues about, paragraph by paragraph, and in which direction.

Each crack has cue words (data in `cracks.yaml`); a paragraph is tagged with a crack when it has one
strong cue ("New START", "sanctions"), two cue hits, or one hit and the embedding model finds it close
to the crack's question (without the optional model, `detente[embed]`, cue words alone). The stance
comes from worsening and improving cue words near the crack's hits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml
from pydantic import BaseModel

from detente.coder.sentences import Span, paragraphs
from detente.core.errors import DataError
from detente.core.evidence import CRACK_IDS

CRACKS_FILE = Path(__file__).with_name("cracks.yaml")
_END_OF_TEXT = re.compile(r"^(?:references|bibliography|sources|notes|footnotes|works cited)\s*:?\s*$", re.I)


class CrackTag(BaseModel):
    """One crack in one paragraph: the cue words found, the model's similarity and the stance."""

    crack: str
    hits: list[str]
    similarity: float | None
    stance: str


class ParagraphCracks(BaseModel):
    """The cracks one paragraph argues about. `start`/`end` index the paragraph in the text."""

    index: int
    start: int
    end: int
    text: str
    cracks: list[CrackTag]


@dataclass(frozen=True)
class _Cues:
    cues: dict[str, re.Pattern]
    strong: dict[str, re.Pattern | None]
    questions: dict[str, str]
    worsening: re.Pattern
    improving: re.Pattern


def _words(path: Path, field: str, items) -> re.Pattern:
    if not items:
        raise DataError("needs a list of cue patterns", file=path, field=field)
    try:
        return re.compile(r"(?<![\w-])(?:" + "|".join(items) + r")(?![\w])", re.I)
    except re.error as exc:
        raise DataError(f"bad pattern: {exc}", file=path, field=field) from None


@lru_cache(maxsize=2)
def _cues(path: Path = CRACKS_FILE) -> _Cues:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    cues, strong, questions = {}, {}, {}
    for crack in CRACK_IDS:
        entry = (data.get("cracks") or {}).get(crack)
        if not entry:
            raise DataError(f"crack {crack!r} is missing", file=path, field=f"cracks.{crack}")
        cues[crack] = _words(path, f"cracks.{crack}.cues", entry.get("cues"))
        strong[crack] = (
            _words(path, f"cracks.{crack}.strong", entry["strong"]) if entry.get("strong") else None
        )
        questions[crack] = entry.get("question", crack)
    return _Cues(
        cues,
        strong,
        questions,
        _words(path, "stance.worsening", data["stance"]["worsening"]),
        _words(path, "stance.improving", data["stance"]["improving"]),
    )


def _body(text: str) -> list[Span]:
    """The paragraphs before a 'References' heading."""
    out = []
    for p in paragraphs(text):
        if _END_OF_TEXT.match(p.text):
            break
        out.append(p)
    return out


def _stance(text: str, cues: _Cues) -> str:
    worse = len(cues.worsening.findall(text))
    better = len(cues.improving.findall(text))
    if worse > better:
        return "worsening"
    if better > worse:
        return "improving"
    return "neutral"


def tag_cracks(text: str, *, use_model: bool = True, min_similarity: float = 0.3) -> list[ParagraphCracks]:
    """Every body paragraph with the cracks it argues about (paragraphs with none are kept, empty)."""
    cues = _cues()
    paras = _body(text)
    sims = None
    from detente.coder import embed as _embed

    if use_model and paras and _embed.available():  # without the optional model: cue words alone
        embed = _embed.embed
        q = embed([cues.questions[c] for c in CRACK_IDS])
        sims = embed([p.text for p in paras]) @ q.T
    out = []
    for i, p in enumerate(paras):
        tags = []
        for j, crack in enumerate(CRACK_IDS):
            hits = [m.group(0) for m in cues.cues[crack].finditer(p.text)]
            strong = [m.group(0) for m in cues.strong[crack].finditer(p.text)] if cues.strong[crack] else []
            sim = float(sims[i, j]) if sims is not None else None
            distinct = {h.lower() for h in hits + strong}
            if strong or len(hits) >= 2 or (hits and sim is not None and sim >= min_similarity):
                tags.append(
                    CrackTag(
                        crack=crack,
                        hits=sorted(distinct),
                        similarity=_round(sim),
                        stance=_stance(p.text, cues),
                    )
                )
        out.append(ParagraphCracks(index=i, start=p.start, end=p.end, text=p.text, cracks=tags))
    return out


def _round(x: float | None) -> float | None:
    return None if x is None or np.isnan(x) else round(x, 3)


def summary(paragraphs_: list[ParagraphCracks]) -> dict[str, dict[str, int]]:
    """Per crack: how many paragraphs argue it, by stance."""
    out: dict[str, dict[str, int]] = {}
    for p in paragraphs_:
        for t in p.cracks:
            counts = out.setdefault(t.crack, {"paragraphs": 0, "worsening": 0, "improving": 0, "neutral": 0})
            counts["paragraphs"] += 1
            counts[t.stance] += 1
    return out
