"""Public datasets: a pinned registry (url, sha256), a cache, a mirror, and one reader each."""

from detente.datasets.readers import cow_states, tss_rivalries
from detente.datasets.registry import Dataset, ensure, get, locate, pull, registry, status

__all__ = ["Dataset", "cow_states", "ensure", "get", "locate", "pull", "registry", "status",
           "tss_rivalries"]
