import csv
import datetime as dt

import pytest

from conftest import DATA
from detente.core import countries
from detente.core.countries import all_states, check_exists, resolve
from detente.core.errors import UsageError
from detente.datasets import cow_states
from detente.datasets.peacesciencer import read

ALIASES = list(csv.DictReader((DATA / "country_aliases.csv").open(encoding="utf-8")))
DAY = dt.timedelta(days=1)
# Names the state lists give a former state that today mean a current one (COW/GW 730 is Korea 1887–1905).
CURRENT_MEANING = {"Korea": "KOR"}


@pytest.mark.parametrize("row", ALIASES, ids=[r["name"] for r in ALIASES])
def test_alias_resolves_to_one_canonical_state(row):
    state = resolve(row["name"])
    assert (state.iso3, state.cow) == (row["iso3"], int(row["cow"]) if row["cow"] else None)


@pytest.fixture(scope="module")
def cow():
    return cow_states()


@pytest.fixture(scope="module")
def gw():
    return read("gw_states")


def _codes(state, source):
    return {s.code for s in (state.cow_spells if source == "COW" else state.gw_spells)}


def test_every_cow_state_resolves_by_code_abbreviation_and_name(cow):
    wrong = []
    for row in cow.drop_duplicates("ccode").itertuples():
        by_code = resolve(row.ccode)
        if row.ccode not in _codes(by_code, "COW"):
            wrong.append((row.ccode, by_code.iso3))
        for text in (row.stateabb, row.statenme):
            state = resolve(text)
            # an abbreviation that is another state's ISO3 code means that state ('AUS' is Australia)
            if state != by_code and text not in countries._states() and text not in CURRENT_MEANING:
                wrong.append((text, state.iso3, by_code.iso3))
    assert not wrong


def test_every_gleditsch_ward_state_resolves_by_code_abbreviation_and_name(gw):
    wrong = []
    for row in gw.drop_duplicates("gwcode").itertuples():
        by_code = resolve(row.gwcode)
        if row.gwcode not in _codes(by_code, "GW"):
            wrong.append((row.gwcode, by_code.iso3))
        for text in (row.stateabb, row.statename):
            state = resolve(text)
            if state != by_code and text not in countries._states() and text not in CURRENT_MEANING:
                wrong.append((text, state.iso3, by_code.iso3))
    assert not wrong


def _list_rows(cow, gw):
    """(state, list, code, first day, last day or None) for every row of the two state lists; a
    row that lasts to the end of its list is open."""
    by_gw_spell = {(s.code, s.first): state for state in all_states() for s in state.gw_spells}
    cow_end, gw_end = cow["enddate"].max(), gw["enddate"].max()
    for row in cow.itertuples():
        yield (resolve(row.ccode), "COW", row.ccode, _day(row.stdate),
               None if row.enddate == cow_end else _day(row.enddate))
    for row in gw.itertuples():
        yield (by_gw_spell[(row.gwcode, _day(row.startdate))], "GW", row.gwcode, _day(row.startdate),
               None if row.enddate == gw_end else _day(row.enddate))


def _day(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else dt.date.fromisoformat(str(value)[:10])


def test_a_state_exists_on_every_day_either_list_counts_it_and_on_no_other(cow, gw):
    """On the first and last day of every COW and GW spell the state exists; on the day before and
    after, it exists only if a spell of the same state in either list covers that day."""
    rows = list(_list_rows(cow, gw))
    spells: dict[str, list[tuple[dt.date, dt.date | None]]] = {}
    for state, _, _, first, last in rows:
        spells.setdefault(state.iso3, []).append((first, last))

    def listed(state, day):
        return any(first <= day and (last is None or day <= last) for first, last in spells[state.iso3])

    wrong = []
    for state, source, code, first, last in rows:
        days = [first, first - DAY] + ([last, last + DAY] if last is not None else [])
        wrong += [(state.iso3, day) for day in days if state.exists_on(day) != listed(state, day)]
        if source == "COW" and state.cow_on(first) != code:
            wrong.append((state.iso3, first, state.cow_on(first)))
    assert not wrong


@pytest.mark.parametrize("name, day, exists", [
    ("West Germany", "1950-01-01", True),   # GW from 21 Sep 1949; COW from 5 May 1955
    ("East Germany", "1950-01-01", True),   # GW from 5 Oct 1949; COW from 25 Mar 1954
    ("Japan", "1950-06-01", True),          # GW throughout; COW out from 15 Aug 1945 to 27 Apr 1952
    ("Germany", "1947-01-01", False),       # in neither list
    ("Estonia", "1960-01-01", False),
])
def test_a_state_exists_when_either_list_counts_it(name, day, exists):
    state, day = resolve(name), dt.date.fromisoformat(day)
    assert state.exists_on(day) == exists
    assert state.cow_on(day) is None or exists


@pytest.mark.parametrize("name, iso3", CURRENT_MEANING.items())
def test_a_former_states_list_name_keeps_its_current_meaning(name, iso3):
    assert resolve(name).iso3 == iso3


def test_states_cow_does_not_list_take_their_spells_from_gleditsch_ward(gw):
    tibet = resolve("Tibet")
    first, last = gw.loc[gw["gwcode"] == tibet.gw, ["startdate", "enddate"]].iloc[0]
    assert tibet.cow is None and tibet.exists_on(first.date()) and not tibet.exists_on(last.date() + DAY)


@pytest.mark.parametrize("name, day, expected", [
    ("USSR", "1970-01-01", "Soviet Union"),
    ("USSR", "1991-12-25", "Soviet Union"),
    ("USSR", "1991-12-26", "Russia"),
    ("USSR", "1920-01-01", "Russia"),
    ("Egypt", "1960-01-01", "United Arab Republic (Egypt)"),
    ("Egypt", "1971-09-02", "Egypt"),
    ("FRG", "1972-12-21", "West Germany"),
    ("Germany", "1990-10-02", "West Germany"),
    ("Germany", "1990-10-03", "Germany"),
    ("Germany", "1850-01-01", "Prussia"),
    ("DRV", "1975-04-30", "North Vietnam"),
    ("DRV", "1976-07-02", "Vietnam"),
    ("Yugoslavia", "1980-01-01", "Yugoslavia"),
    ("Yugoslavia", "2010-01-01", "Serbia"),
    ("Cambodia", "1977-01-01", "Democratic Kampuchea"),
])
def test_name_on_a_day(name, day, expected):
    assert resolve(name).name_on(dt.date.fromisoformat(day)) == expected


def test_frg_gdr_in_1972_can_be_asked():
    frg, gdr = resolve("West Germany"), resolve("East Germany")
    day = dt.date(1972, 12, 21)  # the Basic Treaty
    check_exists(frg, day)
    check_exists(gdr, day)
    assert (frg.iso3, gdr.iso3) == ("DEU", "DDR")
    assert (frg.cow_on(day), gdr.cow_on(day)) == (260, 265)
    assert (frg.name_on(day), gdr.name_on(day)) == ("West Germany", "German Democratic Republic")


@pytest.mark.parametrize("name, day, message", [
    ("GDR", "2000-01-01", "the German Democratic Republic existed from 1949 to 1990 (COW and "
                          "Gleditsch–Ward); 2000-01-01 is after it ended (1990-10-02)"),
    ("GDR", "1949-10-04", "1949-10-04 is before it began (1949-10-05)$"),
    ("Czech Republic", "1968-08-21", "1968-08-21 is before it began (1993-01-01). It began the day after "
                                     "Czechoslovakia (CSK) ended, which existed on 1968-08-21: ask for that "
                                     "state instead"),
    ("Eritrea", "1980-01-01", "1980-01-01 is before it began (1993-05-24)$"),
    ("Germany", "1947-01-01", "Germany existed from 1816 to 1945 and since 1949 (COW and Gleditsch–Ward); "
                              "1947-01-01 falls between those spells (out of the state system from "
                              "1945-05-09 to 1949-09-20)"),
    ("USA", "1800-01-01", "1800-01-01 is before 1816, where the COW and Gleditsch–Ward state lists begin"),
    ("Tibet", "1960-01-01", "Tibet existed from 1913 to 1950 (Gleditsch–Ward)"),
])
def test_check_exists_says_when_the_state_existed(name, day, message):
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)")) as caught:
        check_exists(resolve(name), dt.date.fromisoformat(day))
    assert caught.value.exit_code == 2


@pytest.mark.parametrize("name, day", [("USA", "2026-11-24"), ("GDR", "1990-10-02"),
                                       ("Hong Kong", "1900-01-01")])
def test_check_exists_passes_states_that_existed(name, day):
    check_exists(resolve(name), dt.date.fromisoformat(day))


@pytest.mark.parametrize("name, read_as", [("Somaliland", "SOM"), ("Northern Cyprus", "CYP"),
                                           ("Turkish Republic of Northern Cyprus", "CYP"),
                                           ("Iraqi Kurdistan", "IRQ"), ("Inner Mongolia", "MNG")])
def test_a_region_or_de_facto_state_is_refused_not_read_as_its_neighbour(name, read_as):
    """country_converter reads these as the state they broke from or belong to; detente refuses
    them by name and says which state it would otherwise have assessed."""
    assert countries._converter().convert(name, to="ISO3", not_found=None) == read_as
    with pytest.raises(UsageError, match="is not a state of the COW or Gleditsch–Ward lists") as caught:
        resolve(name)
    assert caught.value.exit_code == 2 and f"ask for {read_as}" in str(caught.value)
    assert resolve(read_as).iso3 == read_as


def test_every_country_converter_state_resolves_by_iso3():
    data = countries._converter().data
    assert {resolve(iso).iso3 for iso in data["ISO3"]} == set(data["ISO3"])


def test_no_name_or_code_points_at_two_states():
    claims: dict[str, set[str]] = {}
    for row in countries._rows(countries.STATES_FILE):
        for name in [row["name"], *filter(None, row["names"].split("|"))]:
            claims.setdefault(name.lower(), set()).add(row["iso3"])
    for row in countries._rows(countries.NAMES_FILE):
        claims.setdefault(row["name"].lower(), set()).add(row["iso3"])
    assert {name: keys for name, keys in claims.items() if len(keys) > 1} == {}
    assert not set(countries._by_abbreviation()) & set(countries._states())


def test_current_table_leaves_former_states_out():
    current = {s.iso3 for s in all_states(current_only=True)}
    assert {"DEU", "RUS", "HKG"} <= current and not {"DDR", "RVN", "YMD", "AUH"} & current
    assert {"DDR", "RVN"} <= {s.iso3 for s in all_states()}


def test_integer_cow_codes_resolve():
    assert resolve(365).iso3 == "RUS"
    assert resolve(2).iso3 == "USA"


def test_soviet_union_russia_succession_by_date():
    rus = resolve("USSR")
    assert rus.name_on(dt.date(1970, 1, 1)) == "Soviet Union"
    assert rus.name_on(dt.date(1991, 12, 25)) == "Soviet Union"
    assert rus.name_on(dt.date(1991, 12, 26)) == "Russia"
    assert rus.name_on(dt.date(1920, 1, 1)) == "Russia"


def test_unknown_name_suggests_close_matches():
    with pytest.raises(UsageError, match=r"unknown country 'Rusia'; did you mean 'Russia'"):
        resolve("Rusia")


def test_unknown_cow_code_is_an_error():
    with pytest.raises(UsageError, match="unknown COW country code 9999"):
        resolve(9999)
