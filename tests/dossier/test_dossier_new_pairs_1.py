"""The RUS-UKR and IND-PAK dossiers: well-formed, cited by kind of publisher, and telling their
own history when assessed (wars close the armed-conflict crack, talks move negotiation)."""

import datetime as dt

import pytest

import detente
from detente.core.context import Context
from detente.dossier.load import FACTS_ROOT, check_folder

PAIRS = ["RUS-UKR", "IND-PAK"]
MAX_WEAK_SHARE = 0.15  # at most this share of facts may rest on a reprint or a reference work


def _assess(a: str, b: str, day: str):
    return detente.assess(a, b, as_of=day, history=False)


def _score(a: str, b: str, day: str, crack: str) -> float:
    return _assess(a, b, day).crack(crack).score


def _treaty_status(a: str, b: str, fact_id: str, day: str) -> str:
    d = detente.dossier(a, b)
    treaty = d.by_id(fact_id)
    assert treaty is not None, fact_id
    ctx = Context(a, b, dt.date.fromisoformat(day), a, b)
    return d.as_of(ctx.as_of).by_id(fact_id).status_on(ctx.as_of).status


@pytest.mark.parametrize("folder", PAIRS)
def test_dossier_is_valid_large_and_varied(folder):
    facts, problems = check_folder(FACTS_ROOT / folder, dt.date.today())
    assert [str(p) for p in problems] == []
    assert len(facts) >= 40
    assert len({f.kind for f in facts}) >= 6


@pytest.mark.parametrize("folder", PAIRS)
def test_every_source_says_what_kind_of_publication_it_is(folder):
    facts, _ = check_folder(FACTS_ROOT / folder, dt.date.today())
    sources = [f.source for f in facts]
    sources += [m.source for f in facts for m in getattr(f, "milestones", []) if m.source]
    assert all(s.kind is not None for s in sources)
    weak = sum(f.source.kind in ("reprint", "reference") for f in facts)
    assert weak / len(facts) <= MAX_WEAK_SHARE


def test_kargil_closes_the_armed_conflict_crack_in_the_months_after_lahore():
    after_lahore = _assess("IND", "PAK", "1999-03-01").crack("armed_conflict")
    during_war = _assess("IND", "PAK", "1999-06-20").crack("armed_conflict")
    assert during_war.status == "closed"
    assert during_war.indicators["active_conflicts"] == after_lahore.indicators["active_conflicts"] + 1
    assert any(e.fact_id == "kargil-war-1999" for e in during_war.evidence)
    assert during_war.score < after_lahore.score


def test_india_pakistan_is_worse_after_sindoor_than_in_2018():
    before, after = _assess("IND", "PAK", "2018-06-01"), _assess("IND", "PAK", "2025-05-15")
    for crack in ("armed_conflict", "coercion", "diplomacy", "negotiation"):
        assert after.crack(crack).score < before.crack(crack).score, crack
    assert after.crack("coercion").indicators["sanctions_in_force"] >= 4


@pytest.mark.parametrize("day, fact_id, weight", [
    ("1968-06-01", "relations-1947", 0.5),
    ("1973-06-01", "relations-broken-1971", -1.0),  # Pakistan broke them off on 6 December 1971
    ("1980-06-01", "relations-restored-1976", 0.5),
    ("2002-06-01", "envoys-recalled-2001", -0.3),  # High Commissioners recalled, December 2001
    ("2010-06-01", "relations-restored-2003", 0.5),
    ("2020-06-01", "ties-downgraded-2019", -0.3),
])
def test_india_pakistan_relations_read_their_level_on_the_day(day, fact_id, weight):
    """One diplomatic-relations fact holds on each day, and `diplomacy` weighs it."""
    found = [(e.fact_id, e.weight) for e in _assess("IND", "PAK", day).crack("diplomacy").evidence
             if e.fact_id and e.fact_id.startswith(("relations-", "envoys-", "ties-"))]
    assert found == [(fact_id, weight)]


@pytest.mark.parametrize("day, fact_id, weight", [
    ("2000-06-01", "diplomatic-relations-1992", 0.5),
    ("2018-06-01", "ambassadors-withdrawn-2014", -0.3),  # no ambassadors after February 2014
    ("2023-06-01", "diplomatic-relations-severed-2022", -1.0),
])
def test_russia_ukraine_relations_read_their_level_on_the_day(day, fact_id, weight):
    found = [(e.fact_id, e.weight) for e in _assess("RUS", "UKR", day).crack("diplomacy").evidence
             if e.fact_id and e.fact_id.startswith(("diplomatic-relations-", "ambassadors-"))]
    assert found == [(fact_id, weight)]


def test_indus_treaty_is_held_in_abeyance_but_simla_is_not_suspended():
    assert _treaty_status("IND", "PAK", "indus-waters-treaty-1960", "2025-04-22") == "signed"
    assert _treaty_status("IND", "PAK", "indus-waters-treaty-1960", "2025-04-24") == "suspended"
    assert _treaty_status("IND", "PAK", "simla-agreement-1972", "2025-06-01") == "in_force"


def test_istanbul_talks_move_russia_ukraine_negotiation_in_spring_2022():
    before = _assess("RUS", "UKR", "2022-01-15").crack("negotiation")
    after = _assess("RUS", "UKR", "2022-03-30").crack("negotiation")
    assert after.score > before.score
    assert "nato_membership" in before.indicators["blocked_issues"]
    assert "nato_membership" not in after.indicators["blocked_issues"]


def test_direct_talks_of_2025_move_negotiation_from_late_2024():
    late_2024 = _score("RUS", "UKR", "2024-11-15", "negotiation")
    mid_2025 = _assess("RUS", "UKR", "2025-06-10").crack("negotiation")
    assert mid_2025.score > late_2024
    assert mid_2025.indicators["talks_signal"] > 0


def test_russia_ukraine_armed_conflict_is_closed_in_2023():
    crack = _assess("RUS", "UKR", "2023-06-01").crack("armed_conflict")
    assert crack.status == "closed"
    assert any(e.fact_id == "full-scale-war-2022" for e in crack.evidence)


def test_friendship_treaty_lapses_in_2019_not_earlier():
    assert _treaty_status("RUS", "UKR", "friendship-treaty-1997", "2019-03-31") == "in_force"
    assert _treaty_status("RUS", "UKR", "friendship-treaty-1997", "2019-04-02") == "ended"
