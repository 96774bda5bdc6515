"""Find the states a sentence names: country names, demonyms, capitals, institutions and leaders.

Country names come from country_converter (through `detente.core.countries`); the other names are data in
`actors.yaml` beside this module. Matching is case-sensitive on whole words and the longest name wins.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from detente.coder.leaders import Term, archigos_leaders, archigos_terms, in_office
from detente.core.countries import State, all_states, resolve
from detente.core.errors import DataError

ACTORS_FILE = Path(__file__).with_name("actors.yaml")
STATES_FILE = Path(__file__).with_name("states.yaml")
_KINDS = ("names", "demonyms", "capitals", "institutions", "leaders")
# A capital right after one of these words is where something happened, not who acted.
# A dateline: "BEIJING, China (AP) —", "Kyiv, Ukraine (CNN) —", "Baghdad: …", "DUBAI, United Arab Emirates –".
_DATELINE = re.compile(
    r"^\s*(?:(?:[A-Z][A-Z .'’-]+(?:,\s*[A-Z][\w.'’ ]+?)?|[A-Z][\w.'’ -]+?,\s*[A-Z][\w.'’ ]+?|[A-Z][\w.'’ -]+?"
    r"\s*\([\w .]+\))\s*(?:\([\w .]+\)\s*)?(?:—|–|--)|[A-Z][\w]+:)\s*"
)
# "Washington (CNN) Turkey is …", "Ankara, May 15 (IANS): …": a place and a news agency open the text.
_AGENCY_DATELINE = re.compile(
    r"^\s*[A-Z][\w.'’ -]*?(?:,\s*[\w .]+?)?\s*\((?:[A-Z]{2,}[\w]*|Reuters|Xinhua|Sputnik|Interfax)\)\s*"
    r"(?:[:—–-]+\s*)?")
# "the authorities in Kyiv", "the government in Taipei": the state seated there, not a place.
_SEATED = re.compile(r"\b(?:authorities|officials|government|leadership|regime|leaders|rulers)\s+in\s+$")
_CURRENCY = re.compile(r"\s?\$")
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
    not_the_state: re.Pattern | None = None
    terms: dict[str, tuple[Term, ...]] = field(default_factory=dict)

    def find(self, text: str, *, on: tuple[dt.date, dt.date] | None = None) -> list[Mention]:
        """Mentions in `text`, left to right. A capital or institution right after a place preposition
        ("in Riyadh", "at the White House") gets kind 'place': where it happened, not who acted. A name
        or demonym before a word of `not_the_state` ("Syrian rebels") names a group, not the state. With
        `on` (the first and last day of the text's date), a dated leader names the state he led then,
        and none outside his terms (`leaders.py`)."""
        out: list[Mention] = []
        dateline = _DATELINE.match(text) or _AGENCY_DATELINE.match(text)
        dateline_end = dateline.end() if dateline and dateline.end() < 60 else 0
        for m in self.pattern.finditer(text):
            name = m.group(0)
            iso3, kind = self.lookup[name]
            if name in self.terms and on is not None:
                iso3 = in_office(self.terms[name], *on)
                kind = "leaders" if iso3 else "non_state"
            if m.end() <= dateline_end:
                kind = "place"
            if _CURRENCY.match(text, m.end()):  # "US $50 million"
                iso3, kind = None, "non_state"
            if kind in ("capitals", "institutions") and _PLACE_WORDS.search(
                text[max(0, m.start() - 20) : m.start()]
            ) and not _SEATED.search(text[max(0, m.start() - 40) : m.start()]):
                kind = "place"
            if (
                iso3
                and kind in ("names", "demonyms")
                and self.not_the_state is not None
                and self.not_the_state.match(text, m.end())
            ):
                iso3, kind = None, "non_state"
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
def actor_table(path: Path = ACTORS_FILE, more: Path | None = STATES_FILE) -> ActorTable:
    """The compiled table: country_converter's short names, `path`'s names and then `more`'s (a name
    in both keeps `path`'s), and the leaders of Archigos (`leaders.py`)."""
    lookup: dict[str, tuple[str | None, str]] = {}
    for state in all_states(current_only=True):
        if len(state.name) > 3:
            lookup.setdefault(state.name, (state.iso3, "names"))
    unambiguous = archigos_leaders()
    dated = archigos_terms()
    for name in dated:
        lookup[name] = (unambiguous.get(name), "leaders")  # an ambiguous name needs a date
    not_the_state: list[str] = []
    curated: set[str] = set()
    if more is not None:
        extra = _load_yaml(more)
        curated |= _add(lookup, extra, more)
        not_the_state = [str(w) for w in extra.get("not_the_state", [])]
    curated |= _add(lookup, _load_yaml(path), path)
    terms = {name: t for name, t in dated.items() if name not in curated}
    # "US-led forces" act for the state; "Iran-backed militias" do not ("-backed" stays unmatched)
    pattern = re.compile(rf"(?<![\w.-])(?:{trie_pattern(lookup)})(?![\w]|-(?!led\b)|\.\w)")
    heads = "|".join(re.escape(w) for w in sorted(not_the_state, key=len, reverse=True))
    between = r"(?:(?!state\b|government\b|army\b|military\b)[\w-]+\s+)?"  # "Syrian Kurdish militias"
    group = re.compile(rf"\s+{between}(?:{heads})\b") if heads else None
    return ActorTable(pattern, lookup, group, terms)


def trie_pattern(words) -> str:
    """One regular expression for many names, as a character trie: fast on thousands of names, and
    the longest name wins (each optional continuation is tried before stopping)."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in node.items() if ch != ""]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


def _add(lookup: dict[str, tuple[str | None, str]], data: dict, path: Path) -> set[str]:
    """Add the names of one YAML file; return them."""
    added: set[str] = set()
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
                added.add(str(name))
    for name in data.get("non_state", []):
        lookup[str(name)] = (None, "non_state")
        added.add(str(name))
    for name in data.get("places", []):
        lookup[str(name)] = (None, "place")
        added.add(str(name))
    return added


def unique_states(ms: list[Mention], exclude: set[str | None] | frozenset = frozenset()
                  ) -> list[Mention]:
    """The mentions in order, one per state, leaving out the states in `exclude`."""
    seen: set[str | None] = set(exclude)
    out = []
    for m in ms:
        if m.iso3 not in seen:
            seen.add(m.iso3)
            out.append(m)
    return out
