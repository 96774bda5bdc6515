"""The reference WEIS events come with detente: with no event store at all, every event-based
reading works for a pair in 1966–1992; they read exactly as the same file ingested by hand,
are never counted twice, cite WEIS, and can be turned off."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import detente
from detente.events import reference
from detente.events.counts import dyad_counts
from detente.events.store import NoEventData, store_path
from detente.events.weis import ingest_weis

YEAR_TO_1985 = (dt.date(1984, 6, 1), dt.date(1985, 6, 1))


@pytest.fixture(scope="module")
def hand_ingested(tmp_path_factory):
    """A home whose own store holds the WEIS file, ingested by hand."""
    home = tmp_path_factory.mktemp("weis-by-hand") / "home"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DETENTE_HOME", str(home))
        ingest_weis()
    return home


def test_a_home_without_a_store_counts_the_reference_events(home):
    assert not store_path().exists()
    counts = dyad_counts("USA", "RUS", *YEAR_TO_1985)
    assert counts["dataset"] == "weis" and counts["events"] > 100
    assert counts["consultations"] > 0 and counts["visits"] <= counts["consultations"]
    assert isinstance(counts["threats"], int) and isinstance(counts["fighting"], int)
    assert counts["sanctions"] is None  # WEIS has no code for sanctions: not a zero
    quads = sum(counts[f] for f in ("verbal_cooperation", "material_cooperation",
                                    "verbal_conflict", "material_conflict"))
    assert quads == counts["events"]
    assert not store_path().exists()  # reading never creates the user's store


def test_they_read_as_the_same_file_ingested_by_hand(home, hand_ingested, monkeypatch):
    from_reference = dyad_counts("EGY", "ISR", dt.date(1972, 1, 1), dt.date(1974, 1, 1))
    index_reference = detente.event_index("USA", "RUS", freq="year")
    monkeypatch.setenv("DETENTE_HOME", str(hand_ingested))
    by_hand = dyad_counts("EGY", "ISR", dt.date(1972, 1, 1), dt.date(1974, 1, 1))
    index_by_hand = detente.event_index("USA", "RUS", freq="year")
    assert from_reference == by_hand and by_hand["events"] > 100
    assert "reference_events" in index_reference.attrs["provenance"]
    assert "reference_events" not in index_by_hand.attrs["provenance"]  # not counted twice
    pd.testing.assert_frame_equal(index_reference, index_by_hand, check_like=True)
    assert list(index_by_hand["period"].iloc[[0, -1]]) == ["1966", "1992"]


def test_they_can_be_turned_off(home, monkeypatch):
    monkeypatch.setenv("DETENTE_REFERENCE_EVENTS", "off")
    assert reference.reference_store() is None
    assert dyad_counts("USA", "RUS", *YEAR_TO_1985) is None
    with pytest.raises(NoEventData):
        detente.event_index("USA", "RUS", freq="year")


def test_the_built_store_is_whole_and_alone(home):
    built = reference.reference_store()
    assert built is not None and built.is_file() and built.name.startswith("events-weis-")
    leftovers = [p for p in built.parent.iterdir() if p.name.startswith(f".{built.stem}")]
    assert leftovers == []


def test_a_pair_with_no_dossier_reads_weis_in_its_cracks(home):
    a = detente.assess("ISR", "SYR", as_of="1974-01-01", history=False)
    items = [e for c in a.cracks for e in c.evidence if e.provider == "events"]
    assert {e.source.title for e in items} == {
        detente.datasets.get("weis_lai").title}
    conflict = next(c for c in a.cracks if c.id == "armed_conflict")
    assert any("Event data (WEIS)" in e.claim and "material conflict" in e.claim
               for e in conflict.evidence)
    assert not any("No event data" in w for w in a.warnings)


def test_reciprocity_reads_them_while_they_are_recent_and_not_after(home):
    from detente.core.countries import resolve
    from detente.models.reciprocity_data import MAX_STALE_MONTHS, monthly_series

    usa, rus = resolve("USA"), resolve("RUS")
    in_time = monthly_series(usa, rus, dt.date(1985, 6, 1))
    assert in_time is not None and in_time.span == ["1966-01", "1985-05"]
    assert monthly_series(usa, rus, dt.date(1993 + MAX_STALE_MONTHS // 12, 6, 1)) is None
    assert monthly_series(usa, rus, dt.date(2026, 1, 1)) is None  # WEIS ends in 1992


def test_counts_follow_the_users_store_when_it_changes(home):
    """The pair's counts by day are read once per store version: an ingest is seen at once."""
    from conftest import MIRROR
    from detente.events.ingest import ingest

    before = dyad_counts("USA", "RUS", dt.date(2015, 1, 1), dt.date(2024, 1, 1))
    assert before is not None and before["events"] == 0  # the reference ends in 1992
    ingest([MIRROR / "gdelt_sample" / "original" / "events.csv"])
    after = dyad_counts("USA", "RUS", dt.date(2015, 1, 1), dt.date(2024, 1, 1))
    assert after["dataset"] == "gdelt" and after["events"] > 0
    assert after["sanctions"] is not None  # CAMEO codes every family
    weis = dyad_counts("USA", "RUS", *YEAR_TO_1985)
    assert weis["dataset"] == "weis" and weis["events"] > 100  # still read with the user's store
