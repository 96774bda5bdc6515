"""`detente backtest history`: the history cases, and how many read right."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress
from rich.table import Table

from detente.cli._common import Format, emit, err, format_option, handle_errors, out

app = typer.Typer(help="Backtests against history.", no_args_is_help=True)


@app.command("history")
@handle_errors
def history(
    cases: Annotated[Path | None, typer.Option(
        "--cases", help="A YAML file of cases (default: the shipped history_cases.yaml)")] = None,
    rivalry_ends: Annotated[bool, typer.Option(
        "--rivalry-ends", help="Instead of a case file: every TSS rivalry end since 1950, the "
                               "overall 3 years after it against 2 years before (each read without its own "
                               "rivalry's record)")] = False,
    fmt: format_option(Format.text, Format.json) = Format.text,
) -> None:
    """Assess each case's pair on its date and check the status or direction it must show."""
    from detente.assess.backtest import CASES, load_cases, rivalry_end_cases, run
    from detente.core.errors import UsageError

    skipped: list[str] = []
    if rivalry_ends and cases:
        raise UsageError("--rivalry-ends and --cases: choose one")
    if rivalry_ends:
        loaded, skipped = rivalry_end_cases(dt.date.today())
    else:
        loaded = load_cases(cases or CASES)
    outcomes = []
    with Progress(console=err, transient=True) as bar:
        task = bar.add_task("history cases", total=len(loaded))
        for o in run(loaded, dt.date.today(), progress=lambda c: bar.advance(task)):
            outcomes.append(o)
    right = sum(o.right for o in outcomes)
    if fmt is Format.json:
        emit(json.dumps({"cases": len(outcomes), "right": right,
                         "share": round(right / len(outcomes), 4) if outcomes else None,
                         "skipped": skipped,
                         "outcomes": [{"pair": list(o.case.pair), "date": o.case.date.isoformat(),
                                       "expects": o.case.expects, "got": o.got, "right": o.right,
                                       "basis": o.case.basis} for o in outcomes]}, indent=2) + "\n",
             None)
        return
    table = Table(title="History backtest")
    for col in ("pair", "date", "expects", "got", "", "basis"):
        table.add_column(col, overflow="fold")
    for o in outcomes:
        table.add_row("–".join(o.case.pair), str(o.case.date), o.case.expects, o.got,
                      "✓" if o.right else "✗", o.case.basis)
    out.print(table)
    out.print(f"{right} of {len(outcomes)} cases read right ({right / max(len(outcomes), 1):.0%}).")
    if skipped:
        out.print(f"{len(skipped)} rivalry end(s) left out, a state not in the system on a date: "
                  + "; ".join(skipped))


@app.command("relations")
@handle_errors
def relations(
    top: Annotated[int, typer.Option("--top", help="How many of the busiest WEIS pairs")] = 30,
    events: Annotated[str, typer.Option(
        "--events", help="off: the score reads no events; split: it reads one half of the WEIS "
                         "events and is compared with the other half")] = "off",
    fmt: format_option(Format.text, Format.json) = Format.text,
) -> None:
    """Does the overall score rise and fall with the relationship? Spearman's rho, pair by pair,
    between the overall on 31 December of each year and WEIS net cooperation that year
    (1966–1992), for the busiest WEIS pairs; the yardstick's events never feed the score."""
    from statistics import median

    from detente.assess.relations_check import check

    with Progress(console=err, transient=True) as bar:
        task = bar.add_task("pairs", total=top)
        tracks = check(top, dt.date.today(), events, progress=lambda n: bar.advance(task, n))
    rhos = [t.rho for t in tracks if t.rho is not None]
    mid = round(median(rhos), 4) if rhos else None
    stick = ("WEIS mean Goldstein weight by year" if events == "off" else
             "WEIS mean Goldstein weight by year, even lines; the score reads the odd lines")
    if fmt is Format.json:
        emit(json.dumps({"yardstick": stick, "events": events, "pairs": len(tracks),
                         "median_rho": mid,
                         "tracks": [{"pair": list(t.pair), "years": t.years, "rho": t.rho,
                                     "series": [{"year": y, "yardstick": x, "overall": o}
                                                for y, x, o in t.series]} for t in tracks]},
                        indent=2) + "\n", None)
        return
    table = Table(title=f"Overall score vs {stick}")
    for col in ("pair", "years", "Spearman rho"):
        table.add_column(col)
    for t in tracks:
        table.add_row("–".join(t.pair), str(t.years), "—" if t.rho is None else f"{t.rho:+.2f}")
    out.print(table)
    out.print(f"median rho over {len(rhos)} pairs: {mid}")
