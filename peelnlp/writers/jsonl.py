"""JSON Lines: one record per line, UTF-8."""
from __future__ import annotations

import json
import sys


class Writer:
    def __init__(self, path=None, append: bool = False):
        self._own = path is not None
        self._fh = open(path, "a" if append else "w", encoding="utf-8") if self._own else sys.stdout

    def write_document(self, records: list[dict]) -> None:
        # One write per document: a crash can cut at most the last document,
        # which --resume detects and redoes.
        self._fh.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
        self._fh.flush()

    def close(self) -> None:
        if self._own:
            self._fh.close()
