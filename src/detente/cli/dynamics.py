"""`detente models dynamics A B`: the three dynamics findings the assessment carries, in full —
the command every dynamics claim in a report names so a reader can rerun it."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from detente.cli._common import Format, emit, format_option, handle_errors, out, parse_date


@handle_errors
def dynamics_command(
    a: Annotated[str, typer.Argument(help="First state (name, ISO3 or COW code)")],
    b: Annotated[str, typer.Argument(help="Second state")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Use only what was known on this date")] = None,
    fmt: format_option(Format.text, Format.json) = Format.text,
) -> None:
    """Escalation (Richardson), reciprocity (VAR) and ripeness (Zartman) for the pair."""
    from detente.assess.dynamics import dynamics
    from detente.assess.engine import resolve_pair
    from detente.dossier.load import load_dossier
    from detente.report.dynamics_view import KINDS, figure_rows, headline

    today = dt.date.today()
    day = parse_date("--as-of", as_of, today)
    sa, sb = resolve_pair(a, b, day, today)
    found = dynamics(sa, sb, day, load_dossier(sa, sb, today=today).as_of(day))
    if fmt is Format.json:
        emit(found.model_dump_json(indent=2) + "\n", None)
        return
    for kind in KINDS:
        f = getattr(found, kind)
        out.print(f"[bold]{headline(kind, f)}[/]", highlight=False)
        out.print(f.explanation, highlight=False)
        for label, value in figure_rows(f):
            out.print(f"  {label}: {value}", highlight=False, markup=False)
        out.print()
