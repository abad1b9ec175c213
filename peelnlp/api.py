"""The Python API behind ``peelnlp.tag``."""
from __future__ import annotations

from typing import Iterator


def tag(paths, input_format: str = "auto", model: str | None = None, nlp=None,
        errors: str = "raise", models_dir=None) -> Iterator[dict]:
    """Yield one record per statement for every document in ``paths``.

    ``paths`` is a path or an iterable of paths (folders are walked).
    ``model``/``models_dir`` choose the model as :func:`peelnlp.load` does.
    ``errors="raise"`` raises :class:`peelnlp.readers.ReaderError` at the first
    document that can't be read; ``errors="skip"`` warns and goes on.
    """
    import warnings

    from .bulk import tag_paths
    from .pipeline import load
    from .readers import ReaderError

    if errors not in ("raise", "skip"):
        raise ValueError("errors must be 'raise' or 'skip'")
    if isinstance(paths, (str, bytes)) or hasattr(paths, "__fspath__"):
        paths = [paths]
    nlp = nlp if nlp is not None else load(model, models_dir=models_dir)
    for result in tag_paths(nlp, paths, input_format=input_format):
        if result.failure is not None:
            if errors == "raise":
                raise ReaderError(result.failure.path, result.failure.reason)
            warnings.warn(str(result.failure), stacklevel=2)
            continue
        yield from result.records
