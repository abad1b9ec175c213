"""The Python API behind ``peelnlp review`` and ``peelnlp import-review``."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

FORMATS = ("label-studio", "csv")


@dataclass
class ReviewSummary:
    documents: int = 0
    statements: int = 0
    tasks: int = 0
    failed: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    def line(self) -> str:
        return (f"{self.tasks} statements to review from {self.documents} documents "
                f"({self.statements} statements tagged, {len(self.failed)} documents failed) -> "
                + ", ".join(map(str, self.written)))


def task_format(output: Path, fmt: str | None) -> str:
    if fmt:
        if fmt not in FORMATS:
            raise ValueError(f"unknown task format {fmt!r}: use {' or '.join(FORMATS)}")
        return fmt
    suffix = output.suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix == ".json":
        return "label-studio"
    raise ValueError(f"can't tell the task format of {str(output)!r} from its extension; "
                     f"name it .json (Label Studio) or .csv, or give --format")


def review(inputs, output, budget: int = 100, fmt: str | None = None, model: str | None = None,
           models_dir=None, input_format: str = "auto", nlp=None, report=None) -> ReviewSummary:
    """Tag ``inputs``, choose the ``budget`` statements most worth a person's
    correction (:func:`peelnlp.review.select.select`) and write them to
    ``output`` as tasks, with the documents sidecar (and, for Label Studio,
    the labelling config) beside it. Documents that can't be read are
    reported through ``report`` and left out."""
    from ..bulk import tag_paths
    from ..pipeline import load
    from .select import select
    from .tasks import build_tasks, group_documents, sidecar_path, write_csv, write_documents, write_label_studio

    output = Path(output)
    fmt = task_format(output, fmt)
    if budget < 1:
        raise ValueError("the budget must be at least 1 statement")
    nlp = nlp if nlp is not None else load(model, models_dir=models_dir)
    if "peelnlp_classifier" not in nlp.pipe_names:
        raise ValueError("review needs a model that predicts types; --model none has none")
    model_version = nlp.get_pipe("peelnlp_classifier").model_name
    summary = ReviewSummary()
    records = []
    for result in tag_paths(nlp, inputs if isinstance(inputs, (list, tuple)) else [inputs],
                            input_format=input_format):
        if result.failure is not None:
            summary.failed.append(str(result.failure))
            if report:
                report(f"peelnlp: {result.failure}")
            continue
        records += result.records
    documents = group_documents(records)
    chosen = [(records[i]["doc"], records[i]["index"]) for i in select(records, budget)]
    sidecar = sidecar_path(output)
    tasks = build_tasks(documents, chosen, sidecar.name)
    if fmt == "csv":
        summary.written = write_csv(tasks, output)
    else:
        summary.written = write_label_studio(tasks, output, model_version)
    summary.written.append(write_documents(documents, sidecar))
    summary.documents, summary.statements, summary.tasks = len(documents), len(records), len(tasks)
    return summary


def import_review(exports, output, documents=None):
    """Read the exports (Label Studio JSON or filled CSV) and write the gold
    corpus ``output`` (JSONL). Returns the :class:`~.importer.ImportResult`:
    its ``problems`` (one line per bad row or file) were left out, the rest
    written."""
    from .importer import import_exports, write_corpus

    result = import_exports(exports, documents)
    if result.documents:
        write_corpus(result, Path(output))
    return result
