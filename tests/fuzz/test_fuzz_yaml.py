"""Dossier facts and scenario files, damaged or made up at random, read by the one bounded YAML
loader: each gives facts (or a scenario that applies to a real dossier) or located problems —
`file:line: field: message` — never another exception, and within a bounded peak RSS."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
from pathlib import Path

import pytest
from fuzzing import bounded_memory
from hypothesis import example, given
from hypothesis import strategies as st
from yaml_cases import (
    FACT_DOCUMENTS,
    FACTS,
    HOSTILE,
    SCENARIO_DOCUMENTS,
    SCENARIOS,
    damaged_text,
    dump,
    with_aliases,
)

from conftest import TODAY
from detente.assess.scenarios import load_scenario
from detente.core.errors import DataError, DetenteError
from detente.dossier.load import check_file, load_dossier, load_folder

_N = itertools.count()
DAYS = st.dates(dt.date(1946, 1, 1), TODAY)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz-yaml")


@pytest.fixture(scope="module")
def usa_rus():
    return load_dossier("USA", "RUS", today=TODAY)


def _write(folder: Path, content: bytes, name: str = "case") -> Path:
    path = folder / f"{name}-{next(_N)}.yaml"
    path.write_bytes(content)
    return path


def check_facts_file(path: Path) -> None:
    with bounded_memory():
        facts, problems = check_file(path, TODAY)
    for problem in problems:
        assert problem.file == str(path) and problem.message
        assert problem.line is None or problem.line >= 1
    assert all(f.id for f in facts)


def check_scenario(path: Path, dossier, day: dt.date) -> None:
    """Loaded and applied to a real dossier, or refused with an error naming the file."""
    with bounded_memory():
        try:
            scenario = load_scenario(path)
            applied = scenario.apply(dossier.as_of(day))
        except DetenteError as exc:
            assert str(path) in str(exc) or isinstance(exc, DataError) and exc.file == str(path), exc
            assert "\n" not in str(exc).strip()
            return
    assert applied.dossier.as_of_date == day


FACT_FILES = ["conflicts.yaml", "channels.yaml", "dyad.yaml"]


@pytest.mark.parametrize("name", FACT_FILES)
def test_damaged_fact_files_give_facts_or_located_problems(folder, name):
    @given(damaged_text((FACTS / name).read_bytes()))
    def run(content: bytes) -> None:
        check_facts_file(_write(folder, content, name.removesuffix(".yaml")))

    run()


@given(FACT_DOCUMENTS.map(dump).flatmap(lambda text: st.just(text) | with_aliases(text)))
def test_made_up_fact_documents_give_facts_or_located_problems(folder, content):
    check_facts_file(_write(folder, content))


@given(st.sampled_from(FACT_FILES[:2]), damaged_text(b""), st.data())
def test_a_dossier_folder_with_a_damaged_file_loads_or_names_it(folder, name, _, data):
    pair = folder / f"pair-{next(_N)}" / "USA-RUS"
    shutil.copytree(FACTS, pair)
    (pair / name).write_bytes(data.draw(damaged_text((FACTS / name).read_bytes())))
    with bounded_memory():
        try:
            dossier = load_folder(pair, "USA", "RUS", TODAY)
        except DataError as exc:
            assert exc.file is not None and Path(exc.file).parent == pair, exc
            return
    assert len(dossier) > 0


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_files_are_refused_as_facts_and_as_scenarios(folder, usa_rus, name):
    path = _write(folder, HOSTILE[name], name)
    with bounded_memory():
        facts, problems = check_file(path, TODAY)
        assert not facts and len(problems) == 1 and problems[0].file == str(path)
        with pytest.raises(DataError) as caught:
            load_scenario(path)
    assert caught.value.file == str(path) and "\n" not in str(caught.value)


@pytest.mark.parametrize("name", ["ceasefire", "talks-resumed", "sanctions-eased"])
def test_damaged_shipped_scenarios_apply_or_name_the_file(folder, usa_rus, name):
    original = (SCENARIOS / f"{name}.yaml").read_bytes()

    @example(b"\x00" + original, dt.date(2000, 1, 1))  # was PyYAML's two-line message
    @given(damaged_text(original), DAYS)
    def run(content: bytes, day: dt.date) -> None:
        check_scenario(_write(folder, content, name), usa_rus, day)

    run()


# found by this test: a selector value that is a mapping (TypeError: unhashable), `set` given
# a list, `add` given a list of non-mappings — each passed the upload and broke the assessment
FOUND = [{"name": "n", "description": "d", "steps": [{"end": {"kind": [{"x": 1}]}}]},
         {"name": "n", "description": "d", "steps": [{"change": {"kind": "treaty"}, "set": [1]}]},
         {"name": "n", "description": "d", "steps": [{"add": [1]}]},
         {"name": "n", "description": "d", "steps": [{"end": {1: "x"}}]}]


@example(dump(FOUND[0]), dt.date(2020, 1, 1))
@example(dump(FOUND[1]), dt.date(2020, 1, 1))
@example(dump(FOUND[2]), dt.date(2020, 1, 1))
@example(dump(FOUND[3]), dt.date(2020, 1, 1))
@given(SCENARIO_DOCUMENTS.map(dump).flatmap(lambda text: st.just(text) | with_aliases(text)), DAYS)
def test_made_up_scenarios_apply_or_name_the_file(folder, usa_rus, content, day):
    check_scenario(_write(folder, content), usa_rus, day)
