"""Find the states a sentence names: country names, demonyms, capitals, institutions and leaders.

Country names come from country_converter (through `detente.core.countries`); the other names are data in
`actors.yaml` beside this module. Matching is case-sensitive on whole words and the longest name wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from detente.core.countries import State, _table, resolve
from detente.core.errors import DataError

ACTORS_FILE = Path(__file__).with_name("actors.yaml")
_KINDS = ("names", "demonyms", "capitals", "institutions", "leaders")
# A capital right after one of these words is where something happened, not who acted.
_PLACE_WORDS = re.compile(r"(?:\b(?:in|at|near|outside|from|via|across|around|over)\s+(?:the\s+)?)$")


@dataclass(frozen=True)
class Mention:
    """One name in a sentence: its span, the state it names (None for a non-state actor) and its kind."""

    start: int
    end: int
    text: str
    state: State | None
    kind: str

    @property
    def iso3(self) -> str | None:
        return self.state.iso3 if self.state else None


@dataclass(frozen=True)
class ActorTable:
    """Every name the coder knows, compiled into one pattern."""

    pattern: re.Pattern
    lookup: dict[str, tuple[str | None, str]]

    def find(self, text: str) -> list[Mention]:
        """Mentions in `text`, left to right. A capital or institution right after a place preposition
        ("in Riyadh", "at the White House") gets kind 'place': where it happened, not who acted."""
        out: list[Mention] = []
        for m in self.pattern.finditer(text):
            name = m.group(0)
            iso3, kind = self.lookup[name]
            if kind in ("capitals", "institutions") and _PLACE_WORDS.search(
                text[max(0, m.start() - 20) : m.start()]
            ):
                kind = "place"
            state = resolve(iso3) if iso3 else None
            out.append(Mention(m.start(), m.end(), name, state, kind))
        return out


def _load_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise DataError(
            f"not valid YAML: {exc}", file=path, line=None if line is None else line + 1
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("states"), dict):
        raise DataError("expected a mapping with `states:`", file=path, field="states")
    return data


@lru_cache(maxsize=4)
def actor_table(path: Path = ACTORS_FILE) -> ActorTable:
    """The compiled table: country_converter's short and official names plus `path`'s names."""
    lookup: dict[str, tuple[str | None, str]] = {}
    for iso3, state in _table().items():
        for name in (state.name,):
            if len(name) > 3:
                lookup.setdefault(name, (iso3, "names"))
    data = _load_yaml(path)
    for iso3, kinds in data["states"].items():
        try:
            resolve(iso3)
        except Exception:
            raise DataError(f"unknown state code {iso3!r}", file=path, field=f"states.{iso3}") from None
        for kind, names in (kinds or {}).items():
            if kind not in _KINDS:
                raise DataError(
                    f"unknown kind {kind!r} (one of {', '.join(_KINDS)})",
                    file=path,
                    field=f"states.{iso3}.{kind}",
                )
            for name in names:
                lookup[str(name)] = (iso3, kind)
    for name in data.get("non_state", []):
        lookup[str(name)] = (None, "non_state")
    for name in data.get("places", []):
        lookup[str(name)] = (None, "place")
    names = sorted(lookup, key=len, reverse=True)
    body = "|".join(re.escape(n) for n in names)
    pattern = re.compile(rf"(?<![\w.-])(?:{body})(?![\w-]|\.\w)")
    return ActorTable(pattern, lookup)
