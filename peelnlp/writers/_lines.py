"""Shared machinery of the line-based writers (JSONL, CSV): whole documents
per write, the ``OUT.done`` sidecar, resume and cut-back on close. See
:mod:`peelnlp.writers` for the guarantees."""
from __future__ import annotations

import json
import os
import sys

from . import ResumeError, check_model, done_path


class LineWriter:
    #: Human name of the format, for messages.
    name = "text"

    def __init__(self, path=None, append: bool = False, model: str | None = None, fsync: bool = False):
        self.path = None if path is None else os.fspath(path)
        self._model = model
        self.done: dict[str, int] = {}
        self._fsync = fsync
        if self.path is None:
            self._fh = None
            self._done_fh = None
            head = self.header()
            if head:
                sys.stdout.write(head)
                sys.stdout.flush()
            return
        self._done_path = done_path(self.path)
        if append and os.path.exists(self.path) and os.path.getsize(self.path) > 0:
            self._reopen()
        else:
            self._fresh()

    # -- format hooks -------------------------------------------------------
    def header(self) -> str:
        """Text at the start of every output (CSV: the header row)."""
        return ""

    @staticmethod
    def encode(records: list[dict]) -> str:
        """The text of a document's records (no state: workers call it too)."""
        raise NotImplementedError

    def check_start(self, head: bytes) -> None:
        """Raise ResumeError when ``head`` (the output's first bytes) does not
        look like this format."""

    # -- opening ------------------------------------------------------------
    def _fresh(self) -> None:
        self._fh = open(self.path, "wb")
        self._done_fh = open(self._done_path, "wb")
        head = self.header().encode("utf-8")
        self._fh.write(head)
        self._fh.flush()
        self._committed = len(head)

    def _reopen(self) -> None:
        if not os.path.exists(self._done_path):
            raise ResumeError(
                f"can't resume {self.path}: {self._done_path} (the list of finished documents) "
                "is missing; run without --resume to start again")
        size = os.path.getsize(self.path)
        with open(self.path, "rb") as fh:
            self.check_start(fh.read(4096))
        head_len = len(self.header().encode("utf-8"))
        done: dict[str, int] = {}
        kept = 0  # bytes of the sidecar that hold valid entries
        last = head_len
        with open(self._done_path, "rb") as fh:
            for line in fh:
                if not line.endswith(b"\n"):
                    break  # cut short by a crash
                try:
                    entry = json.loads(line)
                    key, end = entry["doc"], entry["end"]
                except (ValueError, KeyError, TypeError):
                    break
                if not isinstance(end, int) or end < last or end > size:
                    break  # its records are not (all) in OUT
                check_model(self.path, entry.get("model"), self._model)
                done[key] = end
                last = end
                kept += len(line)
        if not done:
            self._fresh()
            return
        self._fh = open(self.path, "r+b")
        self._fh.truncate(last)
        self._fh.seek(last)
        self._done_fh = open(self._done_path, "r+b")
        self._done_fh.truncate(kept)
        self._done_fh.seek(kept)
        self._committed = last
        self.done = done

    # -- writing ------------------------------------------------------------
    def own_paths(self) -> list[str]:
        return [] if self.path is None else [self.path, self._done_path]

    def write_document(self, records: list[dict], key: str | None = None) -> None:
        self.write_encoded(self.encode(records), key)

    def write_encoded(self, text: str, key: str | None = None) -> None:
        """Write a document's records already encoded by :meth:`encode`."""
        if self._fh is None:
            sys.stdout.write(text)
            sys.stdout.flush()
            return
        self._fh.write(text.encode("utf-8"))
        self._fh.flush()
        if self._fsync:
            os.fsync(self._fh.fileno())
        end = self._fh.tell()
        if key is not None:
            entry = {"doc": key, "end": end, "model": self._model}
            self._done_fh.write((json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8"))
            self._done_fh.flush()
            if self._fsync:
                os.fsync(self._done_fh.fileno())
        self._committed = end

    def close(self) -> None:
        if self._fh is None:
            return
        fh, self._fh = self._fh, None
        try:
            if fh.tell() != self._committed:  # stopped in the middle of a document
                fh.truncate(self._committed)
        finally:
            fh.close()
            self._done_fh.close()
