"""Put it together in one pass: every provider's evidence (the dossier with the datasets' records
merged in, the datasets' measures, the event store, the dynamics models) → six cracks, bridges,
outlook, history, scenarios."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import replace
from statistics import fmean

import pandas as pd

from detente.assess.cracks import evaluate_all
from detente.assess.one_day import Day, on_day
from detente.assess.outlook import outlook, unavailable
from detente.assess.providers import events as events_provider
from detente.assess.providers.records import provider_of
from detente.assess.result import Assessment, Crack, Dynamics, Outlook, ScenarioResult
from detente.assess.scenarios import Scenario, resolve_scenario
from detente.assess.treaties import treaty_lifecycles
from detente.core.context import Context
from detente.core.countries import State, check_exists, resolve
from detente.core.dates import fmt_date
from detente.core.errors import DataError, DatasetUnavailable, UsageError
from detente.datasets import warehouse
from detente.dossier.load import Dossier, load_dossier

TREND_LAG_DAYS = 365
STEADY_BELOW = 0.05
HISTORY_START = 1946


def _with_trend(now: list[Crack], before: list[Crack]) -> list[Crack]:
    out = []
    for c, p in zip(now, before, strict=True):
        if c.score is None or p.score is None:
            out.append(c.model_copy(update={"trend": "unknown", "trend_delta": None}))
            continue
        delta = round(c.score - p.score, 4)
        trend = ("steady" if abs(delta) < STEADY_BELOW
                 else "improving" if delta > 0 else "worsening")
        out.append(c.model_copy(update={"trend": trend, "trend_delta": delta}))
    return out


class _Tss:
    """The rivalry table, loaded once; remembers why it is missing."""

    def __init__(self) -> None:
        self.frame: pd.DataFrame | None = None
        self.error: DatasetUnavailable | None = None
        try:
            self.frame = warehouse.table("tss_rivalries")  # read once into the store
        except DatasetUnavailable as exc:
            self.error = exc
        except DataError as exc:
            self.error = DatasetUnavailable("tss_rivalries", exc.message)

    def outlook(self, ctx: Context, a: State, b: State, news: Callable[[dt.date], float] | None) -> Outlook:
        if self.frame is None:
            assert self.error is not None
            return unavailable(f"The rivalry data are missing ({self.error.reason}); the outlook "
                               "needs them. The cracks above come from the dossier alone.",
                               "tss_rivalries")
        from detente.assess.crack_years import models  # the fitted model with the cracks

        try:
            return outlook(ctx, self.frame, a.cow, b.cow, models(), news)
        except DatasetUnavailable as exc:
            return unavailable(f"A dataset of the rivalry model is missing ({exc.reason}).", exc.name)
        except DataError as exc:  # e.g. no rivalry had ended yet by the as-of date
            return Outlook(method="unavailable", note=f"The rivalry model cannot be fitted on what "
                                                      f"was known on {ctx.as_of}: {exc.message}.")

    def datasets(self, out: Outlook) -> list[str]:
        """The datasets the outlook rests on (for `detente cite --from`)."""
        from detente.assess.crack_years import DATASETS

        if self.frame is None:
            return []
        return ["tss_rivalries"] + ([d for d in DATASETS if d != "tss_rivalries"]
                                    if out.method != "unavailable" else [])


def _news(d: Dossier, now: Dossier, a: State, b: State) -> Callable[[dt.date], dict[str, float]] | None:
    """The dossier's news: the change in each crack's score in the dossier's own readings (its
    curated facts alone) from a day to the as-of date, by crack id; `now` is the curated dossier
    on the as-of date as the scenario changed it. None without a dossier."""
    if not d.facts:
        return None

    def scores_on(cut: Dossier, day: dt.date) -> dict[str, float]:
        return {c.id: c.score for c in evaluate_all(cut, Context.between(a, b, day))
                if c.score is not None}

    assert now.as_of_date is not None
    latest = scores_on(now, now.as_of_date)

    def changes(day: dt.date) -> dict[str, float]:
        then = scores_on(d.as_of(day), day)
        return {k: latest[k] - then[k] for k in latest if k in then}

    return changes


def _evaluate(d: Dossier, a: State, b: State, day: dt.date, scenario: Scenario | None = None,
              charts: bool = False) -> Day:
    """`on_day`, with each crack's trend against the same evaluation a year earlier."""
    found = on_day(d, a, b, day, scenario, charts)
    before = on_day(d, a, b, day - dt.timedelta(days=TREND_LAG_DAYS))
    return replace(found, cracks=_with_trend(found.cracks, before.cracks))


def overall_of(cracks: list[Crack]) -> float | None:
    """The mean score of the cracks that are known (None when none is)."""
    known = [c.score for c in cracks if c.score is not None]
    return round(fmean(known), 4) if known else None


def _headline(ctx: Context, cracks: list[Crack], overall: float | None, out: Outlook) -> str:
    known = sum(c.status != "unknown" for c in cracks)
    closed = sum(c.status == "closed" for c in cracks)
    open_ = [c.id for c in cracks if c.status == "open"]
    text = (f"{ctx.name_a}–{ctx.name_b} on {fmt_date(ctx.as_of)}: {known} of 6 cracks known; "
            f"{closed} closed{', open: ' + ', '.join(open_) if open_ else ''}; "
            + (f"overall {overall:+.2f}" if overall is not None else "overall unknown"))
    if out.horizons:
        text += f"; P(rivalry ends within 5 years) = {out.horizons['5'].probability:.0%}"
    return text + "."


def history_days(start: int, day: dt.date) -> list[dt.date]:
    """31 December of every year from `start` before `day`'s year, then `day` itself: fixed
    days, so the rows of a pair are shared by every as-of date (the dashboard's slider) and by
    `year_by_year`. A year's row reads the year whole: its events, its year-coded records."""
    return [year_end(year) for year in range(start, day.year)] + [day]


def year_end(year: int) -> dt.date:
    """The day a year's history row is read on."""
    return dt.date(year, 12, 31)


def _fingerprint(d: Dossier) -> str:
    """What a history row depends on besides the pair and the day: the dossier's content and
    where the datasets come from."""
    from detente.datasets.registry import data_locations

    digest = hashlib.sha256(repr(data_locations()).encode())
    for f in d.facts:
        digest.update(f.model_dump_json().encode())
    return digest.hexdigest()


_ROWS: OrderedDict[tuple, dict] = OrderedDict()
_ROWS_KEPT = 20_000
_ROWS_LOCK = threading.Lock()


def _history_row(key: str, d: Dossier, a: State, b: State, when: dt.date, events: bool = True
                 ) -> dict:
    """The cracks and overall score on `when`, with the event store's readings or without them:
    kept in memory (a bounded cache of recent rows) and on disk for the next process, keyed by
    the dossier, the data, the event store's stamp and the code they come from."""
    from detente.datasets.cache import remembered, source_stamp
    from detente.events.stamp import store_stamp

    memo = (key, a.iso3, b.iso3, when, store_stamp() if events else None)
    with _ROWS_LOCK:
        row = _ROWS.get(memo)
        if row is not None:
            _ROWS.move_to_end(memo)
            return dict(row)
    row = remembered("history-row", [*memo, source_stamp(*_ROW_CODE)],
                     lambda: _row_on(d, a, b, when, events))
    with _ROWS_LOCK:
        _ROWS[memo] = row
        while len(_ROWS) > _ROWS_KEPT:
            _ROWS.popitem(last=False)
    return dict(row)


# the code a history row comes from (the key of the rows kept on disk)
_ROW_CODE = ("assess", "datasets", "events", "core", "dossier")


def _row_on(d: Dossier, a: State, b: State, when: dt.date, events: bool) -> dict:
    cracks = on_day(d, a, b, when, models=False, events=events).cracks
    return {"date": when.isoformat(), **{c.id: c.score for c in cracks},
            "overall": overall_of(cracks)}


def _history(d: Dossier, a: State, b: State, day: dt.date) -> list[dict]:
    """The cracks on 31 December of every year, from the dossier's start (or 1946, or the later
    state's first year), and on the day itself, from the dossier, the datasets and the event
    store (not the dynamics models)."""
    start = d.info.coverage_from.year if d.info and d.facts else HISTORY_START
    key = _fingerprint(d)
    return [_history_row(key, d, a, b, when) for when in history_days(start, day)
            if a.exists_on(when) and b.exists_on(when)]


def year_by_year(a: State, b: State, years: list[int], today: dt.date, *, events: bool = True
                 ) -> dict[int, float | None]:
    """The overall score on 31 December of each year both states existed (every provider but the
    dynamics models; the event store only with `events`)."""
    d = load_dossier(a, b, today=today)
    key = _fingerprint(d)
    out: dict[int, float | None] = {}
    for year in years:
        day = year_end(year)
        if not (a.exists_on(day) and b.exists_on(day)):
            continue
        out[year] = _history_row(key, d, a, b, day, events)["overall"]
    return out


def resolve_pair(a: str | int, b: str | int, as_of: dt.date, today: dt.date) -> tuple[State, State]:
    """The two states, or a UsageError for one state twice or an as-of date after `today`."""
    state_a, state_b = resolve(a), resolve(b)
    if state_a.iso3 == state_b.iso3:
        raise UsageError(f"a dyad needs two different states (got {state_a.iso3} twice)")
    if as_of > today:
        raise UsageError(f"as-of date {as_of} is in the future (today is {today})")
    for state in (state_a, state_b):
        check_exists(state, as_of)
    return state_a, state_b


def assess(a: str | int, b: str | int, *, as_of: dt.date, today: dt.date,
           scenarios: Iterable[str | Scenario] = (), history: bool = True,
           dossier: Dossier | None = None) -> Assessment:
    """Assess the pair on `as_of` (nothing after it is used). `today` bounds valid dates."""
    state_a, state_b = resolve_pair(a, b, as_of, today)
    d = dossier if dossier is not None else load_dossier(state_a, state_b, today=today)
    loaded = [resolve_scenario(s) if isinstance(s, str) else s for s in scenarios]
    for sc in loaded:  # scenarios that only fit some pairs (grit:USA:3) say so before any work
        sc.check_pair(state_a.iso3, state_b.iso3)
    tss = _Tss()
    base, _ = _assessment(d, state_a, state_b, as_of, tss, None, history)
    results = []
    for sc in loaded:
        alt, simulation = _assessment(d, state_a, state_b, as_of, tss, sc, False)
        results.append(ScenarioResult(name=sc.name, description=sc.description,
                                      assessment=alt, delta=_delta(base, alt),
                                      simulation=simulation))
    return base.model_copy(update={"scenarios": results})


def _assessment(d: Dossier, a: State, b: State, day: dt.date, tss: _Tss,
                scenario: Scenario | None, history: bool) -> tuple[Assessment, dict | None]:
    ctx = Context.between(a, b, day)
    found = _evaluate(d, a, b, day, scenario, charts=True)
    cracks, cut, dyn = found.cracks, found.cut, found.dynamics
    overall = overall_of(cracks)
    curated = Dossier(d.a, d.b, [f for f in cut.facts if provider_of(f) == "dossier"], d.info,
                      d.folder, day)
    out = tss.outlook(ctx, a, b, _news(d, curated, a, b))
    warnings = []
    if not d.facts:
        warnings.append(f"No dossier for {a.iso3}–{b.iso3}: the cracks rest on the datasets and "
                        f"the event store. Add one under $DETENTE_DOSSIER/{a.iso3}-{b.iso3}/.")
    elif d.info is not None and day > d.info.coverage_to:
        warnings.append(f"The dossier covers {d.info.coverage_from} to {d.info.coverage_to}; "
                        f"later events are missing.")
    if tss.error is not None:
        warnings.append(f"Missing dataset tss_rivalries: run `{tss.error.command}`.")
    if (no_events := events_provider.note(ctx)) is not None:
        warnings.append(no_events)
    warnings += [note for state, name in ((a, ctx.name_a), (b, ctx.name_b))
                 if (note := _outside_cow(state, name, day)) is not None]
    return (Assessment(
        dyad=[a.iso3, b.iso3], names=[ctx.name_a, ctx.name_b], as_of=day,
        headline=_headline(ctx, cracks, overall, out), overall=overall, cracks=cracks,
        bridges=found.bridges, outlook=out, dynamics=dyn,
        history=_history(d, a, b, day) if history else [],
        treaties=treaty_lifecycles(cut, day),
        datasets=_datasets(tss.datasets(out), dyn),
        dossier={"folder": d.folder.name if d.folder else None, "facts": len(d.facts),
                 "facts_known_on_date": len(cut.facts),
                 "coverage": [str(d.info.coverage_from), str(d.info.coverage_to)]
                 if d.info else None},
        warnings=warnings), found.simulation)


def _outside_cow(state: State, name: str, day: dt.date) -> str | None:
    """A note when only Gleditsch–Ward counts the state on `day` (West Germany before May 1955,
    Japan under occupation): the datasets coded on COW's state list hold no record of it then."""
    if state.cow_on(day) is not None or not state.spells:
        return None
    return (f"{name} is not in the COW state list on {day}; only Gleditsch–Ward counts it then. The "
            f"datasets coded on COW's list (COW wars, MIDs, trade and IGOs, ATOP alliances, UN votes) "
            f"hold no record of it on that day, so the cracks they feed read less.")


def _datasets(outlook: list[str], dyn: Dynamics) -> list[str]:
    """Every registry dataset the assessment used: the outlook's, then the dynamics models'
    (the event store is cited in the evidence it gives, not here)."""
    from detente.datasets.registry import registry

    used = [*outlook, *dyn.escalation.datasets, *dyn.reciprocity.datasets, *dyn.ripeness.datasets]
    return [d for d in dict.fromkeys(used) if d in registry()]


def _minus(x: float | None, y: float | None) -> float | None:
    return None if x is None or y is None else round(x - y, 4)


def _delta(base: Assessment, alt: Assessment) -> dict:
    cracks = {c.id: {"score": _minus(alt.crack(c.id).score, c.score),
                     "status": f"{c.status}→{alt.crack(c.id).status}"
                     if alt.crack(c.id).status != c.status else c.status}
              for c in base.cracks}
    outlook_delta = None
    if base.outlook.horizons and alt.outlook.horizons:
        outlook_delta = {h: round(alt.outlook.horizons[h].probability
                                  - base.outlook.horizons[h].probability, 4)
                         for h in base.outlook.horizons}
    return {"overall": _minus(alt.overall, base.overall), "cracks": cracks,
            "outlook": outlook_delta}
