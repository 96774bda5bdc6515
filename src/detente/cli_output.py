"""What every `detente` command shares: the two consoles and the user-error handler."""

from __future__ import annotations

import functools

import typer
from rich.console import Console

from detente.errors import DetenteError

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
