"""Parquet (pyarrow): one row per statement, the columns of
:data:`peelnlp.records.FIELDS`; ``numeric_claims`` is a list of structs with
the claim fields (:data:`peelnlp.components.numbers.CLAIM_KEYS`), so that
Parquet readers (pandas, DuckDB, Spark) query claims without parsing JSON.

Rows go to ``OUT.partial`` in row groups of whole documents (a row group is
written once it holds ``rows_per_group`` rows, and at close); ``close()``
finalises the file and renames it to ``OUT``, so ``OUT`` is always a complete,
readable file. An interrupted run (Ctrl-C, an exception) still closes and
renames, keeping the documents written so far; a killed one leaves ``OUT`` as
the previous run left it.

Resume (``append=True``): the documents in the existing ``OUT`` (its ``doc``
column) are done; its row groups are copied, one at a time, into the new file
before the new documents.
"""
from __future__ import annotations

import os

from ..records import FIELDS
from . import ResumeError

_TYPES = {
    "index": "int64", "start": "int64", "end": "int64", "type_score": "float64",
}
#: the type of each claim field; the rest are strings
_CLAIM_TYPES = {"start": "int64", "end": "int64", "value": "float64", "denominator": "float64",
                "interval": "float64", "comparison": "float64", "upper": "float64"}


def schema():
    import pyarrow as pa

    from ..components.numbers import CLAIM_KEYS

    claim = pa.struct([(k, getattr(pa, _CLAIM_TYPES.get(k, "string"))()) for k in CLAIM_KEYS])
    return pa.schema([(f, pa.list_(claim) if f == "numeric_claims" else getattr(pa, _TYPES.get(f, "string"))())
                      for f in FIELDS])


class Writer:
    def __init__(self, path=None, append: bool = False, rows_per_group: int = 10_000):
        import pyarrow.parquet as pq

        if path is None:
            raise ValueError("Parquet output needs a file (-o OUTPUT)")
        self.path = os.fspath(path)
        self._tmp = f"{self.path}.partial"
        self._schema = schema()
        self._rows_per_group = rows_per_group
        self._buffer: list[dict] = []
        self.done: dict[str, int] = {}
        existing = None
        if append and os.path.exists(self.path):
            try:
                existing = pq.ParquetFile(self.path)
            except Exception as exc:
                raise ResumeError(f"can't resume {self.path}: not a readable Parquet file ({exc})") from None
            if not existing.schema_arrow.equals(self._schema):
                raise ResumeError(f"can't resume {self.path}: its columns differ from peelnlp's")
        self._writer = pq.ParquetWriter(self._tmp, self._schema)
        if existing is not None:
            try:
                for i in range(existing.num_row_groups):
                    group = existing.read_row_group(i)
                    for doc in set(group.column("doc").to_pylist()):
                        self.done[os.path.abspath(doc)] = 1
                    self._writer.write_table(group)
            except BaseException:
                self._writer.close()
                os.unlink(self._tmp)
                raise
            finally:
                existing.close()

    def own_paths(self) -> list[str]:
        return [self.path, self._tmp]

    def write_document(self, records: list[dict], key: str | None = None) -> None:
        self._buffer.extend(records)
        if len(self._buffer) >= self._rows_per_group:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self._buffer:
            self._writer.write_table(pa.Table.from_pylist(self._buffer, schema=self._schema))
            self._buffer = []

    def close(self) -> None:
        if self._writer is None:
            return
        try:
            self._flush()
        finally:
            writer, self._writer = self._writer, None
            writer.close()
        os.replace(self._tmp, self.path)
