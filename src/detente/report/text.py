"""Terminal and Markdown renderings of an Assessment."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from detente.assess.result import Assessment
from detente.core.scoring import signed
from detente.report.dynamics_view import figure_rows, findings, grit_line, headline
from detente.report.references import References, cite_line

STATUS_STYLE = {"closed": "bold red", "ajar": "bold yellow", "open": "bold green", "unknown": "dim"}
TREND_ARROW = {"improving": "↑", "worsening": "↓", "steady": "→", "unknown": "?"}


def _outlook_line(a: Assessment) -> str:
    o = a.outlook
    if not o.horizons:
        return o.note
    parts = [f"{h} yr: {v.probability:.0%} [{v.low:.0%}–{v.high:.0%}]"
             for h, v in o.horizons.items()]
    return "P(rivalry ends within) " + ", ".join(parts)


def render_rich(a: Assessment, console: Console, evidence_per_crack: int = 4) -> None:
    """Print the assessment: a summary table, then each crack with its evidence and door."""
    refs = References(a)
    console.print(Panel(Text(a.headline, style="bold"), title="detente"))
    table = Table(title="Cracks")
    for col in ("crack", "status", "score", "trend (1 yr)", "door"):
        table.add_column(col, overflow="fold")
    for c in a.cracks:
        door = c.door.step + (f" [{c.door.scenario}]" if c.door.scenario else "")
        table.add_row(c.id, Text(c.status, style=STATUS_STYLE[c.status]), f"{signed(c.score)}",
                      f"{TREND_ARROW[c.trend]} {signed(c.trend_delta)}"
                      if c.trend_delta is not None else "?", Text(door))
    console.print(table)
    for c in a.cracks:
        lines = [Text(c.explanation)]
        for e in c.evidence[:evidence_per_crack]:
            ref = (f" [{refs.number(e.source)}]" if e.source
                   else f" (rerun: {e.computation})" if e.computation else "")
            lines.append(Text(f"  • {e.claim}{ref}", style="dim" if e.weight == 0 else ""))
        more = len(c.evidence) - evidence_per_crack
        if more > 0:
            lines.append(Text(f"  … {more} more (--format markdown or html lists all)",
                              style="dim"))
        console.print(Panel(Group(*lines), title=f"{c.id}: {c.status} {signed(c.score)}",
                            title_align="left", border_style=STATUS_STYLE[c.status]))
    if a.dynamics is not None:
        console.print(Panel(Group(*[Text(f"• {headline(k, f)}" + (f"\n  {f.explanation}"
                                                                  if f.explanation else ""))
                                    for k, f in findings(a)]),
                            title="Dynamics (docs/dynamics.md)"))
    if a.bridges:
        console.print(Panel(Group(*[Text(f"• {b.area}: {b.claim} [{refs.number(b.source)}]")
                                    for b in a.bridges]), title="Bridges still standing"))
    body = (f"{_outlook_line(a)}\n{a.outlook.note}" if a.outlook.horizons else a.outlook.note)
    body += "".join(f"\nMissing {m['dataset']}: run `{m['command']}`" for m in a.outlook.missing)
    console.print(Panel(Text(f"{body}\nMethod: {a.outlook.method}"),
                        title="Outlook: rapprochement = end of the strategic rivalry"))
    if a.scenarios:
        st = Table(title="Scenarios (delta against the baseline)")
        st.add_column("crack")
        st.add_column("baseline")
        for s in a.scenarios:
            st.add_column(s.name)
        for c in a.cracks:
            st.add_row(c.id, f"{signed(c.score)} {c.status}", *[
                f"{signed(s.assessment.crack(c.id).score)} ({signed(s.delta['cracks'][c.id]['score'])})"
                f" {s.assessment.crack(c.id).status}" for s in a.scenarios])
        st.add_row("overall", f"{signed(a.overall)}",
                   *[f"{signed(s.assessment.overall)} ({signed(s.delta['overall'])})"
                     for s in a.scenarios])
        if a.outlook.horizons:
            for h in a.outlook.horizons:
                st.add_row(f"P(end ≤ {h} yr)", f"{a.outlook.horizons[h].probability:.1%}", *[
                    f"{s.assessment.outlook.horizons[h].probability:.1%} "
                    f"({s.delta['outlook'][h]:+.1%})" if s.delta["outlook"] else "—"
                    for s in a.scenarios])
        console.print(st)
        for s in a.scenarios:
            if s.simulation:
                console.print(Text(f"{s.name}: {grit_line(s.simulation)}"), soft_wrap=True)
    for w in a.warnings:
        console.print(f"[yellow]warning:[/] {w}")
    console.print(Text("Sources", style="bold"))
    for n, src in refs:
        console.print(Text(f"[{n}] {cite_line(src)}", style="dim"), soft_wrap=True)


def render_markdown(a: Assessment) -> str:
    """A Markdown report with numbered references."""
    refs = References(a)
    out = [f"# {a.names[0]} – {a.names[1]}, as of {a.as_of}", "", f"**{a.headline}**", "",
           "| crack | status | score | trend | door |", "|---|---|---|---|---|"]
    for c in a.cracks:
        trend = f"{c.trend} ({signed(c.trend_delta)})" if c.trend_delta is not None else c.trend
        out.append(f"| {c.id} | {c.status} | {signed(c.score)} | {trend} | {c.door.step} |")
    for c in a.cracks:
        out += ["", f"## {c.id}: {c.status} ({signed(c.score)})", "", c.explanation, ""]
        out += [f"- {e.claim}" + (f" [{refs.number(e.source)}]" if e.source else
                                  f" (rerun: `{e.computation}`)" if e.computation else "")
                for e in c.evidence]
        scen = f" (scenario `{c.door.scenario}`)" if c.door.scenario else ""
        out += ["", f"*Door:* {c.door.step}{scen}"]
    if a.dynamics is not None:
        out += ["", "## Dynamics", ""]
        for kind, f in findings(a):
            out += [f"### {headline(kind, f)}", "", f.explanation, ""]
            out += [f"- {k}: {v}" for k, v in figure_rows(f)]
    if a.bridges:
        out += ["", "## Bridges", ""]
        out += [f"- {b.area}: {b.claim} [{refs.number(b.source)}]" for b in a.bridges]
    out += ["", "## Outlook", ""]
    out += [_outlook_line(a), ""] if a.outlook.horizons else []
    out += [a.outlook.note, ""] + [f"Missing {m['dataset']}: run `{m['command']}`."
                                  for m in a.outlook.missing]
    out += ["", f"Method: {a.outlook.method}"]
    for s in a.scenarios:
        out += ["", f"## Scenario `{s.name}`", "", s.description, "",
                f"Overall {signed(s.assessment.overall)} ({signed(s.delta['overall'])})."]
        out += [f"- {k}: {signed(v['score'])} ({v['status']})" for k, v in s.delta["cracks"].items()]
        if s.delta["outlook"]:
            out += [f"- P(end ≤ {h} yr): {v:+.1%}" for h, v in s.delta["outlook"].items()]
        if s.simulation:
            out += ["", grit_line(s.simulation)]
    if a.warnings:
        out += ["", "## Warnings", ""] + [f"- {w}" for w in a.warnings]
    out += ["", "## References", ""] + [f"{n}. {cite_line(s)}" for n, s in refs]
    return "\n".join(out) + "\n"
