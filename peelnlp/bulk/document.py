"""One document: read it, tag it, and say what went wrong in one line.

:func:`process_path` never raises (but for KeyboardInterrupt): a document
that can't be read or tagged becomes a :class:`Failure`, and a run goes on
with the rest. With ``capture=True`` it collects what peelnlp and the PDF
libraries log meanwhile (:class:`_Capture`), so that a run can report each
warning in one line, in input order.
"""
from __future__ import annotations

import stat
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from ..readers import ReaderError, read


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
        """The reader options (:data:`peelnlp.readers.budget.OPTIONS`) set here."""
        from ..readers.budget import OPTIONS

        return {k: getattr(self, k) for k in OPTIONS if getattr(self, k, None) is not None}


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
    from ..pipeline import make_doc
    from ..records import statement_records

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


def tag_items(nlp, items: Iterable, input_format: str, limits: Limits | int | None,
               capture: bool = False) -> Iterator[Result]:
    for item in items:
        if isinstance(item, Failure):
            yield Result(item.path, failure=item)
        else:
            yield process_path(nlp, item, input_format, limits, capture)

