"""Tag many documents: find inputs, read each, run the pipeline, report failures.

A document that can't be read or tagged becomes a :class:`Failure`; the run
goes on with the rest.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .readers import ReaderError, read


@dataclass
class Failure:
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class Result:
    path: str
    records: list[dict] | None = None
    failure: Failure | None = None


def iter_inputs(paths: Iterable) -> Iterator[Path | Failure]:
    """Files named in ``paths``; folders are walked recursively (sorted,
    hidden entries skipped). A missing path comes back as a Failure."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Path(root) / name
        elif p.exists():
            yield p
        else:
            yield Failure(str(p), "no such file or folder")


def read_one(path: Path, input_format: str = "auto", max_bytes: int | None = None):
    """The SourceDocument for ``path``, or a Failure saying why not."""
    try:
        size = path.stat().st_size
        if size == 0:
            return Failure(str(path), "empty file")
        if max_bytes is not None and size > max_bytes:
            return Failure(str(path), f"file is {size} bytes, over the --max-bytes limit of {max_bytes}")
        doc = read(path, input_format)
    except ReaderError as exc:
        return Failure(str(path), exc.reason)
    except OSError as exc:
        return Failure(str(path), f"can't read: {exc.strerror or exc}")
    if not doc.text.strip():
        return Failure(str(path), "no text found")
    return doc


def tag_paths(nlp, paths: Iterable, input_format: str = "auto", max_bytes: int | None = None,
              batch_size: int = 8) -> Iterator[Result]:
    """Read and tag every input in order, one Result per document."""
    from .pipeline import make_doc
    from .records import statement_records

    def sources():
        for item in iter_inputs(paths):
            if isinstance(item, Failure):
                yield item
                continue
            yield read_one(item, input_format, max_bytes)

    for item in sources():
        if isinstance(item, Failure):
            yield Result(item.path, failure=item)
            continue
        try:
            doc = nlp(make_doc(nlp, item))
        except Exception as exc:  # a pipeline bug must not cost the other documents
            yield Result(item.path, failure=Failure(item.path, f"tagging failed: {type(exc).__name__}: {exc}"))
            continue
        yield Result(item.path, records=statement_records(doc, item.path))


@dataclass
class Summary:
    tagged: int = 0
    failed: int = 0
    skipped: int = 0
    statements: int = 0

    def line(self) -> str:
        extra = f", {self.skipped} already done" if self.skipped else ""
        return (f"peelnlp: {self.tagged} documents tagged, {self.failed} failed, "
                f"{self.statements} statements written{extra}")


def run_tagging(inputs, output=None, fmt: str = "jsonl", input_format: str = "auto",
                model: str | None = None, framework: str | None = None, workers: int = 1,
                resume: bool = False, max_bytes: int | None = None, progress: bool = False,
                report=print) -> Summary:
    """Tag ``inputs`` into ``output``; failures go to ``report`` one line each."""
    from .pipeline import load
    from .writers import open_writer

    nlp = load(model, framework=framework)
    summary = Summary()
    writer = open_writer(fmt, output, append=resume)
    try:
        for result in tag_paths(nlp, inputs, input_format=input_format, max_bytes=max_bytes):
            if result.failure is not None:
                summary.failed += 1
                report(f"error: {result.failure}")
                continue
            writer.write_document(result.records)
            summary.tagged += 1
            summary.statements += len(result.records)
    finally:
        writer.close()
    return summary
