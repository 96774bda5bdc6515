"""The `detente` command. Each group of commands lives in its own module; this file only adds
them: `assess`, `cite`, `code`, `check`, `serve` at the top, the rest as sub-commands."""

from __future__ import annotations

import sys

import typer

from detente.cli import assess, backtest, coder, data, dossier, events, models, scenarios, serve
from detente.cli._common import err

try:  # typer vendors click from 0.2x on
    from typer._click import exceptions as _click
except ImportError:  # pragma: no cover - older typer on plain click
    from click import exceptions as _click

app = typer.Typer(help="How bad is the relationship between two states, what are its cracks, "
                       "and how likely is a rapprochement — with evidence.",
                  no_args_is_help=True, pretty_exceptions_enable=False)
app.add_typer(assess.app)
app.add_typer(coder.app)
app.add_typer(serve.app)
app.add_typer(data.app, name="data")
app.add_typer(dossier.app, name="dossier")
app.add_typer(scenarios.app, name="scenarios")
app.add_typer(events.app, name="events")
app.add_typer(models.app, name="models")
app.add_typer(backtest.app, name="backtest")


def main() -> None:
    """The console entry point: `app`, with command-line mistakes (an unknown option, a value a
    parameter refuses) reported like every other user error: one line on stderr, exit 2."""
    try:
        code = app(standalone_mode=False, prog_name="detente")
    except _click.NoArgsIsHelpError as exc:
        print(exc.ctx.get_help() if exc.ctx else str(exc))
        code = 0
    except _click.UsageError as exc:
        err.print(f"[bold red]error:[/] {exc.format_message()}", markup=True, highlight=False,
                  soft_wrap=True)
        code = exc.exit_code
    except typer.Abort:
        err.print("aborted")
        code = 1
    sys.exit(code if isinstance(code, int) else 0)
