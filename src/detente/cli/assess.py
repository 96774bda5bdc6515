"""`detente assess` and `detente cite`: parse, call the API, render. No logic of their own."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from detente.cli._common import Format, emit, err, format_option, handle_errors, opened, out, parse_date

app = typer.Typer()


@app.command()
@handle_errors
def assess(
    a: Annotated[str, typer.Argument(help="First state: name, ISO3 or COW code")],
    b: Annotated[str, typer.Argument(help="Second state")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date YYYY-MM-DD (default: today)")] = None,
    scenario: Annotated[list[str] | None, typer.Option(
        "--scenario", "-s", help="Shipped scenario name or a scenario YAML file; repeatable")] = None,
    fmt: format_option(Format.text, Format.json, Format.markdown, Format.html) = Format.text,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file")] = None,
    no_history: Annotated[bool, typer.Option("--no-history", help="Skip the year-by-year chart")] = False,
) -> None:
    """Assess a pair of states: six cracks, their doors, bridges, outlook, scenarios."""
    from detente.assess.engine import assess as run

    today = dt.date.today()
    day = parse_date("--as-of", as_of, today)
    with err.status(f"assessing {a}–{b} as of {day}…"):
        result = run(a, b, as_of=day, today=today, scenarios=scenario or (),
                     history=not no_history and fmt in (Format.html, Format.json))
    if fmt is Format.json:
        emit(result.model_dump_json(indent=2) + "\n", output)
    elif fmt is Format.markdown:
        from detente.report.text import render_markdown

        emit(render_markdown(result), output)
    elif fmt is Format.html:
        from detente.report.html import render_html

        emit(render_html(result), output)
    else:
        from detente.report.text import render_rich

        if output is None:
            render_rich(result, out)
        else:
            with opened(output) as fh:
                render_rich(result, Console(file=fh, width=140))


@app.command()
@handle_errors
def cite(
    names: Annotated[list[str] | None, typer.Argument(help="Datasets (default: all)")] = None,
    used_by: Annotated[Path | None, typer.Option(
        "--from", help="Only the datasets this result used: an assessment or backtest JSON, "
                       "or a panel Parquet file written by detente")] = None,
) -> None:
    """BibTeX for the datasets detente uses (or the ones named, or the ones a result used)."""
    from detente.datasets import registry
    from detente.datasets.cite import bibtex, datasets_used

    wanted = list(names or [])
    if used_by is not None:
        wanted += datasets_used(used_by)
    sys.stdout.write(bibtex(wanted or list(registry())))
