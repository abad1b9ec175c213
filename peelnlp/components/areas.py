"""``peelnlp_areas``: the policing area of every statement.

Inside an area's own section the section decides; in summaries,
cross-cutting sections and bare lines the trained
:class:`~peelnlp.learn.estimators.AreaClassifier` reads the statement and its
finding heading. A graded judgement keeps the area its phrasing names
(set by ``peelnlp_grades``). Where no title gave an area (text with no
titles, or a summary before a title the framework doesn't know), a section
that no judgement opens is found by its first sentence (the framework's
``untitled_sections.json``, read into the statements' ``section_area`` by
``learn.features``) and decides its statements' area.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import set_span_values, span_values
from .classifier import _ModelComponent

MODEL_FILE = "area"
GENERAL = "general"


class AreaTagger(_ModelComponent):
    model_file = MODEL_FILE

    def __init__(self, nlp, name, model=None):
        from ..learn.estimators import AreaClassifier

        self.estimator = AreaClassifier
        super().__init__(nlp, name, model)

    def __call__(self, doc: Doc) -> Doc:
        offsets, inputs = self._inputs(doc)
        if offsets is None:
            return doc
        from ..learn.features import area_cues, cue_counts

        labels = [str(label) for label in self.model.predict(inputs)]
        doc._.statement_inputs = None  # the last reader of the shared inputs
        # In a summary, a statement typed "other" is about the inspection, its
        # method or the force as a whole (area general, GUIDELINES s.3) when it
        # is outside any finding, or when its own words name no area (a closing
        # remark after the last finding takes no area from that heading).
        cues = area_cues(doc._.framework or self.model.framework)
        types = span_values(doc, offsets, "type")
        labels = [GENERAL if kind == "other" and x.section and not x.section_area
                  and (not x.heading or not cue_counts(x.text, cues)) else label
                  for x, kind, label in zip(inputs, types, labels)]
        # Graded judgements already carry their area.
        unset = [(at, str(label)) for at, label, area in zip(offsets, labels, span_values(doc, offsets, "area"))
                 if area is None]
        set_span_values(doc, [at for at, _ in unset], "area", [label for _, label in unset])
        return doc


@Language.factory("peelnlp_areas", default_config={"model": None})
def make_area_tagger(nlp: Language, name: str, model: str | None) -> AreaTagger:
    return AreaTagger(nlp, name, model)
