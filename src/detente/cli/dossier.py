"""`detente dossier …`: validate and show the curated, cited facts."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from detente.cli._common import err, handle_errors, out, parse_date
from detente.core.errors import UsageError

app = typer.Typer(help="The curated, cited dossier.", no_args_is_help=True)


@app.command("validate")
@handle_errors
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


@app.command("show")
@handle_errors
def dossier_show(
    a: str, b: str,
    as_of: Annotated[str | None, typer.Option("--as-of")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="Only this fact kind")] = None,
    csv: Annotated[bool, typer.Option("--csv", help="CSV instead of a table")] = False,
) -> None:
    """List a pair's facts known on a date, with their sources."""
    from detente import dossier as load

    frame = load(a, b, as_of=parse_date("--as-of", as_of, dt.date.today())).to_frame()
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


@app.command("lint")
@handle_errors
def dossier_lint(
    show: Annotated[bool, typer.Option("--show", help="List the facts that rest on weak "
                                                     "sources alone")] = False,
) -> None:
    """Source quality per dossier: the share of facts resting on a reprint, mirror or reference
    work alone (at most 15% wanted), and the mix of source kinds. Exit 1 when a dossier is over."""
    from detente.dossier.lint import MAX_WEAK_SHARE, lint
    from detente.dossier.load import check_folder, list_dossiers

    today = dt.date.today()
    table = Table(title=f"Facts resting on reprints or reference works alone (ceiling "
                        f"{MAX_WEAK_SHARE:.0%})")
    for col in ("dossier", "facts", "weak alone", "share", "source kinds"):
        table.add_column(col, overflow="fold")
    over = []
    for folder in list_dossiers():
        facts, _ = check_folder(folder, today)
        found = lint(folder.name, facts)
        over += [] if found.ok else [found.folder]
        table.add_row(found.folder, str(found.facts), str(len(found.weak)),
                      f"{found.share:.1%}" + ("" if found.ok else " ✗"),
                      ", ".join(f"{k} {v}" for k, v in found.kinds.items()))
        if show:
            for fact_id in found.weak:
                table.add_row("", "", fact_id, "", "")
    out.print(table)
    if over:
        err.print(f"over the ceiling: {', '.join(over)}")
        raise typer.Exit(1)
