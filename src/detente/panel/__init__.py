"""A dyad-year panel in the spirit of R's peacesciencer, on DuckDB.

    >>> from detente.panel import dyad_years, add_capabilities, add_rivalries, datasets_of
    >>> p = dyad_years(years=(1946, 2020)).pipe(add_rivalries).pipe(add_capabilities)
    >>> datasets_of(p)      # what to cite: `detente cite` prints their BibTeX

`dyad_years` builds; every `add_*` only adds columns (the row count is checked), names its
datasets and is NA outside their coverage; `whittle_years` / `filter_dyads` remove rows.
"""

from detente.panel.conflict import add_common_rival, add_disputes, add_rivalries, add_wars
from detente.panel.frame import datasets_of, dyad_years, filter_dyads, steps_of, whittle_years
from detente.panel.power import add_capabilities, add_leader_changes, add_major_powers, add_territorial_threat
from detente.panel.ties import add_alliances, add_contiguity, add_distance, add_igos, add_un_agreement

ALL_STEPS = (add_rivalries, add_common_rival, add_capabilities, add_disputes, add_wars, add_alliances,
             add_igos, add_contiguity, add_distance, add_leader_changes, add_un_agreement,
             add_territorial_threat, add_major_powers)

__all__ = ["ALL_STEPS", "add_alliances", "add_capabilities", "add_common_rival", "add_contiguity",
           "add_disputes", "add_distance", "add_igos", "add_leader_changes", "add_major_powers",
           "add_rivalries", "add_territorial_threat", "add_un_agreement", "add_wars", "datasets_of",
           "dyad_years", "filter_dyads", "full_panel", "steps_of", "whittle_years"]


def full_panel(years: tuple[int, int] = (1816, 2020), directed: bool = False):
    """Every pair and year with every step applied."""
    frame = dyad_years(directed=directed, years=years)
    for step in ALL_STEPS:
        frame = step(frame)
    return frame
