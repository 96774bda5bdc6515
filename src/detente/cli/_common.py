"""What every `detente` command shares: the two consoles, the user-error handler, dates, the one
`Format` enum and the writer of results."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from detente.core.dates import parse_day
from detente.core.errors import DetenteError

out = Console()
err = Console(stderr=True)


class Format(StrEnum):
    """Every output format a command may offer; each command offers a subset (`format_option`)."""

    text = "text"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    markdown = "markdown"
    html = "html"


def format_option(*offered: Format, help: str | None = None) -> type:
    """The `--format/-f` option of a command that offers `offered` (the first is the default
    shown in the help); the value reaches the command as a `Format`."""
    names = [f.value for f in offered]

    def parse(value: str) -> Format:
        if value not in names:
            raise typer.BadParameter(f"{value!r} is not one of {', '.join(names)}")
        return Format(value)

    return Annotated[Format, typer.Option(  # type: ignore[return-value]
        "--format", "-f", parser=parse, metavar="[" + "|".join(names) + "]",
        help=help or f"Output format: {', '.join(names)}")]


def handle_errors(fn):
    """User errors: one line on stderr, the error's exit code, no traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except DetenteError as exc:
            err.print(f"[bold red]error:[/] {exc}", markup=True, highlight=False, soft_wrap=True)
            raise typer.Exit(exc.exit_code) from None

    return wrapper


def parse_date(option: str, text: str | None, default: dt.date | None = None) -> dt.date:
    """A YYYY-MM-DD command-line value (`default` when absent), or a UsageError naming the
    option."""
    day = parse_day(text, default, field=option)
    assert day is not None, f"{option} has no default"
    return day


@contextlib.contextmanager
def opened(output: Path | None) -> Iterator[IO[str]]:
    """stdout, or `output` opened for writing (closed afterwards, then named on stderr)."""
    if output is None:
        yield sys.stdout
        return
    with output.open("w", encoding="utf-8") as fh:
        yield fh
    err.print(f"wrote {escape(str(output))}")


def emit(text: str, output: Path | None) -> None:
    """Write to stdout, or to `output` and say so on stderr."""
    with opened(output) as fh:
        fh.write(text)
