"""YAML → validated facts, with every problem located as `file:line: field: message`."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml
from pydantic import TypeAdapter, ValidationError

from detente.countries import State
from detente.dossier.schema import AnyFact, DyadInfo, Fact, Treaty
from detente.errors import DataError

FACTS_ROOT = Path(__file__).parent / "facts"
_FACT_LIST = TypeAdapter(list[AnyFact])
_ONE_FACT = TypeAdapter(AnyFact)


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

    def of_kind(self, kind: str) -> list[Fact]:
        return [f for f in self.facts if f.kind == kind]

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


@dataclass
class Problem:
    """One validation problem, located."""

    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        return DataError(self.message, file=self.file, line=self.line,
                         field=self.field).location_message()

    def to_error(self) -> DataError:
        return DataError(self.message, file=self.file, line=self.line, field=self.field)


@dataclass
class _Parsed:
    data: Any
    node: yaml.Node | None
    problems: list[Problem] = field(default_factory=list)


def _parse(path: Path) -> _Parsed:
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506 - SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        return _Parsed(None, None, [Problem(str(path), line, None, f"malformed YAML: {problem}")])
    return _Parsed(data, node)


def _line_of(node: yaml.Node | None, loc: Iterable[Any]) -> int | None:
    """Line (1-based) of the deepest node reachable along `loc`."""
    if node is None:
        return None
    line = node.start_mark.line + 1
    for part in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == part), None)
            if child is not None:
                key = next(k for k, v in node.value if k.value == part)
                line = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
        if child is None:
            break
        node = child
        line = node.start_mark.line + 1
    return line


_KIND_TAGS = {"conflict", "treaty", "sanction", "arms_supply", "position", "exchange",
              "channel", "cooperation"}


def _pydantic_problems(path: Path, node: yaml.Node | None, exc: ValidationError,
                       prefix: tuple = ()) -> list[Problem]:
    problems: list[Problem] = []
    for err in exc.errors():
        # drop discriminator tags and union-member labels such as "function-wrap[...]"
        loc = prefix + tuple(p for p in err["loc"] if p not in _KIND_TAGS
                             and not (isinstance(p, str) and ("[" in p or "(" in p)))
        fields = [str(p) for p in loc if not isinstance(p, int)]
        name = ".".join(fields) or None
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "missing" and fields and fields[-1] == "source":
            msg = "every fact needs a source (title, publisher, date, url)"
        elif err["type"] == "union_tag_invalid":
            msg = f"unknown kind; expected one of {', '.join(sorted(_KIND_TAGS))}"
        elif fields and fields[-1] == "url":
            msg = "not a valid URL (give the source's http(s) address)"
        problem = Problem(str(path), _line_of(node, loc), name, msg)
        if not any(str(p) == str(problem) for p in problems):
            problems.append(problem)
    return problems


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
    parsed = _parse(path)
    if parsed.problems:
        return [], parsed.problems
    if parsed.data is None:
        return [], []
    if not isinstance(parsed.data, list):
        return [], [Problem(str(path), _line_of(parsed.node, ()), None,
                            "a facts file must be a YAML list of facts")]
    facts: list[Fact] = []
    problems: list[Problem] = []
    for i, item in enumerate(parsed.data):
        try:
            facts.append(_ONE_FACT.validate_python(item))
        except ValidationError as exc:
            problems.extend(_pydantic_problems(path, parsed.node, exc, (i,)))
            continue
        if today is not None:
            for loc, day in _dates_after(item, today, (i,)):
                name = ".".join(str(p) for p in loc if not isinstance(p, int))
                problems.append(Problem(str(path), _line_of(parsed.node, loc), name,
                                        f"date {day} is in the future (today is {today})"))
    return facts, problems


def check_folder(folder: Path, today: dt.date | None = None) -> tuple[list[Fact], list[Problem]]:
    """Validate a dossier folder: dyad.yaml, every facts file, and unique ids across files."""
    facts: list[Fact] = []
    problems: list[Problem] = []
    info_path = folder / "dyad.yaml"
    if info_path.exists():
        parsed = _parse(info_path)
        problems.extend(parsed.problems)
        if not parsed.problems:
            try:
                DyadInfo.model_validate(parsed.data)
            except ValidationError as exc:
                problems.extend(_pydantic_problems(info_path, parsed.node, exc))
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.name == "dyad.yaml":
            continue
        file_facts, file_problems = check_file(path, today)
        problems.extend(file_problems)
        node = _parse(path).node if file_facts else None
        for i, fact in enumerate(file_facts):
            if fact.id in seen:
                problems.append(Problem(str(path), _id_line(node, fact.id, i), "id",
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
                return _line_of(node, (i, "id"))
    return _line_of(node, (fallback, "id"))


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
        info = DyadInfo.model_validate(_parse(folder / "dyad.yaml").data)
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


def parse_facts(items: list[dict], path: Path) -> list[Fact]:
    """Validate a list of fact mappings that come from elsewhere (a scenario file)."""
    try:
        return _FACT_LIST.validate_python(items)
    except ValidationError as exc:
        raise _pydantic_problems(path, None, exc)[0].to_error() from None
