"""``peelnlp_classifier``: the type of every statement.

Sets ``span._.type`` (strength, area_for_improvement, cause_of_concern,
innovative_practice, other) and ``span._.type_score`` (its calibrated
probability) from the trained :class:`~peelnlp.learn.estimators.TypeClassifier`.
"""
from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import register_extensions, set_span_values, statement_offsets

MODEL_FILE = "type"
#: written beside a component's weights by to_disk/to_bytes: the model's name
#: and the SHA-256 of each weight file, checked before the weights are read
CHECKSUMS = "checksums.json"


class _ModelComponent:
    """Shared plumbing of the trained components.

    The factory's ``model`` is a registry name (``NAME@VERSION``), never a
    path, so a saved config travels. :meth:`initialize` reads that model from
    the registry (its files checked against ``meta.json``); :meth:`to_disk` /
    :meth:`to_bytes` save the weights inside the pipeline with their SHA-256,
    and :meth:`from_disk` / :meth:`from_bytes` check them before loading, so
    ``spacy.load`` of a saved pipeline needs no registry.
    """

    model_file = ""
    estimator = None  # the estimator class, set by the subclass

    def __init__(self, nlp: Language, name: str, model: str | None = None):
        register_extensions()
        self.name = name
        self.model_name = model
        self.model = None

    def initialize(self, get_examples=None, *, nlp=None, models_dir=None, entry=None) -> None:
        """Load ``self.model_name`` from the registry (or the given ``entry``)."""
        from ..registry import ModelError, resolve

        if entry is None:
            if not self.model_name:
                raise ModelError(f"{self.name}: no model named in its config; give model=NAME@VERSION")
            entry = resolve(self.model_name, models_dir)
            entry.verify()
        self.model = self.estimator.load(entry.path / self.model_file)
        self.model_name = f"{entry.name}@{entry.version}"

    # -- serialisation -------------------------------------------------------------
    def _files(self) -> dict[str, bytes]:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            return {f.name: f.read_bytes() for f in self.model.save(Path(tmp))}

    def _load_files(self, files: dict[str, bytes], where: str) -> None:
        import hashlib
        import json
        import tempfile

        from ..registry import ModelError

        checks = json.loads(files.pop(CHECKSUMS))
        listed = checks.get("sha256", {})
        if set(listed) != set(files):
            raise ModelError(f"{where}: weight files {sorted(files)} don't match those listed {sorted(listed)}")
        for fname, data in files.items():
            if hashlib.sha256(data).hexdigest() != listed[fname]:
                raise ModelError(f"{where}: {fname} doesn't match its SHA-256; refusing to load a changed model")
        with tempfile.TemporaryDirectory() as tmp:
            for fname, data in files.items():
                (Path(tmp) / Path(fname).name).write_bytes(data)
            self.model = self.estimator.load(Path(tmp))
        self.model_name = checks.get("model", self.model_name)

    def _with_checksums(self) -> dict[str, bytes]:
        import hashlib
        import json

        files = self._files()
        checks = {"model": self.model_name, "sha256": {k: hashlib.sha256(v).hexdigest() for k, v in files.items()}}
        return {**files, CHECKSUMS: json.dumps(checks, indent=2, sort_keys=True).encode()}

    def to_disk(self, path, exclude=tuple()) -> None:
        if self.model is None:
            return
        folder = Path(path) / self.model_file
        folder.mkdir(parents=True, exist_ok=True)
        for fname, data in self._with_checksums().items():
            (folder / fname).write_bytes(data)

    def from_disk(self, path, exclude=tuple()):
        folder = Path(path) / self.model_file
        if folder.is_dir():
            self._load_files({f.name: f.read_bytes() for f in folder.iterdir() if f.is_file()}, str(folder))
        return self

    def to_bytes(self, exclude=tuple()) -> bytes:
        import srsly

        return srsly.msgpack_dumps({} if self.model is None else self._with_checksums())

    def from_bytes(self, data: bytes, exclude=tuple()):
        import srsly

        files = srsly.msgpack_loads(data)
        if files:
            self._load_files(dict(files), f"{self.name} (bytes)")
        return self

    def _inputs(self, doc: Doc):
        from ..learn.features import inputs_from_doc

        offsets = statement_offsets(doc)
        if self.model is None or not offsets:
            return None, None
        # The type and area models read the same inputs: built once per doc.
        if doc._.statement_inputs is None:
            doc._.statement_inputs = inputs_from_doc(doc)
        return offsets, doc._.statement_inputs


class TypeTagger(_ModelComponent):
    model_file = MODEL_FILE

    def __init__(self, nlp, name, model=None):
        from ..learn.estimators import TypeClassifier

        self.estimator = TypeClassifier
        super().__init__(nlp, name, model)

    def __call__(self, doc: Doc) -> Doc:
        offsets, inputs = self._inputs(doc)
        if self.model is not None:
            doc._.model = self.model_name  # every record names the model that made it
        if offsets is None:
            return doc
        proba = self.model.predict_proba(inputs)
        best = proba.argmax(axis=1)
        set_span_values(doc, offsets, "type", [str(self.model.classes_[k]) for k in best])
        set_span_values(doc, offsets, "type_score", proba[range(len(best)), best].tolist())
        return doc


@Language.factory("peelnlp_classifier", default_config={"model": None})
def make_type_tagger(nlp: Language, name: str, model: str | None) -> TypeTagger:
    return TypeTagger(nlp, name, model)
