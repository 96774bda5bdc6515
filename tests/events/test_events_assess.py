"""Event data in the assessment: trend evidence for diplomacy, armed_conflict and coercion when the
store has events for the pair, and a plain sentence when it has none."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from typer.testing import CliRunner

from conftest import TODAY
from detente.assess.engine import assess
from detente.assess.providers import events as ee
from detente.cli import app
from detente.core.context import Context
from detente.events.ingest import ingest
from events_data import clean_lines, generate


@pytest.fixture(autouse=True)
def _own_events(own_events_only):
    """These tests read a store of their own: without the reference WEIS events."""


AS_OF = dt.date(2023, 6, 1)
FAMILIES = {"diplomacy": {1}, "armed_conflict": {4}}


@pytest.fixture(scope="module")
def store_home(tmp_path_factory):
    """A DETENTE_HOME whose event store holds 40,000 generated GDELT 2.0 events, 2014–2023."""
    root = tmp_path_factory.mktemp("events-home")
    generate(root / "gen", rows=40000, files=2, seed=9)
    files = sorted((root / "gen").glob("*.export.CSV"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DETENTE_HOME", str(root / "home"))
        ingest(files)
        yield files


def _pair_rows(rows, start: dt.date, end: dt.date) -> list[list[str]]:
    lo, hi = start.strftime("%Y%m%d"), end.strftime("%Y%m%d")
    return [r for r in rows if lo < r[1] <= hi and {r[7], r[17]} == {"USA", "RUS"}]


def test_the_report_says_plainly_when_there_is_no_event_data(monkeypatch, tmp_path):
    monkeypatch.setenv("DETENTE_HOME", str(tmp_path / "empty"))
    a = assess("USA", "RUS", as_of=AS_OF, today=TODAY, history=False)
    (note,) = [w for w in a.warnings if w.startswith("No event data")]
    assert "detente events pull gdelt" in note and "no event store" in note
    assert not any("Event data" in e.claim for c in a.cracks for e in c.evidence)


def test_three_cracks_get_event_trends_with_counts(store_home):
    a = assess("USA", "RUS", as_of=AS_OF, today=TODAY, history=False)
    assert not any(w.startswith("No event data") for w in a.warnings)
    rows = clean_lines(store_home)
    (s1, e1), (s0, e0) = ee.windows(AS_OF)
    now, before = _pair_rows(rows, s1, e1), _pair_rows(rows, s0, e0)
    assert len(now) >= ee.MIN_EVENTS and len(before) >= ee.MIN_EVENTS
    for crack_id, quads in FAMILIES.items():
        crack = a.crack(crack_id)
        (item,) = [e for e in crack.evidence if e.episode == f"events-{crack_id}"]  # the trend
        assert f"{len(now):,} events between USA and RUS" in item.claim
        share_now = sum(int(r[29]) in quads for r in now) / len(now)
        share_before = sum(int(r[29]) in quads for r in before) / len(before)
        sign = ee.RULES[crack_id][1]
        want = max(-ee.MAX_WEIGHT, min(ee.MAX_WEIGHT, sign * (share_now - share_before)))
        assert item.weight == pytest.approx(want, abs=1e-4)
        assert crack.score == pytest.approx(math.tanh(crack.indicators["raw"]), abs=1e-4)
        assert crack.indicators["events"]["now"]["events"] == len(now)
        assert item.source.publisher == "The GDELT Project"
    coercion = a.crack("coercion")
    coercive = sum(r[26][:2] in ("13", "17") or r[26][:3] == "163" for r in now)
    assert any(f"threats, coercion and sanctions {coercive:,}" in e.claim
               for e in coercion.evidence)
    assert "Event data (GDELT)" in a.crack("diplomacy").explanation


def test_the_dossier_score_moves_only_by_the_event_weight(store_home, monkeypatch, tmp_path):
    with_events = assess("USA", "RUS", as_of=AS_OF, today=TODAY, history=False)
    monkeypatch.setenv("DETENTE_HOME", str(tmp_path / "empty"))
    without = assess("USA", "RUS", as_of=AS_OF, today=TODAY, history=False)
    for crack_id in ("diplomacy", "armed_conflict", "coercion"):
        w = sum(e.weight for e in with_events.crack(crack_id).evidence if e.provider == "events")
        raw = without.crack(crack_id).indicators["raw"]
        assert with_events.crack(crack_id).indicators["raw"] == pytest.approx(raw + w, abs=1e-4)
    assert with_events.crack("arms_control") == without.crack("arms_control")


def test_the_cli_report_shows_the_event_trend(store_home):
    res = CliRunner().invoke(app, ["assess", "USA", "RUS", "--as-of", str(AS_OF), "--format",
                                   "markdown", "--no-history"])
    assert res.exit_code == 0, res.output
    assert "Event data (GDELT)" in res.stdout and "No event data" not in res.stdout


def test_more_conflict_weighs_against_the_crack():
    ctx = Context("USA", "RUS", AS_OF, "United States", "Russia")
    calm = {"dataset": "gdelt", "events": 100, "material_conflict": 10, "fighting": 5}
    tense = {"dataset": "gdelt", "events": 100, "material_conflict": 40, "fighting": 30}
    worse = ee.evidence("armed_conflict", ee.EventWindows(AS_OF, tense, calm), ctx)
    better = ee.evidence("armed_conflict", ee.EventWindows(AS_OF, calm, tense), ctx)
    assert worse.weight == -ee.MAX_WEIGHT and better.weight == ee.MAX_WEIGHT
    thin = ee.evidence("armed_conflict", ee.EventWindows(AS_OF, tense, {"events": 5}), ctx)
    assert thin.weight == 0 and "too few" in thin.claim


def test_a_thin_year_reads_near_the_year_before_not_as_nothing():
    """A year of 11 events, all cooperative, after 20 cooperative ones (USA–GBR 1991 in WEIS's
    odd lines): the level weighs, drawn toward the year before, rather than being left out."""
    ctx = Context("USA", "GBR", AS_OF, "United States", "United Kingdom")
    level = lambda now, before: ee._level("diplomacy", ee.EventWindows(AS_OF, now, before), ctx)  # noqa: E731
    k = ee.LEVEL_PRIOR_EVENTS
    friendly = {"dataset": "weis", "events": 20, "verbal_cooperation": 20}
    thin = {"dataset": "weis", "events": 11, "verbal_cooperation": 11}
    after_friends = level(thin, friendly)
    prior = 20 / (20 + k)
    assert after_friends.weight == pytest.approx(ee.LEVEL_WEIGHT * (11 + k * prior) / (11 + k), abs=1e-4)
    assert "pooled with the year before's 20 events" in after_friends.claim
    hostile = {"dataset": "weis", "events": 20, "verbal_conflict": 15, "material_conflict": 5}
    assert level(thin, hostile).weight < after_friends.weight  # the same year, a worse past
    alone = level(thin, {"events": 0})
    assert 0 < alone.weight < after_friends.weight  # no past: drawn toward neutral
    busy = {"dataset": "gdelt", "events": 5000, "verbal_cooperation": 2500, "verbal_conflict": 2500}
    assert abs(level(busy, friendly).weight) < 0.01 and "pooled" not in level(busy, friendly).claim
    assert level({"events": 0}, friendly) is None


def test_negotiation_weighs_talks_and_agreements_against_rejections():
    ctx = Context("USA", "RUS", AS_OF, "United States", "Russia")
    read = lambda now, before=None: ee._negotiation(  # noqa: E731
        ee.EventWindows(AS_OF, now, before or {"events": 0, "talks": 0, "agreements": 0,
                                                "rejections": 0}), ctx)
    talks = {"dataset": "gdelt", "events": 200, "talks": 30, "agreements": 10, "rejections": 0}
    refused = {"dataset": "gdelt", "events": 200, "talks": 5, "agreements": 0, "rejections": 35}
    k = ee.NEGOTIATION_PRIOR_EVENTS
    open_door = read(talks)
    assert open_door.crack == "negotiation"
    (item,) = open_door.items
    assert item.weight == pytest.approx(ee.NEGOTIATION_WEIGHT * 40 / (40 + k), abs=1e-4)
    assert "30 events of talks or proposals" in item.claim and "10 agreements" in item.claim
    assert read(refused).items[0].weight < 0 < item.weight
    assert read(talks, refused).items[0].weight < item.weight  # a year after refusals reads lower
    # one offer to talk in a quiet year is weak evidence: it leans
    # the crack toward open but does not open it
    (single,) = read({"dataset": "weis", "events": 3, "talks": 1, "agreements": 0, "rejections": 0}).items
    assert single.weight == pytest.approx(ee.NEGOTIATION_WEIGHT / (1 + k), abs=1e-4)  # no year before
    assert 0 < math.tanh(single.weight) < 0.5 < math.tanh(item.weight)
    assert read({"dataset": "gdelt", "events": 50, "talks": 0, "agreements": 0, "rejections": 0}) is None
    assert read({"dataset": "weis", "events": 50, "talks": None, "agreements": None,
                 "rejections": None}) is None  # a dataset that does not code them


def test_the_dashboard_draws_the_event_index_only_when_there_is_event_data(store_home, monkeypatch,
                                                                           tmp_path):
    from detente import event_index
    from detente.app import charts
    from detente.report import plots

    a = assess("USA", "RUS", as_of=AS_OF, today=TODAY, history=False)
    fig = plots.event_index_for(a)
    frame = event_index("USA", "RUS", freq="month", until=AS_OF)
    lines = [t for t in fig.data if t.mode == "lines"]
    assert [t.name for t in lines] == ["RUS → USA", "USA → RUS"]
    usa_rus = frame[frame["source"] == "USA"]
    np.testing.assert_array_equal(np.asarray(lines[1].y, dtype=float),
                                  usa_rus["net_cooperation"].to_numpy(dtype=float))
    assert "events" in [c.id for c in charts.build(a)]
    monkeypatch.setenv("DETENTE_HOME", str(tmp_path / "empty"))
    assert plots.event_index_for(a) is None
    assert "events" not in [c.id for c in charts.build(a)]
