"""CSV: one row per statement; ``numeric_claims`` as a JSON string."""
from __future__ import annotations

import csv
import json
import os
import sys

from ..records import FIELDS


class Writer:
    def __init__(self, path=None, append: bool = False):
        self._own = path is not None
        exists = self._own and append and os.path.exists(path) and os.path.getsize(path) > 0
        self._fh = open(path, "a" if append else "w", encoding="utf-8", newline="") if self._own else sys.stdout
        self._csv = csv.DictWriter(self._fh, fieldnames=list(FIELDS), extrasaction="ignore")
        if not exists:
            self._csv.writeheader()

    def write_document(self, records: list[dict]) -> None:
        for r in records:
            self._csv.writerow({**r, "numeric_claims": json.dumps(r["numeric_claims"], ensure_ascii=False)})
        self._fh.flush()

    def close(self) -> None:
        if self._own:
            self._fh.close()
