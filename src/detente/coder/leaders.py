"""Office holders as actors: the heads of government in Archigos (peacesciencer's `archigos`), read
from the dataset registry when it is available (a mirror or `detente data pull archigos`).

A leader's name stands for the state only when it is usable: in office from 1945 on, at least five
characters, and not a common English word ("Major", "Young", "Brown"). With no date for the text, a
name must also belong to one state only. With a date (the article's), a name stands for the state it
led at that time, and for no state outside its terms: a former leader speaks for himself, and a name
two states' leaders shared is read by who was in office. Leaders after the data's end (2015) and the
ministers in `actors.yaml` and `states.yaml` carry no dates and always stand for their state.
Without the dataset the coder still knows the leaders listed in `actors.yaml` and `states.yaml`.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from detente.core.errors import DetenteError

log = logging.getLogger(__name__)
SINCE = dt.date(1945, 1, 1)
# Archigos surnames that are also ordinary words or very common names.
COMMON = {"Major", "Young", "Brown", "Grant", "Howard", "Kennedy", "Banda", "Stuart", "Thompson",
          "Christie", "Manning", "Martin", "Smith", "Hassan", "Hussein", "Ahmed", "Mohammed", "Muhammad",
          "Khan", "Singh", "Medina", "Arias", "Lobo", "Hernandez", "Santos", "Fernandez", "Gonzalez",
          "Perez", "Rodriguez", "Lopez", "Garcia", "Reyes", "Ramos", "Castro", "Gomez", "Rahman",
          "Abdullah", "Ibrahim", "Ismail", "Ali", "Hamid", "Salih", "Saleh", "Mahmoud", "Abbas",
          "Nasser", "Karim", "Faisal", "Sultan", "Hamad", "Khalifa", "Kabila", "Kim", "Park", "Lee",
          "Wang", "Chen", "Nguyen", "Tran", "Moon", "Chun", "Roh", "Bush", "Clinton", "Johnson",
          "Carter", "Ford", "Nixon", "Wilson", "Gandhi", "Sharif", "Bhutto", "Rajapaksa", "Mitchell",
          "Baldwin", "Chamberlain", "Heath", "Callaghan", "Blair", "Cameron", "May", "Harper",
          "Martelly", "Golding", "Holness", "Abe", "Kan", "Aso", "Mori", "Obuchi", "Hashimoto", "Bongo",
          "Deby", "Biya", "Museveni", "Moi", "Kenyatta", "Mugabe", "Mandela", "Zuma", "Mbeki", "Tito",
          "Franco", "Peron", "Allende", "Pinochet", "Chavez", "Morales", "Correa", "Lula", "Rousseff",
          "Temer", "Macri", "Fox", "Calderon", "Zedillo", "Salinas", "Menem", "Kirchner", "Fujimori",
          "Toledo", "Humala", "Bachelet", "Pinera", "Lagos", "Frei", "Aylwin", "Stroessner", "Batista",
          "Somoza", "Ortega", "Noriega", "Duvalier", "Trujillo", "Balaguer", "Bosch", "Preval",
          "Aristide", "Price", "Bird", "Lewis", "Charles", "James", "John", "Mark", "Paul", "Peter",
          "George", "Robert", "Joseph", "Michael", "William", "Richard", "Thomas", "Francis", "Albert",
          "Philip", "Henry", "Sabah", "Thani", "Nahyan", "Saud", "Khalid", "Fahd", "Idris", "Hassan II",
          "Baudouin", "Juliana", "Beatrix", "Olav", "Harald", "Gustaf", "Margrethe", "Frederik", "Carl",
          "Victoria", "Elizabeth"}
_NAME = re.compile(r"^[A-Z][\w'.-]+(?: [A-Z][\w'.-]+)*$")


@dataclass(frozen=True)
class Term:
    """One spell in office: the state and the first and last day (`end` None: still in office when the
    data end)."""

    iso3: str
    start: dt.date
    end: dt.date | None

    def overlaps(self, first: dt.date, last: dt.date) -> bool:
        return self.start <= last and (self.end is None or self.end >= first)


@lru_cache(maxsize=1)
def archigos_terms() -> dict[str, tuple[Term, ...]]:
    """Usable Archigos leader names (see the module docstring, ambiguous ones included) → their terms;
    empty when the dataset is not available."""
    try:
        from detente.core.countries import resolve
        from detente.datasets import peacesciencer

        frame = peacesciencer.read("archigos")
    except (DetenteError, OSError, ImportError) as exc:
        log.info("Archigos leaders not used: %s", exc)
        return {}
    import pandas as pd

    start = pd.to_datetime(frame["startdate"]).dt.date
    end = pd.to_datetime(frame["enddate"]).dt.date
    still = frame["exitcode"].astype(str).str.contains("Still in Office", case=False)
    terms: dict[str, list[Term]] = {}
    for name, gw, a, b, open_ in zip(frame["leader"], frame["gwcode"], start, end, still, strict=True):
        name = str(name).strip()
        if b < SINCE or len(name) < 5 or name in COMMON or not _NAME.match(name):
            continue
        try:
            iso3 = resolve(int(gw)).iso3
        except (DetenteError, ValueError, TypeError):
            continue
        for spelling in spellings(name):
            terms.setdefault(spelling, []).append(Term(iso3, a, None if open_ else b))
    return {name: tuple(ts) for name, ts in terms.items()}


_ARTICLE = re.compile(r"^(?P<article>[Aa]l|[Ee]l)-(?P<rest>[A-Z][\w'.-]+(?: [A-Z][\w'.-]+)*)$")


def spellings(name: str) -> list[str]:
    """A name and the ways news writes its Arabic article: "Al-Bashir", "al-Bashir", "Al Bashir"."""
    m = _ARTICLE.match(name)
    if m is None:
        return [name]
    article, rest = m["article"].capitalize(), m["rest"]
    return [name, *dict.fromkeys(f"{a}{sep}{rest}" for a in (article, article.lower()) for sep in ("-", " ")
                                 if f"{a}{sep}{rest}" != name)]


def archigos_leaders() -> dict[str, str]:
    """Unambiguous Archigos leader names (one state only) → ISO3; empty without the dataset."""
    out = {}
    for name, terms in archigos_terms().items():
        states = {t.iso3 for t in terms}
        if len(states) == 1:
            out[name] = next(iter(states))
    return out


def in_office(terms: tuple[Term, ...], first: dt.date, last: dt.date) -> str | None:
    """The state whose office a leader held at some time between `first` and `last` (the dates an
    article gives, as precise as it gives them); None when they held none then."""
    held = [t.iso3 for t in terms if t.overlaps(first, last)]
    return held[0] if len(set(held)) == 1 else None


def day_range(date: str | None) -> tuple[dt.date, dt.date] | None:
    """'2015', '2015-08' or '2015-08-24' → the first and last day it covers; None for none or junk."""
    if not date:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", date.strip())
    if m is None:
        return None
    y = int(m[1])
    if m[3]:
        day = dt.date(y, int(m[2]), int(m[3]))
        return day, day
    if m[2]:
        month = int(m[2])
        nxt = dt.date(y + (month == 12), month % 12 + 1, 1)
        return dt.date(y, month, 1), nxt - dt.timedelta(days=1)
    return dt.date(y, 1, 1), dt.date(y, 12, 31)
