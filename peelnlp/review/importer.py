"""Read a person's review back: a Label Studio export (JSON, or its JSON-MIN
flavour) or the filled CSV, checked row by row against the documents sidecar.

A bad row is reported in one line (``FILE: row N: reason``) and left out; the
rest of the export is imported. Rows are numbered as a person finds them: the
Nth task of a JSON export, the spreadsheet's row number of a CSV (its header
is row 1).
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..labels import AREAS, TYPES
from .tasks import sidecar_path

LABELS = {"type": TYPES, "area": AREAS}


@dataclass
class Row:
    """One task as read from an export."""
    where: str                  # "FILE: row N"
    doc: str
    index: int
    text: str | None
    documents: str | None       # the sidecar's file name the task names
    labels: dict | None         # {"type": ..., "area": ...}, a value None = prediction accepted; None = not reviewed
    doc_sha256: str | None = None


@dataclass
class ImportResult:
    documents: list[dict] = field(default_factory=list)   # gold documents: {"doc", "statements": [...]}
    problems: list[str] = field(default_factory=list)     # one line per bad row or file
    notes: list[str] = field(default_factory=list)        # worth saying, not wrong
    reviewed: int = 0
    changed: int = 0

    @property
    def statements(self) -> int:
        return sum(len(d["statements"]) for d in self.documents)


def _label(kind: str, value) -> tuple[str | None, str | None]:
    """(label, problem) of a filled cell or choice; blank -> (None, None).
    Spreadsheet spellings ("Area for improvement") are accepted."""
    if value is None:
        return None, None
    if isinstance(value, list):
        if len(value) != 1:
            return None, f"{kind} has {len(value)} choices, not one"
        value = value[0]
    if not isinstance(value, str):
        return None, f"{kind} {value!r} is not a label"
    norm = value.strip().lower().replace("-", "_").replace(" ", "_")
    if not norm:
        return None, None
    if norm not in LABELS[kind]:
        return None, f"unknown {kind} {value.strip()!r} (expected one of {', '.join(LABELS[kind])})"
    return norm, None


def _labels(where: str, values: dict, problems: list[str]) -> dict | None:
    out, bad = {}, []
    for kind in ("type", "area"):
        out[kind], problem = _label(kind, values.get(kind))
        if problem:
            bad.append(problem)
    if bad:
        problems.append(f"{where}: {'; '.join(bad)}")
        return None
    return out


def _identify(where: str, data: dict, problems: list[str]) -> tuple[str, int] | None:
    doc, index = data.get("doc"), data.get("index")
    if doc in (None, "") or index in (None, ""):
        missing = " and ".join(k for k, v in (("doc", doc), ("index", index)) if v in (None, ""))
        problems.append(f"{where}: no {missing}: not a task written by `peelnlp review`")
        return None
    try:
        index = int(str(index).strip())
    except ValueError:
        problems.append(f"{where}: index {index!r} is not a whole number")
        return None
    return str(doc), index


def _latest(annotations: list) -> dict | None:
    """The latest annotation a person did not cancel (skip)."""
    done = [a for a in annotations if isinstance(a, dict) and not a.get("was_cancelled")]
    if not done:
        return None
    # Position breaks ties: Label Studio lists annotations oldest first.
    return max(enumerate(done), key=lambda p: (str(p[1].get("updated_at") or p[1].get("created_at") or ""), p[0]))[1]


def _choices(result) -> dict:
    out = {}
    for item in result if isinstance(result, list) else []:
        if isinstance(item, dict) and item.get("from_name") in LABELS:
            out[item["from_name"]] = (item.get("value") or {}).get("choices")
    return out


def read_label_studio(path: Path, problems: list[str]) -> list[Row]:
    """Tasks of a Label Studio JSON export (or the task file itself: its tasks
    are not reviewed). A task is reviewed by its latest annotation that was
    not cancelled; a choice the annotation lacks keeps the prediction."""
    try:
        tasks = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        problems.append(f"{path}: not UTF-8 text")
        return []
    except json.JSONDecodeError as exc:
        problems.append(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})")
        return []
    if isinstance(tasks, dict):
        tasks = [tasks]
    if not isinstance(tasks, list):
        problems.append(f"{path}: not a list of tasks")
        return []
    rows = []
    for n, task in enumerate(tasks, 1):
        where = f"{path}: row {n}"
        if not isinstance(task, dict):
            problems.append(f"{where}: not a task (a JSON object)")
            continue
        if isinstance(task.get("id"), (int, str)):
            where += f" (task {task['id']})"
        flat = "data" not in task  # JSON-MIN: the data and the choices side by side
        data = task if flat else task["data"]
        if not isinstance(data, dict):
            problems.append(f"{where}: its data is not a JSON object")
            continue
        ident = _identify(where, data, problems)
        if ident is None:
            continue
        if flat:
            chosen = {k: task.get(k) for k in LABELS}
            chosen = {k: v.get("choices") if isinstance(v, dict) else v for k, v in chosen.items()}
            reviewed = any(v not in (None, "", []) for v in chosen.values())
        else:
            annotations = task.get("annotations") or []
            if not isinstance(annotations, list):
                problems.append(f"{where}: its annotations are not a list")
                continue
            latest = _latest(annotations)
            reviewed = latest is not None
            chosen = _choices(latest.get("result")) if reviewed else {}
        labels = None
        if reviewed:
            labels = _labels(where, chosen, problems)
            if labels is None:
                continue
        rows.append(Row(where, ident[0], ident[1], data.get("text"), data.get("documents"), labels,
                        data.get("doc_sha256")))
    return rows


def read_csv(path: Path, problems: list[str]) -> list[Row]:
    """Rows of the filled CSV. Every row left in the file counts as reviewed;
    a blank ``type`` or ``area`` means the prediction is right. To leave a
    statement unreviewed, delete its row."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            header = reader.fieldnames or []
            missing = [c for c in ("doc", "index", "type", "area") if c not in header]
            if missing:
                problems.append(f"{path}: no column {', '.join(missing)}: not a CSV written by `peelnlp review`")
                return []
            rows = []
            for n, values in enumerate(reader, 2):  # the header is row 1
                where = f"{path}: row {n}"
                if None in values:  # more cells than the header names
                    problems.append(f"{where}: {len(values[None])} cell(s) more than the header's columns")
                    continue
                ident = _identify(where, values, problems)
                if ident is None:
                    continue
                labels = _labels(where, values, problems)
                if labels is None:
                    continue
                rows.append(Row(where, ident[0], ident[1], values.get("text"), values.get("documents") or None,
                                labels))
            return rows
    except UnicodeDecodeError:
        problems.append(f"{path}: not UTF-8 text (save the spreadsheet as CSV UTF-8)")
    except csv.Error as exc:
        problems.append(f"{path}: not a readable CSV ({exc})")
    return []


def read_export(path: Path, problems: list[str]) -> list[Row]:
    if path.suffix.lower() == ".csv":
        return read_csv(path, problems)
    return read_label_studio(path, problems)


def load_documents(path: Path) -> dict[str, dict]:
    """A documents sidecar: doc name -> its record. Raises ValueError naming the line."""
    docs = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                d = json.loads(line)
                docs[d["doc"]] = d
                d["statements"][0]["text"]  # noqa: B018  a document has statements with text
            except (json.JSONDecodeError, KeyError, IndexError, TypeError) as exc:
                raise ValueError(f"{path}: line {n}: not a document record ({type(exc).__name__})") from None
    return docs


class _Sidecars:
    """The documents sidecars, found by the name the tasks carry (beside the
    export) unless given."""

    def __init__(self, given, problems: list[str]):
        self.problems = problems
        self.loaded: dict[Path, dict] = {}
        self.given: dict[str, dict] = {}
        for p in given or ():
            self.given.update(self._load(Path(p)) or {})

    def _load(self, path: Path) -> dict | None:
        if path not in self.loaded:
            try:
                self.loaded[path] = load_documents(path)
            except FileNotFoundError:
                self.loaded[path] = None
            except (OSError, ValueError) as exc:
                self.problems.append(str(exc) if isinstance(exc, ValueError) else f"{path}: {exc.strerror}")
                self.loaded[path] = {}
        return self.loaded[path]

    def documents(self, export: Path, row: Row) -> dict | None:
        if self.given:
            return self.given
        names = [row.documents] if row.documents else []
        names.append(sidecar_path(export).name)
        for name in names:
            found = self._load(export.parent / Path(name).name)
            if found is not None:
                return found
        return None


def import_exports(exports, documents=None) -> ImportResult:
    """Gold documents from the exports: every statement of each document with
    at least one reviewed statement, reviewed ones with the person's labels
    (``"reviewed": true``), the others with the model's (``false``)."""
    result = ImportResult()
    sidecars = _Sidecars(documents, result.problems)
    reviews: dict[tuple[str, int], tuple[dict, str]] = {}
    known: dict[str, dict] = {}
    for export in map(Path, exports):
        try:
            rows = read_export(export, result.problems)
        except OSError as exc:
            result.problems.append(f"{export}: {exc.strerror or exc}")
            continue
        missing_reported = set()
        for row in rows:
            docs = sidecars.documents(export, row)
            if docs is None:
                name = row.documents or sidecar_path(export).name
                if name not in missing_reported:
                    missing_reported.add(name)
                    result.problems.append(f"{export}: can't find the documents file {name} beside it; "
                                           f"give it with --documents")
                continue
            doc = docs.get(row.doc)
            if doc is None:
                result.problems.append(f"{row.where}: document {row.doc!r} is not in the documents file")
                continue
            statements = doc["statements"]
            if not 0 <= row.index < len(statements):
                result.problems.append(f"{row.where}: {row.doc} has no statement {row.index}")
                continue
            if (row.text is not None and row.text.strip() != statements[row.index]["text"].strip()) or \
                    (row.doc_sha256 and row.doc_sha256 != doc.get("sha256")):
                result.problems.append(f"{row.where}: its text is not statement {row.index} of {row.doc} "
                                       f"in the documents file (tagged differently?)")
                continue
            known[row.doc] = doc
            if row.labels is None:
                continue
            key = (row.doc, row.index)
            if key in reviews and reviews[key][0] != row.labels:
                result.notes.append(f"{row.where}: statement {row.index} of {row.doc} was reviewed before "
                                    f"({reviews[key][1]}); this later review is kept")
            reviews[key] = (row.labels, row.where)
    by_doc: dict[str, dict[int, dict]] = {}
    for (name, index), (labels, _) in reviews.items():
        by_doc.setdefault(name, {})[index] = labels
    for name, doc in known.items():
        if name not in by_doc:
            continue  # nothing a person said about it: the model's labels alone teach nothing new
        out = []
        for i, s in enumerate(doc["statements"]):
            labels = by_doc[name].get(i)
            record = {"id": i + 1, "doc": name, "text": s["text"], "kind": s["kind"], "type": s["type"],
                      "area": s["area"], "grade": s.get("grade"), "numeric_claims": s.get("numeric_claims") or [],
                      "reviewed": labels is not None}
            if labels is not None:
                for kind in ("type", "area"):
                    if labels[kind] is not None:  # None: the prediction was accepted
                        record[kind] = labels[kind]
                result.reviewed += 1
                result.changed += (record["type"], record["area"]) != (s["type"], s["area"])
            out.append(record)
        result.documents.append({"doc": name, "statements": out})
    return result


def write_corpus(result: ImportResult, output: Path) -> None:
    """The gold documents as one JSONL file (written whole, then moved into place)."""
    tmp = output.with_name(output.name + ".partial")
    with open(tmp, "w", encoding="utf-8") as f:
        for doc in result.documents:
            for record in doc["statements"]:
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
    tmp.replace(output)
