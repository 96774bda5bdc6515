"""The CAMEO codebook through the dataset registry, checked against GDELT's own rows."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from conftest import DATA, MIRROR
from detente import datasets
from detente.datasets import cameo as readers
from detente.events import cameo


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
