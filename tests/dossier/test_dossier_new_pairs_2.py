"""The CHN–IND and USA–IRN dossiers: they load, are varied and well sourced, and tell their
pairs' history the way the cited facts say it happened."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import cache

import pytest

import detente
from conftest import TODAY
from detente.dossier.load import FACTS_ROOT, check_folder
from detente.dossier.schema import Treaty

PAIRS = [("CHN", "IND"), ("USA", "IRN")]
WEAK_SOURCE_KINDS = {"reference", "reprint"}


@cache
def _assess(a: str, b: str, day: str):
    return detente.assess(a, b, as_of=day, history=False)


def _score(a: str, b: str, day: str, crack: str) -> float:
    return _assess(a, b, day).crack(crack).score


def _status(a: str, b: str, day: str, crack: str) -> str:
    return _assess(a, b, day).crack(crack).status


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_dossier_loads_with_many_kinds_of_fact(a, b):
    facts, problems = check_folder(FACTS_ROOT / f"{a}-{b}", TODAY)
    assert [str(p) for p in problems] == []
    d = detente.dossier(a, b)
    assert len(d) >= 40 and len(d) == len(facts)
    assert len({f.kind for f in d.facts}) >= 6


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_every_source_says_what_kind_it_is_and_few_are_second_hand(a, b):
    d = detente.dossier(a, b)
    sources = [f.source for f in d.facts]
    sources += [m.source for f in d.of_kind(Treaty) for m in f.milestones if m.source]
    assert all(s.kind is not None for s in sources)
    weak = sum(f.source.kind in WEAK_SOURCE_KINDS for f in d.facts)
    assert weak / len(d) <= 0.15


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_recent_facts_name_a_second_publisher_or_a_primary_source(a, b):
    recent = [f for f in detente.dossier(a, b).facts if f.valid_from >= dt.date(2025, 1, 1)]
    assert recent
    kinds = Counter(f.source.kind for f in recent)
    assert kinds["reference"] == 0
    corroborated = [f for f in recent if any(t.startswith("corroborated-by:") for t in f.tags)]
    assert len(corroborated) >= 3


def test_china_india_2020_clashes_make_things_worse_than_a_year_before():
    before, after = "2019-08-01", "2020-08-01"
    assert _assess("CHN", "IND", after).overall < _assess("CHN", "IND", before).overall
    assert _score("CHN", "IND", after, "armed_conflict") < _score("CHN", "IND", before,
                                                                   "armed_conflict")
    assert _status("CHN", "IND", after, "armed_conflict") == "closed"
    # the app bans and investment screening of 2020 are read as coercion
    assert _score("CHN", "IND", after, "coercion") < _score("CHN", "IND", before, "coercion")


def test_china_india_talks_after_the_2024_patrolling_deal_beat_mid_2020():
    mid_2020, early_2025 = "2020-07-01", "2025-02-01"
    for crack in ("negotiation", "diplomacy"):
        assert _score("CHN", "IND", early_2025, crack) > _score("CHN", "IND", mid_2020, crack)
    zone = _assess("CHN", "IND", early_2025).crack("negotiation").indicators
    assert "border_disengagement" not in zone["blocked_issues"]
    assert "border_disengagement" in _assess("CHN", "IND", mid_2020).crack(
        "negotiation").indicators["blocked_issues"]


def test_china_india_ties_reopen_in_2025():
    assert _score("CHN", "IND", "2025-11-01", "societal_ties") > _score(
        "CHN", "IND", "2023-01-01", "societal_ties")


def test_usa_iran_diplomacy_closed_after_the_1980_break():
    assert _status("USA", "IRN", "1979-06-01", "diplomacy") != "closed"
    for day in ("1980-06-01", "2010-01-01"):
        assert _status("USA", "IRN", day, "diplomacy") == "closed"


def test_usa_iran_coercion_closed_before_the_nuclear_deal_and_negotiation_better_after():
    for day in ("2012-06-01", "2013-06-01"):
        assert _status("USA", "IRN", day, "coercion") == "closed"
    assert _score("USA", "IRN", "2015-08-01", "negotiation") > _score(
        "USA", "IRN", "2012-06-01", "negotiation")
    assert "enrichment" in _assess("USA", "IRN", "2012-06-01").crack(
        "negotiation").indicators["blocked_issues"]


def test_usa_iran_jcpoa_milestones_record_the_us_withdrawal():
    jcpoa = next(f for f in detente.dossier("USA", "IRN").of_kind(Treaty)
                 if f.name == "Joint Comprehensive Plan of Action")
    assert {"USA", "IRN"} <= set(jcpoa.parties)
    withdrawal = [m for m in jcpoa.milestones if m.event == "withdrawn"]
    assert [m.date for m in withdrawal] == [dt.date(2018, 5, 8)] and withdrawal[0].by == ["USA"]
    known_in_2017 = next(f for f in detente.dossier("USA", "IRN", as_of="2017-01-01").of_kind(Treaty)
                         if f.name == jcpoa.name)
    assert not any(m.event == "withdrawn" for m in known_in_2017.milestones)


def test_usa_iran_armed_conflict_tracks_the_strikes():
    assert _score("USA", "IRN", "2020-01-05", "armed_conflict") < _score(
        "USA", "IRN", "2019-12-01", "armed_conflict")
    assert _status("USA", "IRN", "2026-03-15", "armed_conflict") == "closed"
