"""``peelnlp_sections``: place every statement in the report's structure.

Sets ``span._.section`` (the policing-area heading above the statement, e.g.
"Investigating crime"), ``span._.box`` (the sub-heading: "Main findings",
"Areas for improvement", "Innovative practice", "Cause of concern",
"Recommendations", "About the inspection" (its method and data: "Important
changes to PEEL", "Data in this report", "About the data"), or None) and ``span._.heading`` (the finding heading whose
paragraph holds the statement). The headings are framework data
(``peelnlp/frameworks/*/headings.json``). The framework is the configured
one, else the programme the report names (``doc._.programme``, set by
``peelnlp_metadata``) when peelnlp has that framework, else detected from the
headings; ``doc._.framework`` says which was used.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import doc_text, register_extensions, set_span_values, span_values, statement_offsets
from ..frameworks.place import place  # noqa: F401  (also imported from here)


class SectionTagger:
    def __init__(self, nlp: Language, name: str, framework: str | None = None):
        register_extensions()
        self.name = name
        self.framework = framework

    def __call__(self, doc: Doc) -> Doc:
        from ..frameworks import available, detect, load_framework

        offsets = statement_offsets(doc)
        text = doc_text(doc)
        items = [(kind, text[s:e]) for kind, (s, e) in zip(span_values(doc, offsets, "kind"), offsets)]
        named = doc._.programme if doc._.programme in available() else None
        fw = load_framework(self.framework or named or detect([t for k, t in items if k == "title"]))
        doc._.framework = fw.name
        placed = place(items, fw)
        for i, name in enumerate(("section", "box", "heading")):
            set_span_values(doc, offsets, name, [p[i] for p in placed])
        return doc


@Language.factory("peelnlp_sections", default_config={"framework": None})
def make_section_tagger(nlp: Language, name: str, framework: str | None) -> SectionTagger:
    return SectionTagger(nlp, name, framework)
