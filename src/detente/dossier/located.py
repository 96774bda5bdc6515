"""YAML read with positions, so every problem can be reported as `file:line: field: message`."""

from __future__ import annotations

import re
import time
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


MAX_BYTES = 4 << 20  # a YAML file larger than this is refused unread
MAX_DEPTH = 64  # nesting of mappings and sequences
MAX_NODES = 200_000  # nodes once every alias is expanded (a "billion laughs" file exceeds it)
MAX_SECONDS = 2.0
_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML was built with it


class _Refused(Exception):
    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


_BRACKETS = re.compile(r"[\[\]{}\"'#\n]")


def _flow_depth(text: str) -> tuple[int, int]:
    """The deepest nesting of [ ] and { } outside quotes and comments, and its line — checked
    before parsing, since the parser reads a whole flow collection before its first event."""
    depth = deepest = line = at = 0
    quote: str | None = None
    comment = False
    for m in _BRACKETS.finditer(text):
        ch = m.group()
        if ch == "\n":
            line, comment = line + 1, False
            if quote == "'":
                continue
        elif comment:
            continue
        elif quote:
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            comment = True
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest, at = depth, line + 1
        elif ch in "]}":
            depth = max(0, depth - 1)
    return deepest, at


def _check_events(text: str) -> None:
    """Stream the YAML events once and refuse the file past a depth, a node budget (aliases
    expanded) or a time budget — before anything is built from it."""
    started = time.monotonic()
    depth, line = _flow_depth(text)
    if depth > MAX_DEPTH:
        raise _Refused(f"nested deeper than {MAX_DEPTH} levels", line)
    sizes: dict[str, int] = {}
    stack: list[tuple[str | None, int]] = []  # (anchor, expanded nodes so far) per open node
    total = 0
    for event in yaml.parse(text, Loader=_FAST):
        line = event.start_mark.line + 1 if event.start_mark is not None else None
        added = 0
        if isinstance(event, yaml.AliasEvent):
            added = sizes.get(event.anchor, 1)
        elif isinstance(event, yaml.ScalarEvent):
            added = 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.CollectionStartEvent):
            stack.append((event.anchor, 1))
            if len(stack) > MAX_DEPTH:
                raise _Refused(f"nested deeper than {MAX_DEPTH} levels", line)
            continue
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, size = stack.pop()
            if anchor:
                sizes[anchor] = size
            added = size
        else:
            continue
        total += 1 if isinstance(event, yaml.CollectionEndEvent) else added
        if stack:
            anchor, size = stack[-1]
            stack[-1] = (anchor, size + added)
        if total > MAX_NODES or (stack and stack[-1][1] > MAX_NODES):
            raise _Refused(f"more than {MAX_NODES:,} nodes once its aliases are expanded", line)
        if time.monotonic() - started > MAX_SECONDS:
            raise _Refused(f"takes longer than {MAX_SECONDS:g} s to read", line)


def parse_text(text: str, name: str) -> ParsedYaml:
    """YAML text's data and its node tree, or the problem — syntax, or a file refused for its
    depth, size once aliases are expanded, or reading time (`name` locates problems)."""
    try:
        _check_events(text)
        node = yaml.compose(text, Loader=_FAST)
        data = yaml.load(text, Loader=_FAST)  # noqa: S506 - a safe loader, checked above
    except _Refused as exc:
        return ParsedYaml(None, None, [Problem(name, exc.line, None, f"refused: {exc}")])
    except yaml.YAMLError:
        return _syntax_problem(text, name)
    except RecursionError:
        return ParsedYaml(None, None, [Problem(name, None, None, "refused: nested too deeply")])
    return ParsedYaml(data, node)


def _syntax_problem(text: str, name: str) -> ParsedYaml:
    """The syntax problem as PyYAML's own parser words and locates it."""
    try:
        yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (NUL, most controls)
        line = text.count("\n", 0, exc.position) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return ParsedYaml(None, None, [Problem(name, line, None, f"malformed YAML: character "
                                               f"#x{code:04x}: {exc.reason}")])
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return ParsedYaml(None, None, [Problem(name, line, None, f"malformed YAML: {problem}")])
    return ParsedYaml(None, None, [Problem(name, None, None, "malformed YAML")])


def parse_yaml(path: Path) -> ParsedYaml:
    """The file's data and its node tree, or the problem (see `parse_text`); files over
    MAX_BYTES and files that are not UTF-8 text are refused unread."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        return ParsedYaml(None, None, [Problem(str(path), None, None,
                                               f"refused: {size:,} bytes, over {MAX_BYTES:,}")])
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return ParsedYaml(None, None, [Problem(str(path), None, None,
                                               f"not UTF-8 text (byte {exc.start})")])
    return parse_text(text, str(path))


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
