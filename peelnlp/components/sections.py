"""``peelnlp_sections``: place every statement in the report's structure.

Sets ``span._.section`` (the policing-area heading above the statement, e.g.
"Investigating crime"), ``span._.box`` (the sub-heading: "Main findings",
"Areas for improvement", "Innovative practice", "Cause of concern",
"Recommendations", or None) and ``span._.heading`` (the finding heading whose
paragraph holds the statement). The headings are framework data
(``peelnlp/frameworks/*/headings.json``); the framework is detected per
document unless configured.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import STATEMENTS, register_extensions, doc_text


def place(items: list[tuple[str, str]], fw) -> list[tuple[str | None, str | None, str | None]]:
    """(section, box, heading) for each (kind, text) statement, in order.

    Pure, so that training can place gold statements exactly as the pipeline
    places predicted ones.
    """
    section = box = heading = None
    out = []
    for kind, text in items:
        if kind == "title":
            found = fw.section(text)
            if found is not None:
                section, box, heading = found[0], None, None
            else:
                canonical = fw.box(text)
                if canonical is not None:
                    box, heading = canonical, None
        elif kind == "finding_heading":
            heading = text
        out.append((section, box, heading if kind != "title" else None))
    return out


class SectionTagger:
    def __init__(self, nlp: Language, name: str, framework: str | None = None):
        register_extensions()
        self.name = name
        self.framework = framework

    def __call__(self, doc: Doc) -> Doc:
        from ..frameworks import detect, load_framework

        spans = list(doc.spans[STATEMENTS]) if STATEMENTS in doc.spans else []
        text = doc_text(doc)
        underscores = [s._ for s in spans]
        items = [(u.kind, text[s.start_char:s.end_char]) for s, u in zip(spans, underscores)]
        fw = load_framework(self.framework or detect([t for k, t in items if k == "title"]))
        doc._.framework = fw.name
        for u, (section, box, heading) in zip(underscores, place(items, fw)):
            u.section, u.box, u.heading = section, box, heading
        return doc


@Language.factory("peelnlp_sections", default_config={"framework": None})
def make_section_tagger(nlp: Language, name: str, framework: str | None) -> SectionTagger:
    return SectionTagger(nlp, name, framework)
