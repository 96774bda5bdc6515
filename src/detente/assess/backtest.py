"""The history backtest: run the cases of `history_cases.yaml` (or a file of the same shape) and
say which read right. A case checks one crack's status on a date, or the direction of the
overall score between two dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from detente.assess.engine import assess, overall_of
from detente.assess.result import Assessment
from detente.core.errors import DataError, DetenteError
from detente.dossier.located import parse_yaml

CASES = Path(__file__).with_name("history_cases.yaml")


@dataclass(frozen=True)
class Case:
    pair: tuple[str, str]
    date: dt.date
    basis: str
    crack: str | None = None
    status: str | None = None
    not_status: str | None = None
    better_than: dt.date | None = None
    worse_than: dt.date | None = None
    unread: str | None = None  # the record the case is drawn from: left out of its reading

    @property
    def expects(self) -> str:
        if self.crack:
            return f"{self.crack} {'not ' + self.not_status if self.not_status else self.status}"
        without = f" (without {self.unread})" if self.unread else ""
        return (f"overall{without} better than on {self.better_than}" if self.better_than
                else f"overall{without} worse than on {self.worse_than}")


@dataclass(frozen=True)
class Outcome:
    case: Case
    right: bool
    got: str


def load_cases(path: Path = CASES) -> list[Case]:
    """The cases of a YAML file; errors name the file, line and field."""
    parsed = parse_yaml(path)
    if parsed.problems:
        raise parsed.problems[0].to_error()
    out = []
    for i, row in enumerate(parsed.data or []):
        try:
            a, b = row["pair"]
            out.append(Case(pair=(str(a), str(b)), date=_day(row["date"]), basis=str(row["basis"]),
                            crack=row.get("crack"), status=row.get("status"),
                            not_status=row.get("not"), better_than=_day(row.get("better_than")),
                            worse_than=_day(row.get("worse_than"))))
        except (KeyError, TypeError, ValueError) as exc:
            raise DataError(f"case {i + 1} is malformed ({exc})", file=path) from None
    return out


def rivalry_end_cases(today: dt.date, before: int = 2, after: int = 3, first: int = 1950
                      ) -> tuple[list[Case], list[str]]:
    """Cases drawn from the TSS strategic rivalries, none written by hand: for every rivalry
    that ended from `first` on (not the ones running when coding stopped), the overall `after`
    years past its end year must read better than `before` years before it (both on 1 June).
    Returns the cases and, for the ends left out, why (a state not in the system on a date)."""
    from detente.core.countries import resolve
    from detente.datasets import tss_rivalries

    cases, skipped = [], []
    for r in tss_rivalries().itertuples():
        if r.ongoing or r.end < first or r.end - r.start <= before:
            continue
        then, now = dt.date(r.end - before, 6, 1), dt.date(r.end + after, 6, 1)
        if now > today:
            continue
        pair = (str(r.ccode1), str(r.ccode2))
        gone = [f"{s.name} on {d}" for s in map(resolve, pair) for d in (then, now)
                if not s.exists_on(d)]
        if gone:
            skipped.append(f"TSS {r.tssr_id} {r.rivalry} (ended {r.end}): not a state: "
                           + ", ".join(gone))
            continue
        cases.append(Case(pair=pair, date=now, better_than=then,
                          basis=f"TSS rivalry {r.tssr_id}, {r.rivalry}, ended {r.end}",
                          unread=f"TSS rivalry {r.tssr_id}"))
    return cases, skipped


def _day(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def run(cases: list[Case], today: dt.date,
        progress: Callable[[Case], None] | None = None) -> Iterator[Outcome]:
    """Each case's outcome, in order (assessments are made without history or scenarios)."""
    seen: dict[tuple, Assessment | DetenteError] = {}

    def get(pair: tuple[str, str], day: dt.date) -> Assessment | DetenteError:
        if (pair, day) not in seen:
            try:
                seen[(pair, day)] = assess(*pair, as_of=day, today=today, history=False)
            except DetenteError as exc:
                seen[(pair, day)] = exc
        return seen[(pair, day)]

    for case in cases:
        if progress:
            progress(case)
        now = get(case.pair, case.date)
        if isinstance(now, DetenteError):
            yield Outcome(case, False, f"error: {now}")
            continue
        if case.crack:
            c = now.crack(case.crack)
            got = f"{c.status} ({'—' if c.score is None else f'{c.score:+.2f}'})"
            right = (c.status == case.status) if case.status else (c.status != case.not_status)
            yield Outcome(case, right, got)
            continue
        other_day = case.better_than or case.worse_than
        then = get(case.pair, other_day)
        if isinstance(then, DetenteError):
            yield Outcome(case, False, "overall unknown on one of the dates")
            continue
        x, y = (overall_without(now, case.unread), overall_without(then, case.unread)) if case.unread \
            else (now.overall, then.overall)
        if x is None or y is None:
            yield Outcome(case, False, "overall unknown on one of the dates")
            continue
        got = f"{x:+.2f} on {case.date} vs {y:+.2f} on {other_day}"
        right = x > y if case.better_than else x < y
        yield Outcome(case, right, got)


def overall_without(assessment: Assessment, record: str) -> float | None:
    """The overall with the evidence of `record` left out: each crack it weighs in is recomputed
    from its other items (unknown when none of them informs), so that a case drawn from a
    dataset's record is not read right because that record feeds the score."""
    from detente.assess.providers.base import informative
    from detente.assess.rules import rules
    from detente.core.scoring import squash

    cracks = []
    for c in assessment.cracks:
        mine = [e for e in c.evidence if e.record == record]
        if mine and c.score is not None:
            rest = [e for e in c.evidence if e.record != record]
            raw = float(c.indicators["raw"]) - sum(e.weight for e in mine)
            score = squash(raw, rules()[c.id]["scale"]) if any(map(informative, rest)) else None
            c = c.model_copy(update={"score": score})
        cracks.append(c)
    return overall_of(cracks)
