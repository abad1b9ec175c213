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


class _ModelComponent:
    """Shared plumbing: load a saved estimator, save it with the pipeline."""

    model_file = ""
    estimator = None  # the estimator class

    def __init__(self, nlp: Language, name: str, model_path: str | None = None):
        register_extensions()
        self.name = name
        self.model = self.estimator.load(Path(model_path) / self.model_file) if model_path else None

    def to_disk(self, path, exclude=tuple()) -> None:
        if self.model is not None:
            Path(path).mkdir(parents=True, exist_ok=True)
            self.model.save(Path(path) / self.model_file)

    def from_disk(self, path, exclude=tuple()):
        target = Path(path) / self.model_file
        if target.is_dir():
            self.model = self.estimator.load(target)
        return self

    def _inputs(self, doc: Doc):
        from ..learn.features import inputs_from_doc

        offsets = statement_offsets(doc)
        if self.model is None or not offsets:
            return None, None
        return offsets, inputs_from_doc(doc)


class TypeTagger(_ModelComponent):
    model_file = MODEL_FILE

    def __init__(self, nlp, name, model_path=None):
        from ..learn.estimators import TypeClassifier

        self.estimator = TypeClassifier
        super().__init__(nlp, name, model_path)

    def __call__(self, doc: Doc) -> Doc:
        offsets, inputs = self._inputs(doc)
        if offsets is None:
            return doc
        proba = self.model.predict_proba(inputs)
        best = proba.argmax(axis=1)
        set_span_values(doc, offsets, "type", [str(self.model.classes_[k]) for k in best])
        set_span_values(doc, offsets, "type_score", proba[range(len(best)), best].tolist())
        return doc


@Language.factory("peelnlp_classifier", default_config={"model_path": None})
def make_type_tagger(nlp: Language, name: str, model_path: str | None) -> TypeTagger:
    return TypeTagger(nlp, name, model_path)
