"""Parquet (pyarrow): one row per statement, the columns of
:data:`peelnlp.records.FIELDS`; ``numeric_claims`` is a list of structs with
the claim fields (:data:`peelnlp.components.numbers.CLAIM_KEYS`), so that
Parquet readers (pandas, DuckDB, Spark) query claims without parsing JSON.

A Parquet file is readable only once its footer is written, so a run that is
killed can't leave a half-written ``OUT`` worth keeping. Instead, finished
documents go to ``OUT.parts/``: every ``rows_per_group`` rows, or every
``flush_seconds`` at a document boundary, the buffer becomes one complete
part file (written beside, then renamed). ``close()`` joins the parts (after
the row groups of the ``OUT`` being resumed) into ``OUT.partial``, renames it
to ``OUT`` and removes the parts, so ``OUT`` is always a complete file. After
a kill, the parts hold what was done: ``--resume`` keeps them (and
``pyarrow.dataset`` can read the folder as it is).

Each file's metadata lists the documents it holds (their keys: resolved paths,
so a resume from another working folder matches them; a document with no
statements is listed too) and the model that tagged them: resuming with
another model is refused, so one output never mixes two models.
"""
from __future__ import annotations

import json
import os
import shutil
import time

from ..records import FIELDS
from . import ResumeError, check_model

_TYPES = {
    "index": "int64", "start": "int64", "end": "int64", "type_score": "float64",
}
#: the type of each claim field; the rest are strings
_CLAIM_TYPES = {"start": "int64", "end": "int64", "value": "float64", "denominator": "float64",
                "interval": "float64", "comparison": "float64", "upper": "float64"}
_DOCUMENTS, _MODEL = b"peelnlp.documents", b"peelnlp.model"


def schema():
    import pyarrow as pa

    from ..components.numbers import CLAIM_KEYS

    claim = pa.struct([(k, getattr(pa, _CLAIM_TYPES.get(k, "string"))()) for k in CLAIM_KEYS])
    return pa.schema([(f, pa.list_(claim) if f == "numeric_claims" else getattr(pa, _TYPES.get(f, "string"))())
                      for f in FIELDS])


def _metadata(keys, model) -> dict:
    return {_DOCUMENTS: json.dumps(list(keys), ensure_ascii=False).encode("utf-8"),
            _MODEL: json.dumps(model).encode("utf-8")}


def _read_metadata(pf, path: str) -> tuple[list[str] | None, str | None]:
    """(document keys, model) a peelnlp Parquet file records; keys None for a
    file written before documents were listed."""
    meta = pf.schema_arrow.metadata or {}
    try:
        keys = json.loads(meta[_DOCUMENTS]) if _DOCUMENTS in meta else None
        model = json.loads(meta[_MODEL]) if _MODEL in meta else None
    except ValueError:
        raise ResumeError(f"can't resume {path}: its peelnlp metadata is not valid JSON") from None
    return keys, model


class Writer:
    def __init__(self, path=None, append: bool = False, model: str | None = None,
                 rows_per_group: int = 10_000, flush_seconds: float = 5.0):
        if path is None:
            raise ValueError("Parquet output needs a file (-o OUTPUT)")
        self.path = os.fspath(path)
        self.parts = f"{self.path}.parts"
        self._tmp = f"{self.path}.partial"
        self._schema = schema()
        self._model = model
        self._rows_per_group = rows_per_group
        self._flush_seconds = flush_seconds
        self._buffer: list[dict] = []
        self._buffer_keys: list[str] = []
        self._last_flush = time.monotonic()
        self._open = True
        self.done: dict[str, int] = {}  # complete when opened (resume)
        self._keys: dict[str, int] = {}  # every document the final file holds
        self._resumed = None  # the OUT being resumed, copied first on close
        if append:
            self._resume()
        else:
            shutil.rmtree(self.parts, ignore_errors=True)  # a killed run's parts: starting over
        os.makedirs(self.parts, exist_ok=True)
        self._n_parts = len(self._part_files())

    # -- resume ------------------------------------------------------------------
    def _part_files(self) -> list[str]:
        if not os.path.isdir(self.parts):
            return []
        return sorted(os.path.join(self.parts, f) for f in os.listdir(self.parts) if f.endswith(".parquet"))

    def _open_checked(self, path: str):
        import pyarrow.parquet as pq

        try:
            pf = pq.ParquetFile(path)
        except Exception as exc:
            raise ResumeError(f"can't resume {path}: not a readable Parquet file ({exc})") from None
        if not pf.schema_arrow.equals(self._schema):
            pf.close()
            raise ResumeError(f"can't resume {path}: its columns differ from peelnlp's")
        return pf

    def _resume(self) -> None:
        """The documents of the ``OUT`` and the parts a run left: done. Every
        key goes into ``done`` and into the list ``close()`` writes."""
        if os.path.isdir(self.parts):
            for name in os.listdir(self.parts):
                if not name.endswith(".parquet"):
                    os.unlink(os.path.join(self.parts, name))  # a part cut short by a kill
        sources = ([self.path] if os.path.exists(self.path) else []) + self._part_files()
        for source in sources:
            pf = self._open_checked(source)
            try:
                keys, model = _read_metadata(pf, source)
                check_model(self.path, model, self._model)
                if keys is None:  # an older output: its doc column, as given then
                    keys = [os.path.realpath(d) for d in pf.read(columns=["doc"]).column("doc").to_pylist()]
            finally:
                pf.close()
            self.done.update(dict.fromkeys(keys, 1))
        self._keys.update(self.done)
        self._resumed = self.path if os.path.exists(self.path) else None

    # -- writing -----------------------------------------------------------------
    def own_paths(self) -> list[str]:
        return [self.path, self._tmp, self.parts]

    def write_document(self, records: list[dict], key: str | None = None) -> None:
        self._buffer.extend(records)
        if key is not None:
            self._buffer_keys.append(key)
        if (len(self._buffer) >= self._rows_per_group
                or time.monotonic() - self._last_flush >= self._flush_seconds):
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        self._last_flush = time.monotonic()
        if not self._buffer and not self._buffer_keys:
            return
        table = pa.Table.from_pylist(self._buffer, schema=self._schema)
        table = table.replace_schema_metadata(_metadata(self._buffer_keys, self._model))
        self._keys.update(dict.fromkeys(self._buffer_keys, 1))
        self._n_parts += 1
        final = os.path.join(self.parts, f"part-{self._n_parts:06d}.parquet")
        pq.write_table(table, f"{final}.tmp")
        os.replace(f"{final}.tmp", final)  # a part is whole or absent
        self._buffer, self._buffer_keys = [], []

    def close(self) -> None:
        import pyarrow.parquet as pq

        if not self._open:
            return
        self._open = False
        self._flush()
        sources = ([self._resumed] if self._resumed else []) + self._part_files()
        writer = pq.ParquetWriter(self._tmp, self._schema.with_metadata(_metadata(self._keys, self._model)))
        try:
            for source in sources:  # one row group at a time: memory stays small
                pf = pq.ParquetFile(source)
                try:
                    for i in range(pf.num_row_groups):
                        writer.write_table(pf.read_row_group(i).replace_schema_metadata(None))
                finally:
                    pf.close()
        finally:
            writer.close()
        os.replace(self._tmp, self.path)
        shutil.rmtree(self.parts, ignore_errors=True)
