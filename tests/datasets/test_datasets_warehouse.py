"""The dataset warehouse (`detente.datasets.warehouse`) on the real mirror data: stored tables equal
their readers' frames, pair queries equal a pandas filter of the reader's frame, builds are
idempotent, keyed on sha256 + reader version, atomic, read-only and safe across processes."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from detente.core.errors import DataError, UsageError
from detente.datasets import tables, warehouse
from detente.datasets.tables import TABLES

SMALL = ["gsdb", "icb_crises", "icb_actors", "cow_war_inter", "ucdp_acd", "pax", "cow_states"]
USA, RUS, CHN, CUB = 2, 365, 710, 40
REPO_SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A DETENTE_HOME whose warehouse holds the small tables (built once for the module)."""
    home = tmp_path_factory.mktemp("warehouse-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DETENTE_HOME", str(home))
        mp.delenv("DETENTE_WAREHOUSE", raising=False)
        timings = warehouse.build(SMALL)
        yield home, timings


@pytest.fixture
def in_built(built, monkeypatch):
    monkeypatch.setenv("DETENTE_HOME", str(built[0]))
    return built[0]


@pytest.fixture(autouse=True)
def _own_warehouse(monkeypatch):
    """These tests build warehouses in homes of their own, not the session's shared one."""
    monkeypatch.delenv("DETENTE_WAREHOUSE", raising=False)


def _signature(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_ino, st.st_mtime_ns


def test_first_build_reads_every_table_once(built):
    home, timings = built
    assert list(timings) == SMALL
    assert (home / "datasets.duckdb").is_file()
    assert not [p for p in home.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("name", SMALL)
def test_a_stored_table_equals_its_reader(in_built, name):
    pd.testing.assert_frame_equal(warehouse.table(name), TABLES[name].read())


def test_the_stored_frame_keeps_the_unresolved_counts(in_built):
    assert warehouse.table("gsdb").attrs == TABLES["gsdb"].read().attrs
    assert warehouse.unresolved("gsdb")["sender"]["EU"] > 0


@pytest.mark.parametrize("name, a, b", [("gsdb", USA, RUS), ("cow_war_inter", USA, CHN),
                                        ("cow_war_inter", 651, 666)])
def test_dyad_returns_the_pair_in_either_order(in_built, name, a, b):
    spec = TABLES[name].pair
    frame = TABLES[name].read()
    ca, cb = frame[spec.a], frame[spec.b]
    expected = frame[((ca == a) & (cb == b)) | ((ca == b) & (cb == a))]
    for got in (warehouse.dyad(name, a, b), warehouse.dyad(name, b, a)):
        assert len(got) == len(expected) > 0
        key = list(frame.columns[:4])
        pd.testing.assert_frame_equal(
            got.sort_values(key).reset_index(drop=True),
            expected.sort_values(key).reset_index(drop=True))


def test_dyad_on_list_members_and_groups(in_built):
    crises = warehouse.dyad("icb_crises", USA, RUS)
    assert "CUBAN MISSILES" in set(crises["crisname"])
    assert all(USA in a and RUS in a for a in crises["actors"])
    actors = warehouse.dyad("icb_actors", USA, RUS)
    assert set(actors["ccode"]) == {USA, RUS}
    assert set(actors["crisno"]) == set(crises["crisno"])
    cuba = warehouse.dyad("icb_actors", CUB, USA)
    assert set(cuba["crisname"]) >= {"CUBAN MISSILES"}
    korea = warehouse.dyad("ucdp_acd", USA, CHN)
    assert 1951 in set(korea["year"])
    row = korea[korea.year == 1951].iloc[0]
    assert USA in row["side_b_2nd"] and CHN in row["side_a_2nd"]  # backers of opposite sides


def test_dyad_of_a_monadic_table_gives_both_states(in_built):
    states = warehouse.dyad("cow_states", USA, RUS)
    assert set(states["ccode"]) == {USA, RUS}


def test_columns_and_coverage(in_built):
    got = warehouse.dyad("gsdb", USA, RUS, columns=["case_id", "begin"])
    assert list(got.columns) == ["case_id", "begin"]
    frame = TABLES["gsdb"].read()
    assert warehouse.coverage("gsdb") == (frame["begin"].min(), frame["end"].max()) == (1949, 2022)
    icb = TABLES["icb_crises"].read()
    assert warehouse.coverage("icb_crises") == (icb["yrtrig"].min(), icb["yrterm"].max())
    with pytest.raises(UsageError, match="no column"):
        warehouse.dyad("gsdb", USA, RUS, columns=["nope"])
    with pytest.raises(UsageError, match="no warehouse table"):
        warehouse.table("nope")


def test_a_table_without_state_columns_refuses_pair_queries(in_built):
    with pytest.raises(UsageError, match="no state columns"):
        warehouse.dyad("cow_mid_disps", USA, RUS)


def test_building_twice_reloads_nothing(in_built):
    db = in_built / "datasets.duckdb"
    before = _signature(db)
    assert warehouse.build(SMALL) == {}
    warehouse.table("gsdb")
    assert _signature(db) == before
    assert all(warehouse.built()[n]["current"] for n in SMALL)


def test_a_new_reader_version_reloads_that_table_only(tmp_path, monkeypatch):
    monkeypatch.setenv("DETENTE_HOME", str(tmp_path))
    warehouse.build(["gsdb", "pax"])
    first = warehouse.built()
    monkeypatch.setitem(TABLES, "pax", dataclasses.replace(TABLES["pax"], version="test"))
    assert not warehouse.built()["pax"]["current"]
    assert len(warehouse.table("pax")) == 332  # rebuilt on first use
    assert warehouse.built()["pax"]["key"] != first["pax"]["key"]
    assert warehouse.built()["gsdb"] == first["gsdb"]
    assert warehouse.build(["gsdb", "pax"]) == {}


def test_the_warehouse_is_opened_read_only(in_built):
    warehouse.table("gsdb")
    con = warehouse._READER.con
    with pytest.raises(duckdb.Error):
        con.execute("CREATE TABLE intruder (i INTEGER)")


def test_a_failing_reader_leaves_the_file_untouched(in_built, monkeypatch):
    db = in_built / "datasets.duckdb"
    before = _signature(db)
    monkeypatch.setitem(TABLES, "gsdb", dataclasses.replace(
        TABLES["gsdb"], reader="detente.datasets.sanctions:gsdb", version="broken",
        args=(in_built / "no-such-file.csv",)))
    with pytest.raises((DataError, OSError)):
        warehouse.build(["gsdb"])
    assert _signature(db) == before
    assert not [p for p in in_built.iterdir() if ".tmp" in p.name]


def test_a_reader_sees_a_rebuild_by_another_process(tmp_path, monkeypatch):
    monkeypatch.setenv("DETENTE_HOME", str(tmp_path))
    warehouse.build(["pax"])
    before = warehouse.built()["pax"]["built_at"], _signature(tmp_path / "datasets.duckdb")
    _run(tmp_path, "warehouse.build(['pax'], force=True)")
    assert _signature(tmp_path / "datasets.duckdb") != before[1]
    assert len(warehouse.table("pax")) == 332  # the new file, reopened


def _run(home: Path, code: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DETENTE_HOME": str(home), "PYTHONPATH": str(REPO_SRC)}
    script = f"from detente.datasets import warehouse\nprint(sorted({code}))"
    return subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                          text=True, check=True)


def test_concurrent_builds_build_once(tmp_path):
    env = {**os.environ, "DETENTE_HOME": str(tmp_path), "PYTHONPATH": str(REPO_SRC)}
    script = "from detente.datasets import warehouse\nprint(sorted(warehouse.build(['icb_crises'])))"
    procs = [subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], outputs
    printed = [out.strip() for out, _ in outputs]
    assert sorted(printed, key=len) == ["[]", "[]", "['icb_crises']"]
    con = duckdb.connect(str(tmp_path / "datasets.duckdb"), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM icb_crises").fetchone()[0] == 487
    finally:
        con.close()


def test_every_declared_table_names_registered_datasets_and_its_columns():
    from detente.datasets.registry import registry

    for spec in TABLES.values():
        assert set(spec.datasets) <= set(registry()), spec.name
        assert spec.reader.startswith("detente.datasets.")
    assert tables.table_spec("gsdb") is TABLES["gsdb"]


@pytest.mark.parametrize("name", ["gsdb", "icb_crises", "ucdp_acd", "pax"])
def test_a_pair_without_rows_gets_an_empty_frame_of_the_same_dtypes(in_built, name):
    empty = warehouse.dyad(name, 901, 902)  # two codes no state ever had
    full = warehouse.table(name)
    assert empty.empty
    assert empty.dtypes.equals(full.dtypes)
    assert list(empty.columns) == list(full.columns)


def test_state_gives_every_row_about_one_state(in_built):
    frame = TABLES["gsdb"].read()
    expected = frame[(frame.sender_ccode == RUS) | (frame.target_ccode == RUS)]
    got = warehouse.state("gsdb", RUS)
    assert len(got) == len(expected) > 0
    assert got["case_id"].tolist() == expected["case_id"].tolist()
    crises = warehouse.state("icb_crises", CUB)
    assert all(CUB in a for a in crises["actors"]) and len(crises) > 0
    assert set(warehouse.state("icb_actors", CUB)["ccode"]) == {CUB}


def test_changing_an_answer_does_not_change_the_next_one(in_built):
    first = warehouse.dyad("icb_crises", USA, RUS)
    first["actors"].iloc[0].append(999)
    first.loc[first.index[0], "crisname"] = "CHANGED"
    again = warehouse.dyad("icb_crises", USA, RUS)
    assert 999 not in again["actors"].iloc[0] and again["crisname"].iloc[0] != "CHANGED"
