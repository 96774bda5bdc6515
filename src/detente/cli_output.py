"""What every `detente` command shares: the two consoles and the user-error handler."""

from __future__ import annotations

import datetime as dt
import functools
import sys
from pathlib import Path

import typer
from rich.console import Console

from detente.core.errors import DetenteError, UsageError

out = Console()
err = Console(stderr=True)


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


def parse_date(option: str, text: str) -> dt.date:
    """A YYYY-MM-DD command-line value, or a UsageError naming the option."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option}: {text!r} is not a date (YYYY-MM-DD)") from None


def emit(text: str, output: Path | None) -> None:
    """Write to stdout, or to `output` and say so on stderr."""
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {output}")
