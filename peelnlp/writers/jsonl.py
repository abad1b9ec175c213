"""JSON Lines: one record per line, UTF-8."""
from __future__ import annotations

import json

from . import ResumeError
from ._lines import LineWriter


# Built once: json.dumps with any option builds a new encoder on every call.
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


class Writer(LineWriter):
    name = "JSONL"

    @staticmethod
    def encode(records: list[dict]) -> str:
        # One write per document: a crash can cut at most the last document,
        # which close() or --resume cuts off.
        return "".join([_ENCODE(r) + "\n" for r in records])

    def check_start(self, head: bytes) -> None:
        if not head.lstrip().startswith(b"{"):
            raise ResumeError(f"can't resume {self.path}: it does not hold JSON Lines records")
