"""The table of diplomatic relations (dossier/tables/diplomatic_relations.yaml): every row is a
cited channel fact, no listed pair has a dossier, and `diplomacy` reads the rows like a dossier's
channels. Real data (the mirror) for the assessments."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import TODAY
from detente.assess.engine import assess
from detente.assess.providers.base import Pair
from detente.assess.providers.relations import TABLE, derive, table
from detente.core.countries import resolve
from detente.core.errors import DataError
from detente.dossier.load import find_folder


def _diplomacy(a: str, b: str, day: str):
    return assess(a, b, as_of=dt.date.fromisoformat(day), today=TODAY, history=False).crack("diplomacy")


def test_every_row_is_cited_and_no_listed_pair_has_a_dossier():
    rows = table()
    assert sum(len(v) for v in rows.values()) >= 15
    ids = [f.id for facts in rows.values() for f in facts]
    assert len(ids) == len(set(ids))
    for pair, facts in rows.items():
        assert find_folder(*sorted(pair)) is None, f"{sorted(pair)} has a dossier: keep relations there"
        for f in facts:
            assert f.source.url and f.source.publisher
            assert "provider:relations" in f.tags


def test_relations_not_yet_established_weigh_on_diplomacy_and_name_their_source():
    """West Germany and China established relations on 11 October 1972: before, the row reads
    relations closed; after, open; the rest of what `diplomacy` reads barely moves."""
    before, after = _diplomacy("DEU", "CHN", "1971-06-01"), _diplomacy("DEU", "CHN", "1974-06-01")
    closed = [e for e in before.evidence if e.provider == "relations"]
    opened = [e for e in after.evidence if e.provider == "relations"]
    assert [e.weight < 0 for e in closed] == [True] and [e.weight > 0 for e in opened] == [True]
    assert "Bundeszentrale" in closed[0].source.publisher
    assert before.score < -0.33 < after.score


def test_a_suspension_reads_between_the_years_of_relations():
    """Indonesia suspended relations with China from October 1967 to August 1990."""
    scores = {day: _diplomacy("CHN", "IDN", day).score for day in ("1965-01-01", "1980-06-01", "1995-06-01")}
    assert scores["1980-06-01"] < scores["1965-01-01"] and scores["1980-06-01"] < scores["1995-06-01"]


def test_the_soviet_union_and_china_read_below_ambassadors_between_1967_and_1970():
    """Moscow recalled its ambassador in April 1967; his successor reached Peking on 10 October
    1970. Diplomatic relations read open before and after, below ambassadors between."""
    weights = {day: [e.weight for e in _diplomacy("CHN", "RUS", day).evidence if e.provider == "relations"]
               for day in ("1960-06-01", "1968-06-01", "1970-10-09", "1970-10-10", "1985-06-01")}
    assert weights == {"1960-06-01": [0.5], "1968-06-01": [-0.3], "1970-10-09": [-0.3],
                       "1970-10-10": [0.5], "1985-06-01": [0.5]}


@pytest.mark.parametrize("a, b, closed_on, open_on", [
    ("USA", "IRQ", "1975-06-01", "1987-06-01"),  # severed June 1967, restored November 1984
    ("MAR", "DZA", "2023-06-01", "2000-06-01"),  # restored May 1988, cut by Algeria August 2021
    ("RUS", "KOR", "1985-06-01", "1992-06-01"),  # none until 30 September 1990
    ("EGY", "SAU", "1983-06-01", "1990-06-01"),  # broken 1979, restored November 1987
    ("DEU", "SRB", "1962-06-01", "1970-06-01"),  # Yugoslavia: Hallstein doctrine, 1957–1968
])
def test_ruptures_and_restorations_of_later_batches_read_on_their_dates(a, b, closed_on, open_on):
    closed = [e for e in _diplomacy(a, b, closed_on).evidence if e.provider == "relations"]
    opened = [e for e in _diplomacy(a, b, open_on).evidence if e.provider == "relations"]
    assert [e.weight for e in closed] == [-1.0] and [e.weight for e in opened] == [0.5]


def test_a_bad_row_is_an_error_naming_file_line_and_field(tmp_path: Path):
    text = TABLE.read_text(encoding="utf-8").replace("status: suspended", "status: frozen", 1)
    bad = tmp_path / "diplomatic_relations.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as err:
        table(bad)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "status: frozen" in row)
    assert err.value.file == str(bad) and err.value.line == line and "status" in (err.value.field or "")


@pytest.mark.parametrize("old, new, field", [
    ("channel: diplomatic_relations", "channel: hotline", "channel"),
    ("parties: [CHN, FRA]", "parties: [CHN, CHN]", "parties"),
    ("id: chn-fra-relations-1964", "id: chn-gbr-charge-level", "id"),
])
def test_a_row_of_the_wrong_kind_or_a_second_use_of_an_id_names_its_line(tmp_path: Path, old, new, field):
    """Rows that pass the schema but cannot be table rows (another channel, one state, an id used
    twice) are errors that point at the line to fix."""
    text = TABLE.read_text(encoding="utf-8")
    at = text.index(old, text.index("id: chn-fra-relations-1964") if field == "channel" else 0)
    bad_text = text[:at] + new + text[at + len(old):]
    bad = tmp_path / "diplomatic_relations.yaml"
    bad.write_text(bad_text, encoding="utf-8")
    with pytest.raises(DataError) as err:
        table(bad)
    line = bad_text[:at].count("\n") + 1
    assert (err.value.file, err.value.line, err.value.field) == (str(bad), line, field)
    assert f"{bad}:{line}: {field}" in str(err.value)


def test_a_dossier_for_the_pair_keeps_its_own_record(tmp_path: Path, monkeypatch):
    """Once a dossier exists for a listed pair, its rows are not read: the dossier's channels
    say how its relations stood, and the two would count twice."""
    pair = Pair.on(resolve("CHN"), resolve("JPN"), dt.date(1970, 6, 1))
    assert derive(pair, dt.date(1970, 6, 1)).facts
    (tmp_path / "JPN-CHN").mkdir()
    monkeypatch.setenv("DETENTE_DOSSIER", str(tmp_path))
    assert derive(pair, dt.date(1970, 6, 1)).facts == []
