"""Tag many documents: find inputs, read each, run the pipeline, report failures.

A document that can't be read or tagged becomes a :class:`Failure`; the run
goes on with the rest. One module a job:

* :mod:`~peelnlp.bulk.inputs`: the folder walker (also training's);
* :mod:`~peelnlp.bulk.document`: reading and tagging one document, its
  :class:`Result` or :class:`Failure`, the warnings it raised;
* :mod:`~peelnlp.bulk.pool`: worker processes, results in input order;
* :mod:`~peelnlp.bulk.run`: :func:`run_tagging` (``peelnlp tag``).
"""
from __future__ import annotations

from .document import Failure, Limits, Result, process_path, read_one, tag_items, tag_source, WARM_UP_DOCS
from .inputs import REPORT_SUFFIXES, iter_inputs, walk
from .pool import WorkerPool, tag_parallel
from .run import Summary, doc_key, prepare, release, run_tagging, tag_paths

__all__ = [
    "Failure", "Limits", "REPORT_SUFFIXES", "Result", "Summary", "WARM_UP_DOCS", "WorkerPool", "doc_key",
    "iter_inputs", "prepare", "process_path", "read_one", "release", "run_tagging", "tag_items",
    "tag_parallel", "tag_paths", "tag_source", "walk",
]
