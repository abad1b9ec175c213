"""Tag many documents: find inputs, read each, run the pipeline, report failures.

A document that can't be read or tagged becomes a :class:`Failure`; the run
goes on with the rest.

:func:`run_tagging` (``peelnlp tag``) streams documents through the pipeline
and hands each document's records to a writer as soon as they are ready, in
input order, so memory stays flat however many documents there are:

* ``workers=1`` reads and tags in this process;
* ``workers=N`` runs N worker processes (:class:`ProcessPoolExecutor`). Each
  worker reads *and* tags a whole document (reading a PDF costs as much as
  tagging it) and sends back plain records. At most a few documents per worker
  are in flight; results are taken in submission order. On Linux the workers
  are forked from this process after it loaded the pipeline, so they start at
  once; elsewhere each worker loads the pipeline in its initializer. A worker
  that dies (a crash in a PDF library, the out-of-memory killer) costs only the
  document it was working on: the pool is restarted, the documents that were
  in flight are retried one at a time, and the one that kills its worker again
  is reported as failed.

Resuming (``resume=True``) is the writer's job: it knows which documents are
already complete in the output (``writer.done``) and drops anything after the
last complete one; see :mod:`peelnlp.writers`.
"""
from __future__ import annotations

import os
import stat
import sys
import weakref
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .readers import EXTENSIONS, ReaderError, read


@dataclass
class Failure:
    path: str
    reason: str

    def __str__(self) -> str:
        # One line, whatever the exception message held.
        return f"{_one_line(self.path)}: {_one_line(self.reason)}"


_CONTROL = {c: f"\\x{c:02x}" for c in range(32) if chr(c) not in "\n\r\t"} | {127: "\\x7f"}


def _one_line(text: str) -> str:
    """One printable line: newlines folded, control characters (a file name
    may hold terminal escape sequences) shown as \\xNN, never sent raw."""
    text = str(text)
    if "\n" in text or "\r" in text:
        text = " ".join(text.split())
    return text.translate(_CONTROL)


@dataclass
class Result:
    path: str
    records: list[dict] | None = None
    failure: Failure | None = None
    #: warnings logged by peelnlp while reading/tagging it (when captured)
    warnings: list[str] | None = None
    #: the records as the output format's text, encoded by a worker (then
    #: ``records`` is None)
    encoded: str | None = None
    #: how many records (statements) the document gave
    statements: int = 0


#: extensions of the files a folder walk picks up (files named directly are always read)
REPORT_SUFFIXES = frozenset(EXTENSIONS)


def iter_inputs(paths: Iterable, exclude: Iterable = ()) -> Iterator[Path | Failure]:
    """Files named in ``paths``; folders are walked recursively (sorted,
    hidden entries skipped). A missing path or an unreadable folder comes back
    as a Failure. Files whose real path is in ``exclude`` (the output being
    written) are skipped."""
    skip = {os.path.realpath(p) for p in exclude}
    for p in paths:
        p = Path(p)
        if p.is_dir():
            found = False
            errors: list[OSError] = []
            for root, dirs, files in os.walk(p, onerror=errors.append):
                while errors:
                    exc = errors.pop(0)
                    yield Failure(str(exc.filename or root), f"can't list folder: {exc.strerror or exc}")
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    # In a folder only report files count: a README or a gold
                    # .jsonl beside the reports is not a report.
                    if name.startswith(".") or Path(name).suffix.lower() not in REPORT_SUFFIXES:
                        continue
                    path = Path(root) / name
                    if skip and os.path.realpath(path) in skip:
                        continue
                    found = True
                    yield path
            for exc in errors:  # the top folder itself could not be listed
                yield Failure(str(exc.filename or p), f"can't list folder: {exc.strerror or exc}")
            if not found and not errors:
                suffixes = ", ".join(sorted(REPORT_SUFFIXES))
                yield Failure(str(p), f"no reports in this folder (looked for {suffixes} files)")
        elif p.exists() or p.is_symlink():
            if skip and os.path.realpath(p) in skip:
                continue
            yield p
        else:
            yield Failure(str(p), "no such file or folder")


@dataclass(frozen=True)
class Limits:
    """What one document may cost: its file's size, checked before it is
    read, and the reading budget (pages, characters, seconds: see
    :mod:`peelnlp.readers.budget`; None keeps a default)."""

    max_bytes: int | None = None
    max_pages: int | None = None
    max_chars: int | None = None
    max_seconds: float | None = None

    @classmethod
    def of(cls, value) -> "Limits":
        """``value`` as Limits: Limits, a file size (int) or None."""
        return value if isinstance(value, Limits) else cls(max_bytes=value)

    def budget(self) -> dict:
        return {k: v for k, v in (("max_pages", self.max_pages), ("max_chars", self.max_chars),
                                  ("max_seconds", self.max_seconds)) if v is not None}


def read_one(path: Path, input_format: str = "auto", limits: Limits | int | None = None):
    """The SourceDocument for ``path``, or a Failure saying why not.
    ``limits``: :class:`Limits`, or the largest file size in bytes."""
    limits = Limits.of(limits)
    max_bytes = limits.max_bytes
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            return Failure(str(path), "not a regular file")
        size = st.st_size
        if size == 0:
            return Failure(str(path), "empty file")
        if max_bytes is not None and size > max_bytes:
            return Failure(str(path), f"file is {size} bytes, over the --max-bytes limit of {max_bytes}")
        doc = read(path, input_format, **limits.budget())
    except ReaderError as exc:
        return Failure(str(path), exc.reason)
    except OSError as exc:
        return Failure(str(path), f"can't read: {exc.strerror or exc}")
    if not doc.text.strip():
        return Failure(str(path), "no text found")
    return doc


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

    from .pipeline import make_doc
    from .readers.text import from_string

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


#: Documents a pipeline tags outside a memory zone first (see tag_source).
WARM_UP_DOCS = 50
_tagged_counts: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # nlp -> documents tagged


def tag_source(nlp, source) -> list[dict]:
    """Records for one SourceDocument.

    Memory stays flat over a long run: after its first :data:`WARM_UP_DOCS`
    documents (which leave their words in the vocabulary and the tokenizer's
    cache for good: the common vocabulary of reports), each document is tagged
    in a spaCy memory zone, so the strings it adds are freed afterwards.
    Tagging every document in a zone from the start would keep the tokenizer's
    cache cold and cost about half the throughput.
    """
    from .pipeline import make_doc
    from .records import statement_records

    zone = getattr(nlp, "memory_zone", None)  # spaCy >= 3.8
    if zone is not None:
        try:
            seen = _tagged_counts.get(nlp, 0)
            if seen < WARM_UP_DOCS:
                _tagged_counts[nlp] = seen + 1
                zone = None
        except TypeError:  # not weak-referenceable: always use the zone
            pass
    if zone is None:
        return statement_records(nlp(make_doc(nlp, source)), source.path)
    with zone():
        return statement_records(nlp(make_doc(nlp, source)), source.path)


class _Capture:
    """Collects what peelnlp's loggers say (warnings and worse) and Python
    warnings raised while it is active, instead of letting them reach standard
    error on their own (a library's warning can run over many lines): the run
    reports each in one line, in input order, in step with the progress bar."""

    #: Warning classes that say nothing about the document (bs4 guessing that
    #: a short page is a file name or a URL).
    IGNORED = ("MarkupResemblesLocatorWarning",)
    #: Libraries that log about a document without naming it (pdfminer warns
    #: once per page of a malformed PDF): their messages get the file's name.
    LIBRARIES = ("pdfminer", "pdfplumber")

    def __init__(self, path):
        import logging

        self.path = str(path)
        self.messages: list[str] = []
        self._library: dict[str, int] = {}  # message -> times said
        ours = logging.Handler(logging.WARNING)
        ours.emit = lambda record: self.messages.append(_one_line(record.getMessage()))
        theirs = logging.Handler(logging.WARNING)
        theirs.emit = self._library_record
        self._loggers = [(logging.getLogger("peelnlp"), ours)]
        self._loggers += [(logging.getLogger(name), theirs) for name in self.LIBRARIES]

    def _library_record(self, record) -> None:
        message = f"{record.name.split('.')[0]}: {_one_line(record.getMessage())}"
        self._library[message] = self._library.get(message, 0) + 1

    def __enter__(self):
        import warnings

        self._saved = []
        for logger, handler in self._loggers:
            self._saved.append(logger.propagate)
            logger.addHandler(handler)
            logger.propagate = False
        self._warnings = warnings.catch_warnings(record=True)
        self._caught = self._warnings.__enter__()
        warnings.simplefilter("default")
        return self

    def __exit__(self, *exc):
        self._warnings.__exit__(*exc)
        for (logger, handler), propagate in zip(self._loggers, self._saved):
            logger.removeHandler(handler)
            logger.propagate = propagate
        for message, times in self._library.items():
            again = f" ({times} times)" if times > 1 else ""
            self.messages.append(f"{_one_line(self.path)}: {message}{again}")
        seen = set()
        for w in self._caught:
            name = w.category.__name__
            first = str(w.message).strip().split("\n", 1)[0]
            if name in self.IGNORED or (name, first) in seen:
                continue
            seen.add((name, first))
            self.messages.append(f"{_one_line(self.path)}: {name}: {_one_line(first)}")
        return False


def process_path(nlp, path: Path, input_format: str = "auto", limits: Limits | int | None = None,
                 capture: bool = False) -> Result:
    """Read and tag one file; never raises (but for KeyboardInterrupt).
    ``capture``: collect peelnlp's log warnings in ``Result.warnings``."""
    if not capture:
        return _process_path(nlp, path, input_format, limits)
    with _Capture(path) as log:
        result = _process_path(nlp, path, input_format, limits)
    result.warnings = log.messages or None
    return result


def _process_path(nlp, path: Path, input_format: str, limits: Limits | int | None) -> Result:
    limits = Limits.of(limits)
    if limits.max_chars and limits.max_chars > nlp.max_length:  # a larger budget asked for: spaCy's too
        nlp.max_length = limits.max_chars
    try:
        source = read_one(Path(path), input_format, limits)
    except Exception as exc:  # a reader bug must not cost the other documents
        return Result(str(path), failure=Failure(str(path), f"reading failed: {type(exc).__name__}: {exc}"))
    if isinstance(source, Failure):
        return Result(source.path, failure=source)
    try:
        records = tag_source(nlp, source)
    except Exception as exc:  # a pipeline bug must not cost the other documents
        return Result(source.path, failure=Failure(source.path, f"tagging failed: {type(exc).__name__}: {exc}"))
    return Result(source.path, records=records, statements=len(records))


def _tag_items(nlp, items: Iterable, input_format: str, limits: Limits | int | None,
               capture: bool = False) -> Iterator[Result]:
    for item in items:
        if isinstance(item, Failure):
            yield Result(item.path, failure=item)
        else:
            yield process_path(nlp, item, input_format, limits, capture)


def tag_paths(nlp, paths: Iterable, input_format: str = "auto", limits: Limits | int | None = None,
              batch_size: int = 8) -> Iterator[Result]:
    """Read and tag every input in order, one Result per document, in this
    process (``batch_size`` is accepted for compatibility and unused)."""
    return _tag_items(nlp, iter_inputs(paths), input_format, limits)


# ------------------------------------------------------------ worker processes

#: Per-process state of a worker: the pipeline and the reading options.
_WORKER: dict = {"nlp": None}


def _init_worker(load_args: tuple, input_format: str, limits: Limits | int | None, fmt: str | None = None) -> None:
    import signal

    from .writers import record_encoder

    # Ctrl-C reaches the whole process group; the parent handles it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, inherited by fork
    _end_with_parent()
    _WORKER["input_format"] = input_format
    _WORKER["limits"] = limits
    # Workers encode the records for a line format themselves: the parent then
    # receives and writes one string per document instead of decoding and
    # encoding every record while the workers wait (it shares their cores).
    _WORKER["encode"] = record_encoder(fmt) if fmt else None
    if _WORKER["nlp"] is None:  # not inherited from the parent (spawn, forkserver)
        from .pipeline import load

        model, framework, models_dir = load_args
        _WORKER["nlp"] = load(model, framework=framework, models_dir=models_dir)


def _end_with_parent() -> None:
    """Have the kernel end this worker when its parent dies, however it dies
    (SIGKILL included): a worker must not outlive the run, holding the output
    and the caller's pipes open. Linux only (prctl PR_SET_PDEATHSIG); where it
    is missing the executor's own shutdown still ends workers on a clean exit."""
    import ctypes
    import os
    import signal

    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _work(path: str) -> Result:
    result = process_path(_WORKER["nlp"], Path(path), _WORKER["input_format"], _WORKER["limits"],
                          capture=True)
    encode = _WORKER.get("encode")
    if encode is not None and result.records is not None:
        result.encoded, result.records = encode(result.records), None
    return result


_WORKER_DIED = ("its worker process died while reading or tagging it "
                "(a crash in a library, or out of memory)")


class _Pool:
    """A ProcessPoolExecutor that can be replaced when a worker dies."""

    def __init__(self, workers: int, nlp, load_args, input_format, limits, fmt: str | None = None):
        import multiprocessing

        self.workers = workers
        # Fork where it is safe and cheap: workers inherit the loaded pipeline.
        self._ctx = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
        self._initargs = (load_args, input_format, limits, fmt)
        self._nlp = nlp if self._ctx is not None else None
        self.executor = None
        self.start()

    def start(self) -> None:
        from concurrent.futures import ProcessPoolExecutor

        _WORKER["nlp"] = self._nlp  # inherited by forked workers
        try:
            self.executor = ProcessPoolExecutor(self.workers, mp_context=self._ctx,
                                                initializer=_init_worker, initargs=self._initargs)
            # Start the workers now (a fork before any thread of ours exists).
            self.executor.submit(int).result()
        finally:
            _WORKER["nlp"] = None

    def submit(self, path):
        return self.executor.submit(_work, str(path))

    def restart(self) -> None:
        self.stop()
        self.start()

    def stop(self) -> None:
        ex, self.executor = self.executor, None
        if ex is None:
            return
        # Workers ignore SIGINT; end them now rather than after their document.
        for proc in list((getattr(ex, "_processes", None) or {}).values()):
            try:
                proc.terminate()
            except Exception:  # already gone
                pass
        ex.shutdown(wait=True, cancel_futures=True)


def _restart(pool: _Pool, restarts: int) -> int:
    if restarts >= 5:
        raise RuntimeError("worker processes keep dying before they tag anything")
    pool.restart()
    return restarts + 1


def _tag_parallel(items: Iterable, pool: _Pool, in_flight: int | None = None) -> Iterator[Result]:
    """Like :func:`_tag_items`, on ``pool``'s worker processes; results in
    input order. Stops the pool when done or closed."""
    from concurrent.futures.process import BrokenProcessPool

    cap = in_flight or pool.workers * 4
    source = iter(items)
    retry: deque = deque()     # items to (re)submit before taking new ones
    window: deque = deque()    # [path, future-or-Result, suspect], in input order
    suspects: set[str] = set()  # in flight when a worker died: run alone
    isolating = False          # a suspect is running alone
    restarts = 0               # pool restarts since the last result
    try:
        while True:
            while len(window) < cap and not isolating:
                item = retry.popleft() if retry else next(source, None)
                if item is None:
                    break
                if isinstance(item, Result):
                    window.append([item.path, item, False])
                elif isinstance(item, Failure):
                    window.append([item.path, Result(item.path, failure=item), False])
                else:
                    suspect = str(item) in suspects
                    if suspect and window:  # wait until it can run alone
                        retry.appendleft(item)
                        break
                    try:
                        fut = pool.submit(item)
                    except BrokenProcessPool:  # a worker died since the last result
                        retry.appendleft(item)
                        if not window:
                            restarts = _restart(pool, restarts)
                            continue
                        break  # the head's result says so too; handled below
                    window.append([str(item), fut, suspect])
                    isolating = suspect
            if not window:
                return
            path, fut, suspect = window.popleft()
            if isinstance(fut, Result):
                yield fut
                continue
            try:
                result = fut.result()
            except BrokenProcessPool:
                if suspect:  # it killed a worker again, running alone
                    suspects.discard(path)
                    isolating = False
                    result = Result(path, failure=Failure(path, _WORKER_DIED))
                    restarts = _restart(pool, restarts)
                else:
                    # Some in-flight document killed a worker: rerun each of
                    # them alone; keep the results that did come back.
                    pending = [(path, fut)] + [(p, f) for p, f, _ in window]
                    window.clear()
                    redo = []
                    for p, f in pending:
                        if isinstance(f, Result):
                            redo.append(f)
                        elif f.done() and not f.cancelled() and f.exception() is None:
                            redo.append(f.result())
                        else:
                            suspects.add(p)
                            redo.append(Path(p))
                    retry.extendleft(reversed(redo))
                    restarts = _restart(pool, restarts)
                    continue
            except Exception as exc:  # e.g. a result that could not be sent back
                result = Result(path, failure=Failure(path, f"worker failed: {type(exc).__name__}: {exc}"))
            if suspect:
                suspects.discard(path)
                isolating = False
            restarts = 0
            yield result
    finally:
        pool.stop()


# ------------------------------------------------------------------ the run

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
    from .pipeline import load
    from .writers import open_writer

    from .pipeline import model_name

    nlp = load(model, framework=framework, models_dir=models_dir)
    summary = Summary()
    writer = open_writer(fmt, output, append=resume, model=model_name(nlp))
    results = pool = None
    bar = None
    frozen = False
    try:
        frozen = prepare(nlp)
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
        if workers > 1 and sum(1 for i in todo if not isinstance(i, Failure)) > 1:
            pool = _Pool(workers, nlp, (model, framework, models_dir), input_format, limits, fmt)
            results = _tag_parallel(todo, pool)
        else:
            results = _tag_items(nlp, todo, input_format, limits, capture=True)
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
