"""The ``peelnlp_numbers`` component, and :func:`extract_claims` behind it."""
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from ...extensions import doc_text, register_extensions, set_span_values, statement_offsets
from ..rules_io import JsonRules
from .classify import Extractor
from .link import link_comparisons, link_intervals, link_of_the, set_periods
from .rules import RULES_FILE, NumberRules, default_rules, load_rules


def extract_claims(text: str, rules: Optional[NumberRules] = None) -> list:
    """Every numeric claim in the statement ``text``, in order (see the module docstring)."""
    if not text:
        return []
    ex = Extractor(rules or default_rules(), text)
    if not ex.ms:
        return []
    claims = ex.claims()
    if not claims:
        return claims
    link_intervals(claims)
    if len(claims) > 1:
        link_comparisons(ex, claims)
        link_of_the(ex, claims)
    set_periods(ex, claims)
    for c in claims:
        del c["_lstart"]
    return claims


@Language.factory("peelnlp_numbers", default_config={"rules_path": None})
class NumericClaims(JsonRules):
    """Set ``span._.numeric_claims`` on each span of ``doc.spans["statements"]``.

    ``rules_path`` names a JSON file to use instead of the packaged ``numbers.json``.
    The rules in use are saved with the pipeline (``to_disk``/``to_bytes``), so a
    saved pipeline keeps them, and loads even where ``rules_path`` no longer exists
    (the file is only read when the rules are first needed and none were loaded).
    """

    rules_file = RULES_FILE

    def __init__(self, nlp: Language, name: str = "peelnlp_numbers", rules_path: Optional[str] = None):
        register_extensions()
        self.name = name
        self.rules_path = rules_path
        self._rules: Optional[dict] = None
        self._compiled: Optional[NumberRules] = None

    @property
    def rules(self) -> dict:
        """The rules dict in use."""
        return self.compiled.data

    @property
    def compiled(self) -> NumberRules:
        """The compiled rules in use (loaded on first use)."""
        if self._compiled is None:
            if self.rules_path:
                self._compiled = NumberRules(load_rules(self.rules_path))
            else:
                self._compiled = default_rules()
        return self._compiled

    def _set_rules(self, data: dict) -> None:
        self._compiled = NumberRules(data)

    def __call__(self, doc: Doc) -> Doc:
        offsets = statement_offsets(doc)
        rules = self.compiled
        text = doc_text(doc)
        set_span_values(doc, offsets, "numeric_claims", [extract_claims(text[s:e], rules) for s, e in offsets])
        return doc
