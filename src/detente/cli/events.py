"""`detente events …`: ingest event files, show the ledger, compute dyadic indices, pull GDELT,
export Parquet for Spark. Parse, call the API, render — no logic of its own."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from detente.cli._common import Format, emit, err, format_option, handle_errors, out, parse_date
from detente.core.errors import UsageError

app = typer.Typer(help="Event data (GDELT, ICEWS, PLOVER): ingest, status, dyadic indices, "
                              "downloads.", no_args_is_help=True)


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
                    TimeElapsedColumn(), console=err, transient=False)


def _rejected(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "0"


@app.command("ingest")
@handle_errors
def ingest_command(
    paths: Annotated[list[Path], typer.Argument(help="Event files: GDELT 1.0/2.0 exports, ICEWS "
                                                     ".tab, PLOVER JSON lines; plain, .gz or .zip")],
    fmt: format_option(Format.text, Format.json) = Format.text,
) -> None:
    """Ingest files into the event store, one transaction per file; re-ingesting changes nothing."""
    from detente.core.errors import DataError
    from detente.events.ingest import ingest_each
    from detente.events.store import EventStore

    results, refused = [], []
    with EventStore() as store, _progress() as bar:
        tasks = {str(p): bar.add_task(p.name, total=1.0) for p in paths}

        def advance(path: str, fraction: float) -> None:
            bar.update(tasks[path], completed=fraction)

        for path, outcome in ingest_each(paths, store, progress=advance):
            if isinstance(outcome, DataError):
                refused.append(outcome)
                bar.update(tasks[str(path)], description=f"{path.name} [red]refused")
            else:
                bar.update(tasks[str(path)], completed=1.0)
                results.append(outcome)
    if fmt is Format.json:
        sys.stdout.write(json.dumps([vars(r) | {"rejected": r.rejected} for r in results],
                                    indent=2, default=str) + "\n")
    else:
        table = Table(title="Ingested")
        for col in ("file", "format", "read", "kept", "duplicates", "rejected"):
            table.add_column(col, overflow="fold")
        for r in results:
            if r.skipped:
                table.add_row(r.path, "—", "—", "already in the store", "", f"(as {r.same_as})")
            else:
                table.add_row(r.path, r.format, str(r.rows_read), str(r.kept), str(r.duplicates),
                              _rejected(r.rejected))
        out.print(table)
        for r in results:
            for note in r.notes:
                err.print(f"[yellow]note:[/] {r.path}: {note}", soft_wrap=True)
    for exc in refused:
        err.print(f"[bold red]refused:[/] {exc}", highlight=False, soft_wrap=True)
    if refused:
        raise typer.Exit(2)


@app.command("status")
@handle_errors
def status_command(fmt: format_option(Format.text, Format.json) = Format.text) -> None:
    """The ledger: every ingested file with its rows read, kept, duplicate and rejected."""
    from detente.events.store import EventStore, NoEventData, store_path

    if not store_path().exists():
        raise NoEventData(f"no event store at {store_path()}")
    with EventStore(read_only=True) as store:
        rows = store.status()
        first, last, n = store.coverage()
    if fmt is Format.json:
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    table = Table(title=f"{store_path()}: {n} events, {first} to {last}")
    for col in ("path", "format", "rows_read", "kept", "duplicates", "rejected", "sha256"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(r["path"], r["format"], str(r["rows_read"]), str(r["kept"]),
                      str(r["duplicates"]), _rejected(r["rejected"]), r["sha256"][:12] + "…")
    out.print(table)
    from detente.events.reference import alongside

    if (reference := alongside(store_path())) is not None:
        out.print(f"Read with it: the WEIS events 1966–1992 that come with detente ({reference}); "
                  "DETENTE_REFERENCE_EVENTS=off leaves them out.")


@app.command("rejects")
@handle_errors
def rejects_command(
    path: Annotated[str | None, typer.Argument(help="Only this ingested file")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=0, help="Show at most this many")] = 50,
) -> None:
    """Rejected lines as file:line: field: reason (detail)."""
    from detente.events.store import EventStore, NoEventData, store_path

    if not store_path().exists():
        raise NoEventData(f"no event store at {store_path()}")
    with EventStore(read_only=True) as store:
        frame = store.rejects(path)
    for r in frame.head(limit).itertuples():
        field = f" {r.field}:" if r.field else ""
        out.print(f"{r.file}:{r.line}:{field} {r.reason} ({r.detail})", markup=False,
                  highlight=False, soft_wrap=True)
    if len(frame) > limit:
        err.print(f"… {len(frame) - limit} more (--limit)")


@app.command("index")
@handle_errors
def index_command(
    a: Annotated[str, typer.Argument(help="Source country: name, ISO3/CAMEO code")],
    b: Annotated[str, typer.Argument(help="Target country")],
    freq: Annotated[str, typer.Option("--freq", help="day, week, month or year")] = "month",
    since: Annotated[str | None, typer.Option("--since", help="YYYY-MM-DD")] = None,
    until: Annotated[str | None, typer.Option("--until", help="YYYY-MM-DD")] = None,
    weighted: Annotated[bool, typer.Option("--weighted", help="Add NumSources-weighted columns")
                        ] = False,
    normalise: Annotated[bool, typer.Option("--normalise", help="Add each side's volume and the "
                                                                 "shares of it")] = False,
    engine: Annotated[str, typer.Option("--engine", help="duckdb (the store) or spark")] = "duckdb",
    parquet: Annotated[Path | None, typer.Option("--parquet", help="Parquet export (Spark)")] = None,
    fmt: format_option(Format.text, Format.csv, Format.json) = Format.text,
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
) -> None:
    """The dyadic index of A → B and B → A by period (CSV/JSON columns: period, source, target,
    events, goldstein_sum, goldstein_mean, q1–q4, net_cooperation, then optional columns)."""
    from detente.events.query import event_index

    for name, value in (("--since", since), ("--until", until)):
        if value is not None:
            parse_date(name, value)
    frame = event_index(a, b, freq=freq, since=since, until=until, weighted=weighted,
                        normalise=normalise, engine=engine, parquet=parquet)
    if fmt is Format.csv:
        emit(frame.to_csv(index=False), output)
    elif fmt is Format.json:
        emit(frame.to_json(orient="records", indent=2) + "\n", output)
    elif frame.empty:
        err.print(f"No events between {a} and {b} in the store for that window.")
    else:
        table = Table(title=f"{a} ↔ {b} by {freq}")
        for col in frame.columns:
            table.add_column(col, overflow="fold")
        for row in frame.itertuples(index=False):
            table.add_row(*[f"{v:.3f}" if isinstance(v, float) else str(v) for v in row])
        out.print(table)
        for cp in frame.attrs.get("change_points", []):
            out.print(f"change point {cp['source']}→{cp['target']} from {cp['period']}: "
                      f"net cooperation {cp['mean_before']:+.3f} → {cp['mean_after']:+.3f}")


@app.command("export")
@handle_errors
def export_command(
    folder: Annotated[Path, typer.Argument(help="Folder for the Parquet files")],
) -> None:
    """Export the store's events to Parquet, the input of the Spark backend
    (`detente events index A B --engine spark --parquet FOLDER`)."""
    from detente.events.spark import export_parquet

    export_parquet(folder)
    err.print(f"wrote {folder}")


@app.command("pull")
@handle_errors
def pull_command(
    source: Annotated[str, typer.Argument(help="What to pull: gdelt (GDELT 2.0 event exports)")],
    since: Annotated[str, typer.Option("--since", help="First day, YYYY-MM-DD")],
    until: Annotated[str, typer.Option("--until", help="Last day, YYYY-MM-DD")],
    master: Annotated[str | None, typer.Option(
        "--master", help="Master file list URL (default: GDELT's, or $DETENTE_GDELT_MASTER)")] = None,
    no_ingest: Annotated[bool, typer.Option("--no-ingest", help="Download only")] = False,
    fmt: format_option(Format.text, Format.json) = Format.text,
) -> None:
    """Download GDELT exports in a date range (size/MD5 checked, resumable), report missing
    15-minute slices, and ingest what arrived."""
    from detente.events.pull import pull_gdelt

    if source != "gdelt":
        raise UsageError(f"unknown source {source!r}; detente can pull: gdelt")
    first, last = parse_date("--since", since), parse_date("--until", until)
    with _progress() as bar:
        tasks: dict[str, object] = {}

        def report(name: str, done: int, total: int | None) -> None:
            if name not in tasks:
                tasks[name] = bar.add_task(name, total=total)
            bar.update(tasks[name], completed=done)

        result = pull_gdelt(first, last, url=master, ingest_files=not no_ingest, report=report)
    if fmt is Format.json:
        sys.stdout.write(json.dumps({
            "listed": result.listed, "downloaded": result.downloaded, "reused": result.reused,
            "missing": result.missing, "malformed_master_lines": result.malformed_lines,
            "refused": result.refused,
            "ingested": [vars(r) for r in result.ingested]}, indent=2, default=str) + "\n")
    else:
        out.print(f"{result.listed} export(s) listed from {first} to {last}: "
                  f"{len(result.downloaded)} downloaded, {len(result.reused)} already here, "
                  f"{len(result.missing)} missing.")
        for m in result.missing:
            out.print(f"missing slice {m['slice']}: {m['reason']}", markup=False)
        for r in result.ingested:
            state = "already in the store" if r.skipped else (
                f"{r.kept} kept, {r.duplicates} duplicates, rejected {_rejected(r.rejected)}")
            out.print(f"ingested {Path(r.path).name}: {state}", markup=False)
        for line in result.refused:
            err.print(f"refused: {line}", markup=False)
        if result.malformed_lines:
            err.print(f"note: {len(result.malformed_lines)} line(s) of the master list did not "
                      f"parse (first: line {result.malformed_lines[0]})")
    if result.refused:
        raise typer.Exit(2)


