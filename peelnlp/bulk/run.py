"""The run behind ``peelnlp tag``: inputs in, one writer out.

:func:`run_tagging` streams documents through the pipeline and hands each
document's records to a writer as soon as they are ready, in input order, so
memory stays flat however many documents there are: ``workers=1`` reads and
tags in this process, ``workers=N`` on a :class:`~peelnlp.bulk.pool.WorkerPool`.

Resuming (``resume=True``) is the writer's job: it knows which documents are
already complete in the output (``writer.done``) and drops anything after the
last complete one; see :mod:`peelnlp.writers`.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Iterable, Iterator

from .document import Failure, Limits, Result, tag_items
from .inputs import iter_inputs


def tag_paths(nlp, paths: Iterable, input_format: str = "auto", limits: Limits | int | None = None,
              batch_size: int = 8) -> Iterator[Result]:
    """Read and tag every input in order, one Result per document, in this
    process (``batch_size`` is accepted for compatibility and unused)."""
    return tag_items(nlp, iter_inputs(paths), input_format, limits)


#: Lines in the shape of a report (a title, a graded judgement, a finding
#: heading, figures), tagged once by :func:`prepare`.
_WARM_UP_TEXT = """Responding to the public
The force is adequate at responding to the public.
Areas for improvement
The force should answer more emergency calls within 10 seconds.
In the year to March 2022 it answered 85.5 percent of 999 calls on time, up from 80 percent.
"""


def prepare(nlp) -> bool:
    """Get a loaded pipeline ready for a long run, before the first document.

    Tags a short text once, so that rules, cue lists and models load their
    lazy parts now, then moves every object alive into the garbage
    collector's permanent generation (:func:`gc.freeze`). The pipeline, its
    models and the imported libraries are a few hundred thousand objects
    that live as long as the run; without this every full collection scans
    them again (about 10 ms a report on new text). Forked workers inherit
    the frozen state, which also keeps the pages they share with the parent
    from being copied. Returns whether it froze: an application that froze
    objects itself is left to its own choice. :func:`release` undoes it.
    """
    import gc

    from ..pipeline import make_doc
    from ..readers.text import from_string

    nlp(make_doc(nlp, from_string(_WARM_UP_TEXT, "<warm-up>")))
    if gc.get_freeze_count():
        return False
    gc.collect()  # what is garbage now should not be frozen
    gc.freeze()
    return True


def release(frozen: bool) -> None:
    """Undo :func:`prepare`: ``frozen`` is what it returned."""
    import gc

    if frozen:
        gc.unfreeze()

@dataclass
class Summary:
    tagged: int = 0
    failed: int = 0
    skipped: int = 0
    statements: int = 0

    def line(self) -> str:
        extra = f", {self.skipped} already done" if self.skipped else ""
        return (f"peelnlp: {_count(self.tagged, 'document')} tagged, {self.failed} failed, "
                f"{_count(self.statements, 'statement')} written{extra}")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _terminal_size(stream) -> dict:
    """tqdm's ncols/nrows; some terminals report 0x0, which hides the bar."""
    try:
        size = os.get_terminal_size(stream.fileno())
        columns, lines = size.columns, size.lines
    except (OSError, ValueError, AttributeError):
        columns = lines = 0
    return {"ncols": columns if columns > 0 else 80, "nrows": lines if lines > 0 else 24}


def doc_key(path) -> str:
    """How the writers remember a document as done: its resolved path, the
    same whichever folder the run starts in."""
    return os.path.realpath(str(path))


def run_tagging(inputs, output=None, fmt: str = "jsonl", input_format: str = "auto",
                model: str | None = None, framework: str | None = None, workers: int = 1,
                resume: bool = False, limits: Limits | int | None = None, progress: bool = False,
                report=print, models_dir=None) -> Summary:
    """Tag ``inputs`` into ``output``; failures go to ``report`` one line each.

    Raises :class:`peelnlp.writers.ResumeError` when ``resume`` is asked for
    an output it can't resume, ``OSError`` when the output can't be opened.
    """
    from ..pipeline import load
    from ..registry import resolve
    from ..writers import open_writer
    from .pool import WorkerPool, tag_parallel

    # The model is found and checked first (a usage error before any output
    # exists), but loaded only when some input can be read: a run whose
    # inputs all fail costs no pipeline.
    entry = None if model == "none" else resolve(model, models_dir)
    if entry is not None:
        entry.verify()
    summary = Summary()
    writer = open_writer(fmt, output, append=resume,
                         model=None if entry is None else f"{entry.name}@{entry.version}")
    results = pool = None
    bar = None
    frozen = False
    try:
        items = list(iter_inputs(inputs, exclude=writer.own_paths()))
        done = writer.done
        todo = []
        seen: set[str] = set()
        for item in items:
            if not isinstance(item, Failure):
                key = doc_key(item)
                if key in seen:  # named twice: tag it once
                    continue
                seen.add(key)
                if key in done:
                    summary.skipped += 1
                    continue
            todo.append(item)
        del seen
        del items
        nlp = None
        if any(not isinstance(item, Failure) for item in todo):
            nlp = load(model, framework=framework, verify=False, models_dir=models_dir)  # verified above
            frozen = prepare(nlp)
        if workers > 1 and sum(1 for i in todo if not isinstance(i, Failure)) > 1:
            pool = WorkerPool(workers, nlp, (model, framework, models_dir), input_format, limits, fmt)
            results = tag_parallel(todo, pool)
        else:
            results = tag_items(nlp, todo, input_format, limits, capture=True)
        if progress:  # after the pool started: fork before tqdm's thread
            from tqdm import tqdm

            bar = tqdm(total=len(todo), unit="doc", file=sys.stderr, **_terminal_size(sys.stderr),
                       desc="tagging", postfix="0 statements")
        def say(message):
            if bar is not None:
                with bar.external_write_mode(file=sys.stderr):
                    report(message)
            else:
                report(message)

        for result in results:
            for warning in result.warnings or ():
                say(f"warning: {warning}")
            if result.failure is not None:
                summary.failed += 1
                say(f"error: {result.failure}")
            else:
                if result.encoded is not None:
                    writer.write_encoded(result.encoded, key=doc_key(result.path))
                else:
                    writer.write_document(result.records, key=doc_key(result.path))
                summary.tagged += 1
                summary.statements += result.statements
            if bar is not None:
                bar.set_postfix_str(f"{summary.statements} statements", refresh=False)
                bar.update(1)
    finally:
        if results is not None and hasattr(results, "close"):
            results.close()
        if pool is not None:
            pool.stop()
        if bar is not None:
            bar.close()
        writer.close()
        release(frozen)
    return summary
