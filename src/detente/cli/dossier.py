"""`detente dossier …`: validate and show the curated, cited facts."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from detente.cli._common import Format, emit, err, format_option, handle_errors, out, parse_date
from detente.core.errors import UsageError

app = typer.Typer(help="The curated, cited dossier: validate, show, lint; draft candidate facts "
                  "from news articles and diff what a draft would change.", no_args_is_help=True)


@app.command("validate")
@handle_errors
def dossier_validate(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Dossier folders or fact files (default: every dossier found and the table of "
             "diplomatic relations)")] = None,
) -> None:
    """Check every fact: schema, sources, dates, unique ids. Problems as file:line: field: message."""
    from detente.assess.providers.relations import TABLE
    from detente.dossier.load import check_file, check_folder, list_dossiers

    today = dt.date.today()
    targets = paths or [*list_dossiers(), TABLE]
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


@app.command("draft")
@handle_errors
def dossier_draft(
    a: Annotated[str, typer.Argument(help="First state of the pair (ISO3 or name)")],
    b: Annotated[str, typer.Argument(help="Second state of the pair")],
    files: Annotated[list[Path], typer.Argument(help="Article files (.txt, .md, .html) or folders")],
    out_file: Annotated[Path | None, typer.Option("--out", "-o", help="Write the draft here "
                                                  "(default: stdout)")] = None,
    date: Annotated[str | None, typer.Option(
        "--date", help="The articles' date YYYY-MM-DD when neither a Date: header nor a dateline "
                       "gives one")] = None,
    no_model: Annotated[bool, typer.Option("--no-model", help="Rules only: no embedding model")] = False,
) -> None:
    """Draft candidate facts from news articles for a person to review: the coder finds the events
    between the pair, the fact check says which the dossier already holds, and each becomes a
    candidate (kind guessed from its CAMEO code) in a YAML draft marked `draft: {status:
    unreviewed}`. Nothing is written into the dossier. An article may open with `Title:`, `URL:`,
    `Publisher:`, `Date:` and `Kind:` lines; see docs/dossier.md."""
    from detente.coder import coder
    from detente.coder.draft import candidates
    from detente.coder.inputs import Skipped, collect, read
    from detente.core.countries import resolve
    from detente.dossier.drafts import to_yaml
    from detente.dossier.load import load_dossier

    today = dt.date.today()
    day = parse_date("--date", date) if date is not None else None
    if day is not None and day > today:
        raise UsageError(f"--date {day} is in the future (today is {today})")
    sa, sb = resolve(a), resolve(b)
    if sa.iso3 == sb.iso3:
        raise UsageError("a pair needs two different states")
    dossier = load_dossier(sa, sb, today=today)
    pair = (dossier.a, dossier.b) if dossier.facts else (sa.iso3, sb.iso3)
    items: list[dict] = []
    read_files: list[str] = []
    for item in collect(files):
        doc = item if isinstance(item, Skipped) else read(item)
        if isinstance(doc, Skipped):
            raise UsageError(f"{doc.path}: {doc.reason}")
        for w in doc.warnings:
            err.print(f"warning: {doc.path}: {w}", markup=False, highlight=False, soft_wrap=True)
        events = coder(not no_model).code_text(doc.text, doc=str(doc.path))
        found = candidates(doc, events, dossier, *pair, date=day, today=today, start=len(items) + 1)
        items += found
        read_files.append(str(doc.path))
        err.print(f"{doc.path}: {len(found)} candidate(s) from {len(events)} event(s)",
                  markup=False, highlight=False)
    if not read_files:
        raise UsageError("no article files found")
    emit(to_yaml(items, a=pair[0], b=pair[1], files=read_files, today=today), out_file)
    checked = {v: sum(i["draft"]["check"]["verdict"] == v for i in items)
               for v in ("supports", "contradicts", "new")}
    err.print(f"{len(items)} candidate(s): " + ", ".join(f"{n} {v}" for v, n in checked.items())
              + " — review before anything enters the dossier", markup=False, highlight=False)


@app.command("diff")
@handle_errors
def dossier_diff(
    a: Annotated[str, typer.Argument(help="First state of the pair")],
    b: Annotated[str, typer.Argument(help="Second state of the pair")],
    draft: Annotated[Path, typer.Argument(help="A draft file from `detente dossier draft`")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="The day to compare on "
                                                             "(default: today)")] = None,
    fmt: format_option(Format.text, Format.json) = Format.text,
) -> None:
    """What a draft's candidates would change in the six cracks: status and score before → after
    per crack (read from the dossier alone) and the candidates that moved it. Candidates that do
    not pass the schema (a TODO left, a wrong field) are listed with the reason and left out."""
    from detente.assess.draft_diff import diff
    from detente.core.countries import resolve
    from detente.dossier.drafts import read_draft
    from detente.dossier.load import load_dossier

    today = dt.date.today()
    day = parse_date("--as-of", as_of, today)
    if not draft.is_file():
        raise UsageError(f"{draft}: no such file")
    sa, sb = resolve(a), resolve(b)
    found = diff(load_dossier(sa, sb, today=today), read_draft(draft), day)
    if fmt is Format.json:
        emit(json.dumps(found.as_dict(), indent=2, ensure_ascii=False) + "\n", None)
        return
    table = Table(title=f"{found.dyad[0]}–{found.dyad[1]} on {day}: the dossier, then with the draft")
    for col in ("crack", "status", "score", "moved by"):
        table.add_column(col, overflow="fold")
    for c in found.cracks:
        status = c.status_before if c.status_before == c.status_after else \
            f"{c.status_before} → {c.status_after}"
        score = _fmt(c.score_before) if c.score_before == c.score_after else \
            f"{_fmt(c.score_before)} → {_fmt(c.score_after)}"
        table.add_row(c.id, status, score, ", ".join(c.moved_by) or ("—" if c.changed else ""))
    out.print(table)
    out.print(f"{len(found.added)} candidate(s) added"
              + (f"; {len(found.not_yet)} dated after {day} left out: {', '.join(found.not_yet)}"
                 if found.not_yet else ""), markup=False, highlight=False)
    for c in found.invalid:
        out.print(f"not valid, left out: {c.id}", markup=False, highlight=False)
        for p in c.problems:
            out.print(f"  {p}", markup=False, highlight=False, soft_wrap=True)


def _fmt(score: float | None) -> str:
    return "—" if score is None else f"{score:+.2f}"
