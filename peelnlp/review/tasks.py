"""Annotation tasks: Label Studio JSON (with its labelling config) or a CSV
to fill in a spreadsheet, and the documents sidecar.

Every task names its statement by ``doc`` and ``index`` and carries the
sidecar's file name (``documents``): the sidecar holds every statement of each
tagged document, so the importer can write whole gold documents, the reviewed
statements with the person's labels and the others with the model's.
"""
from __future__ import annotations

import csv
import hashlib
import json
from importlib import resources
from pathlib import Path

#: statements shown before and after the one under review
CONTEXT = 2
#: the CSV's columns; a person fills ``type`` and ``area`` (blank: the prediction is right)
CSV_COLUMNS = ("task", "doc", "index", "section", "box", "heading", "before", "text", "after",
               "predicted_type", "predicted_area", "type_score", "type", "area", "documents")
#: the fields of a statement kept in the sidecar
STATEMENT_FIELDS = ("index", "text", "kind", "section", "box", "heading", "type", "type_score", "area",
                    "grade", "numeric_claims")
LABELLING_CONFIG = "labelling_config.xml"


def labelling_config() -> str:
    """The Label Studio labelling config shipped with peelnlp."""
    return resources.files(__package__).joinpath(LABELLING_CONFIG).read_text(encoding="utf-8")


def sidecar_path(tasks: Path) -> Path:
    """Where ``review`` writes the documents of TASKS: NAME.documents.jsonl beside it."""
    return tasks.with_name(tasks.with_suffix("").name + ".documents.jsonl")


def config_path(tasks: Path) -> Path:
    return tasks.with_name(tasks.with_suffix("").name + ".labelling.xml")


def statements_sha256(statements) -> str:
    """A fingerprint of a document's statements (their text, in order): an
    export read against another tagging of the document is caught."""
    h = hashlib.sha256()
    for s in statements:
        h.update(s["text"].encode("utf-8") + b"\x00")
    return h.hexdigest()


def group_documents(records) -> list[dict]:
    """Tagged records grouped into sidecar documents, in input order."""
    docs: dict[str, list[dict]] = {}
    for r in records:
        docs.setdefault(r["doc"], []).append({k: r.get(k) for k in STATEMENT_FIELDS})
    return [{"doc": name, "sha256": statements_sha256(st), "statements": st} for name, st in docs.items()]


def _where(record: dict) -> str:
    parts = [f"Report: {Path(str(record['doc'])).name}"]
    for label, key in (("Section", "section"), ("Box", "box"), ("Finding", "heading")):
        if record.get(key):
            parts.append(f"{label}: {record[key]}")
    return " | ".join(parts)


def build_tasks(documents: list[dict], chosen: list[tuple[str, int]], documents_name: str) -> list[dict]:
    """One task per chosen ``(doc, index)``, numbered from 1 in the order given."""
    by_name = {d["doc"]: d for d in documents}
    tasks = []
    for number, (name, index) in enumerate(chosen, 1):
        statements = by_name[name]["statements"]
        s = statements[index]

        tasks.append({
            "id": number,
            "doc": name, "index": index, "text": s["text"], "kind": s["kind"],
            "section": s["section"], "box": s["box"], "heading": s["heading"],
            "where": _where({**s, "doc": name}),
            "before": "\n".join(r["text"] for r in statements[max(0, index - CONTEXT):index]),
            "after": "\n".join(r["text"] for r in statements[index + 1:index + 1 + CONTEXT]),
            "predicted_type": s["type"], "predicted_area": s["area"], "type_score": s["type_score"],
            "doc_sha256": by_name[name]["sha256"], "documents": documents_name,
        })
    return tasks


def label_studio_tasks(tasks: list[dict], model_version: str | None) -> list[dict]:
    """Tasks in Label Studio's import format, the model's labels as a
    pre-annotation (``predictions``) that the person accepts or changes."""
    out = []
    for t in tasks:
        data = {k: v for k, v in t.items() if k != "id"}
        result = [{"id": f"{t['id']}-{name}", "from_name": name, "to_name": "text", "type": "choices",
                   "value": {"choices": [t[f"predicted_{name}"]]}}
                  for name in ("type", "area") if t[f"predicted_{name}"] is not None]
        out.append({"id": t["id"], "data": data,
                    "predictions": [{"model_version": model_version or "peelnlp", "score": t["type_score"],
                                     "result": result}]})
    return out


def write_label_studio(tasks: list[dict], path: Path, model_version: str | None) -> list[Path]:
    """TASKS (JSON) and the labelling config beside it; returns both paths."""
    path.write_text(json.dumps(label_studio_tasks(tasks, model_version), ensure_ascii=False, indent=1) + "\n",
                    encoding="utf-8")
    config = config_path(path)
    config.write_text(labelling_config(), encoding="utf-8")
    return [path, config]


def write_csv(tasks: list[dict], path: Path) -> list[Path]:
    """TASKS as CSV (UTF-8 with a byte-order mark, so spreadsheets read the
    accents right); ``type`` and ``area`` are left blank to fill."""
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=CSV_COLUMNS)
        w.writeheader()
        for t in tasks:
            w.writerow({"task": t["id"], **{k: t[k] for k in CSV_COLUMNS if k in t and k != "id"},
                        "type": "", "area": ""})
    return [path]


def write_documents(documents: list[dict], path: Path) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        for d in documents:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    return path
