"""Office holders as actors: the heads of government in Archigos (peacesciencer's `archigos`), read
from the dataset registry when it is available (a mirror or `detente data pull archigos`).

A leader's name stands for the state only when it is unambiguous: in office from 1945 on, at least
five characters, one state only, and not a common English word ("Major", "Young", "Brown").
Without the dataset the coder still knows the leaders listed in `actors.yaml` and `states.yaml`.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
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


@lru_cache(maxsize=1)
def archigos_leaders() -> dict[str, str]:
    """Unambiguous Archigos leader names → ISO3; empty when the dataset is not available."""
    try:
        from detente.core.countries import resolve
        from detente.datasets import peacesciencer

        frame = peacesciencer.read("archigos")
    except (DetenteError, OSError, ImportError) as exc:
        log.info("Archigos leaders not used: %s", exc)
        return {}
    import pandas as pd

    frame = frame[pd.to_datetime(frame["enddate"]).dt.date >= SINCE]
    states: dict[str, set[str]] = {}
    for name, gw in zip(frame["leader"], frame["gwcode"], strict=True):
        name = str(name).strip()
        if len(name) < 5 or name in COMMON or not _NAME.match(name):
            continue
        try:
            iso3 = resolve(int(gw)).iso3
        except (DetenteError, ValueError, TypeError):
            continue
        states.setdefault(name, set()).add(iso3)
    return {name: next(iter(s)) for name, s in states.items() if len(s) == 1}
