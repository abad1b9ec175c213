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
#: decoded or extracted characters (spaCy reads at most 1,000,000 by default)
MAX_CHARS = 5_000_000
MAX_SECONDS = 600.0


@dataclass
class Budget:
    path: object
    max_pages: int = MAX_PAGES
    max_chars: int = MAX_CHARS
    max_seconds: float = MAX_SECONDS
    chars: int = 0
    started: float = field(default_factory=time.monotonic)

    @classmethod
    def from_options(cls, path, options: dict) -> "Budget":
        return cls(path, **{k: options[k] for k in ("max_pages", "max_chars", "max_seconds") if k in options})

    def pages(self, n: int) -> None:
        if n > self.max_pages:
            self._over(f"{n} pages, over the budget of {self.max_pages} pages a document")

    def add_chars(self, n: int) -> None:
        self.chars += n
        if self.chars > self.max_chars:
            self._over(f"more than {self.max_chars} characters of text, over the budget a document")
        if time.monotonic() - self.started > self.max_seconds:
            self._over(f"reading took more than {self.max_seconds:g} s, over the budget a document")

    def _over(self, reason: str) -> None:
        from . import ReaderError

        raise ReaderError(self.path, reason)
