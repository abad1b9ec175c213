"""Training corpora: gold statement files, or raw reports whose structure
yields labels.

Gold files (JSONL or Parquet, the format of the GUIDELINES' gold files) are
loaded with Hugging Face ``datasets``, their labels typed as ``ClassLabel``.
Each file is one document: statements in order, titles included, so that the
report's structure (sections, boxes, finding headings) can be rebuilt exactly
as the pipeline rebuilds it. A file with a ``doc`` column (as ``peelnlp
import-review`` writes) holds several documents, each statement naming its
own. A ``reviewed`` column marks which statements a person labelled: the
others carry a model's labels, and training can weight them less.

A raw report (.txt, .pdf, .html) is segmented by the pipeline; statements
inside a labelled box ("Areas for improvement", "Innovative practice",
"Cause of concern", "Recommendations") take the box's type, and statements in
an area's own section take its area. Other statements are left unlabelled.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..labels import AREAS, KINDS, TYPES
from ..labels import BOX_TYPES as RULE_BOX_TYPES  # the boxes the type model's rules read
from ..readers import EXTENSIONS
from ..registry import sha256
GOLD_SUFFIXES = (".jsonl", ".parquet")
#: the reports ``peelnlp tag`` reads (the readers' extensions)
RAW_SUFFIXES = tuple(sorted(EXTENSIONS))
#: a raw report's boxes label their statements: the rule boxes, and an
#: areas-for-improvement box, whose statements are shortfalls
BOX_TYPES = {**RULE_BOX_TYPES, "Areas for improvement": "area_for_improvement"}


@dataclass
class CorpusDocument:
    path: Path
    sha256: str
    source: str                      # "gold" or "structure"
    kinds: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    types: list[str | None] = field(default_factory=list)
    areas: list[str | None] = field(default_factory=list)
    grades: list[str | None] = field(default_factory=list)
    #: the document's name inside a file of several (its ``doc`` column)
    name: str | None = None
    #: gold ids (the ``id`` column), when the file has them
    ids: list | None = None
    #: per statement: did a person label it? None: no marks, all gold
    reviewed: list[bool] | None = None

    def __len__(self) -> int:
        return len(self.texts)


def find_files(paths) -> list[Path]:
    """Corpus files named by ``paths`` (folders walked as ``peelnlp tag`` walks
    them: :func:`peelnlp.bulk.inputs.walk`). A raw report with a gold file
    beside it (NAME.txt + NAME.gold.jsonl) is used through its gold file only."""
    from ..bulk.inputs import walk

    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = []
            for f in walk(p, GOLD_SUFFIXES + RAW_SUFFIXES):
                if isinstance(f, OSError):
                    raise f
                found.append(f)
            found.sort()
        elif p.is_file():
            found = [p]
        else:
            raise FileNotFoundError(2, "no such corpus", str(p))
        gold_stems = {f.name.split(".")[0] for f in found if f.suffix.lower() in GOLD_SUFFIXES}
        for f in found:
            if f.suffix.lower() in RAW_SUFFIXES and f.name.split(".")[0] in gold_stems and p.is_dir():
                continue
            if f.suffix.lower() in GOLD_SUFFIXES + RAW_SUFFIXES:
                files.append(f)
    return files


def gold_features(ds=None):
    from datasets import ClassLabel, Features, Value

    features = {
        "text": Value("string"),
        "kind": ClassLabel(names=list(KINDS)),
        "type": ClassLabel(names=list(TYPES)),
        "area": ClassLabel(names=list(AREAS)),
        "grade": Value("string"),
    }
    if ds is not None:  # the optional columns keep their own types
        features.update({c: ds.features[c] for c in ("id", "doc", "reviewed") if c in ds.column_names})
    return Features(features)


def gold_dataset(path: Path):
    """A gold file as a ``datasets.Dataset`` with ClassLabel columns."""
    import datasets

    datasets.disable_progress_bars()
    builder = "parquet" if path.suffix.lower() == ".parquet" else "json"
    try:
        ds = datasets.load_dataset(builder, data_files=str(path), split="train", keep_in_memory=True)
    except Exception as exc:  # datasets wraps parse errors in several types
        raise ValueError(f"{path}: can't load gold statements ({type(exc).__name__}: {exc})") from None
    missing = {"text", "kind", "type", "area"} - set(ds.column_names)
    if missing:
        raise ValueError(f"{path}: gold file lacks columns {', '.join(sorted(missing))}")
    if "grade" not in ds.column_names:
        ds = ds.add_column("grade", [None] * len(ds))
    extra = [c for c in ("id", "doc", "reviewed") if c in ds.column_names]
    ds = ds.select_columns(["text", "kind", "type", "area", "grade", *extra])
    try:
        return ds.cast(gold_features(ds))
    except ValueError as exc:
        raise ValueError(f"{path}: labels outside the guidelines' sets ({exc})") from None


def _gold_documents(path: Path) -> list[CorpusDocument]:
    """The documents of a gold file: one, or one per value of its ``doc``
    column (in order of first appearance, each in its statements' order)."""
    ds = gold_dataset(path)
    f = ds.features
    digest = sha256(path)
    columns = {
        "kinds": [f["kind"].int2str(k) for k in ds["kind"]], "texts": list(ds["text"]),
        "types": [None if t is None else f["type"].int2str(t) for t in ds["type"]],
        "areas": [None if a is None else f["area"].int2str(a) for a in ds["area"]], "grades": list(ds["grade"]),
    }
    ids = list(ds["id"]) if "id" in ds.column_names else None
    # A missing mark (a hand-written line among imported ones) means gold.
    reviewed = [r is not False for r in ds["reviewed"]] if "reviewed" in ds.column_names else None
    names = list(ds["doc"]) if "doc" in ds.column_names else [None] * len(ds)
    rows: dict = {}
    for i, name in enumerate(names):
        rows.setdefault(name, []).append(i)
    return [
        CorpusDocument(path=path, sha256=digest, source="gold", name=name,
                       ids=None if ids is None else [ids[i] for i in keep],
                       reviewed=None if reviewed is None else [reviewed[i] for i in keep],
                       **{key: [values[i] for i in keep] for key, values in columns.items()})
        for name, keep in rows.items()
    ]


def _structure_document(path: Path, nlp) -> CorpusDocument:
    from ..extensions import STATEMENTS
    from ..frameworks import load_framework
    from ..pipeline import make_doc
    from ..readers import read

    doc = nlp(make_doc(nlp, read(path)))
    fw = load_framework(doc._.framework)
    out = CorpusDocument(path=path, sha256=sha256(path), source="structure")
    for span in doc.spans[STATEMENTS]:
        section = fw.section(span._.section) if span._.section else None
        out.kinds.append(span._.kind)
        out.texts.append(span.text)
        out.grades.append(span._.grade)
        if span._.kind == "title" or span._.grade:
            out.types.append("other")
        else:
            out.types.append(BOX_TYPES.get(span._.box))
        out.areas.append(span._.area or (section[1] if section else None))
    return out


def load_corpora(paths) -> list[CorpusDocument]:
    docs = []
    nlp = None
    for path in find_files(paths):
        if path.suffix.lower() in GOLD_SUFFIXES:
            docs += _gold_documents(path)
        else:
            if nlp is None:
                from ..pipeline import build

                nlp = build(model_pipes=False)
            docs.append(_structure_document(path, nlp))
    if not docs:
        raise ValueError("no corpus files found in " + ", ".join(map(str, paths)))
    return docs
