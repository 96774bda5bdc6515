"""YAML read with positions, so every problem can be reported as `file:line: field: message`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from detente.core.errors import DataError


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
class ParsedYaml:
    """A YAML file's data, its node tree (for line numbers), and any syntax problem."""

    data: Any
    node: yaml.Node | None
    problems: list[Problem] = field(default_factory=list)


def parse_yaml(path: Path) -> ParsedYaml:
    """The file's data and its node tree, or the YAML syntax problem."""
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506 - SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        return ParsedYaml(None, None, [Problem(str(path), line, None, f"malformed YAML: {problem}")])
    return ParsedYaml(data, node)


def line_of(node: yaml.Node | None, loc: Iterable[Any]) -> int | None:
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


def validation_problems(path: Path, node: yaml.Node | None, exc: ValidationError,
                        prefix: tuple = ()) -> list[Problem]:
    """pydantic errors as located problems; `prefix` is the path of the validated value."""
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
        problem = Problem(str(path), line_of(node, loc), name, msg)
        if not any(str(p) == str(problem) for p in problems):
            problems.append(problem)
    return problems
