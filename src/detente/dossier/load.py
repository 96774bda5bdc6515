"""YAML → validated facts, with every problem located as `file:line: field: message`."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import yaml
from pydantic import TypeAdapter, ValidationError

from detente.core.countries import State
from detente.dossier.located import ParsedYaml, Problem, line_of, parse_yaml, validation_problems
from detente.dossier.schema import AnyFact, DyadInfo, Fact, Treaty

FACTS_ROOT = Path(__file__).parent / "facts"
_ONE_FACT = TypeAdapter(AnyFact)
F = TypeVar("F", bound=Fact)


@dataclass
class Dossier:
    """The facts about one pair of states, optionally cut to what was known on one day."""

    a: str
    b: str
    facts: list[Fact]
    info: DyadInfo | None = None
    folder: Path | None = None
    as_of_date: dt.date | None = None

    def as_of(self, day: dt.date) -> Dossier:
        """Only what had happened by `day`: later facts dropped, later ends and milestones cut."""
        kept = [_cut(f, day) for f in self.facts if f.valid_from <= day]
        return Dossier(self.a, self.b, kept, self.info, self.folder, day)

    def of_kind(self, kind: type[F]) -> list[F]:
        """The facts of one kind, typed: `d.of_kind(Treaty)` is a list of Treaty."""
        return [f for f in self.facts if isinstance(f, kind)]

    def by_id(self, fact_id: str) -> Fact | None:
        return next((f for f in self.facts if f.id == fact_id), None)

    def __len__(self) -> int:
        return len(self.facts)

    def to_frame(self) -> pd.DataFrame:
        """One row per fact: id, kind, summary, dates and the source's fields."""
        rows = [
            {
                "id": f.id, "kind": f.kind, "summary": f.summary,
                "valid_from": f.valid_from, "valid_to": f.valid_to,
                "source_title": f.source.title, "source_publisher": f.source.publisher,
                "source_date": f.source.date, "source_url": str(f.source.url),
            }
            for f in self.facts
        ]
        return pd.DataFrame(rows, columns=["id", "kind", "summary", "valid_from", "valid_to",
                                           "source_title", "source_publisher", "source_date",
                                           "source_url"])


def _cut(fact: Fact, day: dt.date) -> Fact:
    update: dict[str, Any] = {}
    if fact.valid_to is not None and fact.valid_to > day:
        update["valid_to"] = None
    if isinstance(fact, Treaty):
        update["milestones"] = [m for m in fact.milestones if m.date <= day]
    return fact.model_copy(update=update) if update else fact


def _dates_after(value: Any, today: dt.date, loc: tuple = ()) -> Iterator[tuple[tuple, dt.date]]:
    if isinstance(value, dt.date) and value > today:
        yield loc, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _dates_after(v, today, loc + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _dates_after(v, today, loc + (i,))


def check_file(path: Path, today: dt.date | None = None) -> tuple[list[Fact], list[Problem]]:
    """Validate one facts file; return the facts that passed and every problem found."""
    facts, problems, _ = check_file_parsed(path, today)
    return facts, problems


def check_file_parsed(path: Path, today: dt.date | None = None
                      ) -> tuple[list[Fact], list[Problem], ParsedYaml]:
    """`check_file`, with the parsed YAML: a caller that checks more than the schema locates what
    it finds (`line_of(parsed.node, (row, field))`) without reading the file again."""
    parsed = parse_yaml(path)
    facts, problems = _check_parsed(path, parsed, today)
    return facts, problems, parsed


def _check_parsed(path: Path, parsed: ParsedYaml,
                  today: dt.date | None) -> tuple[list[Fact], list[Problem]]:
    if parsed.problems:
        return [], parsed.problems
    if parsed.data is None:
        return [], []
    if not isinstance(parsed.data, list):
        return [], [Problem(str(path), line_of(parsed.node, ()), None,
                            "a facts file must be a YAML list of facts")]
    facts: list[Fact] = []
    problems: list[Problem] = []
    for i, item in enumerate(parsed.data):
        try:
            facts.append(_ONE_FACT.validate_python(item))
        except ValidationError as exc:
            problems.extend(validation_problems(path, parsed.node, exc, (i,)))
            continue
        if today is not None:
            for loc, day in _dates_after(item, today, (i,)):
                name = ".".join(str(p) for p in loc if not isinstance(p, int))
                problems.append(Problem(str(path), line_of(parsed.node, loc), name,
                                        f"date {day} is in the future (today is {today})"))
    return facts, problems


def check_folder(folder: Path, today: dt.date | None = None) -> tuple[list[Fact], list[Problem]]:
    """Validate a dossier folder: dyad.yaml, every facts file, and unique ids across files."""
    facts: list[Fact] = []
    problems: list[Problem] = []
    info_path = folder / "dyad.yaml"
    if info_path.exists():
        parsed = parse_yaml(info_path)
        problems.extend(parsed.problems)
        if not parsed.problems:
            try:
                DyadInfo.model_validate(parsed.data)
            except ValidationError as exc:
                problems.extend(validation_problems(info_path, parsed.node, exc))
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.name == "dyad.yaml":
            continue
        file_facts, file_problems, parsed = check_file_parsed(path, today)
        problems.extend(file_problems)
        for i, fact in enumerate(file_facts):
            if fact.id in seen:
                problems.append(Problem(str(path), _id_line(parsed.node, fact.id, i), "id",
                                        f"duplicate id {fact.id!r} (also in {seen[fact.id]})"))
            else:
                seen[fact.id] = path.name
                facts.append(fact)
    return facts, problems


def _id_line(node: yaml.Node | None, fact_id: str, fallback: int) -> int | None:
    if isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            if isinstance(item, yaml.MappingNode) and any(
                k.value == "id" and v.value == fact_id for k, v in item.value
            ):
                return line_of(node, (i, "id"))
    return line_of(node, (fallback, "id"))


def dossier_roots() -> list[Path]:
    """Folders searched for `<A>-<B>` dossiers: $DETENTE_DOSSIER (os.pathsep-separated) first,
    then the dossier shipped with detente."""
    extra = [Path(p) for p in os.environ.get("DETENTE_DOSSIER", "").split(os.pathsep) if p]
    return extra + [FACTS_ROOT]


def find_folder(a: str, b: str, roots: list[Path] | None = None) -> Path | None:
    """The dossier folder for a pair, in either order."""
    for root in roots or dossier_roots():
        for name in (f"{a}-{b}", f"{b}-{a}"):
            if (root / name).is_dir():
                return root / name
    return None


def load_folder(folder: Path, a: str, b: str, today: dt.date | None = None) -> Dossier:
    """Load and validate a folder; raise DataError on the first problem."""
    facts, problems = check_folder(folder, today)
    if problems:
        raise problems[0].to_error()
    info = None
    if (folder / "dyad.yaml").exists():
        info = DyadInfo.model_validate(parse_yaml(folder / "dyad.yaml").data)
    return Dossier(a, b, facts, info, folder)


def load_dossier(a: State | str, b: State | str, *, today: dt.date | None = None,
                 roots: list[Path] | None = None) -> Dossier:
    """The dossier of a pair (empty when none exists)."""
    a_code, b_code = str(a), str(b)
    folder = find_folder(a_code, b_code, roots)
    if folder is None:
        return Dossier(a_code, b_code, [])
    return load_folder(folder, a_code, b_code, today)


def list_dossiers(roots: list[Path] | None = None) -> list[Path]:
    """Every dossier folder found."""
    out = []
    for root in roots or dossier_roots():
        if root.is_dir():
            out.extend(sorted(p for p in root.iterdir() if p.is_dir() and "-" in p.name))
    return out


def parse_fact(data: dict) -> Fact:
    """Validate one fact mapping (raises pydantic's ValidationError)."""
    return _ONE_FACT.validate_python(data)
