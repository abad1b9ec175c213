"""Statement features: words, cue phrases, bags of words and their columns."""
from __future__ import annotations

import gc

import numpy as np
import pytest

from peelnlp.learn import hashing as E
from peelnlp.learn.estimators import AreaClassifier, TypeClassifier
from peelnlp.learn.hashing import _bag_columns, _hash
from peelnlp.learn.features import Bag, StatementInput, _Cues, _tokens, _words


def test_words_keep_inner_hyphens_and_apostrophes_and_bags_zero_digits():
    text = "The force\u2019s well-being plan met 85.5% of 999 calls (£1,200)."
    assert _words(text) == ("the", "force's", "well-being", "plan", "met", "85", "5", "%", "of", "999",
                            "calls", "£", "1", "200")
    assert _tokens(text) == ("the", "force's", "well", "being", "plan", "met", "00", "0", "%", "of", "000",
                             "calls", "£", "0", "000")


def test_cue_phrases_of_one_two_and_more_words_are_counted():
    cues = _Cues({"one": ["calls"], "two": ["999 calls", "Well-being"], "three": ["not always told"],
                  "other": ["not always kept"]})
    counts = cues.counts("Calls and 999 calls: victims are not always told, not always.")
    assert counts == {"one": 2, "two": 1, "three": 1}
    assert cues.counts("Their well-being matters.") == {"two": 1}
    assert cues.counts("Nothing here.") == {}


def _columns_of(bags, n=2 ** 18):
    rows, cols, values = _bag_columns(bags, n)
    return list(zip(rows.tolist(), cols.tolist(), values.tolist()))


def test_bag_columns_words_bigrams_rows_and_weights():
    n = 2 ** 18
    ab = Bag("w=", ("alpha", "beta"))
    entries = _columns_of([(3, ab)], n)
    weight = 1 / np.sqrt(2)
    # A word's column is its name's hash, as for any named feature.
    assert (3, _hash("w=alpha", n), pytest.approx(weight)) in entries
    assert (3, _hash("w=beta", n), pytest.approx(weight)) in entries
    assert len(entries) == 3  # two words, one bigram
    bigram = [c for r, c, v in entries if c not in (_hash("w=alpha", n), _hash("w=beta", n))]
    # Word order matters: "beta alpha" is another bigram.
    reverse = _columns_of([(0, Bag("w=", ("beta", "alpha")))], n)
    assert bigram[0] not in [c for _, c, _ in reverse]
    # No bigram across two bags; no bigrams where the bag asks for none; scale applies.
    two = _columns_of([(0, Bag("w=", ("alpha",))), (1, Bag("w=", ("beta",), bigrams=False, scale=1.5))], n)
    assert sorted(two) == sorted([(0, _hash("w=alpha", n), 1.0), (1, _hash("w=beta", n), 1.5)])
    # The prefix is part of the name.
    assert _columns_of([(0, Bag("h=", ("alpha",)))], n) == [(0, _hash("h=alpha", n), 1.0)]
    assert _columns_of([(0, Bag("w=", ()))], n) == []


X = [StatementInput("The force answers 999 calls quickly.", heading="Calls are answered well", position=1,
                    section="Responding to the public", section_area="responding", box="Main findings"),
     StatementInput("The force does not update victims.", heading="Victims", position=2, prev="It is slow."),
     StatementInput("The force answers most calls well.").without_structure(),
     StatementInput("Victims are not always told.", section="Summary")]
Y_TYPE = ["strength", "area_for_improvement", "strength", "area_for_improvement"]
Y_AREA = ["responding", "victim_service", "responding", "victim_service"]


@pytest.mark.parametrize("model, y", [(TypeClassifier(calibrate=False, box_rules=False, explain_weight=0), Y_TYPE),
                                      (AreaClassifier(calibrate=False, section_rules=False, heading_weight=0),
                                       Y_AREA)])
def test_prediction_equals_the_fitted_matrix_product(model, y):
    """Prediction sums compact weights per statement; fitting uses the
    sparse matrix. Both must be the same linear function of the features."""
    model.fit(X, y)
    expected = model._matrix(X) @ model.coef_.T + model.intercept_
    E._part_columns.cache_clear(), E._word_hashes.cache_clear()  # cold caches give the same columns as warm ones
    assert np.allclose(model.decision_function(X), expected)
    assert np.allclose(model.decision_function(X), expected)


@pytest.mark.parametrize("model, y", [(TypeClassifier(calibrate=False), Y_TYPE),
                                      (AreaClassifier(calibrate=False), Y_AREA)])
def test_predict_leaves_the_estimator_as_fit_and_load_made_it(model, y, tmp_path):
    """scikit-learn's rule: fit (and load) set the fitted attributes (trailing
    underscore); predict only reads them."""
    for fitted in (model.fit(X, y), type(model).load(model.save(tmp_path)[0].parent)):
        before = {name: id(value) for name, value in vars(fitted).items()}
        fitted.predict(X), fitted.predict_proba(X)
        assert {name: id(value) for name, value in vars(fitted).items()} == before
        assert {"coef_", "compact_coef_", "weight_rows_"} <= set(before)
    assert np.array_equal(fitted.predict(X), model.predict(X))


def test_prepare_freezes_the_collector_and_release_undoes_it():
    from peelnlp.bulk import prepare, release
    from peelnlp.pipeline import build

    nlp = build()
    assert gc.get_freeze_count() == 0
    frozen = prepare(nlp)
    try:
        assert frozen and gc.get_freeze_count() > 0
        assert prepare(nlp) is False  # already frozen: left alone
    finally:
        release(frozen)
    assert gc.get_freeze_count() == 0


def test_negated_words_are_marked_in_the_negators_scope_only():
    from peelnlp.learn.features import _negated_bag

    bag = _negated_bag("The force lacks clear direction, and its plans are good.")
    assert bag.prefix == "n=" and not bag.bigrams
    assert bag.words == ("clear", "direction", "and")  # three words after the negator, no further
    assert _negated_bag("The force has clear direction.").words == ()


def test_stems_share_one_feature_across_a_words_forms():
    from peelnlp.learn.features import _stems_bag, type_feature_parts

    forms = [_stems_bag(t).words for t in ("It improved.", "It improves.", "An improvement.")]
    assert all("impro" in words for words in forms)
    assert "it" not in forms[0]  # short words carry no stem
    x = StatementInput("It improved.", "sentence")
    assert _stems_bag(x.text) in type_feature_parts(x)  # on by default
    assert _stems_bag(x.text) not in type_feature_parts(x, ("words", "cues"))


def test_summary_words_are_a_second_copy_for_summary_statements_only():
    from peelnlp.learn.features import _summary_words_bag, area_feature_parts

    summary = StatementInput("Victims are kept informed.", section="Overall summary")
    in_section = StatementInput("Victims are kept informed.", section="Providing a service to victims",
                                section_area="victim_service")
    copy = _summary_words_bag(summary.text)
    assert copy.prefix == "sw=" and copy.words == _tokens(summary.text)
    assert copy in area_feature_parts(summary, summary_words=True)
    assert copy not in area_feature_parts(summary)  # off unless the model asks for it
    assert copy not in area_feature_parts(in_section, summary_words=True)
    assert AreaClassifier().summary_words  # on for new models


def test_an_area_model_saved_before_summary_words_loads_with_them_off(tmp_path):
    """A model trained before the summary copy existed has no weights for it:
    loading it with the copy on would change nothing, but reading its file with
    the current default must not refuse it or mislabel what it computes."""
    from conftest import saved_without

    model = AreaClassifier(calibrate=False, summary_words=False).fit(X, Y_AREA)
    loaded = AreaClassifier.load(saved_without(model, tmp_path / "a", "summary_words"))
    assert loaded.summary_words is False
    assert np.allclose(loaded.decision_function(X), model.decision_function(X))
    # A saved model that names a parameter no estimator knows is still refused.
    refused = saved_without(model, tmp_path / "b", "summary_words", no_such_param=1)
    with pytest.raises(ValueError, match="no_such_param"):
        AreaClassifier.load(refused)


def test_on_text_without_titles_a_headings_reach_ends_at_a_graded_judgement_or_after_eight():
    from peelnlp.learn.area_model import UNTITLED_REACH, _cut_reach

    head = "Victims are kept informed"
    X = [StatementInput(head, "finding_heading", heading=head, position=0)]
    X += [StatementInput(f"Sentence {i}.", heading=head, position=i) for i in range(1, UNTITLED_REACH + 2)]
    cut = _cut_reach(X)
    assert [x.heading for x in cut[:UNTITLED_REACH + 1]] == [head] * (UNTITLED_REACH + 1)
    assert cut[UNTITLED_REACH + 1].heading is None  # one past the reach
    graded = [StatementInput(head, "finding_heading", heading=head, position=0),
              StatementInput("The force is good at investigating crime.", heading=head, position=1,
                             anchor="investigating"),
              StatementInput("Its detectives are skilled.", heading=head, position=2),
              StatementInput("Calls are answered", "finding_heading", heading="Calls are answered", position=0),
              StatementInput("Most are.", heading="Calls are answered", position=1)]
    assert [x.heading for x in _cut_reach(graded)] == [head, None, None, "Calls are answered",
                                                      "Calls are answered"]


def test_the_area_model_cuts_a_headings_reach_only_on_text_without_titles():
    """Where a section is known, the heading's words reach as far as its finding goes."""
    from peelnlp.learn.area_model import UNTITLED_REACH

    model = AreaClassifier(calibrate=False, section_rules=False).fit(X, Y_AREA)
    head = "The force answers 999 calls quickly"
    far = [StatementInput(head, "finding_heading", heading=head, position=0)]
    far += [StatementInput("Victims are not always told.", heading=head, position=i)
            for i in range(1, UNTITLED_REACH + 2)]
    titled = [x._replace(section="Summary") for x in far]
    bare = [x._replace(heading=None) for x in far]
    # Untitled: the last statement is read without the heading, as a bare one is.
    # (sequence off isolates the words from the areas along the document.)
    model.sequence = False
    p_far, p_titled, p_bare = (model.predict_proba(v) for v in (far, titled, bare))
    assert np.allclose(p_far[-1], p_far[-2])  # sequence off: no cut
    model.sequence = True
    model.stay_ = None  # no forward-backward: the cut alone
    p_far = model.predict_proba(far)
    assert np.allclose(p_far[-1], model.predict_proba(bare)[-1])
    assert not np.allclose(p_far[-2], model.predict_proba(bare)[-2])  # within reach: the heading counts
    assert np.allclose(model.predict_proba(titled)[-1], p_titled[-1])
    assert not np.allclose(p_titled[-1], p_bare[-1])  # with a section, the heading still counts at any distance


def test_a_graded_judgement_ends_the_last_finding_where_no_title_does():
    """Bare lines: the judgement opening the next area ends the previous
    finding, in the pipeline's inputs and in the lines view training uses."""
    from peelnlp.learn.features import inputs_from_sequence, lines_view

    head = "Victims aren't kept informed"
    items = [("finding_heading", head), ("sentence", "Updates are late."),
             ("sentence", "The force is good at investigating crime."), ("sentence", "Files have plans."),
             ("finding_heading", "Calls are answered"), ("sentence", "Most are.")]
    grades = [None, None, "good", None, None, None]
    X = inputs_from_sequence(items, grades=grades)
    assert [x.heading for x in X] == [head, head, None, None, "Calls are answered", "Calls are answered"]
    assert [x.position for x in X] == [0, 1, 1, 2, 0, 1]
    assert X[3].prev == "The force is good at investigating crime."
    ungraded = inputs_from_sequence(items)  # without grades nothing ends the finding
    assert [x.heading for x in ungraded][2:4] == [head, head]
    # The lines view of a titled document cuts the same way.
    titled = inputs_from_sequence([("title", "Investigating crime")] + items, grades=[None] + grades)
    view = lines_view([x for x in titled if x.kind != "title"])
    assert [(x.heading, x.position) for x in view] == [(x.heading, x.position) for x in X]


def test_the_findings_between_a_judgement_and_the_main_findings_are_boxed_where_no_title_says_so():
    """Bare lines: an area's boxes stand between its graded judgement and the
    sentence opening its main findings; from the first finding heading on,
    and only where such a sentence follows before the next judgement."""
    from peelnlp.frameworks.place import opens_main_findings, untitled_layout

    assert opens_main_findings("This section gives our main findings on prevention.")
    assert opens_main_findings("Below are our main findings about how well the force responds.")
    assert opens_main_findings("Here we describe the findings behind our judgement on how it investigates.")
    assert not opens_main_findings("The force acted on the recommendations we made in 2019.")
    items = [("sentence", "This report sets out our findings below."),
             ("sentence", "The force is good at preventing crime."),
             ("sentence", "We estimate that it records 95 percent of crimes."),
             ("finding_heading", "The force has built a new triage app"), ("sentence", "Others have adopted it."),
             ("sentence", "This section gives our main findings on prevention."),
             ("finding_heading", "Officers know their communities"), ("sentence", "They attend meetings."),
             ("sentence", "The force is adequate at investigating crime."),
             ("finding_heading", "Files are well kept"), ("sentence", "Most have plans."),
             ("sentence", "The force requires improvement at managing offenders."),
             ("finding_heading", "Visits are late"), ("sentence", "Some are months late."),
             ("sentence", "Below are our main findings about how the force manages offenders.")]
    grades = [None, "good", None, None, None, None, None, None, "adequate", None, None,
              "requires_improvement", None, None, None]
    boxed = [False, False, False, True, True, False, False, False, False, False, False, False, True, True, False]
    assert untitled_layout([k for k, _ in items], [t for _, t in items], grades).boxed == boxed
    # A title ends the search: titles name the boxes themselves.
    titled = items[:4] + [("title", "Innovative practice")] + items[4:]
    found = untitled_layout([k for k, _ in titled], [t for _, t in titled], grades[:4] + [None] + grades[4:]).boxed
    assert found == [False] * 7 + boxed[6:]


def test_on_bare_lines_a_strength_in_a_boxed_finding_is_innovative_practice():
    from peelnlp.labels import TYPES

    items = [StatementInput("The force is good at preventing crime.", grade="good", structured=True),
             StatementInput("The force has built a new triage app", kind="finding_heading"),
             StatementInput("It has cut waiting times."),
             StatementInput("This section gives our main findings on prevention."),
             StatementInput("Officers know their communities", kind="finding_heading")]
    model = TypeClassifier()
    model.classes_ = np.array(sorted(TYPES), dtype=object)
    strength = list(model.classes_).index("strength")
    practice = list(model.classes_).index("innovative_practice")
    proba = np.full((len(items), len(TYPES)), 0.1)
    proba[:, strength] = 1 - 0.1 * (len(TYPES) - 1)
    out = model._boxed_practice(items, proba)
    assert [model.classes_[k] for k in out.argmax(axis=1)][1:] == [
        "innovative_practice", "innovative_practice", "strength", "strength"]
    assert np.allclose(out.sum(axis=1), 1.0) and np.isclose(out[1, practice], proba[1, strength] + 0.1)
    # Where a title placed the statements, the box is known: nothing moves.
    placed = [x._replace(section="Preventing crime") for x in items]
    assert np.array_equal(model._boxed_practice(placed, proba), proba)


def test_an_areas_main_findings_run_from_their_opening_sentence_to_the_next_judgement():
    from peelnlp.frameworks.place import untitled_layout

    items = [("sentence", "The force is good at preventing crime."),
             ("finding_heading", "The force has built a new triage app"), ("sentence", "Others have adopted it."),
             ("sentence", "This section gives our main findings on prevention."),
             ("finding_heading", "Officers know their communities"), ("sentence", "They attend meetings."),
             ("sentence", "The force is adequate at investigating crime."), ("sentence", "Files are well kept."),
             ("sentence", "Below are our main findings about how the force investigates."),
             ("sentence", "Most files have plans."), ("title", "Managing offenders"), ("sentence", "Visits are late.")]
    grades = [None] * len(items)
    grades[0], grades[6] = "good", "adequate"
    main = untitled_layout([k for k, _ in items], [t for _, t in items], grades)[2]
    # Not the judgement nor the opening sentence itself; a title or judgement ends the run.
    assert main == [False, False, False, False, True, True, False, False, False, True, False, False]


def test_on_bare_lines_innovative_practice_read_among_the_main_findings_is_a_strength():
    from peelnlp.labels import TYPES

    items = [StatementInput("The force is good at preventing crime.", grade="good", structured=True),
             StatementInput("The force has built a new triage app", kind="finding_heading"),
             StatementInput("This section gives our main findings on prevention."),
             StatementInput("The force uses stop and search fairly", kind="finding_heading"),
             StatementInput("The force is adequate at investigating crime.", grade="adequate"),
             StatementInput("It has piloted a new app.")]
    model = TypeClassifier()
    model.classes_ = np.array(sorted(TYPES), dtype=object)
    index = {c: k for k, c in enumerate(model.classes_)}
    proba = np.full((len(items), len(TYPES)), 0.1)
    proba[:, index["innovative_practice"]] = 1 - 0.1 * (len(TYPES) - 1)
    out = model._unboxed_practice(items, proba)
    # Only the finding after the opening sentence moves: the box before it and
    # the next area (no opening sentence yet) keep their practice.
    assert [model.classes_[k] for k in out.argmax(axis=1)] == [
        "innovative_practice", "innovative_practice", "innovative_practice", "strength",
        "innovative_practice", "innovative_practice"]
    assert np.allclose(out.sum(axis=1), 1.0) and np.isclose(out[3, index["strength"]], 0.7)
    placed = [x._replace(section="Preventing crime") for x in items]
    assert np.array_equal(model._unboxed_practice(placed, proba), proba)


def test_a_list_of_what_the_force_should_do_is_found_with_the_sentence_introducing_it():
    from peelnlp.frameworks.place import recommendation_lists

    items = [("sentence", "The force is too slow to answer calls."),
             ("sentence", "Within six months, the force should:"), ("list_item", "• recruit call handlers;"),
             ("list_item", "• monitor abandoned calls."), ("sentence", "Calls wait too long."),
             ("sentence", "The force has three teams:"), ("list_item", "• one for each district."),
             ("sentence", "Westshire Police should take the following steps within 12 weeks:"),
             ("sentence", "It should review its plan:"), ("sentence", "The force should improve its triage.")]
    # A list of what the force has is no recommendation; nor is an intro with no list after it.
    assert recommendation_lists([k for k, _ in items], [t for _, t in items]) == [
        None, 1, 1, 1, None, None, None, None, None, None]


def test_on_bare_lines_a_recommendation_list_is_a_cause_of_concern_and_starts_its_run():
    items = [StatementInput("Westshire Police is inadequate at responding to the public.", grade="inadequate",
                            structured=True),
             StatementInput("The force is too slow to answer calls."),
             StatementInput("Westshire Police should take the following steps within 12 weeks:"),
             StatementInput("• recruit more call handlers;", kind="list_item"),
             StatementInput("Some callers waited over an hour."),
             StatementInput("Call handlers are well trained", kind="finding_heading")]
    model, index, proba = _read_as("other", "area_for_improvement", "other", "area_for_improvement",
                                   "area_for_improvement", "strength")
    layout = model._untitled_layout(items)
    # The list, its introducing sentence and, in the area's opening, the concern just before them.
    assert layout.recommended == {1: 2, 2: 2, 3: 2}
    out = model._as_concern(proba, layout.recommended)
    assert np.isclose(out[2, index["cause_of_concern"]], model.rule_confidence)
    # The introducing sentence has no formal words, but it starts the run all the same.
    out = model._concern_runs(items, out, layout.opening, set(layout.recommended.values()))
    assert [model.classes_[k] for k in out.argmax(axis=1)] == [
        "other", "cause_of_concern", "cause_of_concern", "cause_of_concern", "cause_of_concern", "strength"]
    # Not the judgement itself, were the list to follow it straight away.
    assert model._untitled_layout(items[:1] + items[2:]).recommended == {1: 1, 2: 1}
    placed = [x._replace(section="Responding to the public", box="Recommendations") for x in items]
    assert model._untitled_layout(placed).recommended == {}


def test_on_bare_lines_an_areas_first_finding_with_recommendations_is_their_cause_of_concern():
    # A cause of concern may state itself as a heading: with no "Cause of
    # concern" title on bare lines, the recommendations inside the area's
    # first finding show that the finding is the concern, heading and all.
    judgement = StatementInput("Westshire Police is inadequate at responding to the public.",
                               grade="inadequate", structured=True)
    concern = [StatementInput("The force is too slow to answer calls", kind="finding_heading"),
               StatementInput("Callers wait 20 minutes on average."),
               StatementInput("Within three months, the force should:"),
               StatementInput("• recruit more call handlers;", kind="list_item")]
    later = [StatementInput("Supervision of calls is weak", kind="finding_heading"),
             StatementInput("Within three months, the force should:"),
             StatementInput("• audit call grading.", kind="list_item")]
    model = TypeClassifier()
    layout = model._untitled_layout([judgement] + concern + later)
    assert layout.recommended == {1: 3, 2: 3, 3: 3, 4: 3, 6: 6, 7: 6}  # the second finding: only its list
    # Not where the finding stands after the sentence opening the main findings.
    opened = [judgement, StatementInput("This section gives our main findings on calls.")] + concern
    assert model._untitled_layout(opened).recommended == {4: 4, 5: 4}
    placed = [x._replace(section="Responding to the public", box="Cause of concern") for x in concern]
    assert model._untitled_layout([judgement] + placed).recommended == {}


def test_the_untitled_layout_is_read_only_up_to_the_first_title_after_the_untitled_statements():
    from peelnlp.frameworks.place import untitled_layout

    front = [StatementInput("The force is good at preventing crime.", grade="good"),
             StatementInput("The force has built a new triage app", kind="finding_heading"),
             StatementInput("What follows are our main findings."),
             StatementInput("Officers know their communities", kind="finding_heading"),
             StatementInput("Within six months, the force should:"),
             StatementInput("• review its plan.", kind="list_item")]
    placed = [StatementInput("Main findings", kind="title", section="Preventing crime"),
              StatementInput("Staff are trained", kind="finding_heading", section="Preventing crime"),
              StatementInput("What follows are our main findings.", section="Preventing crime")]
    layout = TypeClassifier._untitled_layout(front + placed + [x._replace(section="Preventing crime")
                                                               for x in front[1:]])
    full = untitled_layout(*zip(*[(x.kind, x.text, x.grade) for x in front]))
    assert layout.opening == full.opening + [None] * 8
    assert layout.boxed == [i for i, b in enumerate(full.boxed) if b]
    assert layout.main == [i for i, m in enumerate(full.main) if m] == [3, 4, 5]
    assert layout.recommended == {4: 4, 5: 4}


def test_an_areas_opening_runs_from_its_judgement_to_its_first_finding():
    from peelnlp.frameworks.place import untitled_layout

    items = [("sentence", "The force is inadequate at preventing crime."),
             ("sentence", "The force hasn't addressed the cause of concern."), ("list_item", "• set a plan;"),
             ("finding_heading", "Officers know their communities"), ("sentence", "They attend meetings."),
             ("sentence", "The force is good at recording crime."), ("sentence", "We estimate it records most."),
             ("sentence", "Here we report what we found about recording."),
             ("sentence", "Victims are believed."),
             ("sentence", "The force is adequate at investigating crime."), ("title", "Main findings"),
             ("sentence", "Files are well kept.")]
    grades = [None] * len(items)
    grades[0], grades[5], grades[9] = "inadequate", "good", "adequate"
    assert untitled_layout([k for k, _ in items], [t for _, t in items], grades).opening == [
        None, 0, 0, None, None, None, 5, None, None, None, None, None]


def _read_as(*labels):
    """A bare TypeClassifier and first-stage probabilities that read row i as
    labels[i] (0.8, the rest 0.05 each), with the classes' index."""
    from peelnlp.labels import TYPES

    model = TypeClassifier()
    model.classes_ = np.array(sorted(TYPES), dtype=object)
    index = {c: k for k, c in enumerate(model.classes_)}
    proba = np.full((len(labels), len(TYPES)), 0.05)
    for row, label in enumerate(labels):
        proba[row, index[label]] = 0.8
    return model, index, proba


def test_on_bare_lines_a_cause_of_concern_runs_on_from_its_formal_statement():
    items = [StatementInput("The force is inadequate at preventing crime.", grade="inadequate", structured=True),
             StatementInput("We estimate that the force records 90 percent of crimes."),
             StatementInput("The force has not yet fully dealt with its cause of concern about prevention."),
             StatementInput("Senior leaders rarely link data to activity."),
             StatementInput("Prevention is sometimes carried out in isolation."),
             StatementInput("Officers know their communities", kind="finding_heading"),
             StatementInput("But they are often taken away from their core roles.")]
    model, index, proba = _read_as("other", "cause_of_concern", "cause_of_concern", "area_for_improvement",
                                   "other", "strength", "area_for_improvement")
    proba[2] = [0.85 if c == "cause_of_concern" else 0.0375 for c in model.classes_]
    out = model._concern_runs(items, proba)
    assert [model.classes_[k] for k in out.argmax(axis=1)] == [
        "other", "cause_of_concern", "cause_of_concern", "cause_of_concern", "cause_of_concern", "strength",
        "area_for_improvement"]
    assert np.allclose(out.sum(axis=1), 1.0) and np.isclose(out[3, index["cause_of_concern"]], 0.85)
    # The estimate before it is read as a cause of concern but in no formal words: no run starts there.
    assert np.array_equal(out[1], proba[1]) and np.array_equal(out[5:], proba[5:])
    # Where a title placed the statements, the box is known: nothing moves.
    placed = [x._replace(section="Preventing crime") for x in items]
    assert np.array_equal(model._concern_runs(placed, proba), proba)


def test_on_bare_lines_a_region_without_a_formal_mark_holds_no_cause_of_concern():
    """A cause of concern is formal (GUIDELINES s.2): in a region of text with
    no titles after a graded judgement (the area's opening, its boxed or its
    main findings) whose statements bear no mark of one, nothing is read as a
    cause of concern; a region with a mark keeps its readings, and so does
    text before any judgement (it may start inside a box whose mark it cut
    off)."""
    judgement = StatementInput("The force requires improvement at responding to the public.",
                               grade="requires_improvement", structured=True)
    informal = [StatementInput("Too few call handlers are on duty at night."),
                judgement,
                StatementInput("The force should answer non-emergency calls sooner."),
                StatementInput("One caller in four hung up before anyone answered."),
                StatementInput("Calls are answered promptly", kind="finding_heading"),
                StatementInput("This section gives our main findings on responding."),
                StatementInput("Most emergency calls are answered within ten seconds.")]
    model, index, proba = _read_as("cause_of_concern", "other", "area_for_improvement", "cause_of_concern",
                                   "strength", "other", "cause_of_concern")
    proba[3] = 0.05
    proba[3, index["cause_of_concern"]], proba[3, index["area_for_improvement"]] = 0.5, 0.35
    layout = model._untitled_layout(informal)
    from peelnlp.learn.type_model import _regions

    assert _regions(informal, layout) == [[2, 3], [4], [6]]
    out = model._informal_concerns(informal, proba, layout)
    # Read as not a cause of concern: the rest scaled back to 1, their order kept.
    assert not out[[2, 3, 6], index["cause_of_concern"]].any() and np.allclose(out.sum(axis=1), 1.0)
    assert out[3].argmax() == index["area_for_improvement"] and np.isclose(out[3, index["area_for_improvement"]], 0.7)
    assert out[6].argmax() != index["cause_of_concern"]
    # Before the judgement, in no region; and the boxed finding reads as no cause of concern.
    assert np.array_equal(out[[0, 1, 4, 5]], proba[[0, 1, 4, 5]])
    # A mark keeps its own region only: a deadline, formal words, or a row the caller marks
    # (a recommendation list, an open concern's sentence).
    for mark in ("By 31 March 2025, the force should answer non-emergency calls sooner.",
                 "We have identified a cause of concern about how the force answers calls."):
        marked = [*informal[:2], informal[2]._replace(text=mark), *informal[3:]]
        out = model._informal_concerns(marked, proba, layout)
        assert np.array_equal(out[:6], proba[:6]) and out[6, index["cause_of_concern"]] == 0.0
    out = model._informal_concerns(informal, proba, layout, {6})
    assert np.array_equal(out[4:], proba[4:]) and out[3, index["cause_of_concern"]] == 0.0
    # A statement read as nothing but a cause of concern has no rest to scale: it is a shortfall.
    certain = proba.copy()
    certain[3] = 0.0
    certain[3, index["cause_of_concern"]] = 1.0
    out = model._informal_concerns(informal, certain, layout)
    assert out[3, index["area_for_improvement"]] == 1.0 and np.isfinite(out).all()
    assert certain[3, index["cause_of_concern"]] == 1.0  # the caller's array is left as it was
    # Statements a title placed are the box rules' to decide.
    placed = [x._replace(section="Responding to the public") for x in informal]
    assert np.array_equal(model._informal_concerns(placed, proba, model._untitled_layout(placed)), proba)


def test_on_bare_lines_a_boxed_finding_headed_as_innovative_practice_is_that_practice_throughout():
    """An "Innovative practice" box types its heading and every sentence so:
    on bare lines, a boxed finding whose heading reads as such practice takes
    its sentences with it, those read as context or strength; the next
    finding, and the main findings, keep their readings."""
    items = [StatementInput("The force is good at preventing crime.", grade="good", structured=True),
             StatementInput("Schools and police share an early warning system", kind="finding_heading"),
             StatementInput("Other forces are now looking at the model."),
             StatementInput("It flags children who stop attending school."),
             StatementInput("Rural areas get less attention", kind="finding_heading"),
             StatementInput("Some villages rarely see an officer."),
             StatementInput("This section gives our main findings on prevention."),
             StatementInput("Teams use a common template.")]
    model, index, proba = _read_as("other", "innovative_practice", "other", "strength",
                                   "area_for_improvement", "other", "other", "other")
    rows = model._untitled_layout(items).boxed
    assert rows == [1, 2, 3, 4, 5]
    out = model._practice_findings(items, proba, rows)
    assert [model.classes_[k] for k in out.argmax(axis=1)] == [
        "other", "innovative_practice", "innovative_practice", "innovative_practice",
        "area_for_improvement", "other", "other", "other"]
    assert np.isclose(out[2, index["innovative_practice"]], 0.9) and np.allclose(out.sum(axis=1), 1.0)
    assert np.array_equal(out[[0, 1, 4, 5, 6, 7]], proba[[0, 1, 4, 5, 6, 7]])


def test_a_sentence_that_says_a_cause_of_concern_is_still_open_is_found():
    from peelnlp.frameworks.place import states_open_concern

    assert states_open_concern("The previous cause of concern is unmet and remains in place.")
    assert states_open_concern("The force hasn\u2019t yet fully met the cause of concern on "
                               "answering calls that we raised in an earlier inspection.")
    assert states_open_concern("Some progress has been made, but the cause of concern hasn't yet been "
                               "resolved.")
    # Naming a concern, or saying it is met, is not saying it is open.
    assert not states_open_concern("I will monitor the force's progress against the cause of concern.")
    assert not states_open_concern("The force has addressed the cause of concern we raised in 2019.")
    assert not states_open_concern("The backlog remains in place.")


def test_an_open_cause_of_concern_is_typed_so_outside_the_boxes_and_starts_its_run():
    open_concern = "The cause of concern we identified in 2019 remains in place."
    items = [StatementInput("Westshire Police is inadequate at responding to the public.", grade="inadequate"),
             StatementInput(open_concern),
             StatementInput("Some callers waited over an hour."),
             StatementInput("Call handlers are well trained", kind="finding_heading")]
    model, index, proba = _read_as("other", "other", "area_for_improvement", "strength")
    out = model._as_concern(proba, model._open_concerns(items))
    assert [model.classes_[k] for k in out.argmax(axis=1)] == [
        "other", "cause_of_concern", "area_for_improvement", "strength"]
    assert np.isclose(out[1, index["cause_of_concern"]], model.rule_confidence)
    # On bare lines its formal words start the concern's run in the area's opening.
    out = model._concern_runs(items, out)
    assert [model.classes_[k] for k in out.argmax(axis=1)] == [
        "other", "cause_of_concern", "cause_of_concern", "strength"]
    # Inside a box the box's rule decides.
    boxed = [items[0], items[1]._replace(box="Innovative practice")]
    assert model._as_concern(proba[:2].copy(), model._open_concerns(boxed))[1].argmax() == index["other"]
