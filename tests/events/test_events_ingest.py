"""Ingest into the DuckDB event store: real GDELT and ICEWS samples, malformed lines as data,
generated files with damaged lines, compressed inputs, idempotence, a killed ingest."""

from __future__ import annotations

import csv
import gzip
import json
import shutil
import subprocess
import sys
import zipfile

import pandas as pd
import pytest

from conftest import DATA, MIRROR
from detente.core.errors import DataError
from detente.events.ingest import ingest
from detente.events.store import EventStore
from events_data import generate

GDELT = MIRROR / "gdelt_sample" / "original" / "events.csv"
ICEWS = MIRROR / "icews_sample" / "original" / "events.2018.sample.tab"
MALFORMED = sorted((DATA / "events").glob("*.expected.csv"))


@pytest.fixture(scope="module")
def damaged(tmp_path_factory):
    """gen_gdelt.py output with 1% damaged lines: 3 files of 8,000 lines, and its manifest."""
    out = tmp_path_factory.mktemp("gen") / "bad"
    return out, generate(out, rows=24000, files=3, bad=0.01, seed=11)


def _table(store: EventStore, sql: str) -> pd.DataFrame:
    return store.con.execute(sql).df()


def test_gdelt1_sample_with_both_layouts_is_ingested_whole(home):
    """The real GDELT 1.0 sample mixes daily (58-field) and back-file (57-field) lines."""
    (result,) = ingest([GDELT])
    assert (result.rows_read, result.kept, result.duplicates, result.rejected) == (710, 710, 0, {})
    assert result.format == "gdelt1_daily+gdelt1_back"
    raw = pd.read_csv(GDELT, sep="\t", header=None, dtype=str, quoting=csv.QUOTE_NONE,
                      keep_default_na=False)
    with EventStore() as store:
        ev = _table(store, "SELECT * FROM events ORDER BY line")
    assert ev["line"].tolist() == list(range(1, 711))
    assert ev["event_id"].tolist() == raw[0].tolist()
    assert ev["event_code"].tolist() == raw[26].tolist()  # text, leading zeros kept
    assert ev.loc[0, "event_code"] == "010" and ev.loc[1, "event_code"] == "0834"
    assert ev["quad_class"].tolist() == raw[29].astype(int).tolist()
    back_file = raw[57] == ""  # pandas pads the 57-field lines
    assert back_file.sum() == 201
    assert (ev["source_url"].isna() == back_file).all()
    assert (ev["source_url"].dropna() == raw.loc[~back_file, 57]).all()
    usa_rus = ev[(ev.source_country == "USA") & (ev.target_country == "RUS")
                 | (ev.source_country == "RUS") & (ev.target_country == "USA")]
    assert len(usa_rus) == 3  # as SOURCE.md counts


def test_icews_sample_maps_country_names_and_keeps_codes(home):
    (result,) = ingest([ICEWS])
    assert (result.rows_read, result.kept, result.rejected) == (3705, 3705, {})
    raw = pd.read_csv(ICEWS, sep="\t", dtype=str, quoting=csv.QUOTE_NONE)
    with EventStore() as store:
        ev = _table(store, "SELECT * FROM events ORDER BY line")
    assert ev["line"].tolist() == list(range(2, 3707))  # line 1 is the header
    assert ev["event_code"].tolist() == raw["CAMEO Code"].tolist()
    us_ru = ((raw["Source Country"] == "United States")
             & (raw["Target Country"] == "Russian Federation")).sum()
    assert us_ru == ((ev.source_country == "USA") & (ev.target_country == "RUS")).sum() > 0
    roots = ev["event_code"].str[:2].astype(int)
    expected = pd.cut(roots, [0, 5, 9, 14, 20], labels=[1, 2, 3, 4]).astype(int)
    assert (ev["quad_class"] == expected).all()  # GDELT's quad classes from the root
    assert (ev["goldstein"] == raw["Intensity"].astype(float)).all()


@pytest.mark.parametrize("expected", MALFORMED, ids=lambda p: p.name.split(".")[0])
def test_malformed_lines_are_rejected_with_line_field_and_reason(home, expected):
    stem = expected.name.removesuffix(".expected.csv")
    (data,) = [p for p in expected.parent.glob(stem + ".*") if p != expected]
    want = pd.read_csv(expected, dtype=str, keep_default_na=False)
    (result,) = ingest([data])
    with EventStore() as store:
        got = store.rejects()
        dups = _table(store, "SELECT line FROM duplicates ORDER BY line")
        kept = _table(store, "SELECT line FROM events ORDER BY line")
    rejected = want[want.reason != "duplicate"]
    assert got["line"].tolist() == rejected["line"].astype(int).tolist()
    assert got["field"].fillna("").tolist() == rejected["field"].tolist()
    assert got["reason"].tolist() == rejected["reason"].tolist()
    assert dups["line"].tolist() == want.loc[want.reason == "duplicate", "line"].astype(int).tolist()
    n_lines = len(data.read_bytes().splitlines())
    assert set(kept["line"]) == set(range(1, n_lines + 1)) - set(want["line"].astype(int))
    assert result.rows_read == n_lines == result.kept + result.duplicates + result.n_rejected


def test_damaged_lines_are_counted_by_kind_and_reingest_changes_nothing(home, damaged):
    folder, manifest = damaged
    files = sorted(folder.glob("*.export.CSV"))
    results = ingest(files)
    kinds = {"short": "missing_fields", "bad_date": "bad_date", "bad_number": "bad_number",
             "bad_utf8": "bad_utf8"}
    for r, f in zip(results, files, strict=True):
        want = manifest[f.name]["damaged"]
        assert r.rejected == {kinds[k]: n for k, n in want.items() if k in kinds and n}
        assert r.duplicates == want["duplicate_id"]
        assert r.rows_read == manifest[f.name]["lines"] == r.kept + r.duplicates + r.n_rejected
    with EventStore() as store:
        before = _table(store, "SELECT file_id, line, event_id, goldstein FROM events "
                               "ORDER BY file_id, line")
        ledger = store.ledger()
        status = store.status()
    # Every kept row names the line it came from: that line starts with its event id.
    for file_id, path in zip(ledger["file_id"], ledger["path"], strict=True):
        lines = open(path, "rb").read().split(b"\n")  # noqa: SIM115
        rows = before[before.file_id == file_id]
        assert all(lines[n - 1].split(b"\t", 1)[0].decode() == i
                   for n, i in zip(rows["line"], rows["event_id"], strict=True))
    assert before["event_id"].is_unique
    again = ingest(files)
    assert all(r.skipped for r in again)
    with EventStore() as store:
        after = _table(store, "SELECT file_id, line, event_id, goldstein FROM events "
                              "ORDER BY file_id, line")
        assert store.status() == status
    pd.testing.assert_frame_equal(before, after)
    assert [s["rejected"] for s in status] == [r.rejected for r in results]


def test_gzip_and_zip_inputs_give_the_same_rows(home, tmp_path):
    gz = tmp_path / "events.tab.gz"
    gz.write_bytes(gzip.compress(ICEWS.read_bytes()))
    zipped = tmp_path / "events.zip"
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(GDELT, "20160728.export.CSV")
    results = ingest([gz, zipped])
    assert [r.kept for r in results] == [3705, 710]
    assert [r.rejected for r in results] == [{}, {}]
    with EventStore() as store:
        ledger = store.ledger()
    assert ledger["compression"].tolist() == ["gzip", "zip"]
    assert not any((home / "tmp").iterdir())  # unpacked copies are removed


def test_a_zip_with_two_files_is_refused(home, tmp_path):
    zipped = tmp_path / "two.zip"
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.writestr("a.CSV", "1\n")
        zf.writestr("b.CSV", "2\n")
    with pytest.raises(DataError, match=r"two\.zip: a zip input must hold exactly one file"):
        ingest([zipped])


def test_an_unknown_layout_names_the_file_and_line(home, tmp_path):
    odd = tmp_path / "odd.tsv"
    odd.write_text("a\tb\tc\n1\t2\t3\n")
    with pytest.raises(DataError) as info:
        ingest([odd])
    assert info.value.file == str(odd) and info.value.line == 1
    assert "3 tab-separated field(s)" in str(info.value)
    with EventStore() as store:
        assert store.ledger().empty


def test_a_killed_ingest_leaves_the_store_as_it_was(home, tmp_path, damaged):
    folder, _ = damaged
    first, second = sorted(folder.glob("*.export.CSV"))[:2]
    ingest([first])
    with EventStore() as store:
        before = (store.count_events(), len(store.rejects()), len(store.ledger()))
    # A real process, killed with SIGKILL after the rows went in and before the commit.
    script = (
        "import os, signal\n"
        "from detente.events.ingest import ingest\n"
        "from detente.events.load.staging import StagingLoad\n"
        "def die(self):\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "StagingLoad._record = die\n"
        f"ingest([{str(second)!r}])\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True)
    assert proc.returncode == -9
    with EventStore() as store:
        assert (store.count_events(), len(store.rejects()), len(store.ledger())) == before
    (result,) = ingest([second])  # and the file can be ingested afterwards
    assert result.kept > 0 and not result.skipped


def test_a_copy_under_another_name_is_skipped(home, tmp_path):
    copy = tmp_path / "copy.tsv"
    shutil.copy(ICEWS, copy)
    first, again = ingest([ICEWS, copy])
    assert again.skipped and again.same_as == str(ICEWS)
    with EventStore() as store:
        assert store.count_events() == first.kept


def test_cli_ingest_reports_each_file_and_refuses_the_unreadable(home, tmp_path):
    from typer.testing import CliRunner

    from detente.cli import app

    odd = tmp_path / "odd.tsv"
    odd.write_text("a\tb\n")
    res = CliRunner().invoke(app, ["events", "ingest", str(GDELT), str(odd), str(ICEWS),
                                   "--format", "json"])
    assert res.exit_code == 2
    assert "refused" in res.stderr and "odd.tsv:1" in res.stderr
    rows = json.loads(res.stdout)
    assert [(r["format"], r["kept"]) for r in rows] == [("gdelt1_daily+gdelt1_back", 710),
                                                       ("icews", 3705)]
    res = CliRunner().invoke(app, ["events", "ingest", str(GDELT), "--format", "json"])
    (again,) = json.loads(res.stdout)
    assert res.exit_code == 0 and again["skipped"] and again["same_as"] == str(GDELT)
