"""``peelnlp summarize``: a one-page HTML summary per report and a corpus page.

:mod:`.load` gets the records (records files, or reports tagged with a
model), :mod:`.tables` computes every table once as plain data, and
:mod:`.render` lays them out with the Jinja2 templates in ``templates/``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class SummaryResult:
    out_dir: Path
    reports: int = 0
    statements: int = 0
    written: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # one line each: the file and the reason


def summarize(inputs, out_dir, model: str | None = None, models_dir=None, input_format: str = "auto",
              nlp=None) -> SummaryResult:
    """Write ``OUT_DIR/index.html``, ``OUT_DIR/<report>.html``, ``grades.csv``
    and ``findings.csv`` for ``inputs``: files ``peelnlp tag`` wrote
    (JSONL, CSV, Parquet), or reports and folders, tagged first with ``nlp``
    or the model ``model``."""
    from .load import collect
    from .render import write_site
    from .tables import build_corpus

    if isinstance(inputs, (str, bytes)) or hasattr(inputs, "__fspath__"):
        inputs = [inputs]
    records, problems = collect(inputs, model=model, models_dir=models_dir, input_format=input_format, nlp=nlp)
    result = SummaryResult(Path(out_dir), problems=problems, statements=len(records))
    if records:
        corpus = build_corpus(records)
        result.reports = len(corpus.reports)
        result.written = write_site(corpus, Path(out_dir))
    return result
