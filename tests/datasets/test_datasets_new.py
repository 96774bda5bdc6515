"""Readers of the datasets added for per-pair evidence (trade, sanctions, arms transfers, crises,
democracy, WEIS events, peace agreements), on the real mirror files.

References: the counts and records named in each dataset's SOURCE.md (in the mirror), and the
mirror's own conversions (CSV/Parquet, made independently of detente from the same originals).
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from conftest import MIRROR
from detente.core.errors import DataError
from detente.datasets.agreements import pax
from detente.datasets.arms import sipri_arms_transfers
from detente.datasets.crises import icb_actors, icb_crises
from detente.datasets.democracy import vdem_polyarchy
from detente.datasets.names import cow_code, cow_from_gw
from detente.datasets.registry import get, locate, sha256_of
from detente.datasets.sanctions import gsdb, split_names
from detente.datasets.trade import cow_trade_dyadic
from detente.datasets.ucdp import ucdp_conflict_years
from detente.datasets.weis import weis_lai

USA, RUS, CHN, UKR, CUB = 2, 365, 710, 369, 40
NEW = ["cow_trade_dyadic", "gsdb", "sipri_arms_transfers", "icb_crises", "icb_actors",
       "vdem_polyarchy", "weis_lai", "pax"]


@pytest.fixture(scope="module")
def sanctions():
    return gsdb()


@pytest.fixture(scope="module")
def arms():
    return sipri_arms_transfers()


@pytest.fixture(scope="module")
def actors():
    return icb_actors()


@pytest.fixture(scope="module")
def crises(actors):
    return icb_crises(actors=actors)


@pytest.mark.parametrize("name", NEW)
def test_new_datasets_are_registered_against_their_source_md(name):
    ds = get(name)
    source = (MIRROR / ds.collection / "SOURCE.md").read_text(encoding="utf-8")
    assert ds.sha256 in source  # the hash SOURCE.md gives for the original
    assert ds.file in ds.url and "/raw/" in ds.url
    assert sha256_of(locate(name)) == ds.sha256
    assert ds.bibtex.lstrip().startswith("@")


# -- COW dyadic trade ---------------------------------------------------------------------------

def test_cow_trade_rows_and_directed_halves_match_source_md():
    trade = cow_trade_dyadic()
    assert len(trade) == 1_347_308  # SOURCE.md: 2 × 673,654 non-directed dyad-years
    assert (trade["year"].min(), trade["year"].max()) == (1870, 2014)
    swapped = trade.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1", "flow1": "flow2",
                                    "flow2": "flow1"})[["ccode1", "ccode2", "year", "flow1", "flow2"]]
    both = trade.merge(swapped, on=["ccode1", "ccode2", "year"], suffixes=("", "_swapped"))
    assert len(both) == len(trade)
    assert both["flow1"].equals(both["flow1_swapped"])
    usa_rus = trade[(trade.ccode1 == USA) & (trade.ccode2 == RUS) & (trade.year == 2014)]
    assert usa_rus[["flow1", "flow2"]].iloc[0].tolist() == [23_692, 18_727]  # SOURCE.md


def test_cow_trade_usa_china_2010_in_both_directions_equals_the_parquet_conversion():
    trade = cow_trade_dyadic()
    reference = pd.read_parquet(MIRROR / "cow_trade_dyadic" / "cow_trade_ddy.parquet")
    for a, b in [(USA, CHN), (CHN, USA)]:
        ours = trade[(trade.ccode1 == a) & (trade.ccode2 == b) & (trade.year == 2010)]
        theirs = reference[(reference.ccode1 == a) & (reference.ccode2 == b)
                           & (reference.year == 2010)]
        assert len(ours) == 1
        assert ours["flow1"].iloc[0] > 0 and ours["flow2"].iloc[0] > 0
        assert ours["flow1"].iloc[0] == float(theirs["flow1"].iloc[0])


# -- GSDB ---------------------------------------------------------------------------------------

def test_gsdb_keeps_every_case(sanctions):
    assert sanctions["case_id"].nunique() == 1325  # SOURCE.md
    assert set(sanctions["case_id"]) == set(range(1, 1326))
    cases = sanctions.drop_duplicates("case_id")
    kinds = {k: int(cases[k].sum()) for k in ("trade", "arms", "military", "financial", "travel",
                                              "other")}
    assert kinds == {"trade": 513, "arms": 265, "military": 241, "financial": 724,
                     "travel": 346, "other": 214}  # SOURCE.md


def test_gsdb_us_sanctions_on_russia(sanctions):
    us_rus = sanctions[(sanctions.sender_ccode == USA) & (sanctions.target_ccode == RUS)]
    assert us_rus["case_id"].nunique() == 11  # SOURCE.md: 11 US → USSR/Russia cases
    crimea = us_rus[us_rus.begin == 2014]
    assert len(crimea) == 1 and bool(crimea["ongoing"].iloc[0]) and crimea["end"].iloc[0] == 2022


def test_gsdb_us_embargo_on_vietnam_reaches_the_unified_state(sanctions):
    # GSDB names Vietnam "South Vietnam" after 1975; case 200 is the US embargo of 1976–1994
    embargo = sanctions[sanctions.case_id == 200]
    assert embargo["target_ccode"].tolist() == [816] and embargo["end"].tolist() == [1994]


def test_gsdb_splits_senders_one_row_per_state_and_counts_organisations(sanctions):
    case = sanctions[sanctions.case_id == 12]  # Comecon ← Austria, Finland, Sweden, Switzerland
    assert sorted(case["sender"]) == ["Austria", "Finland", "Sweden", "Switzerland"]
    assert case["target_ccode"].isna().all()  # Comecon is no state: kept, with NA
    unresolved = sanctions.attrs["unresolved"]
    assert sum(unresolved["sender"].values()) == int(sanctions["sender_ccode"].isna().sum())
    assert sum(unresolved["target"].values()) == int(sanctions["target_ccode"].isna().sum())
    assert "EU" in unresolved["sender"] and "UN" in unresolved["sender"]


def test_gsdb_eu_sanctions_reach_each_member_state_for_its_years(sanctions):
    crimea = sanctions[(sanctions.case_id == 1000) & sanctions.via.eq("EU")].set_index("sender")
    assert len(crimea) == 28 and (crimea["target_ccode"] == RUS).all()  # the 28 members of 2014
    assert (crimea.loc["France", ["begin", "end", "ongoing"]].tolist() == [2014, 2022, True])
    assert (crimea.loc["United Kingdom", ["end", "ongoing"]].tolist() == [2020, False])  # left 2020
    bloc_row = sanctions[(sanctions.case_id == 1000) & (sanctions.sender == "EU")]
    assert len(bloc_row) == 1 and bloc_row["sender_ccode"].isna().all()  # kept as it was
    tiananmen = sanctions[(sanctions.case_id == 359) & (sanctions.sender == "Germany")]
    assert tiananmen[["sender_ccode", "begin", "end"]].values.tolist() == [[260, 1989, 1990],
                                                                          [255, 1991, 1992]]
    embargo = sanctions[(sanctions.case_id == 431) & sanctions.via.eq("EU")].set_index("sender")
    assert embargo.loc["Austria", "begin"] == 1995 and embargo.loc["Croatia", "begin"] == 2013  # joined


def test_gsdb_sanctions_on_the_eu_reach_each_member_state(sanctions):
    embargo = sanctions[(sanctions.case_id == 989) & sanctions.via.eq("EU")]  # Russia's food ban
    assert set(embargo["via_role"]) == {"target"} and (embargo["sender_ccode"] == RUS).all()
    france = embargo[embargo.target == "France"]
    assert france[["target_ccode", "begin", "end"]].values.tolist() == [[220, 2014, 2022]]


def test_gsdb_bloc_expansion_skips_members_as_targets_and_states_listed_themselves(sanctions):
    assert sanctions[(sanctions.case_id == 639) & sanctions.via.notna()].empty  # Austria, 2000
    assert sanctions[(sanctions.case_id == 1299) & sanctions.via.notna()].empty  # Poland, Hungary
    kabul = sanctions[sanctions.case_id == 676]  # EU and, by name, Cyprus, Malta, Poland …
    cyprus = kabul[kabul.sender_ccode == 352]
    assert len(cyprus) == 1 and cyprus["via"].isna().all()
    france = kabul[kabul.sender == "France"]
    assert france["via"].tolist() == ["EU"]


@pytest.mark.parametrize("listed, names", [
    ("Korea, North", ["Korea, North"]),
    ("Mauritania, Djibouti, Comoros, Jordan, Libya, Yemen, North, Niger",
     ["Mauritania", "Djibouti", "Comoros", "Jordan", "Libya", "Yemen, North", "Niger"]),
    ("Egypt, Arab Rep., Gambia, The", ["Egypt, Arab Rep.", "Gambia, The"]),
    ("", []),
])
def test_split_names_protects_names_with_a_comma(listed, names):
    assert split_names(listed) == names


@pytest.mark.parametrize("name, year, code", [
    ("Korea, North", 1990, 731), ("Soviet Union", 1980, 365), ("Russia", 2014, 365),
    ("Germany", 1960, 260), ("Germany", 2000, 255), ("German Democratic Republic", 1970, 265),
    ("East Germany (GDR)", 1970, 265), ("Czechoslovakia", 1970, 315), ("Yemen", 1980, 678),
    ("Yemen", 2015, 679), ("South Yemen", 1980, 680), ("South Vietnam", 1965, 817),
    ("South Vietnam", 1976, 816),  # GSDB's name for the unified Vietnam (no RVN after 1975)
    ("Turkiye", 2020, 640), ("USA", 2020, 2), ("Hezbollah (Lebanon)*", 2006, None),
    ("United Nations**", 2015, None), ("EU", 2014, None), ("unknown supplier(s)", 1990, None),
    ("Cyprus (Northern)", 1990, None), ("Hong Kong", 2020, None),
])
def test_dataset_names_to_cow_codes(name, year, code):
    assert cow_code(name, year) == code


@pytest.mark.parametrize("gw, year, cow", [(260, 1980, 260), (260, 2000, 255), (678, 1985, 678),
                                           (678, 1995, 679), (340, 2010, 345), (2, 2000, 2)])
def test_gleditsch_ward_to_cow(gw, year, cow):
    assert cow_from_gw(gw, year) == cow


# -- SIPRI --------------------------------------------------------------------------------------

def test_sipri_register_equals_the_mirror_conversion(arms):
    reference = pd.read_csv(MIRROR / "sipri_arms_transfers" / "sipri_trade_register.csv",
                            dtype=str, keep_default_na=False)
    assert len(arms) == len(reference) == 29_515
    for col in ("supplier", "recipient", "weapon_designation", "comments", "years_of_delivery"):
        assert arms[col].fillna("").tolist() == reference[col].tolist(), col
    assert arms["year_of_order"].tolist() == reference["year_of_order"].astype(int).tolist()
    assert arms["tiv_delivered"].fillna(-1).tolist() == \
        pd.to_numeric(reference["tiv_delivered"]).fillna(-1).tolist()


def test_sipri_us_deliveries_to_ukraine_2022_to_2024(arms):
    deals = arms[(arms.supplier_ccode == USA) & (arms.recipient_ccode == UKR)]
    delivered = {y for years in deals["delivery_years"] for y in years}
    assert {2022, 2023, 2024} <= delivered
    us = arms[arms.supplier == "United States"]
    assert len(us) == 9_480  # SOURCE.md


def test_sipri_non_state_and_organisations_are_kept_without_a_code(arms):
    un = arms[arms.recipient == "United Nations**"]
    assert len(un) > 0 and un["recipient_ccode"].isna().all()
    assert (un["recipient_kind"] == "organisation").all()
    rebels = arms[arms.recipient_kind == "non-state"]
    assert rebels["recipient_ccode"].isna().all() and len(rebels) > 0
    assert sum(arms.attrs["unresolved"]["recipient"].values()) == \
        int(arms["recipient_ccode"].isna().sum())


# -- ICB ----------------------------------------------------------------------------------------

def test_icb_counts_match_source_md(crises, actors):
    assert len(crises) == 487 and crises["crisno"].tolist() == list(range(1, 488))
    assert len(actors) == 1078 and actors["actor"].nunique() == 145  # YUG and SER share 345
    assert (actors["actor"] == "USA").sum() == 74 and (actors["ccode"] == RUS).sum() == 48


def test_icb_cuban_missile_crisis(crises, actors):
    cuba = crises[crises.crisname.str.contains("CUBAN MISSILE")]
    assert len(cuba) == 1
    row = cuba.iloc[0]
    assert {USA, RUS, CUB} <= set(row["actors"])
    assert row["trigger_date"] == pd.Timestamp("1962-10-16") and not row["trigger_approx"]
    assert row["trigger_date"].year == 1962
    assert set(actors[actors.crisno == row["crisno"]]["ccode"]) == set(row["actors"])


def test_icb_unknown_days_are_approximate_dates(crises):
    raw = pd.read_csv(MIRROR / "icb" / "icb1v14_utf8.csv", dtype=str, keep_default_na=False)
    coded = raw[raw["datrig"].isin(["66", "77", "88"])]["crisno"].astype(int)
    assert len(coded) > 0
    marked = crises[crises.crisno.isin(coded)]
    assert marked["trigger_approx"].all()
    assert (marked["trigger_date"].dt.day == 1).all()
    no_dates = crises[crises.crisno == 474]  # SOURCE.md: no trigger or termination dates
    assert no_dates["trigger_date"].isna().all()


# -- V-Dem, WEIS, PA-X --------------------------------------------------------------------------

def test_vdem_equals_the_conversion_and_has_cow_codes():
    vdem = vdem_polyarchy()
    reference = pd.read_csv(MIRROR / "vdem_polyarchy" / "vdem_polyarchy.csv")
    assert len(vdem) == len(reference) == 19_678
    pd.testing.assert_series_equal(vdem["v2x_polyarchy"], reference["v2x_polyarchy"],
                                   check_names=False)
    usa = vdem[(vdem.ccode == USA) & (vdem.year == 2018)]
    rus = vdem[(vdem.ccode == RUS) & (vdem.year == 2024)]
    assert usa["v2x_polyarchy"].iloc[0] == pytest.approx(0.823)  # SOURCE.md
    assert rus["v2x_polyarchy"].iloc[0] == pytest.approx(0.172)
    assert set(vdem[vdem.ccode == 260]["year"]) == set(range(1949, 1991))  # West Germany
    missing = vdem[vdem.ccode.isna()]
    assert sum(vdem.attrs["unresolved"]["country"].values()) == len(missing)


def test_weis_events_match_the_conversion_and_source_md():
    events = weis_lai()
    reference = pd.read_csv(MIRROR / "weis_lai" / "weis_events.csv")
    assert len(events) == len(reference) == 108_263
    assert events["actor"].tolist() == reference["srccc"].tolist()
    assert (events["year"].min(), events["year"].max()) == (1966, 1992)
    usa_ussr = events[(events.state1 == USA) & (events.state2 == RUS)]
    assert len(usa_ussr) == 9_208  # SOURCE.md
    assert set(usa_ussr["actor_iso3"]) == {"USA", "RUS"}
    assert usa_ussr[usa_ussr.year == 1973]["goldstein"].mean() == pytest.approx(1.24, abs=0.005)


def test_pax_interstate_extract():
    agreements = pax()
    reference = pd.read_csv(MIRROR / "pax" / "pax_interstate.csv")
    assert len(agreements) == 332
    assert set(agreements["agreement_id"]) == set(reference["AgtId"])
    framework = agreements[agreements.name.str.contains("Agreed Framework")]
    assert framework["parties"].iloc[0] == [USA, 731]
    assert framework["date"].iloc[0] == pd.Timestamp("1994-10-21")
    china_russia = agreements[agreements.parties.map(lambda p: p == [RUS, CHN])]
    assert pd.Timestamp("1994-09-03") in set(china_russia["date"])  # SOURCE.md example


# -- UCDP sides ---------------------------------------------------------------------------------

def test_ucdp_sides_are_lists_telling_direct_from_secondary_parties():
    years = ucdp_conflict_years()
    korea = years[(years.year == 1951) & years.side_a.map(lambda s: 731 in s)
                  & years.side_b.map(lambda s: 732 in s)]
    assert len(korea) == 1
    row = korea.iloc[0]
    assert CHN in row["side_a_2nd"] and USA in row["side_b_2nd"]  # secondary, not primary
    assert USA not in row["side_a"] + row["side_b"]
    assert not years.duplicated(["conflict_id", "year"]).any()


# -- bad input ----------------------------------------------------------------------------------

def _corrupt(tmp_path, name, old, new):
    ds = get(name)
    source = locate(name)
    target = tmp_path / ds.collection / "original" / ds.file
    target.parent.mkdir(parents=True)
    text = source.read_bytes()
    assert old in text
    target.write_bytes(text.replace(old, new, 1))
    return target


def test_a_corrupted_copy_in_a_mirror_is_refused_naming_the_file(tmp_path, monkeypatch, home):
    target = _corrupt(tmp_path, "gsdb", b"1,German Democratic Republic,Germany,1949",
                      b"1,German Democratic Republic,Germany,19x9")
    monkeypatch.setenv("DETENTE_MIRROR", str(tmp_path))
    with pytest.raises(DataError) as err:
        gsdb()
    assert err.value.file == str(target) and "sha256" in str(err.value)


@pytest.mark.parametrize("name, reader, old, new, field, line", [
    ("gsdb", gsdb, b"1,German Democratic Republic,Germany,1949",
     b"1,German Democratic Republic,Germany,19x9", "begin", 2),
    ("icb_crises", icb_crises, b"ICB1,2,COSTA RICAN COUP", b"ICB1,2.5,COSTA RICAN COUP",
     "crisno", 3),
    ("vdem_polyarchy", vdem_polyarchy, b'"United States of America",1900,', b'"United States of '
     b'America",19OO,', "year", 1822),
    ("sipri_arms_transfers", sipri_arms_transfers, b"Afghanistan,Brazil,2017,",
     b"Afghanistan,Brazil,2017,,,", None, 13),
])
def test_a_corrupted_file_names_file_line_and_field(tmp_path, name, reader, old, new, field, line):
    target = _corrupt(tmp_path, name, old, new)
    with pytest.raises(DataError) as err:
        reader(target)
    assert err.value.file == str(target)
    if field is not None:
        assert err.value.field == field
    if line is not None:
        assert err.value.line == line


def test_a_truncated_register_is_refused(tmp_path):
    target = tmp_path / "trade-register.csv"
    shutil.copyfile(locate("sipri_arms_transfers"), target)
    target.write_bytes(b"not a register\n" * 20)
    with pytest.raises(DataError, match="SIPRI trade register") as err:
        sipri_arms_transfers(target)
    assert err.value.file == str(target)
