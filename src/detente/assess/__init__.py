"""Assessment: six cracks, their doors, bridges, the outlook and what-if scenarios."""

from detente.assess.engine import assess
from detente.assess.result import Assessment, Crack

__all__ = ["Assessment", "Crack", "assess"]
