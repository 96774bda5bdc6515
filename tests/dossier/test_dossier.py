import datetime as dt
import shutil
from pathlib import Path

import pytest

from conftest import DATA, TODAY
from detente.core.errors import DataError
from detente.dossier.load import FACTS_ROOT, check_file, check_folder, list_dossiers, load_dossier
from detente.dossier.schema import Treaty

BAD = sorted((DATA / "bad_facts").glob("*.yaml"))
MIN_FACTS = {"USA-RUS": 80, "USA-CHN": 25, "EGY-ISR": 25, "RUS-UKR": 40, "IND-PAK": 40,
             "CHN-IND": 40, "USA-IRN": 40}


@pytest.mark.parametrize("folder", sorted(MIN_FACTS))
def test_shipped_dossier_is_valid_and_large_enough(folder):
    facts, problems = check_folder(FACTS_ROOT / folder, TODAY)
    assert [str(p) for p in problems] == []
    assert len(facts) >= MIN_FACTS[folder]
    assert all(f.source.url and f.source.title and f.source.publisher for f in facts)


def test_every_shipped_folder_is_found():
    assert {p.name for p in list_dossiers()} >= set(MIN_FACTS)


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_bad_fact_file_is_located_as_file_line_field(path):
    expect = path.read_text().splitlines()[0].removeprefix("# expect: ")
    line, field, message = (x.strip() for x in expect.split(":", 2))
    _, problems = check_file(path, TODAY)
    assert problems, "a bad file must report a problem"
    first = problems[0]
    assert first.file == str(path)
    assert first.line == int(line)
    assert (first.field or "-") == field
    assert message in first.message
    assert str(first).startswith(f"{path}:{line}: ")


def test_loading_a_bad_folder_raises_the_first_problem(tmp_path):
    folder = tmp_path / "USA-RUS"
    folder.mkdir()
    shutil.copy(DATA / "bad_facts" / "missing_source.yaml", folder / "facts.yaml")
    with pytest.raises(DataError) as info:
        load_dossier("USA", "RUS", roots=[tmp_path])
    assert info.value.line == 2 and info.value.field == "source"
    assert str(info.value).startswith(f"{folder / 'facts.yaml'}:2: source: every fact needs")


def test_duplicate_ids_across_files_are_reported(tmp_path):
    folder = tmp_path / "AAA-BBB"
    folder.mkdir()
    src = FACTS_ROOT / "USA-RUS" / "treaties.yaml"
    shutil.copy(src, folder / "one.yaml")
    shutil.copy(src, folder / "two.yaml")
    facts, problems = check_folder(folder, TODAY)
    assert problems and all(p.field == "id" and "duplicate id" in p.message for p in problems)
    assert len(problems) == len(facts)


def test_as_of_keeps_only_what_was_known():
    d = load_dossier("USA", "RUS", today=TODAY)
    cut = d.as_of(dt.date(2015, 1, 1))
    assert cut.facts and all(f.valid_from <= dt.date(2015, 1, 1) for f in cut.facts)
    assert all(f.valid_to is None or f.valid_to <= dt.date(2015, 1, 1) for f in cut.facts)
    new_start = next(f for f in cut.of_kind(Treaty) if f.name == "New START")
    assert all(m.date <= dt.date(2015, 1, 1) for m in new_start.milestones)
    assert len(cut) < len(d)


def test_dossier_frame_has_sources():
    frame = load_dossier("USA", "CHN", today=TODAY).to_frame()
    assert len(frame) >= 25
    assert frame["source_url"].str.startswith("http").all()
    assert set(frame.columns) >= {"id", "kind", "valid_from", "source_title", "source_date"}


def test_no_dossier_gives_an_empty_one():
    d = load_dossier("BRA", "ARG", roots=[Path("/nonexistent")])
    assert len(d) == 0
