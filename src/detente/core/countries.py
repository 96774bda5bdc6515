"""Every state that ever was: names, ISO3 keys, Correlates of War and Gleditsch–Ward codes, and dates.

The state table (`states.csv` beside this file, written by `scripts/make_states.py` from the COW
State System Membership list v2016 and the Gleditsch–Ward list) holds every COW and GW state and
every country or territory country_converter knows, so resolving a state needs no dataset at run
time; `state_names.csv` adds the names states bore on given days and common aliases.

**The key (`State.iso3`)** that dossier folders and event data use:

1. a state that exists today keeps its ISO 3166-1 alpha-3 code;
2. a COW code that COW continues into a current state is that state: the Soviet Union is RUS
   (COW 365 throughout), Yugoslavia is SRB (COW 345), North Vietnam is VNM (816); likewise the two
   codes COW splits where ISO does not: the German Federal Republic (COW 260, 1955–1990) is DEU,
   and the Yemen Arab Republic (678) is YEM;
3. a former state takes its ISO 3166-3 code where ISO gave it one: DDR (German Democratic
   Republic), YMD (South Yemen), CSK (Czechoslovakia);
4. else its COW abbreviation (GW's if COW has none): RVN, AUH, ZAN, PAP, TBT …;
5. an abbreviation that is already a current ISO3 code gets its number appended: KOR730 (Korea
   1887–1905), VNM815 (GW's Vietnam before 1893).

**Germany.** DEU is one state whose COW spells are 255 (1816–1945), 260 (German Federal Republic,
1955–1990) and 255 again from 3 October 1990: ISO gave West Germany the code DEU and kept it for
united Germany, and GW codes West and united Germany alike (260). So 'West Germany', 'FRG' and
260 resolve to DEU, `name_on` says 'West Germany' before 3 October 1990, `cow_on` gives 260 for
1955–1990, and FRG–GDR is DEU–DDR.

**Resolution order:** a number is a COW code, else a GW code; then a key ('DDR'); then a COW or GW
abbreviation or ISO 3166-3 former code ('GDR', 'YPR', 'SUN'); then a name from the two files
(case-insensitive); then country_converter's name matching. Keys win over abbreviations, so 'AUS'
is Australia (COW's Austria is AUT), 'SLV' El Salvador, 'MNG' Mongolia, 'KOR' South Korea.

**Existence.** A state exists on a day either list counts it a member: its `spells` join its COW
and GW spells. The lists differ where a state was occupied or not yet admitted: GW counts the German
Federal Republic from 21 September 1949 and the German Democratic Republic from 5 October 1949
(COW from 1955 and 1954) and keeps Japan through the occupation of 1945–1952, which COW leaves out;
so FRG–GDR in 1950 and USA–Japan in 1951 can be asked, while Germany in 1947 (in neither list)
cannot. A spell that lasts to the end of its list (2016 COW, 2017 GW) is open. States in neither
list (territories such as Hong Kong) have no spells and count as existing: detente cannot say.

**Not states.** country_converter reads some regions and de facto states as the state they broke
from or belong to ('Somaliland' as Somalia, 'Northern Cyprus' as Cyprus, 'Iraqi Kurdistan' as
Iraq); `NOT_STATES` refuses them by name, saying which state to ask for instead.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import logging
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import country_converter as coco

from detente.core.errors import UsageError

STATES_FILE = Path(__file__).with_name("states.csv")
NAMES_FILE = Path(__file__).with_name("state_names.csv")
LIST_NAMES = {"COW": "COW", "GW": "Gleditsch–Ward"}
LIST_STARTS = dt.date(1816, 1, 1)
# Regions and de facto states in neither list that country_converter reads as the state they broke
# from or belong to: refused by name, so that none is silently assessed as that state.
NOT_STATES = {
    "somaliland": "SOM", "republic of somaliland": "SOM",
    "northern cyprus": "CYP", "north cyprus": "CYP", "turkish republic of northern cyprus": "CYP",
    "iraqi kurdistan": "IRQ", "kurdistan region": "IRQ", "kurdistan region of iraq": "IRQ",
    "syrian kurdistan": "SYR", "rojava": "SYR",
    "inner mongolia": "MNG",
}


@dataclass(frozen=True)
class Spell:
    """One spell of membership in a state list: `first` to `last` inclusive (`last` None: open)."""

    code: int
    first: dt.date
    last: dt.date | None
    source: str

    def contains(self, day: dt.date) -> bool:
        return self.first <= day and (self.last is None or day <= self.last)


@dataclass(frozen=True)
class DatedName:
    """A name a state bore from `first` to `last` inclusive."""

    name: str
    first: dt.date
    last: dt.date


@dataclass(frozen=True)
class State:
    """One canonical state: its key, current COW code, name, GW code and spells."""

    iso3: str
    cow: int | None
    name: str
    gw: int | None = None
    cow_spells: tuple[Spell, ...] = field(default=(), repr=False)
    gw_spells: tuple[Spell, ...] = field(default=(), repr=False)
    dated_names: tuple[DatedName, ...] = field(default=(), repr=False, compare=False)

    @cached_property
    def spells(self) -> tuple[Spell, ...]:
        """When the state existed: its COW and GW spells joined (overlapping or touching spells
        merged, in order); each names the lists it comes from."""
        return tuple(_merged(self.cow_spells + self.gw_spells))

    @property
    def current(self) -> bool:
        """True when the state still exists (its last spell is open) or detente has no dates."""
        return not self.spells or self.spells[-1].last is None

    def exists_on(self, day: dt.date) -> bool:
        """Whether the state was a member of the state system on `day` (True with no spells)."""
        day = _as_date(day)
        return not self.spells or any(s.contains(day) for s in self.spells)

    def cow_on(self, day: dt.date) -> int | None:
        """The COW code the state had on `day` (260 for DEU in 1972), None outside its COW spells."""
        day = _as_date(day)
        return next((s.code for s in self.cow_spells if s.contains(day)), None)

    def name_on(self, day: dt.date | None) -> str:
        """The state's name on `day` (e.g. 'Soviet Union' for RUS in 1970)."""
        if day is not None:
            day = _as_date(day)
            for dated in self.dated_names:
                if dated.first <= day <= dated.last:
                    return dated.name
        return self.name

    def __str__(self) -> str:
        return self.iso3


def check_exists(state: State, day: dt.date) -> None:
    """Raise UsageError when `state` was not a member of the state system on `day`, saying when it was."""
    day = _as_date(day)
    if state.exists_on(day):
        return
    spells = list(state.spells)
    lists = [LIST_NAMES[name] for name in LIST_NAMES
             if any(name in spell.source.split("+") for spell in spells)]
    source = " and ".join(lists)
    existed = f"{_with_article(state.name)} existed {_describe(spells)} ({source})"
    if day < spells[0].first:
        if spells[0].first == LIST_STARTS:
            begin = "state lists begin" if len(lists) > 1 else "state list begins"
            raise UsageError(f"{existed}; {day} is before 1816, where the {source} {begin}")
        raise UsageError(f"{existed}; {day} is before it began ({spells[0].first})"
                         + _forerunners(state, spells[0].first, day))
    if spells[-1].last is not None and day > spells[-1].last:
        raise UsageError(f"{existed}; {day} is after it ended ({spells[-1].last})")
    before = max((s for s in spells if s.last is not None and s.last < day), key=lambda s: s.first)
    after = min((s for s in spells if s.first > day), key=lambda s: s.first)
    raise UsageError(f"{existed}; {day} falls between those spells (out of the state system from "
                     f"{before.last + dt.timedelta(days=1)} to {after.first - dt.timedelta(days=1)})")


def last_common_day(a: State, b: State, today: dt.date) -> dt.date:
    """`today`, or the day the earlier-ending of the two states ended if one no longer exists
    (FRG–GDR: 2 October 1990): the last day a pair's timeline can reach."""
    ends = [s.spells[-1].last for s in (a, b) if s.spells and s.spells[-1].last is not None]
    return min([today, *ends])


def _forerunners(state: State, began: dt.date, day: dt.date) -> str:
    """The states that ended the day before `state` began and existed on `day`, as a hint
    (Czechia began on 1 January 1993, the day after Czechoslovakia ended): '' when none did."""
    eve = began - dt.timedelta(days=1)
    found = [s for s in all_states() if s.iso3 != state.iso3 and s.exists_on(day)
             and any(sp.last == eve for sp in s.spells)]
    if not found:
        return ""
    names = ", ".join(f"{_with_article(s.name)} ({s.iso3})" for s in found)
    return f". It began the day after {names} ended, which existed on {day}: ask for that state instead"


def _as_date(day: dt.date) -> dt.date:
    return day.date() if isinstance(day, dt.datetime) else day


def _merged(spells: tuple[Spell, ...]) -> list[Spell]:
    """Spells in order with overlapping or touching ones joined (DEU: COW 260 to 2 Oct 1990 and
    255 from 3 Oct 1990, GW 260 from 1949): a joined spell's source names its lists ('COW+GW')."""
    out: list[Spell] = []
    for spell in sorted(spells, key=lambda s: s.first):
        last = out[-1].last if out else None
        if out and (last is None or last + dt.timedelta(days=1) >= spell.first):
            joined_last = None if last is None or spell.last is None else max(last, spell.last)
            sources = out[-1].source.split("+")
            source = "+".join(sources + [spell.source] if spell.source not in sources else sources)
            out[-1] = Spell(out[-1].code, out[-1].first, joined_last, source)
        else:
            out.append(spell)
    return out


def _describe(spells: list[Spell]) -> str:
    parts = [f"since {s.first.year}" if s.last is None else f"from {s.first.year} to {s.last.year}"
             for s in spells]
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


_ARTICLE_WORDS = ("Republic", "United", "Kingdom", "Union", "Federation", "States", "Islands", "Empire",
                  "Netherlands", "Bahamas", "Philippines", "Maldives", "Comoros", "Seychelles",
                  "Gambia", "Sicilies", "Provinces", "Emirates")


def _with_article(name: str) -> str:
    """'the German Democratic Republic', 'the Soviet Union', but 'Germany'."""
    return f"the {name}" if any(word in name.split() for word in _ARTICLE_WORDS) else name


def _spells(text: str, source: str) -> tuple[Spell, ...]:
    out = []
    for part in text.split():
        code, dates = part.split(":")
        first, last = dates.split("/")
        out.append(Spell(int(code), dt.date.fromisoformat(first),
                         dt.date.fromisoformat(last) if last else None, source))
    return tuple(out)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


@lru_cache(maxsize=1)
def _names_file() -> list[dict[str, str]]:
    return _rows(NAMES_FILE)


@lru_cache(maxsize=1)
def _states() -> dict[str, State]:
    """Every state, former ones included, keyed by ISO3."""
    dated: dict[str, list[DatedName]] = {}
    for row in _names_file():
        if row["first"]:
            dated.setdefault(row["iso3"], []).append(DatedName(
                row["name"], dt.date.fromisoformat(row["first"]), dt.date.fromisoformat(row["last"])))
    return {row["iso3"]: State(
        iso3=row["iso3"], cow=int(row["cow"]) if row["cow"] else None, name=row["name"],
        gw=int(row["gw"]) if row["gw"] else None, cow_spells=_spells(row["cow_spells"], "COW"),
        gw_spells=_spells(row["gw_spells"], "GW"), dated_names=tuple(dated.get(row["iso3"], [])),
    ) for row in _rows(STATES_FILE)}


@lru_cache(maxsize=1)
def _table() -> dict[str, State]:
    """The states and territories that exist today, keyed by ISO3 (the coder's actor names)."""
    return {iso: state for iso, state in _states().items() if state.current}


@lru_cache(maxsize=1)
def _by_code() -> dict[int, str]:
    """COW codes, and GW codes where COW does not use the number, to keys."""
    out: dict[int, str] = {}
    for iso, state in _states().items():
        for spell in state.gw_spells:
            out[spell.code] = iso
    for iso, state in _states().items():
        for spell in state.cow_spells:
            out[spell.code] = iso
    return out


@lru_cache(maxsize=1)
def _by_abbreviation() -> dict[str, str]:
    """COW/GW abbreviations and ISO 3166-3 former codes to keys."""
    return {code: row["iso3"] for row in _rows(STATES_FILE) for code in row["codes"].split()}


@lru_cache(maxsize=1)
def _by_name() -> dict[str, str]:
    """Lower-cased names (the table's and state_names.csv's) to keys."""
    out: dict[str, str] = {}
    for row in _rows(STATES_FILE):
        for name in [row["name"], *filter(None, row["names"].split("|"))]:
            out.setdefault(name.lower(), row["iso3"])
    for row in _names_file():
        out[row["name"].lower()] = row["iso3"]
    return out


@lru_cache(maxsize=1)
def _converter() -> coco.CountryConverter:
    logging.getLogger("country_converter").setLevel(logging.ERROR)
    return coco.CountryConverter()


def resolve(name: str | int) -> State:
    """Resolve a name, ISO3/ISO2 code, COW or GW code or abbreviation ('Russia', 'USSR', 365, 'PRC',
    'GDR', 'East Germany', 817) to a State.

    Raises UsageError naming close matches when the name is unknown.
    """
    text = str(name).strip()
    if not text:
        raise UsageError("empty country name")
    states = _states()
    if text.isdecimal():
        iso = _by_code().get(int(text))
        if iso is None:
            raise UsageError(f"unknown COW country code {text} (nor a Gleditsch–Ward code)")
        return states[iso]
    key = (text.upper() if text.upper() in states else _by_abbreviation().get(text.upper())
           or _by_name().get(text.lower()))
    if key:
        return states[key]
    if text.lower() in NOT_STATES:
        other = states[NOT_STATES[text.lower()]]
        raise UsageError(f"{text!r} is not a state of the COW or Gleditsch–Ward lists (country_converter "
                         f"would read it as {other.name}, a different entity); ask for {other.iso3} if you "
                         f"mean {other.name}")
    found = _converter().convert(text, to="ISO3", not_found=None)
    if isinstance(found, str) and found in states:
        return states[found]
    raise UsageError(f"unknown country {text!r}{_suggest(text)}")


def _suggest(text: str) -> str:
    candidates = [s.name for s in _states().values()] + [r["name"] for r in _names_file()] + list(_states())
    close = difflib.get_close_matches(text, candidates, n=3, cutoff=0.6)
    close += difflib.get_close_matches(text.lower(), [c.lower() for c in candidates], n=3)
    seen: list[str] = []
    for c in close:
        if c.lower() not in (s.lower() for s in seen):
            seen.append(c)
    return f"; did you mean {', '.join(repr(c) for c in seen[:3])}?" if seen else ""


def all_states(current_only: bool = False) -> list[State]:
    """Every state detente can resolve, former ones too unless `current_only`, sorted by name."""
    states = _table() if current_only else _states()
    return sorted(states.values(), key=lambda s: s.name)
