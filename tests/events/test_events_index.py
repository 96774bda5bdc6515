"""Dyadic indices from the store: against an independent DuckDB computation on the clean lines
of damaged input, on the real GDELT sample, through the CLI and the Python API; change points."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import duckdb
import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import detente
from conftest import MIRROR
from detente.cli import app
from detente.events.changepoints import breakpoints, change_points
from detente.events.index import INDEX_COLUMNS
from detente.events.ingest import ingest
from detente.events.store import NoEventData
from events_data import clean_lines, generate


@pytest.fixture(autouse=True)
def _own_events(own_events_only):
    """These tests read a store of their own: without the reference WEIS events."""


GDELT = MIRROR / "gdelt_sample" / "original" / "events.csv"


@pytest.fixture(scope="module")
def damaged(tmp_path_factory):
    out = tmp_path_factory.mktemp("gen") / "bad"
    generate(out, rows=30000, files=3, bad=0.01, seed=5)
    return sorted(out.glob("*.export.CSV"))


def _independent_monthly(rows: list[list[str]], a: str, b: str) -> pd.DataFrame:
    """The monthly index by hand: plain SQL over the clean lines, nothing from detente."""
    frame = pd.DataFrame({"date": [r[1] for r in rows], "src": [r[7] for r in rows],
                          "tgt": [r[17] for r in rows], "quad": [int(r[29]) for r in rows],
                          "g": [float(r[30]) for r in rows], "n": [int(r[32]) for r in rows]})
    con = duckdb.connect()
    con.register("clean", frame)
    out = con.execute(f"""
        SELECT strftime(strptime(date, '%Y%m%d'), '%Y-%m') AS period, src AS source,
               tgt AS target, count(*) AS events, sum(g) AS goldstein_sum, avg(g) AS goldstein_mean,
               count(*) FILTER (quad = 1) AS q1, count(*) FILTER (quad = 2) AS q2,
               count(*) FILTER (quad = 3) AS q3, count(*) FILTER (quad = 4) AS q4,
               (count(*) FILTER (quad <= 2) - count(*) FILTER (quad >= 3)) / count(*)
                   AS net_cooperation,
               sum(n) AS sources_sum, sum(g * n) / sum(n) AS goldstein_mean_weighted,
               sum(CASE WHEN quad <= 2 THEN n ELSE -n END) / sum(n) AS net_cooperation_weighted
        FROM clean WHERE (src = '{a}' AND tgt = '{b}') OR (src = '{b}' AND tgt = '{a}')
        GROUP BY 1, 2, 3""").df()
    out["second"] = out["source"] == b
    return out.sort_values(["period", "second"]).drop(columns="second").reset_index(drop=True)


def test_index_of_damaged_input_equals_an_independent_computation_on_its_clean_lines(
        home, damaged):
    ingest(damaged)
    ours = detente.event_index("USA", "RUS", freq="month", weighted=True)
    assert list(ours.columns[:11]) == INDEX_COLUMNS
    want = _independent_monthly(clean_lines(damaged), "USA", "RUS")
    got = ours[ours["events"] > 0].reset_index(drop=True)
    assert len(got) == len(want) > 100
    pd.testing.assert_frame_equal(got[want.columns], want, check_dtype=False, rtol=1e-12)
    # Periods without events are there too, with 0 events.
    months = pd.period_range(ours["period"].iloc[0], ours["period"].iloc[-1], freq="M")
    assert len(ours) == 2 * len(months)


def test_volume_normalisation_divides_by_each_sides_event_volume(home, damaged):
    ingest(damaged)
    index = detente.event_index("USA", "RUS", freq="year", normalise=True)
    rows = clean_lines(damaged)
    year = index["period"].iloc[0]
    usa = sum(1 for r in rows if r[1][:4] == year and "USA" in (r[7], r[17]))
    rus = sum(1 for r in rows if r[1][:4] == year and "RUS" in (r[7], r[17]))
    first = index.iloc[0]  # USA → RUS in the first year
    assert (first["source_volume"], first["target_volume"]) == (usa, rus)
    assert first["share_of_source_volume"] == pytest.approx(first["events"] / usa)
    second = index.iloc[1]  # RUS → USA
    assert (second["source_volume"], second["target_volume"]) == (rus, usa)


@pytest.mark.parametrize(("freq", "label"), [("day", "2016-07-28"), ("week", "2016-W30"),
                                             ("month", "2016-07"), ("year", "2016")])
def test_real_gdelt_sample_by_each_frequency(home, freq, label):
    ingest([GDELT])
    index = detente.event_index("United States", "Russia", freq=freq, since="2016-07-01",
                                until="2016-07-31")
    hits = index[index["events"] > 0]
    assert hits["events"].sum() == 3  # the sample's three USA↔RUS events, all in July 2016
    assert set(hits["period"]) == {label}
    assert index.attrs["provenance"]["pair"] == ["USA", "RUS"]


def test_cli_index_csv_and_json_columns(home, damaged):
    ingest(damaged[:1])
    runner = CliRunner()
    res = runner.invoke(app, ["events", "index", "USA", "RUS", "--freq", "month", "--format",
                              "csv"])
    assert res.exit_code == 0, res.output
    frame = pd.read_csv(io.StringIO(res.stdout), dtype={"period": str})
    assert list(frame.columns) == [*INDEX_COLUMNS, "change_point"]
    res = runner.invoke(app, ["events", "index", "RUS", "USA", "--format", "json", "--weighted",
                              "--normalise", "--freq", "year"])
    records = json.loads(res.stdout)
    assert records[0]["source"] == "RUS" and records[1]["source"] == "USA"
    assert list(records[0])[:11] == INDEX_COLUMNS
    assert "net_cooperation_weighted" in records[0] and "share_of_source_volume" in records[0]


def test_cli_status_json_per_file(home, damaged):
    ingest(damaged[:1])
    res = CliRunner().invoke(app, ["events", "status", "--format", "json"])
    (row,) = json.loads(res.stdout)
    assert set(row) == {"path", "sha256", "format", "rows_read", "kept", "duplicates", "rejected"}
    assert row["rows_read"] == row["kept"] + row["duplicates"] + sum(row["rejected"].values())


def test_missing_store_names_the_commands(home):
    with pytest.raises(NoEventData, match="detente events ingest"):
        detente.event_index("USA", "RUS")
    res = CliRunner().invoke(app, ["events", "index", "USA", "RUS"])
    assert res.exit_code == 2 and "detente events pull gdelt" in res.output


def test_change_points_find_a_shift_and_leave_noise_alone():
    rng = np.random.default_rng(3)
    noise = rng.normal(0.1, 0.05, 120)
    assert breakpoints(noise) == []
    shifted = np.r_[rng.normal(0.1, 0.05, 70), rng.normal(-0.2, 0.05, 50)]
    assert breakpoints(shifted) == [70]
    periods = pd.period_range("2014-01", periods=120, freq="M").astype(str)
    frame = pd.DataFrame({"period": periods, "source": "USA", "target": "RUS",
                          "net_cooperation": shifted})
    (cp,) = change_points(frame).to_dict("records")
    assert cp["period"] == "2019-11" and cp["mean_before"] > 0 > cp["mean_after"]


def test_index_prints_the_same_bytes_on_every_run_and_any_number_of_threads(
        home, damaged, monkeypatch):
    """Goldstein sums are exact: the CSV is byte for byte the same run after run with 1 to 8
    DuckDB threads, and each goldstein_sum is the double nearest the exact decimal sum of the
    clean lines' weights (a floating-point sum would depend on the order of the additions)."""
    ingest(damaged)
    runner = CliRunner()
    outputs = set()
    for threads in (1, 2, 4, 8, 1, 8):
        monkeypatch.setenv("DETENTE_DUCKDB_THREADS", str(threads))
        res = runner.invoke(app, ["events", "index", "USA", "RUS", "--freq", "month",
                                  "--weighted", "--format", "csv"])
        assert res.exit_code == 0, res.output
        outputs.add(res.stdout)
    assert len(outputs) == 1
    frame = pd.read_csv(io.StringIO(outputs.pop()), dtype=str)
    exact: dict[tuple[str, str, str], Decimal] = {}
    for r in clean_lines(damaged):
        if {r[7], r[17]} == {"USA", "RUS"}:
            key = (f"{r[1][:4]}-{r[1][4:6]}", r[7], r[17])
            exact[key] = exact.get(key, Decimal(0)) + Decimal(r[30])
    got = frame[frame["events"] != "0"]
    assert len(got) == len(exact) > 100
    for row in got.itertuples():
        assert row.goldstein_sum == repr(float(exact[(row.period, row.source, row.target)]))
