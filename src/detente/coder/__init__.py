"""Text → events: an offline coder for who-did-what-to-whom between states (CAMEO, PLOVER, quad class,
Goldstein), the cracks a text argues about, and a fact check of its claims against the dossier.

    >>> from detente.coder import code_text
    >>> code_text("Russia launched a full-scale invasion of Ukraine on February 24, 2022.")
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import pandas as pd

from detente.coder.coder import EventCoder
from detente.coder.event import COLUMNS, CodedEvent
from detente.coder.inputs import Document, Skipped, collect, read

__all__ = ["CodedEvent", "EventCoder", "code_files", "code_frame", "code_text", "coder"]


@lru_cache(maxsize=2)
def coder(use_model: bool = True) -> EventCoder:
    """The shared coder (built once; the model loads on first use)."""
    return EventCoder(use_model=use_model)


def code_text(text: str, *, use_model: bool = True) -> list[CodedEvent]:
    """Events in a text."""
    return coder(use_model).code_text(text)


def code_files(
    paths: Iterable[str | Path], *, use_model: bool = True, date: dt.date | None = None
) -> tuple[list[CodedEvent], list[Skipped], list[Document]]:
    """Code every .txt/.md/.html file under `paths`. Returns the events, the files skipped (with the
    reason) and the documents read (with their warnings). `date`, the documents' date, dates the
    events whose sentence gives none (`date_precision` 'document')."""
    events: list[CodedEvent] = []
    skipped: list[Skipped] = []
    docs: list[Document] = []
    for item in collect(Path(p) for p in paths):
        doc = item if isinstance(item, Skipped) else read(item)
        if isinstance(doc, Skipped):
            skipped.append(doc)
            continue
        docs.append(doc)
        coded = coder(use_model).code_text(doc.text, doc=str(doc.path))
        if date is not None:
            undated = {"date": date.isoformat(), "date_precision": "document"}
            coded = [e if e.date else e.model_copy(update=undated) for e in coded]
        events.extend(coded)
    return events, skipped, docs


def to_frame(events: Iterable[CodedEvent]) -> pd.DataFrame:
    """One row per event, with the columns in `COLUMNS`."""
    return pd.DataFrame([e.row() for e in events], columns=COLUMNS)


def code_frame(source: str | Path | Iterable[str | Path], *, use_model: bool = True) -> pd.DataFrame:
    """Events as a DataFrame: from a text (a str that is not an existing path) or from files/folders."""
    if isinstance(source, str) and not Path(source).exists():
        return to_frame(code_text(source, use_model=use_model))
    paths = [source] if isinstance(source, str | Path) else list(source)
    return to_frame(code_files(paths, use_model=use_model)[0])
