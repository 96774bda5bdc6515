"""Every YAML the project reads (dossier facts, scenarios, uploads) goes through one bounded
loader: an alias bomb, a file nested thousands of levels deep and random bytes are refused with
a one-line error naming the file, before anything is built from them."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from detente.assess.scenarios import load_scenario
from detente.core.errors import DataError
from detente.dossier.located import MAX_DEPTH, parse_text, parse_yaml
from factories import alias_bomb

HOSTILE = {
    "alias-bomb": alias_bomb(),
    "deep": "name: deep\ndescription: nested\nsteps: [{change: {id: x}, set: {changes: "
            + "[" * 5000 + "]" * 5000 + "}}]\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_text_is_refused_with_its_reason(name):
    problems = parse_text(HOSTILE[name], name).problems
    assert len(problems) == 1
    assert problems[0].message.startswith("refused:")
    assert problems[0].file == name and problems[0].line is not None


def test_random_bytes_are_refused(tmp_path):
    path = tmp_path / "noise.yaml"
    path.write_bytes(os.urandom(64 * 1024))
    problems = parse_yaml(path).problems
    assert problems and str(path) in str(problems[0])


def test_nesting_up_to_the_limit_still_reads():
    text = "x: " + "[" * (MAX_DEPTH - 1) + "1" + "]" * (MAX_DEPTH - 1) + "\n"  # + the mapping
    parsed = parse_text(text, "ok")
    assert not parsed.problems and parsed.data["x"] is not None


def test_anchors_within_the_budget_still_read():
    text = "a: &one {k: v}\nb: *one\nc: [*one, *one]\n"
    parsed = parse_text(text, "ok")
    assert not parsed.problems and parsed.data["c"][1] == {"k": "v"}


def test_a_scenario_file_bomb_is_a_data_error_naming_the_file(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text(HOSTILE["alias-bomb"], encoding="utf-8")
    with pytest.raises(DataError, match="bomb.yaml:.*refused: more than"):
        load_scenario(path)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_the_cli_refuses_hostile_scenarios_in_one_line(tmp_path, name):
    path = tmp_path / f"{name}.yaml"
    path.write_text(HOSTILE[name], encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "detente", "assess", "USA", "RUS", "--as-of",
                           "2020-01-01", "--scenario", str(path), "--format", "json"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 2
    assert "refused" in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
