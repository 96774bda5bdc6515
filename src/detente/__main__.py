"""`python -m detente` = the `detente` command."""

from detente.cli import main

main()
