"""PLOVER JSON (lines and arrays) and POLECAT TSV inputs: detected from content, normalised to the
event schema, bad lines rejected with file, line, field and reason, counted by the index (also
where Goldstein is null), and unchanged by a re-ingest. Fixtures: tests/data/events/README.md."""

from __future__ import annotations

import json

import duckdb
import pandas as pd
import pytest

import detente
from conftest import DATA
from detente.core.errors import DataError
from detente.events import cameo
from detente.events.ingest import ingest
from detente.events.layouts import detect
from detente.events.layouts.plover import PLOVER_QUAD
from detente.events.store import EventStore


@pytest.fixture(autouse=True)
def _own_events(own_events_only):
    """These tests read a store of their own: without the reference WEIS events."""


EVENTS = DATA / "events"
JSONL = EVENTS / "plover_sample.jsonl"
ARRAY = EVENTS / "plover_array.json"
POLECAT = EVENTS / "polecat_sample.txt"


def _events(sql: str = "SELECT * FROM events ORDER BY file_id, line") -> pd.DataFrame:
    with EventStore() as store:
        return store.con.execute(sql).df()


@pytest.mark.parametrize("path,layout", [(JSONL, "plover_json"), (ARRAY, "plover_json_array"),
                                         (POLECAT, "polecat_tsv")])
def test_layout_is_detected_from_content(path, layout):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert detect(first, str(path)).name == layout


def test_an_unknown_tab_header_names_both_known_ones():
    header = "\t".join(["Event ID", "Event Date", "Event Type", "Headline"])
    with pytest.raises(DataError, match=r"POLECAT's .*unknown columns: Headline") as err:
        detect(header, "x.txt")
    assert (err.value.file, err.value.line) == ("x.txt", 1)


@pytest.mark.parametrize("path", [ARRAY, POLECAT], ids=["array", "polecat"])
def test_bad_records_are_rejected_with_their_line_field_and_reason(home, path):
    want = pd.read_csv(path.with_name(path.name.split(".")[0] + ".rejects.csv"), dtype=str)
    (result,) = ingest([path])
    with EventStore() as store:
        got = store.rejects()
        dups = store.con.execute("SELECT line FROM duplicates ORDER BY line").df()
    rejected = want[want.reason != "duplicate"]
    assert got["file"].unique().tolist() == [str(path)]
    assert got["line"].tolist() == rejected["line"].astype(int).tolist()
    assert got["field"].tolist() == rejected["field"].tolist()
    assert got["reason"].tolist() == rejected["reason"].tolist()
    assert dups["line"].tolist() == want.loc[want.reason == "duplicate", "line"].astype(int).tolist()
    assert result.rows_read == result.kept + result.duplicates + result.n_rejected


def test_plover_json_is_normalised_to_the_event_schema(home):
    (result,) = ingest([JSONL])
    assert (result.format, result.rows_read, result.kept) == ("plover_json", 10, 3)
    ev = _events().set_index("event_id")
    assert set(ev["dataset"]) == {"plover"}
    assert ev["event_code"].isna().all() and ev["event_root"].isna().all()  # no CAMEO code
    war = ev.loc["PLV-20220224-0001"]
    assert (war["source_country"], war["target_country"], war["source_name"]) == \
        ("RUS", "UKR", "Russian armed forces")
    assert (war["plover_event"], war["plover_mode"], war["plover_context"]) == \
        ("ASSAULT", "heavy-weapons", "military")
    assert (war["quad_class"], war["goldstein"], war["line"]) == (4, -10.0, 1)
    assert war["source_url"] == "https://example.org/plover/0001"
    talks = ev.loc["PLV-20220110-0002"]
    assert talks["plover_context"] == "diplomatic;military" and pd.isna(talks["goldstein"])
    # Plain code strings, the legacy `target` key and a lower-case type are read too.
    sanctions = ev.loc["PLV-20220222-0010"]
    assert (sanctions["source_country"], sanctions["target_country"], sanctions["plover_event"],
            sanctions["quad_class"], sanctions["line"]) == ("USA", "RUS", "SANCTION", 4, 10)


def test_a_json_array_keeps_the_lines_of_the_original_file(home):
    (result,) = ingest([ARRAY])
    assert (result.format, result.rows_read, result.kept, result.duplicates) == \
        ("plover_json_array", 5, 3, 1)
    ev = _events().set_index("event_id")
    assert ev["line"].to_dict() == {"PLV-20180316-0101": 2, "PLV-20180326-0102": 6,
                                    "PLV-20180329-0104": 10}
    both = ev.loc["PLV-20180329-0104"]  # two types, two sources: the first of each
    assert (both["plover_event"], both["source_country"], both["plover_mode"]) == \
        ("SANCTION", "RUS", "expel;close")
    assert not any((home / "tmp").iterdir())  # the rewritten copy is gone


def test_a_broken_json_array_is_refused_naming_the_line(home, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('[\n{"id": "a", "date": "2022-01-01", "event": "AGREE"},\n{"id": \n',
                    encoding="utf-8")
    with pytest.raises(DataError, match="does not parse") as err:
        ingest([path])
    assert (err.value.file, err.value.line) == (str(path), 3)
    with EventStore() as store:
        assert store.count_events() == 0 and store.ledger().empty
    assert not any((home / "tmp").iterdir())


def test_polecat_tsv_is_normalised_and_none_is_missing(home):
    (result,) = ingest([POLECAT])
    assert (result.format, result.rows_read, result.kept) == ("polecat_tsv", 9, 3)
    ev = _events().set_index("event_id")
    assert set(ev["dataset"]) == {"polecat"}
    talks = ev.loc["20220110-constructed-01"]
    assert (talks["source_name"], talks["source_country"], talks["target_country"],
            talks["plover_event"], talks["quad_class"], talks["goldstein"], talks["line"]) == \
        ("Wendy Sherman", "USA", "RUS", "CONSULT", 1, 1.0, 2)
    assert pd.isna(talks["plover_mode"])  # "None" in the file
    nato = ev.loc["20220124-constructed-02"]
    assert pd.isna(nato["source_country"]) and pd.isna(nato["goldstein"])
    assert (nato["plover_mode"], nato["quad_class"]) == ("troops", 4)


def test_index_counts_plover_rows_with_and_without_goldstein(home):
    ingest([JSONL, ARRAY, POLECAT])
    frame = detente.event_index("USA", "RUS", freq="month")
    got = frame.set_index(["period", "source", "target"])
    # January 2022, USA → RUS: the PLOVER talks (no scale) and the POLECAT talks (1.0).
    jan = got.loc[("2022-01", "USA", "RUS")]
    assert (jan["events"], jan["q1"], jan["goldstein_sum"], jan["goldstein_mean"]) == (2, 2, 1.0, 1.0)
    # February 2022, USA → RUS: the sanctions record, which has no scale at all.
    feb = got.loc[("2022-02", "USA", "RUS")]
    assert (feb["events"], feb["q4"], feb["net_cooperation"]) == (1, 1, -1.0)
    assert pd.isna(feb["goldstein_mean"])
    # An independent count over the store (plain DuckDB), per month and direction.
    with EventStore() as store:
        raw = store.con.execute(
            "SELECT strftime(date, '%Y-%m') AS period, source_country AS source, "
            "target_country AS target, count(*) AS events, count(goldstein) AS with_scale "
            "FROM events WHERE (source_country, target_country) IN (('USA', 'RUS'), ('RUS', 'USA')) "
            "GROUP BY ALL").df().set_index(["period", "source", "target"]).sort_index()
    counted = got.loc[got["events"] > 0, "events"].sort_index()  # the index fills empty months
    assert counted.to_dict() == raw["events"].to_dict()


def test_reingest_changes_nothing(home):
    first = ingest([JSONL, ARRAY, POLECAT])
    before = _events()
    with EventStore() as store:
        rejects, ledger = store.rejects(), store.ledger()
    again = ingest([JSONL, ARRAY, POLECAT])
    assert [r.skipped for r in again] == [True, True, True]
    assert [r.same_as for r in again] == [r.path for r in first]
    pd.testing.assert_frame_equal(_events(), before)
    with EventStore() as store:
        pd.testing.assert_frame_equal(store.rejects(), rejects)
        assert len(store.ledger()) == len(ledger) == 3


def test_a_store_made_before_the_plover_columns_takes_them_on(home):
    path = home / "detente.duckdb"
    path.parent.mkdir(parents=True)
    con = duckdb.connect(str(path))
    with EventStore(path):  # the current schema, then the two columns removed again
        pass
    con.close()
    con = duckdb.connect(str(path))
    con.execute("DROP VIEW event_provenance")
    con.execute("ALTER TABLE events DROP COLUMN plover_mode")
    con.execute("ALTER TABLE events DROP COLUMN plover_context")
    con.close()
    (result,) = ingest([JSONL])
    assert result.kept == 3
    ev = _events()
    assert ev.set_index("event_id").loc["PLV-20220224-0001", "plover_mode"] == "heavy-weapons"
    assert list(ev.columns[-2:]) == ["plover_mode", "plover_context"]  # appended, read by name


def test_plover_quad_classes_follow_gdelt_quads_of_the_cameo_codes_mapped_on_them():
    """PLOVER_QUAD recomputed from the registry's CAMEO2PLOVER table (the mirror's conversion of
    it): each type takes the quad class most of its CAMEO codes have under GDELT's rule."""
    mapping = cameo.plover_mapping()
    quads = mapping["cameo_code"].str[:2].map(cameo.quad_class)
    derived = quads.groupby(mapping["plover_event"]).agg(lambda s: s.mode().iloc[0]).to_dict()
    assert derived == {k: v for k, v in PLOVER_QUAD.items() if k != "DEMAND"}
    assert PLOVER_QUAD["DEMAND"] == PLOVER_QUAD["REQUEST"]


def test_fixtures_are_valid_where_they_mean_to_be():
    lines = JSONL.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["event"] == ["ASSAULT"]
    assert len(json.loads(ARRAY.read_text(encoding="utf-8"))) == 5
