"""Zartman's ripeness on history: Egypt–Israel ripens from the War of Attrition (1970) to Sadat's
visit and Camp David (1977–78), USA–China from 1969 to the Shanghai Communiqué (1972); USA–Russia
in 2024 is a hurting stalemate without a way out. Plus the verdict-None paths, event data, the
evidence for the `negotiation` crack and the chart."""

from __future__ import annotations

import datetime as dt

import pytest

from detente.core.context import Context
from detente.core.countries import resolve
from detente.dossier.load import Dossier, load_dossier
from detente.events.windows import EventWindows
from detente.models import ripeness_rules as rules
from detente.models.ripeness import RIPENESS_WEIGHT, read, ripeness_evidence, ripeness_finding
from detente.report.plots import ripeness_chart


@pytest.fixture(autouse=True)
def _own_events(own_events_only):
    """These tests read a store of their own: without the reference WEIS events."""


D = dt.date.fromisoformat


def _finding(a: str, b: str, day: str, dossier: Dossier | None = None):
    return ripeness_finding(resolve(a), resolve(b), D(day), dossier=dossier)


def _status(f, name: str) -> str:
    return f.figures["components"][name]["status"]


def _ids(f, name: str) -> set[str]:
    return {r["fact_id"] for r in f.figures["evidence"][name] if r["fact_id"]}


@pytest.fixture(scope="module")
def egy_isr() -> Dossier:
    return load_dossier("EGY", "ISR")


def test_egypt_israel_ripens_from_the_war_of_attrition_to_camp_david(egy_isr):
    war = _finding("EGY", "ISR", "1970-06-01", egy_isr)
    sadat = _finding("EGY", "ISR", "1977-12-31", egy_isr)
    camp_david = _finding("EGY", "ISR", "1978-10-01", egy_isr)
    assert war.verdict == "hurting stalemate, no way out"
    assert "war-of-attrition" in _ids(war, "stalemate")
    assert _status(war, "overlap") == "absent"  # Khartoum's no's against Israel's no return to 1967
    assert sadat.verdict == camp_david.verdict == "ripe"
    assert "sadat-jerusalem-visit-1977" in _ids(sadat, "talks")
    assert _status(camp_david, "mediation") == "present"
    assert "camp-david-summit-1978" in _ids(camp_david, "mediation")
    assert war.figures["ripeness_index"] < 0.1 < 0.6 < sadat.figures["ripeness_index"]
    assert camp_david.figures["ripeness_index"] > sadat.figures["ripeness_index"]


def test_the_series_shows_the_rise_year_by_year(egy_isr):
    f = _finding("EGY", "ISR", "1978-10-01", egy_isr)
    s = f.series
    assert s["dates"][0] == "1969-10-01" and s["dates"][-1] == "1978-10-01"
    assert f.span == ["1969-10-01", "1978-10-01"]
    by_year = dict(zip((d[:4] for d in s["dates"]), s["ripeness"], strict=True))
    assert by_year["1978"] > by_year["1977"] > by_year["1970"]
    assert s["verdict"][s["dates"].index("1970-10-01")] == "hurting stalemate, no way out"
    assert {len(v) for v in s.values()} == {len(s["dates"])}


def test_without_sadats_visit_late_1977_is_not_ripe(egy_isr):
    """The way out rests on facts: drop the Jerusalem and Ismailia summits and the talks go."""
    dropped = {"sadat-jerusalem-visit-1977", "ismailia-summit-1977"}
    cut = Dossier("EGY", "ISR", [f for f in egy_isr.facts if f.id not in dropped], egy_isr.info)
    f = _finding("EGY", "ISR", "1977-12-31", cut)
    assert _status(f, "talks") == "absent"
    assert f.verdict == "hurting stalemate, no way out"


def test_usa_china_way_out_opens_between_1969_and_1972():
    before = _finding("USA", "CHN", "1969-06-01")
    after = _finding("USA", "CHN", "1972-06-01")
    assert before.figures["way_out"]["status"] == "absent"
    assert after.figures["way_out"]["status"] == "present"
    assert "nixon-visit-1972" in _ids(after, "talks")
    assert after.figures["negotiation"]["bridged"] == 2  # Shanghai Communiqué: Taiwan issues
    assert "vietnam-war" in _ids(before, "stalemate")
    assert after.figures["ripeness_index"] > before.figures["ripeness_index"] + 0.15
    # the embargo lifted in 1971: China's burden falls and the stalemate no longer hurts both
    assert before.verdict == "hurting stalemate, no way out"
    assert after.verdict == "way out, no hurting stalemate"


@pytest.fixture(scope="module")
def usa_rus() -> Dossier:
    return load_dossier("USA", "RUS")


def test_usa_russia_2024_is_a_hurting_stalemate_without_a_way_out(usa_rus):
    f = _finding("USA", "RUS", "2024-06-01", usa_rus)
    assert f.verdict == "hurting stalemate, no way out"
    assert _ids(f, "stalemate") == {"conflict-ukraine-war-2022"}
    assert "sanction-energy-import-ban-2022" in _ids(f, "hurting")
    assert _status(f, "talks") == "absent" and "channel-ssd-suspended-2022" in _ids(f, "talks")
    assert _status(f, "overlap") == "absent"
    assert f.figures["negotiation"]["zone_of_agreement"] is False
    assert _status(f, "cooperation_events") == "unknown"
    assert "no event data" in f.figures["events"]


def test_usa_russia_2025_talks_make_a_way_out_that_fades_by_late_2026(usa_rus):
    # The Riyadh Black Sea positions of March 2025 (each side accepting the other's demand)
    # lift the overlap of positions over its threshold while talks are held: ripe in Sept 2025.
    spring = _finding("USA", "RUS", "2025-09-01", usa_rus)
    late = _finding("USA", "RUS", "2026-11-24", usa_rus)
    assert _status(spring, "talks") == "present"
    assert "channel-summit-anchorage-2025" in _ids(spring, "talks")
    assert spring.verdict == "ripe"
    assert late.verdict == "hurting stalemate, no way out"
    assert _status(late, "talks") == "absent"
    assert "facts end on 5 Feb 2026" in late.explanation


def test_a_young_war_is_not_yet_a_stalemate(usa_rus):
    f = _finding("USA", "RUS", "2022-06-01", usa_rus)
    assert _status(f, "stalemate") == "absent"  # three months in: the front is still moving
    assert _status(f, "rising") == "present"  # a recent catastrophe
    assert f.verdict == "way out, no hurting stalemate"


def test_no_dossier_gives_no_verdict_and_no_evidence():
    f = _finding("FRA", "BRA", "2020-01-01")
    assert f.verdict is None and "no dossier" in f.reason
    assert ripeness_evidence(f) == []
    assert ripeness_chart(f) is None


def test_no_conflict_under_way_gives_no_verdict(usa_rus):
    f = _finding("USA", "RUS", "2015-06-01", usa_rus)  # before Syria; Crimea sets RUS against UKR
    assert f.verdict is None and "under way" in f.reason
    assert f.series["dates"]  # the components are still reported


def _windows(day: dt.date, now: dict, before: dict) -> EventWindows:
    base = {"dataset": "gdelt", "first": None, "last": None, "consultations": 0}
    return EventWindows(day, {**base, **now}, {**base, **before})


def test_event_data_feed_the_way_out_and_rising_costs(usa_rus):
    day = D("2024-06-01")
    ctx = Context("USA", "RUS", day, "United States", "Russia")
    cut = usa_rus.as_of(day)
    warmer = _windows(day, {"events": 200, "verbal_cooperation": 120, "material_conflict": 20},
                      {"events": 200, "verbal_cooperation": 80, "material_conflict": 20})
    r = read(cut, ctx, warmer)
    assert r.components["cooperation_events"].status == "present"  # +20 points of share
    assert r.components["cooperation_events"].score == pytest.approx(1.0)
    hotter = _windows(day, {"events": 200, "verbal_cooperation": 80, "material_conflict": 40},
                      {"events": 200, "verbal_cooperation": 80, "material_conflict": 20})
    assert (read(cut, ctx, hotter).components["rising"].score
            == pytest.approx(rules.EVENT_RISING_CAP))  # +10 points of material conflict
    thin = _windows(day, {"events": 5, "verbal_cooperation": 5}, {"events": 5})
    assert read(cut, ctx, thin).components["cooperation_events"].status == "unknown"
    none = read(cut, ctx, None, "no event store")
    assert none.components["cooperation_events"].note == "no event store"


def test_evidence_for_the_negotiation_crack_carries_weight_and_sources(egy_isr):
    f = _finding("EGY", "ISR", "1978-10-01", egy_isr)
    items = ripeness_evidence(f)
    assert items[0].weight == RIPENESS_WEIGHT["ripe"] > 0
    assert "ripe" in items[0].claim
    facts = {e.fact_id for e in items[1:]}
    assert "camp-david-summit-1978" in facts
    assert all(e.source is not None and e.weight == 0 for e in items[1:])
    stuck = ripeness_evidence(_finding("EGY", "ISR", "1970-06-01", egy_isr))
    assert stuck[0].weight == RIPENESS_WEIGHT["hurting stalemate, no way out"]


def test_chart_draws_the_three_indices(egy_isr):
    f = _finding("EGY", "ISR", "1978-10-01", egy_isr)
    fig = ripeness_chart(f)
    assert [t.name for t in fig.data] == ["hurting stalemate", "way out", "ripeness"]
    assert list(fig.data[2].x) == f.series["dates"]
    assert list(fig.data[2].y) == f.series["ripeness"]


def test_ripeness_weighs_conflicts_and_sanctions_as_the_cracks_do():
    """Ripeness keeps its own tables (models/ never imports the assessment); they are the
    armed_conflict and coercion cracks' weights, and must not drift from them."""
    from detente.assess.rules import rules as crack_rules

    table = crack_rules()
    assert table["armed_conflict"]["form_weight"] == rules.FOCAL_FORM
    assert table["armed_conflict"]["relation_weight"] == rules.FOCAL_RELATION
    assert table["coercion"]["scope_weight"] == rules.SANCTION_SCOPE
    assert table["negotiation"]["balance_weight"] == rules.OVERLAP_ROW_WEIGHT
