"""The text coder's commands: `detente code` (events, or cracks with --cracks) and `detente check`.
Parse, call the coder, render; `register(app, handle_errors)` adds them to the main app."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from detente.cli._common import Format, emit, err, format_option, handle_errors, out, parse_date
from detente.core.errors import UsageError

app = typer.Typer()


@app.command("code")
@handle_errors
def code(
    paths: Annotated[list[Path], typer.Argument(help="Files (.txt, .md, .html) or folders")],
    cracks: Annotated[
        bool,
        typer.Option(
            "--cracks",
            help="Tag each paragraph with the cracks it argues about, and its stance, instead of events",
        ),
    ] = False,
    fmt: format_option(Format.jsonl, Format.csv, Format.json, Format.text, help=(
        "jsonl (default for events), csv, json, or text (default for --cracks)")) = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file")] = None,
    no_model: Annotated[bool, typer.Option("--no-model", help="Rules only: no embedding model")] = False,
    date: Annotated[str | None, typer.Option(
        "--date", help="The documents' date YYYY-MM-DD, for events whose sentence gives none")] = None,
) -> None:
    """Code who-did-what-to-whom events between states in texts, as JSON lines (one event a line).
    `detente events ingest` stores the output as the `detente-text` source (undated events are
    rejected there: give --date)."""
    from detente.coder import code_files, to_frame

    if cracks:
        _cracks(paths, fmt or Format.text, output, not no_model)
        return
    fmt = fmt or Format.jsonl
    day = None
    if date is not None:
        day = parse_date("--date", date)
    events, skipped, docs = code_files(paths, use_model=not no_model, date=day)
    for doc in docs:
        for w in doc.warnings:
            err.print(f"warning: {escape(str(doc.path))}: {escape(w)}", highlight=False, soft_wrap=True)
    for s in skipped:
        err.print(f"skipped: {escape(str(s.path))}: {escape(s.reason)}", highlight=False, soft_wrap=True)
    if fmt is Format.jsonl:
        emit("".join(e.model_dump_json() + "\n" for e in events), output)
    elif fmt is Format.json:
        emit(
            json.dumps([e.model_dump(mode="json") for e in events], indent=2, ensure_ascii=False) + "\n",
            output,
        )
    elif fmt is Format.csv:
        emit(to_frame(events).to_csv(index=False), output)
    else:
        table = Table()
        for col in ("source", "target", "cameo", "quad", "goldstein", "date", "sentence"):
            table.add_column(col, overflow="fold")
        for e in events:
            table.add_row(
                escape(e.source.name),
                escape(e.target.name),
                e.cameo,
                str(e.quad_class),
                f"{e.goldstein:+.1f}",
                e.date or "",
                escape(e.sentence),
            )
        out.print(table)
    err.print(f"{len(events)} event(s) from {len(docs)} document(s); {len(skipped)} skipped")
    if not docs and skipped:
        raise typer.Exit(2)


def _cracks(paths: list[Path], fmt: Format, output: Path | None, use_model: bool) -> None:
    from detente.coder.cracks import summary, tag_cracks
    from detente.coder.inputs import Skipped, collect, read

    results = []
    for item in collect(paths):
        doc = item if isinstance(item, Skipped) else read(item)
        if isinstance(doc, Skipped):
            err.print(
                f"skipped: {escape(str(doc.path))}: {escape(doc.reason)}", highlight=False, soft_wrap=True
            )
            continue
        paras = tag_cracks(doc.text, use_model=use_model)
        results.append((doc.path, paras))
    if fmt in (Format.json, Format.jsonl):
        payload = [
            {
                "file": str(path),
                "cracks": summary(paras),
                "paragraphs": [p.model_dump(mode="json") for p in paras],
            }
            for path, paras in results
        ]
        emit(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", output)
        return
    if fmt is Format.csv:
        raise UsageError("--cracks: --format csv is not offered; use text or json")
    for path, paras in results:
        out.print(f"[bold]{escape(str(path))}[/]")
        table = Table()
        for col in ("¶", "cracks (stance)", "opening words"):
            table.add_column(col, overflow="fold")
        for p in paras:
            if p.cracks:
                tags = ", ".join(f"{t.crack} ({t.stance})" for t in p.cracks)
                table.add_row(str(p.index), tags, escape(p.text[:90]))
        out.print(table)
        found = summary(paras)
        out.print(
            "cracks argued: " + (", ".join(f"{k} ×{v['paragraphs']}" for k, v in found.items()) or "none")
        )


@app.command("check")
@handle_errors
def check(
    file: Annotated[Path, typer.Argument(help="A .txt, .md or .html file")],
    dyad: Annotated[tuple[str, str], typer.Option("--dyad", help="The pair of states, e.g. --dyad USA RUS")],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Check status claims as of YYYY-MM-DD (default: today)")
    ] = None,
    fmt: format_option(Format.text, Format.json) = Format.text,
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
) -> None:
    """Check a text's claims (treaties, dates, inspection counts) against the pair's dossier."""
    import detente
    from detente.coder.check import check_text
    from detente.coder.inputs import Skipped, read

    day = parse_date("--as-of", as_of, dt.date.today())
    if not file.is_file():
        raise UsageError(f"{file}: no such file")
    doc = read(file)
    if isinstance(doc, Skipped):
        raise UsageError(f"{file}: {doc.reason}")
    dossier = detente.dossier(dyad[0], dyad[1])
    if not dossier.facts:
        raise UsageError(f"no dossier for {dyad[0]}–{dyad[1]}: nothing to check against")
    claims = check_text(doc.text, dossier, day)
    if fmt is Format.json:
        payload = {
            "file": str(file),
            "dyad": [dossier.a, dossier.b],
            "as_of": day.isoformat(),
            "claims": [c.model_dump(mode="json") for c in claims],
        }
        emit(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", output)
        return
    table = Table()
    for col in ("verdict", "claim", "text", "dossier"):
        table.add_column(col, overflow="fold")
    colour = {"supported": "green", "contradicted": "red", "unknown": "yellow"}
    for c in claims:
        facts = "; ".join(f"{f.id} ({f.source_publisher})" for f in c.facts)
        table.add_row(
            f"[{colour[c.verdict]}]{c.verdict}[/]",
            escape(c.claim),
            escape(c.text),
            escape((c.note + " — " if c.note else "") + facts),
        )
    out.print(table)
    counts = {v: sum(c.verdict == v for c in claims) for v in colour}
    out.print(", ".join(f"{n} {v}" for v, n in counts.items()))

