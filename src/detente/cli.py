"""The `detente` command: parse, call the API, render. No logic of its own."""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TransferSpeedColumn
from rich.table import Table

from detente.app.command import serve as _serve
from detente.cli_events import events_app
from detente.cli_output import emit as _emit
from detente.cli_output import err, out, parse_date
from detente.cli_output import handle_errors as _handle_errors
from detente.core.errors import UsageError

app = typer.Typer(help="How bad is the relationship between two states, what are its cracks, "
                       "and how likely is a rapprochement — with evidence.",
                  no_args_is_help=True, pretty_exceptions_enable=False)
data_app = typer.Typer(help="Public datasets: list, pull, verify.", no_args_is_help=True)
dossier_app = typer.Typer(help="The curated, cited dossier.", no_args_is_help=True)
scenario_app = typer.Typer(help="What-if scenarios.", no_args_is_help=True)
app.add_typer(data_app, name="data")
app.add_typer(dossier_app, name="dossier")
app.add_typer(scenario_app, name="scenarios")
app.add_typer(events_app, name="events")  # event data: src/detente/cli_events.py
app.command("serve")(_serve)  # the dashboard: src/detente/app/



class Format(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"




def _parse_date(text: str | None, today: dt.date) -> dt.date:
    return today if text is None else parse_date("--as-of", text)


@app.command()
@_handle_errors
def assess(
    a: Annotated[str, typer.Argument(help="First state: name, ISO3 or COW code")],
    b: Annotated[str, typer.Argument(help="Second state")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date YYYY-MM-DD (default: today)")] = None,
    scenario: Annotated[list[str] | None, typer.Option(
        "--scenario", "-s", help="Shipped scenario name or a scenario YAML file; repeatable")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.text,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file")] = None,
    no_history: Annotated[bool, typer.Option("--no-history", help="Skip the year-by-year chart")] = False,
) -> None:
    """Assess a pair of states: six cracks, their doors, bridges, outlook, scenarios."""
    from detente.assess import assess as run

    today = dt.date.today()
    day = _parse_date(as_of, today)
    with err.status(f"assessing {a}–{b} as of {day}…"):
        result = run(a, b, as_of=day, today=today, scenarios=scenario or (),
                     history=not no_history and fmt in (Format.html, Format.json))
    if fmt is Format.json:
        _emit(result.model_dump_json(indent=2) + "\n", output)
    elif fmt is Format.markdown:
        from detente.report.text import render_markdown

        _emit(render_markdown(result), output)
    elif fmt is Format.html:
        from detente.report.html import render_html

        _emit(render_html(result), output)
    else:
        from detente.report.text import render_rich

        if output is None:
            render_rich(result, out)
        else:
            console = Console(file=output.open("w", encoding="utf-8"), width=140)
            render_rich(result, console)
            err.print(f"wrote {output}")


@dossier_app.command("validate")
@_handle_errors
def dossier_validate(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Dossier folders or fact files (default: every dossier found)")] = None,
) -> None:
    """Check every fact: schema, sources, dates, unique ids. Problems as file:line: field: message."""
    from detente.dossier.load import check_file, check_folder, list_dossiers

    today = dt.date.today()
    targets = paths or list_dossiers()
    n_facts, problems = 0, []
    for path in targets:
        if path.is_dir():
            facts, found = check_folder(path, today)
        elif path.is_file():
            facts, found = check_file(path, today)
        else:
            raise UsageError(f"{path}: no such file or folder")
        n_facts += len(facts)
        problems += found
    for p in problems:
        out.print(str(p), markup=False, highlight=False, soft_wrap=True)
    summary = f"{n_facts} valid facts in {len(targets)} place(s), {len(problems)} problem(s)"
    err.print(summary)
    if problems:
        raise typer.Exit(2)


@dossier_app.command("show")
@_handle_errors
def dossier_show(
    a: str, b: str,
    as_of: Annotated[str | None, typer.Option("--as-of")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="Only this fact kind")] = None,
    csv: Annotated[bool, typer.Option("--csv", help="CSV instead of a table")] = False,
) -> None:
    """List a pair's facts known on a date, with their sources."""
    from detente import dossier as load

    frame = load(a, b, as_of=_parse_date(as_of, dt.date.today())).to_frame()
    if kind:
        frame = frame[frame["kind"] == kind]
    if csv:
        sys.stdout.write(frame.to_csv(index=False))
        return
    table = Table(show_lines=False)
    for col in ("valid_from", "kind", "id", "summary", "source_publisher"):
        table.add_column(col, overflow="fold")
    for row in frame.itertuples():
        table.add_row(str(row.valid_from), row.kind, row.id, row.summary, row.source_publisher)
    out.print(table)


@data_app.command("list")
@_handle_errors
def data_list() -> None:
    """Every dataset detente knows, where it comes from, and whether it is here."""
    from detente.datasets import registry, status

    table = Table()
    for col in ("name", "status", "title", "file", "sha256"):
        table.add_column(col, overflow="fold")
    for name, ds in registry().items():
        table.add_row(name, status(name), ds.title, ds.file, ds.sha256[:12] + "…")
    out.print(table)


class _RichBar:
    """The progress-bar protocol pooch expects (update/reset/close, total), drawn by Rich."""

    def __init__(self, progress: Progress, label: str) -> None:
        self.progress, self.task, self.total = progress, progress.add_task(label, total=None), 0

    def update(self, n: int) -> None:
        self.progress.update(self.task, advance=n, total=self.total or None)

    def reset(self) -> None:
        self.progress.reset(self.task, total=self.total or None)

    def close(self) -> None:
        self.progress.update(self.task, completed=self.total or None)


@data_app.command("pull")
@_handle_errors
def data_pull(
    names: Annotated[list[str] | None, typer.Argument(help="Datasets (default: all)")] = None,
) -> None:
    """Fetch datasets into the cache (from $DETENTE_MIRROR, else their origin), hash-checked."""
    from detente.datasets import get, pull, registry

    wanted = [get(name).name for name in names or list(registry())]
    with Progress("[progress.description]{task.description}", BarColumn(), DownloadColumn(),
                  TransferSpeedColumn(), console=err) as progress:
        for name in wanted:
            path = pull(name, progress=_RichBar(progress, name))
            progress.console.print(f"{name}: {path}")


@app.command()
@_handle_errors
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


@scenario_app.command("list")
@_handle_errors
def scenarios_list() -> None:
    """The scenarios shipped with detente."""
    from detente.assess.scenarios import load_scenario, shipped_scenarios

    table = Table()
    table.add_column("name")
    table.add_column("description", overflow="fold")
    for path in shipped_scenarios().values():
        sc = load_scenario(path)
        table.add_row(sc.name, sc.description)
    table.add_row("grit:<country>:<n>", "Osgood's GRIT: n (1–12) announced, verifiable unilateral "
                  "steps by one state of the pair, the other's answers simulated from the pair's "
                  "fitted reciprocity (e.g. grit:USA:3; docs/dynamics.md)")
    out.print(table)


# Panel and model commands live in their own module (it imports the helpers above).
from detente.cli_models import models_app, panel_command  # noqa: E402

data_app.command("panel")(panel_command)
app.add_typer(models_app, name="models")

# Text-coder commands (`code`, `check`) live in their own module.
from detente.cli_coder import register as _register_coder  # noqa: E402

_register_coder(app, _handle_errors)
