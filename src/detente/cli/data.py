"""`detente data …`: list, pull and verify public datasets; build dyad-year panels."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TransferSpeedColumn
from rich.table import Table

from detente.cli._common import err, handle_errors, out
from detente.core.errors import UsageError

app = typer.Typer(help="Public datasets: list, pull, verify; dyad-year panels.", no_args_is_help=True)


@app.command("list")
@handle_errors
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


@app.command("pull")
@handle_errors
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


STEP_NAMES = ("rivalries", "common_rival", "capabilities", "disputes", "wars", "alliances", "igos",
              "contiguity", "distance", "leader_changes", "un_agreement", "territorial_threat",
              "major_powers")


def _years(text: str) -> tuple[int, int]:
    try:
        first, last = (int(x) for x in text.split("-", 1)) if "-" in text else (int(text),) * 2
    except ValueError:
        raise UsageError(f"--years: {text!r} is not FIRST-LAST (e.g. 1816-2020)") from None
    return first, last


@app.command("panel")
@handle_errors
def panel_command(
    output: Annotated[Path, typer.Option("--output", "-o", help="Parquet file to write")],
    years: Annotated[str, typer.Option("--years", help="FIRST-LAST")] = "1816-2020",
    step: Annotated[list[str] | None, typer.Option(
        "--step", "-s", help=f"Steps to apply (default: all): {', '.join(STEP_NAMES)}")] = None,
    directed: Annotated[bool, typer.Option("--directed", help="Both orders of each pair")] = False,
) -> None:
    """Build a dyad-year panel (peacesciencer-style) and write it as Parquet with its provenance."""
    import detente.panel as P
    from detente.report.panel_file import write_panel

    wanted = step or list(STEP_NAMES)
    unknown = [s for s in wanted if s not in STEP_NAMES]
    if unknown:
        raise UsageError(f"unknown step {unknown[0]!r}; known: {', '.join(STEP_NAMES)}")
    started = time.perf_counter()
    frame = P.dyad_years(directed=directed, years=_years(years))
    for name in wanted:
        frame = getattr(P, f"add_{name}")(frame)
    write_panel(frame, output)
    err.print(f"{len(frame):,} dyad-years × {frame.shape[1]} columns in "
              f"{time.perf_counter() - started:.1f} s → {output}")
    err.print(f"datasets: {', '.join(P.datasets_of(frame))}; BibTeX: detente cite --from {output}")
