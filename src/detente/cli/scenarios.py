"""`detente scenarios list`: the what-if scenarios shipped with detente."""

from __future__ import annotations

import typer
from rich.table import Table

from detente.cli._common import handle_errors, out

app = typer.Typer(help="What-if scenarios.", no_args_is_help=True)


@app.command("list")
@handle_errors
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
