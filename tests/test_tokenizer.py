"""The pipeline's tokenizer gives spaCy's English tokens, from its cache."""
from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from peelnlp.tokenizer import ChunkCachedTokenizer

ROOT = Path(__file__).resolve().parents[1]


def _tokens(doc):
    return [(t.text, t.whitespace_, t.norm_, t.idx) for t in doc]


@pytest.fixture(scope="module")
def pair():
    return spacy.blank("en").tokenizer, ChunkCachedTokenizer(spacy.blank("en").tokenizer)


def _corpus_texts():
    """The sample reports as read, and every gold report's statements."""
    import json

    from peelnlp.readers import read

    texts = [read(p).text for p in sorted((ROOT / "corpora").glob("*/*.txt"))]
    for path in sorted((ROOT / "corpora").glob("*/*.gold.jsonl")):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        texts.append("\n\n".join(row["text"] for row in rows))
    return texts


def test_same_tokens_as_spacy_on_the_project_corpora(pair):
    spacy_tok, cached = pair
    texts = _corpus_texts()
    assert len(texts) >= 15
    for text in texts + texts:  # the second time from the cache
        assert _tokens(cached(text)) == _tokens(spacy_tok(text))


def test_same_tokens_on_the_dev_report(pair, shared_data):
    spacy_tok, cached = pair
    text = (shared_data / "peel_dev_raw.txt").read_text(encoding="utf-8")
    assert _tokens(cached(text)) == _tokens(spacy_tok(text))


_PIECES = ["force", "Force", "The", "victims'", "don't", "can't", "Mr.", "e.g.", "i.e.", "U.K.", "a.m.",
           "£1.2m", "£450,000", "12%", "(2021)", "per", "cent.", "1,234", "3.5", "–", "-", "well-being",
           "“quoted”", "it's", "HMICFRS", "www.justiceinspectorates.gov.uk/hmicfrs", "10:30", "1st", "etc.",
           ":", ";", ",", ".", "?", "!", "(", ")", "/", "&", "•", "Zqx", "naïve", "’s"]
_GAPS = ["", " ", "  ", "\n", "\n\n", "\t", " \n", "\xa0", "   "]
_SHARED = ChunkCachedTokenizer(spacy.blank("en").tokenizer)  # its cache fills across examples
_BARE = spacy.blank("en").tokenizer  # one reference for every example (spacy.blank costs ~60 ms)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(_GAPS)), max_size=40),
       st.sampled_from(_GAPS))
def test_same_tokens_as_spacy_on_report_like_text(parts, lead):
    spacy_tok, cached = _BARE, _SHARED
    text = lead + "".join(piece + gap for piece, gap in parts)
    assert _tokens(cached(text)) == _tokens(spacy_tok(text))


def test_cache_survives_a_memory_zone_and_stays_bounded():
    nlp = spacy.blank("en")
    tok = ChunkCachedTokenizer(nlp.tokenizer, max_entries=50)
    text = "The force Qwzx recorded 1,234 crimes in 2021, e.g. thefts."
    with nlp.memory_zone():
        first = _tokens(tok(text))
    assert _tokens(tok(text)) == first  # the strings cached in the zone are still right
    tok(" ".join(f"w{i}" for i in range(200)))
    assert len(tok._cache) <= 50


def test_pipeline_uses_it_and_serialises_the_wrapped_tokenizer():
    from peelnlp.pipeline import build

    nlp = build()
    assert isinstance(nlp.tokenizer, ChunkCachedTokenizer)
    assert nlp.config["nlp"]["tokenizer"]["@tokenizers"] == "peelnlp.ChunkCachedTokenizer.v1"
    other = build()
    other.tokenizer.from_bytes(nlp.tokenizer.to_bytes())
    text = "Mr. Smith's force didn't record 3.5% of crimes."
    assert _tokens(other(text)) == _tokens(spacy.blank("en")(text))


def test_a_chunk_too_long_for_any_report_is_tokenized_in_pieces():
    """A hostile run of punctuation is cut into pieces (spaCy's own loop is
    quadratic on it); the tokens still cover the text exactly."""
    from peelnlp.tokenizer import LONG_CHUNK

    tok = ChunkCachedTokenizer(spacy.blank("en").tokenizer)
    text = "The force (" + "(" * (5 * LONG_CHUNK) + " recorded 3.5% of crimes."
    doc = tok(text)
    assert doc.text == text
    assert [t.text for t in doc][:2] == ["The", "force"]
    assert [t.text for t in doc][-5:] == ["recorded", "3.5", "%", "of", "crimes", "."][-5:]
