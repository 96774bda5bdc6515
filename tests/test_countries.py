import csv
import datetime as dt

import pytest

from conftest import DATA
from detente.core.countries import resolve
from detente.core.errors import UsageError

ALIASES = list(csv.DictReader((DATA / "country_aliases.csv").open()))


@pytest.mark.parametrize("row", ALIASES, ids=[r["name"] for r in ALIASES])
def test_alias_resolves_to_one_canonical_state(row):
    state = resolve(row["name"])
    assert (state.iso3, state.cow) == (row["iso3"], int(row["cow"]))


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
