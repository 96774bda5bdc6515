"""`python -m detente` = the `detente` command."""

from detente.cli import app

app(prog_name="detente")
