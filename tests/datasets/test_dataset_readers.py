"""The peacesciencer and UN readers, checked against the mirror's own CSV/Parquet conversions."""

import numpy as np
import pandas as pd
import pyreadr
import pytest

from conftest import MIRROR
from detente.core.errors import DataError
from detente.datasets import peacesciencer, unga

PS = MIRROR / "peacesciencer"
CONVERTED = {name: next((PS / f"{name}{ext}" for ext in (".csv", ".parquet")
                         if (PS / f"{name}{ext}").is_file()), None)
             for name in peacesciencer.SPECS}


def _converted(name: str) -> pd.DataFrame:
    path = CONVERTED[name]
    return pd.read_csv(path) if path.suffix == ".csv" else pd.read_parquet(path)


@pytest.mark.parametrize("name", [n for n, p in CONVERTED.items() if p is not None])
def test_reader_agrees_with_the_mirror_conversion(name):
    frame = peacesciencer.read(name)
    conv = _converted(name)
    assert list(frame.columns) == list(peacesciencer.SPECS[name])
    assert len(frame) == len(conv)
    for col, (kind, _) in peacesciencer.SPECS[name].items():
        if kind in ("id", "int", "float"):
            left = frame[col].astype("float64").to_numpy()
            right = pd.to_numeric(conv[col]).astype("float64").to_numpy()
            assert np.allclose(left, right, rtol=1e-9, equal_nan=True), col


def test_cow_ddy_is_the_directed_system_1816_2024():
    ddy = peacesciencer.read("cow_ddy")
    assert (ddy["year"].min(), ddy["year"].max()) == (1816, 2024)  # carried past COW's 2016
    usa_rus = ddy[(ddy.ccode1 == 2) & (ddy.ccode2 == 365)]
    assert usa_rus["year"].tolist() == list(range(1816, 2025))
    assert len(ddy) == 2 * (ddy["ccode1"] < ddy["ccode2"]).sum()


def test_flags_and_dates_are_typed():
    atop = peacesciencer.read("atop_alliance")
    assert str(atop["atop_defense"].dtype) == "boolean"
    contig = peacesciencer.read("cow_contdir")
    usa_can = contig[(contig.ccode1 == 2) & (contig.ccode2 == 20)].iloc[0]
    assert usa_can.conttype == 1 and usa_can.stdate == pd.Timestamp("1920-01-01")


def test_a_bad_value_is_refused_with_file_record_and_field(tmp_path):
    raw = pyreadr.read_r(str(PS / "original" / "cow_nmc.rda"))["cow_nmc"].head(5).copy()
    raw.loc[3, "year"] = 1816.5
    path = tmp_path / "cow_nmc.rda"
    pyreadr.write_rdata(str(path), raw, df_name="cow_nmc")
    with pytest.raises(DataError) as info:
        peacesciencer.read("cow_nmc", path)
    assert (info.value.file, info.value.line, info.value.field) == (str(path), 4, "year")
    assert "not a whole number" in str(info.value)


def test_a_missing_column_is_named(tmp_path):
    raw = pyreadr.read_r(str(PS / "original" / "cow_majors.rda"))["cow_majors"]
    path = tmp_path / "cow_majors.rda"
    pyreadr.write_rdata(str(path), raw.drop(columns=["endyear"]), df_name="cow_majors")
    with pytest.raises(DataError, match="endyear"):
        peacesciencer.read("cow_majors", path)


def test_an_unreadable_file_is_refused(tmp_path):
    path = tmp_path / "cow_states.rda"
    path.write_bytes(b"RDX3\nnot really R data")
    with pytest.raises(DataError, match="cannot read"):
        peacesciencer.read("cow_majors", path)


def test_every_vote_has_a_cow_code_and_the_counts_match():
    votes = unga.un_votes()
    conv = pd.read_parquet(MIRROR / "unvotes" / "un_votes.parquet")
    assert len(votes) == len(conv) == 870_109
    codes = votes.groupby("country")["ccode"].first()
    assert codes["United States"] == 2 and codes["Russia"] == 365
    assert codes["Federal Republic of Germany"] == 260 and codes["Germany"] == 255
    assert codes["Yugoslavia"] == 345 and codes["China"] == 710


def test_ideal_points_cover_1946_to_2024():
    ip = unga.unga_ideal_points()
    usa = ip[ip.ccode == 2].set_index("year")
    assert (usa.index.min(), usa.index.max()) == (1946, 2024)
    assert ip.loc[ip.year == 2024, "idealpointall"].isna().all()  # as SOURCE.md says
    rus = ip[ip.ccode == 365].set_index("year")
    assert (usa.loc[1985, "idealpointfp"] - rus.loc[1985, "idealpointfp"]) > 2


def test_every_column_spec_in_the_file_has_known_kinds_and_documented_columns():
    from detente.datasets import tidy

    tables = [t for t in tidy._column_file() if t not in ("shared", "peacesciencer")]
    specs = [tidy.columns(t) for t in tables] + list(tidy.column_group("peacesciencer").values())
    assert len(specs) == len(tables) + len(peacesciencer.SPECS) >= 30
    for spec in specs:
        assert spec and all(kind in tidy.KINDS and text for kind, text in spec.values())
    # a spliced group lands where it stands: the dispute number first, then the dyad-year
    assert list(peacesciencer.SPECS["cow_mid_dirdisps"])[:4] == ["dispnum", "ccode1", "ccode2", "year"]


def test_an_unknown_kind_in_the_column_file_is_refused():
    from detente.datasets import tidy

    with pytest.raises(ValueError, match=r"\[demo\] ccode: unknown kind 'integer'"):
        tidy._spec({"ccode": ["integer", "COW code"]}, {}, "demo")
