"""CSV: one row per statement; ``numeric_claims`` as a JSON string."""
from __future__ import annotations

import csv
import io

from ..records import FIELDS
from . import ResumeError, json_text
from ._lines import LineWriter


class Writer(LineWriter):
    name = "CSV"

    @staticmethod
    def _rows(rows) -> str:
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerows(rows)
        return buf.getvalue()

    def header(self) -> str:
        return self._rows([FIELDS])

    @staticmethod
    def encode(records: list[dict]) -> str:
        return Writer._rows(
            [json_text(r[f]) if f == "numeric_claims" else r.get(f) for f in FIELDS]
            for r in records
        )

    def check_start(self, head: bytes) -> None:
        if not head.startswith(self.header().encode("utf-8")):
            raise ResumeError(f"can't resume {self.path}: it is not a peelnlp CSV with the current columns")
