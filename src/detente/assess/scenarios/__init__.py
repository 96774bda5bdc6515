"""What-if scenarios behind one protocol (`base.Scenario`): YAML overlays on the dossier
(`yaml_file`, the format is in its docstring) and Osgood's GRIT simulated from the pair's fitted
reciprocity (`grit`). Shipped scenarios live in `detente/scenarios/`."""

from __future__ import annotations

from pathlib import Path

from detente.assess.scenarios.base import Applied, Scenario
from detente.assess.scenarios.grit import parse_grit
from detente.assess.scenarios.yaml_file import YamlScenario, load_scenario
from detente.core.errors import UsageError

SHIPPED = Path(__file__).resolve().parent.parent.parent / "scenarios"

__all__ = ["Applied", "Scenario", "YamlScenario", "load_scenario", "resolve_scenario",
           "shipped_scenarios"]


def shipped_scenarios() -> dict[str, Path]:
    """The scenario files shipped with detente, by name."""
    return {p.stem: p for p in sorted(SHIPPED.glob("*.yaml"))}


def resolve_scenario(name_or_path: str) -> Scenario:
    """A shipped scenario by name, a GRIT spec (`grit:USA:3`), or a user's scenario file by path."""
    if (grit := parse_grit(name_or_path)) is not None:
        return grit
    shipped = shipped_scenarios()
    if name_or_path in shipped:
        return load_scenario(shipped[name_or_path])
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") or path.exists():
        return load_scenario(path)
    raise UsageError(f"unknown scenario {name_or_path!r}; shipped: {', '.join(shipped)} "
                     f"(or grit:<country>:<n>, or give a path to a .yaml file)")
