"""The CAMEO codebook through the dataset registry, checked against GDELT's own rows."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from conftest import DATA, MIRROR
from detente import datasets
from detente.core.errors import DataError, DatasetUnavailable
from detente.datasets import cameo as readers
from detente.events import cameo

ICEWS_CSV = MIRROR / "cameo" / "cameo_event_codes_icews.csv"
PLOVER_CSV = MIRROR / "cameo" / "cameo_to_plover_2021.csv"


def test_codebook_joins_codes_weights_and_icews_grouping():
    book = cameo.codebook()
    assert book["code"].is_unique and len(book) == 311
    assert book["code"].str.fullmatch(r"\d{2,4}").all()
    visit = book.set_index("code").loc["042"]
    assert visit["goldstein"] == 1.9 and visit["quad_class"] == 1
    # GDELT's quad classes differ from ICEWS's grouping at roots 09 and 14 only.
    differs = book[book["quad_class"] != book["quad_class_icews"]]
    assert set(differs["root"]) == {"09", "14"}
    # The GDELT file runs code 106 into the line of 1056; the reader splits it back.
    assert book.set_index("code").loc["106", "description"] == "Demand withdrawal"


def test_gdelt_rows_carry_gdelts_goldstein_weights_and_quad_classes():
    raw = pd.read_csv(MIRROR / "gdelt_sample" / "original" / "events.csv", sep="\t", header=None,
                      dtype=str, quoting=csv.QUOTE_NONE)
    weights = cameo.codebook().set_index("code")["goldstein"]
    assert (raw[26].map(weights) == raw[30].astype(float)).all()
    assert (raw[28].map(cameo.quad_class) == raw[29].astype(int)).all()


def test_quad_class_rejects_what_is_not_a_root():
    assert [cameo.quad_class(r) for r in ("01", "05", "06", "09", "10", "14", "15", "20")] == \
        [1, 1, 2, 2, 3, 3, 4, 4]
    with pytest.raises(ValueError, match="not a CAMEO root"):
        cameo.quad_class("21")


def test_plover_mapping_reader_and_lookup():
    mapping = cameo.plover_mapping(DATA / "events" / "cameo2plover_excerpt.txt")
    assert mapping["cameo_code"].tolist() == ["040", "042", "091", "163", "175"]
    assert mapping.set_index("cameo_code").loc["091", "plover_context"] == "crime;corruption"
    codes = pd.Series(["042", "0421", "163", "010"])
    assert cameo.to_plover(codes, mapping).tolist() == ["CONSULT", "CONSULT", "COERCE", None]


@pytest.mark.parametrize("name", ["cameo_eventcodes", "cameo_goldstein", "cameo_icews"])
def test_cameo_tables_come_through_the_registry(name):
    ds = datasets.get(name)
    assert ds.collection == "cameo"
    assert datasets.locate(name).parent == MIRROR / "cameo" / "original"


def test_icews_codebook_reader_repairs_broken_bytes():
    icews = readers.cameo_icews()
    assert len(icews) == 312
    text = " ".join(icews["name"])
    assert "\ufffd" not in text


def test_icews_codebook_keeps_the_manuals_text_equal_to_the_csv_conversion():
    icews = readers.cameo_icews().set_index("code")
    csv_ = pd.read_csv(ICEWS_CSV, dtype=str, keep_default_na=False).set_index("code")
    for column in ("name", "description", "usage_notes", "example"):
        assert icews[column].equals(csv_.loc[icews.index, column]), column
    assert "goldstein" not in icews.columns  # the .rda has no weights: only the CSV does


def test_icews_goldstein_weights_differ_from_gdelts_at_four_codes():
    """SOURCE.md of the mirror's cameo folder lists the differences; the weights come from the
    CSV conversion (the registry's `cameo_icews` conversion), as the .rda carries none."""
    diff = cameo.goldstein_differences().set_index("code")
    assert diff.index.tolist() == ["016", "022", "1213", "164", "165"]
    assert diff.loc["016"].tolist() == [-2.0, -5.0] and diff.loc["165"].tolist() == [-6.5, -7.0]
    assert pd.isna(diff.loc["1213", "goldstein"]) and diff.loc["1213", "goldstein_icews"] == -4.0
    assert cameo.goldstein("022") == 3.2 and cameo.goldstein("022", scale="icews") == 3.4


def test_icews_event_files_carry_icews_own_weights():
    """ICEWS's Intensity (which the ingest stores as goldstein) is ICEWS's weight of the code,
    not GDELT's: the rows coded 016, 022 or 164 differ from GDELT's table."""
    raw = pd.read_csv(MIRROR / "icews_sample" / "original" / "events.2018.sample.tab", sep="\t",
                      dtype=str, quoting=csv.QUOTE_NONE)
    intensity = raw["Intensity"].astype(float)
    icews = cameo.icews_goldstein().set_index("code")["goldstein_icews"]
    gdelt = cameo.codebook().set_index("code")["goldstein"]
    assert (raw["CAMEO Code"].map(icews) == intensity).all()
    differs = raw["CAMEO Code"].map(gdelt) != intensity
    assert differs.any() and set(raw.loc[differs, "CAMEO Code"]) <= {"016", "022", "164", "165"}


def test_icews_weights_without_the_conversion_name_the_fix(empty_home):
    with pytest.raises(DatasetUnavailable, match="cameo_event_codes_icews.csv"):
        readers.icews_goldstein()


def test_plover_table_comes_from_the_conversion_when_the_mirror_lacks_the_original():
    assert datasets.status("cameo_plover") in {"conversion", "cached"}
    assert not (MIRROR / "cameo" / "original" / "CAMEO2PLOVER-2021.txt").exists()
    with pytest.raises(DatasetUnavailable):
        datasets.locate("cameo_plover")
    mapping = cameo.plover_mapping()
    assert len(mapping) == 256 and mapping["cameo_code"].is_unique  # 257 lines, 175 twice
    # The hand-made excerpt of the original gives the same normalised rows.
    excerpt = cameo.plover_mapping(DATA / "events" / "cameo2plover_excerpt.txt")
    same = mapping.set_index("cameo_code").loc[excerpt["cameo_code"]].reset_index()
    pd.testing.assert_frame_equal(same, excerpt)


def test_plover_lines_are_parsed_in_the_conversions_layout():
    rows = readers.plover_rows(DATA / "events" / "cameo2plover_excerpt.txt")
    conversion = pd.read_csv(PLOVER_CSV, dtype=str, keep_default_na=False)
    assert list(rows.columns) == list(conversion.columns)
    assert rows["cameo_code"].tolist() == ["040", "042", "091", "163", "175", "175"]
    assert rows.set_index("cameo_code").loc["091", "plover_context"] == "crime; corruption"
    for _, row in rows.iterrows():  # each excerpt line is a line of the conversion
        assert (conversion == row.to_numpy()).all(axis=1).any(), row.to_dict()


def test_a_damaged_plover_conversion_names_file_line_and_field(tmp_path):
    no_event = tmp_path / "no_event.csv"
    no_event.write_text("cameo_code,plover_mode,plover_context,cameo_label\n040,,,Consult\n")
    with pytest.raises(DataError, match="plover_event") as err:
        readers.cameo_plover(no_event)
    assert (err.value.line, err.value.field) == (1, "plover_event")
    bad_code = tmp_path / "bad_code.csv"
    bad_code.write_text(PLOVER_CSV.read_text(encoding="utf-8").replace("\n042,", "\n04x,", 1))
    with pytest.raises(DataError, match="not a CAMEO code") as err:
        readers.cameo_plover(bad_code)
    assert (err.value.file, err.value.line, err.value.field) == (str(bad_code), 32, "cameo_code")


def test_pull_caches_the_conversion_so_readers_work_without_the_mirror(monkeypatch, tmp_path):
    monkeypatch.setenv("DETENTE_HOME", str(tmp_path / "home"))
    path = datasets.pull("cameo_plover")
    assert path == tmp_path / "home" / "datasets" / "cameo_to_plover_2021.csv"
    datasets.pull("cameo_icews")
    monkeypatch.delenv("DETENTE_MIRROR")
    assert datasets.status("cameo_plover") == "conversion"
    assert len(cameo.plover_mapping()) == 256
    assert readers.icews_goldstein().set_index("code").loc["016", "goldstein_icews"] == -5.0
