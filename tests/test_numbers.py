"""Numeric-claim extraction (GUIDELINES section 5): ``peelnlp.components.numbers``."""
import json
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from peelnlp.components.numbers import (
    CLAIM_KEYS,
    KINDS,
    NumberRules,
    NumericClaims,
    extract_claims,
    load_rules,
)
from peelnlp.evaluation.claims import evaluate_extractor, match_claims, score_claims
from peelnlp.evaluation.evaluate import load_gold
from peelnlp.extensions import STATEMENTS

GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "peel_dev_gold.jsonl"


def values(text):
    return [c["value"] for c in extract_claims(text)]


def only(text):
    claims = extract_claims(text)
    assert len(claims) == 1, claims
    return claims[0]


# -- shape --------------------------------------------------------------------

def test_every_claim_has_the_same_keys_and_true_offsets():
    text = ("In the year ending 31 March 2022, the force answered 81.5 percent (with a confidence "
            "interval of +/- 3.0 percent) of emergency calls within 10 seconds, compared with "
            "74 percent nationally, and 9 of its 12 teams met the target.")
    claims = extract_claims(text)
    assert [c["value"] for c in claims] == [81.5, 3.0, 10.0, 74.0, 9.0]
    for c in claims:
        assert tuple(c) == CLAIM_KEYS
        assert text[c["start"]:c["end"]] == c["text"]
        assert c["kind"] in KINDS
        assert isinstance(c["value"], float)


def test_no_numbers_no_claims():
    assert extract_claims("") == []
    assert extract_claims("The force manages its online reporting well.") == []


def test_each_call_returns_new_dicts():
    a = extract_claims("We looked at 30 files.")
    a[0]["value"] = -1
    assert extract_claims("We looked at 30 files.")[0]["value"] == 30.0


# -- kinds --------------------------------------------------------------------

def test_count_with_what_it_counts():
    c = only("The unit holds 57 open investigations at any time.")
    assert (c["text"], c["value"], c["kind"], c["unit"]) == ("57 open investigations", 57.0, "count", "open investigations")


def test_count_thousands_separator_and_multiword_unit():
    c = only("Last year the team examined 3,412 mobile phone handsets.")
    assert c["value"] == 3412.0
    assert c["text"] == "3,412 mobile phone handsets"


def test_count_stops_at_the_counted_noun():
    claims = extract_claims("We held 9 focus groups with staff and visited 4 stations across the county.")
    assert [c["text"] for c in claims] == ["9 focus groups", "4 stations"]


def test_percent_spellings():
    assert only("Staff retention reached 88.2 percent this spring.")["text"] == "88.2 percent"
    assert only("Staff retention reached 88 per cent this spring.")["text"] == "88 per cent"
    c = only("Staff retention reached 88% this spring.")
    assert (c["text"], c["kind"], c["value"]) == ("88%", "percent", 88.0)


def test_proportion_x_of_y():
    c = only("In 23 of the 31 files we read, the plan was recorded.")
    assert c["text"] == "23 of the 31 files"
    assert (c["kind"], c["value"], c["denominator"], c["unit"]) == ("proportion", 23.0, 31.0, "files")


def test_proportion_without_noun_and_with_possessive():
    c = only("Supervisors had signed off 12 of these 15 as complete.")
    assert (c["text"], c["denominator"]) == ("12 of these 15", 15.0)
    c = only("Only 2 of the unit's 9 vans were fitted with cameras.")
    assert (c["value"], c["denominator"], c["unit"]) == (2.0, 9.0, "vans")


def test_proportion_out_of_and_in():
    c = only("Officers gave advice in six out of the eight visits.")
    assert (c["value"], c["denominator"], c["text"]) == (6.0, 8.0, "six out of the eight visits")
    c = only("Roughly 1 in 4 reports came through the website.")
    assert (c["value"], c["denominator"], c["kind"]) == (1.0, 4.0, "proportion")


def test_rate_per_population():
    c = only("Recorded theft stood at 17.4 offences per 1,000 population last year.")
    assert c["text"] == "17.4 offences per 1,000 population"
    assert (c["kind"], c["value"], c["per"], c["unit"]) == ("rate", 17.4, "1,000 population", "offences")


def test_rate_per_thing_and_per_time():
    assert only("Each investigator held 16 cases per officer on average.")["per"] == "officer"
    c = only("The hub screens 240 referrals per week.")
    assert (c["kind"], c["per"], c["text"]) == ("rate", "week", "240 referrals per week")
    # "a week" / "each year" keeps a count (what the project's gold does), noting what it is per
    c = only("The hub screens 240 referrals a week.")
    assert (c["kind"], c["per"], c["text"]) == ("count", "week", "240 referrals")


def test_duration():
    c = only("Victims should be updated within 5 working days.")
    assert (c["kind"], c["value"], c["unit"], c["text"]) == ("duration", 5.0, "days", "5 working days")
    c = only("Detainees are checked every 2 hours.")
    assert (c["text"], c["kind"], c["unit"]) == ("every 2 hours", "duration", "hours")
    c = only("The force uses a 30-day review point.")
    assert (c["text"], c["value"], c["kind"]) == ("30-day", 30.0, "duration")


def test_money():
    c = only("The force will spend £3.6m on new vehicles.")
    assert (c["text"], c["kind"], c["value"], c["unit"]) == ("£3.6m", "money", 3600000.0, "GBP")
    assert only("It set aside £250,000 for training.")["value"] == 250000.0
    assert only("Savings of £1.25 million are planned.")["value"] == 1250000.0


def test_change_before_and_after_the_number():
    c = only("There was a 22 percent rise in reports of stalking.")
    assert (c["text"], c["kind"]) == ("22 percent rise", "change")
    c = only("The team dealt with an additional 900 calls.")
    assert (c["text"], c["kind"], c["value"]) == ("additional 900 calls", "change", 900.0)
    c = only("Arrests went up by 15 percent.")
    assert c["kind"] == "change" and c["value"] == 15.0
    c = only("The force now has 130 more detectives.")
    assert (c["kind"], c["text"]) == ("change", "130 more detectives")
    assert only("Positive outcomes rose by 2.5 percentage points.")["unit"] == "percentage points"
    assert extract_claims("It issued 40 notices, up 25 percent on 2021.")[1]["kind"] == "change"
    assert only("They set up 12 teams.")["kind"] == "count"


def test_interval_is_its_own_claim_and_linked():
    text = "We estimate it records 91.2 percent (with a confidence interval of +/- 2.4 percent) of crime."
    main, ci = extract_claims(text)
    assert (main["value"], main["interval"]) == (91.2, 2.4)
    assert (ci["kind"], ci["text"], ci["value"]) == ("interval", "+/- 2.4 percent", 2.4)
    c = only("The margin is ±0.5 percent.")
    assert (c["kind"], c["text"], c["value"]) == ("interval", "±0.5 percent", 0.5)


def test_qualifier_is_kept_out_of_the_text():
    c = only("The backlog holds more than 1,300 devices.")
    assert (c["text"], c["qualifier"]) == ("1,300 devices", "more than")
    assert only("It took about 9 weeks.")["qualifier"] == "about"


def test_range():
    c = only("Each sergeant supervises between 8 and 12 constables.")
    assert (c["value"], c["upper"], c["unit"]) == (8.0, 12.0, "constables")
    c = only("Reviews take 3-5 days.")
    assert (c["value"], c["upper"], c["kind"]) == (3.0, 5.0, "duration")


def test_from_to_is_two_values_not_a_range():
    assert values("Vacancies fell from 140 to 95 in a year.") == [140.0, 95.0]


def test_period():
    c = only("In the year ending 31 March 2022, the force made 4,210 arrests.")
    assert c["period"] == "In the year ending 31 March 2022"
    c = only("Between April 2021 and March 2022 it seized 61 firearms.")
    assert c["period"] == "Between April 2021 and March 2022"
    assert only("It seized 61 firearms.")["period"] is None


def test_comparison():
    first, second = extract_claims(
        "Its arrest rate was 27 percent, compared to 19 percent across England and Wales.")
    assert first["comparison"] == 19.0
    assert second["value"] == 19.0 and second["comparison"] is None
    first, second = extract_claims("It recruited 212 officers against a target of 250.")
    assert first["comparison"] == 250.0
    assert (second["value"], second["kind"]) == (250.0, "count")
    assert extract_claims("It has 12 vans and 40 cars.")[0]["comparison"] is None


def test_of_the_n_then_m_is_a_proportion():
    n, m = extract_claims("Of the 45 files we checked, 31 were complete.")
    assert (n["value"], n["kind"]) == (45.0, "count")
    assert (m["value"], m["kind"], m["denominator"]) == (31.0, "proportion", 45.0)


def test_unit_spans_coordinated_staff_and_possessives():
    assert only("By then 640 officers and staff had been re-vetted.")["text"] == "640 officers and staff"
    assert only("It questioned 75 members of staff.")["text"] == "75 members of staff"
    assert only("It briefed all four districts' neighbourhood teams.")["text"] == "four districts' neighbourhood teams"
    claims = extract_claims("The work led to 9 referrals and six arrests.")
    assert [c["text"] for c in claims] == ["9 referrals", "six arrests"]


def test_counted_time_is_a_duration():
    c = only("The change freed about 12,500 officer hours.")
    assert (c["kind"], c["unit"], c["value"]) == ("duration", "officer hours", 12500.0)


def test_a_duration_before_a_date_is_still_a_claim():
    claims = extract_claims("Figures cover the 12 months to 30 June 2023, when it logged 880 referrals.")
    assert [c["value"] for c in claims] == [12.0, 880.0]


def test_times_more_likely():
    c = only("Young men were 2.7 times more likely to be searched.")
    assert (c["value"], c["unit"]) == (2.7, "times")


# -- number words ---------------------------------------------------------------

@pytest.mark.parametrize("text,value,claim_text", [
    ("Officers waited ten days for the results.", 10.0, "ten days"),
    ("Three suspects were charged.", 3.0, "Three suspects"),
    ("It runs all five custody suites.", 5.0, "five custody suites"),
    ("The county has a three-tier plan.", 3.0, "three-tier"),
    ("We reviewed twenty-five files.", 25.0, "twenty-five files"),
    ("It has one hundred and twenty volunteers.", 120.0, "one hundred and twenty volunteers"),
    ("Ninety percent of staff agreed.", 90.0, "Ninety percent"),
    ("It has two million residents.", 2000000.0, "two million residents"),
])
def test_number_words(text, value, claim_text):
    c = only(text)
    assert (c["value"], c["text"]) == (value, claim_text)


def test_one_only_counts_in_proportions_and_durations():
    assert values("In one case we read, the victim was not told.") == []
    assert values("The county has one of the highest rates of knife crime.") == []
    assert values("One officer told us that training was useful.") == []
    assert values("It met the standard in one of the 14 cases.") == [1.0]
    assert values("Officers must respond within one hour.") == [1.0]
    assert values("None of the 6 cases had a plan.") == [0.0]
    # "is one of four forces" names a group: its size is the claim
    c = only("The force is one of three forces sharing the helicopter.")
    assert (c["text"], c["value"], c["kind"]) == ("three forces", 3.0, "count")


# -- not claims -----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The inspection took place in October 2021.",
    "The force was last inspected in 2019.",
    "The plan runs from 1 April to 30 June 2022.",
    "The force closed the case as outcome 18.",
    "It used outcomes 15 and 16 too often.",
    "Only PIP level 2 detectives investigate serious sexual offences.",
    "The public can call 999 in an emergency or 101 otherwise.",
    "Abandoned calls to 101 remain a problem.",
    "Figure 4 shows the trend.",
    "This is set out in the PEEL Assessment Framework 2021/22.",
    "Officers can use section 60 powers.",
    "The control room is staffed 24/7.",
    "The helpline runs 24 hours a day, 7 days a week.",
    "1. Review the policy.",
    "We discuss this further on page 23.",
    "The briefing starts at 7am.",
    "The pandemic (COVID-19) changed demand.",
    "Its response to 15-year-old victims was good.",
    "Children aged 10 to 17 were referred.",
    "It is the 2nd largest force in the region.",
    "Staff get one-to-one support.",
    "Two thirds of the staff agreed.",
    "The force has zero tolerance of abuse.",
    "See www.example.org/report-2022 for details.",
    "It applies the Police and Criminal Evidence Act 1984.",
    "Its 2023-24 plan is ambitious.",
])
def test_not_claims(text):
    assert extract_claims(text) == []


def test_numbers_next_to_excluded_ones_still_count():
    text = "In 2021, officers attended 3,250 incidents and used outcome 15 in 12 percent of cases."
    assert values(text) == [3250.0, 12.0]
    assert values("It answered 92 percent of 999 calls within 10 seconds.") == [92.0, 10.0]
    assert values("We found that 101 were effective.") == [101.0]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 ,.%£-/+abcdefinoprstuvwxy\n()'")), max_size=80))
def test_offsets_always_hold_on_any_text(text):
    for c in extract_claims(text):
        assert text[c["start"]:c["end"]] == c["text"]
        assert c["kind"] in KINDS


# -- rules file -----------------------------------------------------------------

def test_rules_are_data():
    rules = load_rules()
    assert "outcome" in rules["code_words"]
    rules["code_words"].append("cohort")
    custom = NumberRules(rules)
    assert extract_claims("Cohort 3 was trained.", custom) == []
    assert values("Cohort 3 was trained.") == [3.0]


# -- spaCy component ----------------------------------------------------------------

def _doc_with_statements(nlp):
    doc = nlp.make_doc("We visited 7 stations. In 5 of the 7 stations, cells were clean. Well done.")
    doc.spans[STATEMENTS] = [doc[0:5], doc[5:17], doc[17:]]
    return doc


def test_factory_sets_claims_per_statement():
    nlp = spacy.blank("en")
    nlp.add_pipe("peelnlp_numbers")
    doc = nlp(_doc_with_statements(nlp))
    spans = list(doc.spans[STATEMENTS])
    assert [c["text"] for c in spans[0]._.numeric_claims] == ["7 stations"]
    assert spans[1]._.numeric_claims[0]["denominator"] == 7.0
    assert spans[2]._.numeric_claims == []
    assert spans[0]._.numeric_claims is not spans[2]._.numeric_claims


def test_factory_without_statements_does_nothing():
    nlp = spacy.blank("en")
    nlp.add_pipe("peelnlp_numbers")
    doc = nlp("There are 4 vans.")
    assert STATEMENTS not in doc.spans
    assert doc[:]._.numeric_claims is None


def test_factory_custom_rules_survive_to_disk(tmp_path):
    rules = load_rules()
    rules["code_words"].append("cohort")
    path = tmp_path / "my_rules.json"
    path.write_text(json.dumps(rules), encoding="utf-8")
    nlp = spacy.blank("en")
    nlp.add_pipe("peelnlp_numbers", config={"rules_path": str(path)})
    nlp.to_disk(tmp_path / "pipe")
    path.unlink()  # the saved pipeline must not need the original file
    loaded = spacy.load(tmp_path / "pipe")
    comp = loaded.get_pipe("peelnlp_numbers")
    assert isinstance(comp, NumericClaims)
    assert extract_claims("Cohort 3 was trained.", comp.compiled) == []
    doc = loaded.make_doc("Cohort 3 was trained.")
    doc.spans[STATEMENTS] = [doc[:]]
    assert loaded(doc).spans[STATEMENTS][0]._.numeric_claims == []


def test_factory_to_bytes_round_trip():
    nlp = spacy.blank("en")
    comp = nlp.add_pipe("peelnlp_numbers")
    other = spacy.blank("en").add_pipe("peelnlp_numbers").from_bytes(comp.to_bytes())
    assert other.rules == comp.rules


# -- scoring ----------------------------------------------------------------------

def test_score_matches_by_value_once():
    gold = [{"value": 5, "kind": "count"}, {"value": 5, "kind": "count"}, {"value": 7, "kind": "percent"}]
    pred = [{"value": 5.0, "kind": "count"}, {"value": 7.0, "kind": "count"}, {"value": 9.0, "kind": "count"}]
    assert match_claims(gold, pred) == [(0, 0), (2, 1)]
    s = score_claims([(gold, pred), ([], [])])
    assert (s["tp"], s["fp"], s["fn"]) == (2, 1, 1)
    assert s["precision"] == pytest.approx(2 / 3) and s["recall"] == pytest.approx(2 / 3)
    assert s["kind_accuracy"] == 0.5


def test_dev_gold_precision_and_recall():
    if not GOLD.exists():
        pytest.skip(f"gold file not found: {GOLD}")
    scores = evaluate_extractor(load_gold(GOLD), extract_claims)
    assert scores["precision"] >= 0.97, scores
    assert scores["recall"] >= 0.97, scores
