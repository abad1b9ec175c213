"""``peelnlp train``: fit the type and area models, measure them on held-out
documents, and write a versioned model folder with its metadata."""
from __future__ import annotations

import json
import platform
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from ..learn.estimators import AREAS, TYPES, AreaClassifier, TypeClassifier
from ..learn.linear import _runs
from ..learn.features import StatementInput, inputs_from_sequence, scored_bare, scored_lines
from .corpus import CorpusDocument, load_corpora

from ..labels import GRADES, MISSION  # noqa: E402


def document_inputs(doc: CorpusDocument) -> list[StatementInput]:
    from ..frameworks import detect

    titles = [t for k, t in zip(doc.kinds, doc.texts) if k == "title"]
    return inputs_from_sequence(list(zip(doc.kinds, doc.texts)), detect(titles), doc.grades, anchors=doc.areas)


def training_rows(docs: list[CorpusDocument]):
    """(inputs, types, areas, document index) of every non-title statement."""
    X, types, areas, groups = [], [], [], []
    for d, doc in enumerate(docs):
        for x, kind, t, a in zip(document_inputs(doc), doc.kinds, doc.types, doc.areas):
            if kind == "title":
                continue  # titles are structure, labelled by rule (GUIDELINES s.1)
            X.append(x)
            types.append(t)
            areas.append(a)
            groups.append(d)
    return X, types, areas, np.asarray(groups)


#: how ``train`` treats statements a person did not review (``--unreviewed``)
UNREVIEWED = ("keep", "weight", "skip")
UNREVIEWED_WEIGHT = 0.3


def row_weights(docs: list[CorpusDocument], unreviewed: str = "weight",
                weight: float = UNREVIEWED_WEIGHT) -> np.ndarray:
    """A training weight per row of :func:`training_rows`: 1 for gold and
    reviewed statements; for the unreviewed ones of a reviewed corpus (they
    carry a model's labels) 1 (``keep``), ``weight`` or 0 (``skip``)."""
    if unreviewed not in UNREVIEWED:
        raise ValueError(f"unreviewed must be one of {', '.join(UNREVIEWED)}")
    low = {"keep": 1.0, "weight": float(weight), "skip": 0.0}[unreviewed]
    out = []
    for doc in docs:
        marks = doc.reviewed or [True] * len(doc)
        out += [1.0 if seen else low for kind, seen in zip(doc.kinds, marks) if kind != "title"]
    return np.asarray(out)


def _fit(model, X, y, groups=None, sample_weight=None):
    # Unlabelled rows and rows of weight 0 (skipped) are left out.
    keep = [i for i, label in enumerate(y)
            if label is not None and (sample_weight is None or sample_weight[i] > 0)]
    weights = None
    if sample_weight is not None and np.any(np.asarray(sample_weight)[keep] != 1.0):
        weights = [float(sample_weight[i]) for i in keep]
    return model.fit([X[i] for i in keep], [y[i] for i in keep], sample_weight=weights,
                     groups=None if groups is None else [groups[i] for i in keep])


def predict_documents(model, X, groups, lines: bool = False) -> list:
    """``model``'s predictions for ``X``, one document (a run of ``groups``)
    at a time and in order, since the models read a statement's neighbours;
    with ``lines``, each document as the lines reader sees it."""
    out = []
    for a, b in _runs(list(groups)):
        part = list(X[a:b])
        out += list(model.predict(scored_lines(part) if lines else part))
    return out


def finding_keys(X, groups) -> list[tuple]:
    """Each statement's finding as a key (its document, section, box and
    finding heading): the blocks that paired intervals over training-style
    rows resample (see evaluation.metrics.paired_difference; rows have no
    titles to start a block at)."""
    return [(str(g), str(x.section), str(x.box), str(x.heading)) for x, g in zip(X, groups)]


def _macro_f1(gold, pred, labels) -> float:
    """Macro F1 over ``labels`` that occur in gold or predictions (scripts/ablation.py and
    crossval_dev.py import it): evaluation's own per-class scores (scikit-learn)."""
    from ..evaluation.metrics import macro_average, per_class

    return macro_average(per_class(gold, pred, labels), labels)["f1"]


def _cv_fold(X, types, areas, groups, train, test, seed: int, type_params: dict, area_params: dict,
             weights=None) -> dict:
    """Predictions for the documents of ``test`` by models fitted on ``train``,
    in four views of the text: as structured, as the lines reader sees it (no
    sections or boxes), bare (no layout), and areas on lines."""
    Xtr = [X[i] for i in train]
    gtr = [groups[i] for i in train]
    wtr = None if weights is None else [weights[i] for i in train]
    # Held-out figures need no calibration: it changes no predicted label.
    tm = _fit(TypeClassifier(**{**type_params, "random_state": seed, "calibrate": False}), Xtr,
              [types[i] for i in train], gtr, wtr)
    am = _fit(AreaClassifier(**{**area_params, "random_state": seed, "calibrate": False}), Xtr,
              [areas[i] for i in train], gtr, wtr)
    out = {"rows": [], "type": [], "lines": [], "bare": [], "area": [], "lines_area": []}
    # One document at a time, in order: the models read a statement's neighbours.
    for a, b in _runs([groups[i] for i in test]):
        rows = list(test[a:b])
        Xd = [X[i] for i in rows]
        lines = scored_lines(Xd)
        out["rows"] += rows
        out["type"] += list(tm.predict(Xd))
        out["lines"] += list(tm.predict(lines))
        out["bare"] += list(tm.predict(scored_bare(Xd)))
        out["area"] += list(am.predict(Xd))
        out["lines_area"] += list(am.predict(lines))
    return out


def cross_validate(X, types, areas, groups, seed: int = 0, folds: int = 5, progress=None,
                   type_params: dict | None = None, area_params: dict | None = None, n_jobs: int = 2,
                   weights=None, scored=None) -> dict:
    """Held-out metrics, each document held out whole (grouped K-fold); the
    folds run in ``n_jobs`` processes (joblib). ``weights`` weight the fits.
    Only the ``scored`` rows (default: those of weight 1) are scored: the
    others carry a model's labels, not a person's (see row_weights)."""
    from joblib import Parallel, delayed
    from sklearn.model_selection import GroupKFold

    n_docs = len(set(groups.tolist()))
    if n_docs < 2:
        return {}
    splits = list(GroupKFold(n_splits=min(folds, n_docs)).split(X, groups=groups))
    pred = {key: np.empty(len(X), dtype=object) for key in ("type", "lines", "bare", "area", "lines_area")}
    jobs = (delayed(_cv_fold)(X, types, areas, groups, train, test, seed, type_params or {}, area_params or {},
                              weights)
            for train, test in splits)
    for fold in Parallel(n_jobs=min(n_jobs, len(splits)), return_as="generator")(jobs):
        for key in pred:
            pred[key][fold["rows"]] = fold[key]
        if progress is not None:
            progress.update(1)
    if scored is not None:
        gold = list(scored)
    else:
        gold = [True] * len(X) if weights is None else [w == 1.0 for w in weights]
    has_t = [i for i, t in enumerate(types) if t is not None and gold[i]]
    has_a = [i for i, a in enumerate(areas) if a is not None and gold[i]]
    gold_t = [types[i] for i in has_t]

    def accuracy(key, gold, rows):
        return float(np.mean([pred[key][i] == gold[i] for i in rows]))

    return {
        "type_accuracy": accuracy("type", types, has_t),
        "type_macro_f1_mission": _macro_f1(gold_t, [pred["type"][i] for i in has_t], MISSION),
        "lines_type_accuracy": accuracy("lines", types, has_t),
        "lines_type_macro_f1_mission": _macro_f1(gold_t, [pred["lines"][i] for i in has_t], MISSION),
        "bare_type_accuracy": accuracy("bare", types, has_t),
        "area_accuracy": accuracy("area", areas, has_a),
        "lines_area_accuracy": accuracy("lines_area", areas, has_a),
        "statements": len(has_t),
        "documents": n_docs,
    }


def fit_models(X, types, areas, groups=None, seed: int = 0, type_params: dict | None = None, weights=None,
               area_params: dict | None = None):
    return (_fit(TypeClassifier(random_state=seed, **(type_params or {})), X, types, groups, weights),
            _fit(AreaClassifier(random_state=seed, **(area_params or {})), X, areas, groups, weights))


#: the folds of the held-out figures, unless a training config says otherwise
FOLDS = 5


def read_config(path) -> dict:
    """A training config (JSON): ``{"folds": N, "jobs": N, "type": {...}, "area": {...}}``,
    every key optional; ``jobs``: processes for the folds (default 2; 1 starts
    none, quicker for a tiny corpus); ``type``/``area`` are the estimators' parameters
    (TypeClassifier, AreaClassifier). For quick experiments and the tests' tiny
    models (``tests/fixtures/tiny_training.json``); the shipped models use the defaults."""
    path = Path(path)
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: not a training config ({exc})") from None
    if not isinstance(config, dict) or set(config) - {"folds", "jobs", "type", "area"}:
        raise ValueError(f"{path}: a training config has only the keys folds, jobs, type and area")
    out = {}
    for key, default, low in (("folds", FOLDS, 2), ("jobs", 2, 1)):
        value = out[key] = config.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < low:
            raise ValueError(f"{path}: {key} must be a whole number of at least {low}, not {value!r}")
    for key, cls in (("type", TypeClassifier), ("area", AreaClassifier)):
        params = config.get(key, {})
        unknown = sorted(set(params) - set(cls().get_params()) if isinstance(params, dict) else ["(not an object)"])
        if unknown or "random_state" in params:
            raise ValueError(f"{path}: {key}: not {cls.__name__} parameters: {', '.join(unknown) or 'random_state'} "
                             f"(the seed is --seed)")
        out[key] = params
    return out


def _library_versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for name in ("peelnlp", "spacy", "scikit-learn", "numpy", "datasets"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class _Heartbeat:
    """A log line every ``every`` seconds while training runs, for logs that
    have no progress bar (not a terminal): a long quiet job looks hung."""

    def __init__(self, report, every: float = 30.0, quiet: bool = False):
        import threading

        self.report, self.every, self.quiet = report, every, quiet
        self.stage = "starting"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import time

        started = time.monotonic()
        while not self._stop.wait(self.every):
            self.report(f"train: {self.stage}, {time.monotonic() - started:.0f} s so far")

    def __enter__(self):
        if not self.quiet:
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()


def _corpus_entry(doc: CorpusDocument) -> dict:
    entry = {"path": _display_path(doc.path), "sha256": doc.sha256, "statements": len(doc), "labels": doc.source}
    if doc.name is not None:
        entry["doc"] = doc.name
    if doc.reviewed is not None:
        entry["labels"] = "reviewed"
        entry["reviewed"] = sum(doc.reviewed)
    return entry


def _review_meta(docs: list[CorpusDocument], unreviewed: str, weight: float) -> dict:
    """Which statements a person reviewed, per corpus file: how many, their
    ids per document and a SHA-256 over them (so two models can be compared
    at a glance); nothing when no corpus carries review marks."""
    import hashlib

    files: dict[str, dict] = {}
    for d in docs:
        if d.reviewed is None:
            continue
        f = files.setdefault(_display_path(d.path), {
            "path": _display_path(d.path), "sha256": d.sha256, "documents": 0, "statements": 0, "reviewed": 0,
            "reviewed_ids": {}})
        ids = d.ids if d.ids is not None else list(range(1, len(d) + 1))
        seen = [i for i, r in zip(ids, d.reviewed) if r]
        f["documents"] += 1
        f["statements"] += len(d)
        f["reviewed"] += len(seen)
        f["reviewed_ids"][d.name or Path(d.path).name] = seen
    if not files:
        return {}
    for f in files.values():
        f["reviewed_sha256"] = hashlib.sha256(
            json.dumps(f["reviewed_ids"], sort_keys=True).encode()).hexdigest()
    return {"review": {"unreviewed": unreviewed, "unreviewed_weight": weight if unreviewed == "weight" else None,
                       "files": list(files.values())}}


def _document_weights(docs: list[CorpusDocument], corpus_weights: dict, corpora) -> np.ndarray:
    """Each document's training weight: that of the file or folder (among
    or inside the corpora given to ``train``) it was found in, else 1."""
    out = np.ones(len(docs))
    for corpus, weight in corpus_weights.items():
        root = Path(corpus).resolve()
        found = False
        for i, doc in enumerate(docs):
            where = Path(doc.path).resolve()
            if where == root or root in where.parents:
                out[i], found = weight, True
        if not found:
            raise ValueError(f"--weight {corpus}={weight:g}: no training document there "
                             f"(corpora given: {', '.join(map(str, corpora))})")
    return out


def train_command(corpora, name: str, version: str | None = None, models_dir=None, seed: int = 0,
                  progress: bool = False, report=print, context: bool = True, unreviewed: str = "weight",
                  unreviewed_weight: float = UNREVIEWED_WEIGHT, corpus_weights: dict | None = None,
                  config: dict | None = None):
    """Train on ``corpora`` and write ``models/NAME/VERSION``; returns its entry.
    ``context``: with the type model's context stage (see TypeClassifier).
    ``unreviewed``/``unreviewed_weight``: what to do with the statements of a
    reviewed corpus that no person labelled (see row_weights).
    ``corpus_weights``: {corpus as given: weight} for the statements of the
    documents found there (default 1). ``config``: see read_config."""
    config = config or {}
    folds = config.get("folds", FOLDS)
    type_params = {"context": context, **config.get("type", {})}
    area_params = dict(config.get("area", {}))
    import re

    import os

    from ..registry import ENV, ModelEntry, ModelError, next_version, sha256

    if not re.fullmatch(r"[A-Za-z0-9_.-]+", name):
        raise ModelError(f"bad model name {name!r}: use letters, digits, '.', '_' or '-'")
    # A new model goes where the user says, never into the installed package.
    root = Path(models_dir or os.environ.get(ENV) or "models")
    version = version or next_version(name, root)
    if not re.fullmatch(r"\d+\.\d+\.\d+", version):
        raise ModelError(f"bad version {version!r}: use X.Y.Z")
    target = root / name / version
    if target.exists():
        raise ModelError(f"{target} already exists; pick another --version")

    if not 0.0 < unreviewed_weight <= 1.0:
        raise ValueError(f"the unreviewed weight must be in (0, 1], not {unreviewed_weight}")
    docs = load_corpora(corpora)
    X, types, areas, groups = training_rows(docs)
    weights = row_weights(docs, unreviewed, unreviewed_weight)
    n_low = int(np.sum(weights < 1))
    by_person = weights == 1.0  # what the held-out figures score
    weights = weights * _document_weights(docs, corpus_weights or {}, corpora)[groups]
    report(f"training on {len(docs)} documents, {len(X)} statements"
           + (f" ({n_low} not reviewed by a person: {unreviewed}"
              + (f" {unreviewed_weight:g}" if unreviewed == "weight" else "") + ")" if n_low else ""))
    if weights.size and not np.any(weights):
        raise ValueError("no statement left to train on: every one is unreviewed and --unreviewed is skip")
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=min(folds, len(docs)) + 1, desc="train", unit="fit", file=__import__("sys").stderr)
    with _Heartbeat(report, quiet=progress) as beat:
        beat.stage = f"cross-validating ({folds} folds)"
        weighted = bool(np.any(weights != 1.0))
        metrics = cross_validate(X, types, areas, groups, seed=seed, folds=folds, n_jobs=config.get("jobs", 2),
                                 progress=bar,
                                 type_params=type_params, area_params=area_params,
                                 weights=weights if weighted else None, scored=by_person)
        beat.stage = "fitting the final models"
        type_model, area_model = fit_models(X, types, areas, groups, seed=seed, type_params=type_params,
                                            weights=weights if weighted else None, area_params=area_params)
    if bar is not None:
        bar.update(1)
        bar.close()

    tmp = target.with_name(target.name + ".partial")
    files = type_model.save(tmp / "type") + area_model.save(tmp / "area")
    meta = {
        "name": name,
        "version": version,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "labels": {"type": list(TYPES), "area": list(AREAS), "grade": list(GRADES)},
        "corpora": [_corpus_entry(d) for d in docs],
        **_review_meta(docs, unreviewed, unreviewed_weight),
        "corpus_weights": dict(corpus_weights or {}),
        "metrics": metrics,
        "held_out": "grouped K-fold cross-validation, each corpus document held out whole; lines = no "
                    "sections or boxes, as the lines reader sees them; bare = no layout at all "
                    "(type and area over non-title statements; lines = the same statements with no layout)",
        "seed": seed,
        "folds": folds,
        "params": {"type": type_model.get_params(), "area": area_model.get_params()},
        "libraries": _library_versions(),
        "files": {str(f.relative_to(tmp)): sha256(f) for f in files},
    }
    (tmp / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    tmp.rename(target)  # a half-written model never looks like a model
    report("held-out: " + (", ".join(f"{k}={v:.3f}" for k, v in metrics.items() if isinstance(v, float))
                           or "none (cross-validation needs two documents)"))
    return ModelEntry(target, meta)
