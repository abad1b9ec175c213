"""CharMap does what str.translate does."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peelnlp.charmap import CharMap

MAPPING = {"\u2019": "'", "\u201c": '"', "\ufb01": "fi", "\u00ad": None, "\xa0": " ", "]": "[", "-": "\u2013"}


@given(st.text(alphabet=st.sampled_from(list("ab -]\\^\n") + list(MAPPING))))
def test_same_as_translate(text):
    assert CharMap(MAPPING)(text) == text.translate({ord(k): v for k, v in MAPPING.items()})


SWAP = {"a": "b", "b": "a", "c": "ab"}  # values hold keys: one pass, as str.translate


@given(st.text(alphabet=st.sampled_from(list("abcd \n"))))
def test_values_holding_keys_are_not_mapped_again(text):
    assert CharMap(SWAP)(text) == text.translate({ord(k): v for k, v in SWAP.items()})


def test_empty_map_and_bad_keys():
    assert CharMap({})("abc") == "abc"
    with pytest.raises(ValueError):
        CharMap({"ab": "c"})
