"""What one document may cost to read, checked while it is read, not after.

No real inspection report comes near these: the longest PEEL and fire reports
run to a few hundred pages and a few hundred thousand characters. A file
past a limit fails alone, in one line naming the file and the limit; the other
documents of a run are read as usual. Each reader takes ``max_pages``,
``max_chars`` and ``max_seconds`` as options to change them.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

MAX_PAGES = 2_000
#: decoded or extracted characters: spaCy's own limit (nlp.max_length), past
#: which a document can't be tagged anyway, so reading stops there
MAX_CHARS = 1_000_000
MAX_SECONDS = 600.0
#: characters of HTML markup a document may have for each character of text
#: in its budget: a report's page is mostly tags, styles and scripts
MARKUP_PER_CHAR = 5
#: characters of a Word document's XML for each character of text in its
#: budget: Word wraps every run of text in its properties' markup
XML_PER_CHAR = 50
#: characters one PDF page may draw: a dense page of a report holds about 6,000
MAX_PAGE_CHARS = 100_000


#: the reader options that set a budget
OPTIONS = ("max_pages", "max_chars", "max_seconds", "max_page_chars")


@dataclass
class Budget:
    path: object
    max_pages: int = MAX_PAGES
    max_chars: int = MAX_CHARS
    max_seconds: float = MAX_SECONDS
    max_page_chars: int = MAX_PAGE_CHARS
    chars: int = 0
    started: float = field(default_factory=time.monotonic)

    @classmethod
    def from_options(cls, path, options: dict) -> "Budget":
        return cls(path, **{k: options[k] for k in OPTIONS if options.get(k) is not None})

    def pages(self, n: int) -> None:
        if n > self.max_pages:
            self._over(f"{n} pages, over the budget of {self.max_pages} pages a document")

    def page_cost(self, number: int, page_obj) -> None:
        """Refuse a PDF page that would cost too much to lay out (counted from
        its content streams, before pdfminer builds a thing)."""
        from .pdf.cost import TooCostly, page_chars

        try:
            drawn = page_chars(page_obj, self.max_page_chars)
        except TooCostly as exc:
            self._over(f"page {number} {exc}")
        if self.chars + drawn > self.max_chars:  # an upper estimate: stop before laying it out
            self._over(self._too_many_chars)

    def markup(self, n: int) -> None:
        if n > MARKUP_PER_CHAR * self.max_chars:
            self._over(f"more than {MARKUP_PER_CHAR * self.max_chars} characters of HTML, "
                       f"over the budget a document")

    def xml(self, n: int) -> None:
        if n > XML_PER_CHAR * self.max_chars:
            self._over(f"more than {XML_PER_CHAR * self.max_chars} bytes of Word XML, over the budget a document")

    def add_chars(self, n: int) -> None:
        self.chars += n
        if self.chars > self.max_chars:
            self._over(self._too_many_chars)
        if time.monotonic() - self.started > self.max_seconds:
            self._over(f"reading took more than {self.max_seconds:g} s, over the budget a document")

    @property
    def _too_many_chars(self) -> str:
        return f"more than {self.max_chars} characters of text, over the budget a document"

    def _over(self, reason: str) -> None:
        from . import ReaderError

        raise ReaderError(self.path, reason)
