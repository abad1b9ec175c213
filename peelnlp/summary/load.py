"""Records for ``peelnlp summarize``: read from files ``peelnlp tag`` wrote
(JSONL, CSV, Parquet), or tagged from reports with a model.

A bad records file, or a report that can't be read, is one problem: a line
naming the file (and line or row) and the reason; every other input is still
summarised.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from ..records import FIELDS

#: records files by extension; anything else (a report, a folder) is tagged
RECORD_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".parquet": "parquet"}
_INTS = ("index", "start", "end")
_REQUIRED = ("doc", "index", "text", "kind", "type")


class BadRecords(ValueError):
    """A records file that can't be used: the message names the file and where."""


def is_records_file(path) -> bool:
    path = Path(path)
    return path.is_file() and path.suffix.lower() in RECORD_SUFFIXES and not path.name.endswith(".done")


def _checked(record, where: str) -> dict:
    if not isinstance(record, dict):
        raise BadRecords(f"{where}: not a JSON object (is this a file `peelnlp tag` wrote?)")
    missing = [f for f in _REQUIRED if f not in record]
    if missing:
        raise BadRecords(f"{where}: no {', '.join(missing)} field (is this a file `peelnlp tag` wrote?)")
    out = {f: record.get(f) for f in FIELDS}
    for f in _INTS:
        if out[f] is not None and not isinstance(out[f], int):
            raise BadRecords(f"{where}: {f} is {out[f]!r}, not a whole number")
    if out["type_score"] is not None and not isinstance(out["type_score"], (int, float)):
        raise BadRecords(f"{where}: type_score is {out['type_score']!r}, not a number")
    if not isinstance(out["numeric_claims"] or [], list):
        raise BadRecords(f"{where}: numeric_claims is not a list")
    out["numeric_claims"] = out["numeric_claims"] or []
    return out


def _read_jsonl(path: Path) -> list[dict]:
    records = []
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as exc:
                raise BadRecords(f"{path}:{number}: not JSON ({exc.msg})") from None
            records.append(_checked(record, f"{path}:{number}"))
    return records


def _csv_value(field: str, text: str, where: str):
    if text == "":
        return [] if field == "numeric_claims" else None
    try:
        if field in _INTS:
            return int(text)
        if field == "type_score":
            return float(text)
        if field == "numeric_claims":
            return json.loads(text)
    except ValueError:
        raise BadRecords(f"{where}: {field} {text[:40]!r} can't be read") from None
    return text


def _read_csv(path: Path) -> list[dict]:
    import csv

    records = []
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [f for f in _REQUIRED if f not in (reader.fieldnames or [])]
        if missing:
            raise BadRecords(f"{path}: no {', '.join(missing)} column (is this a file `peelnlp tag` wrote?)")
        for number, row in enumerate(reader, 2):
            where = f"{path}: row {number}"
            records.append(_checked({f: _csv_value(f, row[f], where) for f in FIELDS if f in row}, where))
    return records


def _read_parquet(path: Path) -> list[dict]:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except Exception as exc:  # pyarrow raises several types for a bad file
        raise BadRecords(f"{path}: not a readable Parquet file ({exc})") from None
    return [_checked(r, f"{path}: row {i + 1}") for i, r in enumerate(table.to_pylist())]


def read_records(path) -> list[dict]:
    """The records in a file ``peelnlp tag`` wrote; raises :class:`BadRecords`."""
    path = Path(path)
    kind = RECORD_SUFFIXES[path.suffix.lower()]
    try:
        return {"jsonl": _read_jsonl, "csv": _read_csv, "parquet": _read_parquet}[kind](path)
    except UnicodeDecodeError:
        raise BadRecords(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise BadRecords(f"{path}: can't read ({exc.strerror or exc})") from None


def collect(inputs, model: str | None = None, models_dir=None, input_format: str = "auto", nlp=None):
    """(records, problems) for ``inputs``: records files are read, reports
    and folders tagged (with ``nlp``, else the model ``model``); each problem
    is one line naming the file and the reason."""
    records: list[dict] = []
    problems: list[str] = []
    reports = []
    for item in inputs:
        if is_records_file(item):
            try:
                records.extend(read_records(item))
            except BadRecords as exc:
                problems.append(str(exc))
        else:
            reports.append(os.fspath(item))
    if reports:
        from ..bulk import tag_paths
        from ..pipeline import load

        nlp = nlp if nlp is not None else load(model, models_dir=models_dir)
        for result in tag_paths(nlp, reports, input_format=input_format):
            if result.failure is not None:
                problems.append(str(result.failure))
            else:
                records.extend(result.records)
    return records, problems
