"""The relations check (`detente backtest relations`): the score against WEIS net cooperation by
year, with no event read, or with one half of the WEIS events read and the other half as the
yardstick. Real WEIS events from the mirror."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest

from detente.assess.relations_check import busiest, check, half_store, weis_events, yardstick
from detente.core.errors import UsageError
from detente.events.store import EventStore, store_path
from detente.events.weis import weis_path
from runner import detente

TODAY = dt.date(2026, 12, 7)


def test_the_half_store_holds_every_other_line_and_the_readers_see_only_it(tmp_path, monkeypatch):
    monkeypatch.delenv("DETENTE_EVENT_STORE", raising=False)
    monkeypatch.setenv("DETENTE_REFERENCE_EVENTS", "on")
    before = store_path()
    events = weis_events()
    with half_store(weis_path(), tmp_path) as store:
        assert store_path() == store
        assert os.environ["DETENTE_REFERENCE_EVENTS"] == "off"
        with EventStore(store, read_only=True) as opened:
            assert opened.count_events() == len(events.iloc[0::2])
    assert store_path() == before
    assert os.environ["DETENTE_REFERENCE_EVENTS"] == "on"


def test_the_yardstick_keeps_years_with_ten_events_and_their_mean():
    events = weis_events()
    pairs = busiest(events, 3)
    assert pairs[0] == (2, 365)  # USA–USSR: the busiest pair of WEIS
    sticks = yardstick(events, pairs)
    usa_rus = events[(events["lo"] == 2) & (events["hi"] == 365)].dropna(subset=["goldstein"])
    year_1979 = usa_rus[usa_rus["year"] == 1979]["goldstein"]
    assert sticks[(2, 365)][1979] == pytest.approx(year_1979.mean())
    counts = usa_rus.groupby("year").size()
    assert set(sticks[(2, 365)]) == {int(y) for y, n in counts.items() if n >= 10}


def test_split_mode_reads_events_the_off_mode_does_not():
    off = {t.pair: t for t in check(3, TODAY, "off")}
    split = {t.pair: t for t in check(3, TODAY, "split")}
    assert set(off) == set(split) and len(off) == 3
    for t in [*off.values(), *split.values()]:
        assert t.years >= 5 and t.rho is not None and -1 <= t.rho <= 1
    # the first half of the events moves the score: the tracks differ
    assert any(off[p].rho != split[p].rho for p in off)


def test_an_unknown_mode_is_refused():
    with pytest.raises(UsageError, match="events must be one of"):
        check(3, TODAY, "all")


@pytest.mark.parametrize("top", ["0", "-3"])
def test_a_top_below_one_is_refused_with_exit_2(top):
    proc = detente("backtest", "relations", "--top", top, check_ok=False)
    assert proc.returncode == 2 and f"--top must be at least 1 (got {top})" in proc.stderr


def test_the_command_prints_the_tracks_as_json():
    proc = detente("backtest", "relations", "--top", "2", "--events", "split", "--format", "json")
    out = json.loads(proc.stdout)
    assert out["events"] == "split" and out["pairs"] == 2
    assert [t["pair"] for t in out["tracks"]] == [["USA", "RUS"], ["USA", "VNM"]]
    assert out["median_rho"] == pytest.approx(sum(t["rho"] for t in out["tracks"]) / 2, abs=1e-3)
    # each track carries the years it compared, so a reader can redo the rank correlation
    from scipy.stats import spearmanr

    for t in out["tracks"]:
        rows = t["series"]
        assert len(rows) == t["years"] and [r["year"] for r in rows] == sorted(r["year"] for r in rows)
        assert all(1966 <= r["year"] <= 1992 and -1 <= r["overall"] <= 1 for r in rows)
        again = spearmanr([r["yardstick"] for r in rows], [r["overall"] for r in rows]).statistic
        assert round(float(again), 4) == pytest.approx(t["rho"], abs=1e-3)
