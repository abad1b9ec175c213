"""peelnlp: turn inspection reports into structured, checkable statements.

Heavy libraries (spaCy, scikit-learn, pdfplumber) load on first use, so that
``import peelnlp`` stays cheap.
"""
from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["load", "tag", "__version__"]


def load(model: str | None = None, **kwargs):
    """Return the peelnlp spaCy pipeline, with the trained model ``model``
    (``NAME`` or ``NAME@VERSION``; default: newest shipped model)."""
    from .pipeline import load as _load

    return _load(model, **kwargs)


def tag(paths, **kwargs):
    """Yield one record (a dict) per statement for each input path."""
    from .api import tag as _tag

    return _tag(paths, **kwargs)
