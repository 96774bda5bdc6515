"""The coder's output: one event between two states, as the JSONL line and DataFrame row carry it."""

from __future__ import annotations

import hashlib

from pydantic import BaseModel, ConfigDict, computed_field

from detente.core.countries import State

COLUMNS = [
    "id",
    "doc",
    "sentence",
    "start",
    "end",
    "source_name",
    "source_iso3",
    "source_cow",
    "target_name",
    "target_iso3",
    "target_cow",
    "cameo",
    "root",
    "plover",
    "quad_class",
    "goldstein",
    "negated",
    "modality",
    "date",
    "date_precision",
    "trigger",
    "confidence",
]


class Actor(BaseModel):
    """A state as the text named it: `name` is the words used ("the Kremlin"), iso3/cow the state."""

    model_config = ConfigDict(frozen=True)

    name: str
    iso3: str
    cow: int | None

    @classmethod
    def of(cls, words: str, state: State) -> Actor:
        return cls(name=words, iso3=state.iso3, cow=state.cow)


class CodedEvent(BaseModel):
    """One who-did-what-to-whom event coded from a sentence. `start`/`end` index the sentence in the
    document's text; `date` is as precise as the text ('2022-08-08', '2022-08', '2022') or None."""

    model_config = ConfigDict(frozen=True)

    sentence: str
    start: int
    end: int
    source: Actor
    target: Actor
    cameo: str
    root: str
    plover: str | None
    quad_class: int
    goldstein: float
    negated: bool
    modality: str | None = None
    date: str | None = None
    date_precision: str | None = None
    trigger: str
    confidence: float
    doc: str | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def id(self) -> str:
        """A stable id: the same document, sentence, pair and code give the same id."""
        key = "|".join([self.doc or "", str(self.start), self.source.iso3, self.target.iso3, self.cameo,
                        self.trigger])
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    def row(self) -> dict:
        """A flat row for a DataFrame."""
        return {
            "id": self.id,
            "doc": self.doc,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "source_name": self.source.name,
            "source_iso3": self.source.iso3,
            "source_cow": self.source.cow,
            "target_name": self.target.name,
            "target_iso3": self.target.iso3,
            "target_cow": self.target.cow,
            "cameo": self.cameo,
            "root": self.root,
            "plover": self.plover,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "negated": self.negated,
            "modality": self.modality,
            "date": self.date,
            "date_precision": self.date_precision,
            "trigger": self.trigger,
            "confidence": self.confidence,
        }
