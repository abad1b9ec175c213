"""JSON Lines: one record per line, UTF-8."""
from __future__ import annotations

from . import ResumeError, json_text
from ._lines import LineWriter


class Writer(LineWriter):
    name = "JSONL"

    @staticmethod
    def encode(records: list[dict]) -> str:
        # One write per document: a crash can cut at most the last document,
        # which close() or --resume cuts off.
        return "".join([json_text(r) + "\n" for r in records])

    def check_start(self, head: bytes) -> None:
        if not head.lstrip().startswith(b"{"):
            raise ResumeError(f"can't resume {self.path}: it does not hold JSON Lines records")
