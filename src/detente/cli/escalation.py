"""`detente models escalation fit|validate`: parse, call the library, render."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

import typer
from rich.table import Table

from detente.cli._common import Format, emit, err, format_option, handle_errors, out, parse_date
from detente.core.errors import UsageError

app = typer.Typer(help="The Richardson security-dilemma model: fit a pair, validate on "
                                  "the Gibler–Rider–Hutchison arms races.", no_args_is_help=True)


@app.command("fit")
@handle_errors
def fit_command(
    a: Annotated[str, typer.Argument(help="First state (name, ISO3 or COW code): x")],
    b: Annotated[str, typer.Argument(help="Second state: y")],
    start: Annotated[int | None, typer.Option(
        "--start", help="First year (default: the current stretch)")] = None,
    end: Annotated[int | None, typer.Option(
        "--end", help="Last year (default: the data's last before --as-of)")] = None,
    series: Annotated[str, typer.Option("--series", help="milex, milper or events")] = "milex",
    as_of: Annotated[str | None, typer.Option("--as-of", help="Use only data known on this date")] = None,
    fmt: format_option(Format.text, Format.json) = Format.text,
) -> None:
    """Fit dx/dt = k·y − a·x + g, dy/dt = l·x − b·y + h to the pair's series."""
    from detente.core.countries import resolve
    from detente.models import escalation_data as E

    if series not in E.SERIES:
        raise UsageError(f"--series: {series!r} is not one of {', '.join(E.SERIES)}")
    day = parse_date("--as-of", as_of, dt.date.today())
    sa, sb = resolve(a), resolve(b)
    if series == "events":
        since = dt.date(start, 1, 1) if start else None
        until = min(dt.date(end, 12, 31), day) if end else day
        pf = E.fit_events(sa, sb, since, until)
    else:
        if start is None and end is None:
            start, end, _ = E.choose_span(sa, sb, day)
        pf = E.fit_nmc(sa, sb, start if start is not None else 1816,
                       end if end is not None else E.nmc_last_year(day), series, day)
    if fmt is Format.json:
        emit(json.dumps(pf.figures(), indent=2) + "\n", None)
        return
    out.print(f"{sa.name_on(day)} (x) – {sb.name_on(day)} (y); {E.TRANSFORM[series]}", highlight=False)
    out.print(pf.results.summary(), highlight=False)


@app.command("validate")
@handle_errors
def validate_command(
    fmt: format_option(Format.text, Format.json) = Format.text,
) -> None:
    """AUC of each score at separating GRH arms races from other rivalry periods."""
    from detente.models.escalation_validate import PRIMARY, validate

    with err.status("scoring arms races and rivalry periods…"):
        result = validate()
    data = result.to_json_dict()
    if fmt is Format.json:
        emit(json.dumps(data, indent=2) + "\n", None)
        return
    table = Table(title="Arms races (GRH 2005) vs other rivalry periods: AUC per score")
    for col in ("score", "AUC", "95% (dyad bootstrap)", "races", "controls"):
        table.add_column(col, justify="left" if col == "score" else "right", no_wrap=True)
    for r in data["scores"]:
        auc = "—" if r["auc"] is None else f"{r['auc']:.3f}"
        band = "—" if r["low"] is None else f"{r['low']:.2f}–{r['high']:.2f}"
        table.add_row(r["score"] + (" *" if r["score"] == PRIMARY else ""), auc, band,
                      str(r["n_races"]), str(r["n_controls"]))
    out.print(table)
    for r in data["scores"]:
        out.print(f"  {r['score']}: {r['meaning']}", highlight=False)
    out.print(f"* primary score. AUC {data['auc']}, {data['n_races']} races, {data['n_controls']} "
              f"controls; controls: {data['design']['controls']}.", highlight=False)
