"""Graded judgements, sections and boxes, frameworks."""
from __future__ import annotations

import pytest

from peelnlp.components.grades import read_grade
from peelnlp.components.sections import place
from peelnlp.frameworks import available, detect, load_framework


@pytest.mark.parametrize("text, grade, area", [
    ("Northmoor Police is outstanding at investigating crime.", "outstanding", "investigating"),
    ("Northmoor Police is good at responding to the public.", "good", "responding"),
    ("The force is adequate at treating people fairly and with respect.", "adequate", "fairness_and_respect"),
    ("Northmoor Police requires improvement at protecting vulnerable people.", "requires_improvement", "vulnerable_people"),
    ("Northmoor Police is inadequate at operating efficiently.", "inadequate", "strategic_planning"),
    ("Northmoor Police is inadequate at prevention and deterrence.", "inadequate", "prevention"),
    ("Northmoor Police is good at recording crime.", "good", "crime_data_integrity"),
    ("Northmoor Police is adequate at managing offenders and suspects.", "adequate", "offenders"),
    ("Northmoor Police is good at building, supporting and protecting a positive workforce.", "good", "workforce"),
    ("Northmoor Police is adequate at tackling serious and organised crime.", "adequate", "serious_organised_crime"),
    ("Northmoor Police’s approach requires improvement in planning and managing efficiently.",
     "requires_improvement", "strategic_planning"),
    ("Northmoor Police was graded as inadequate at investigating crime.", "inadequate", "investigating"),
    ("Northmoor Police is rated as good at responding to the public.", "good", "responding"),
    # the grade word straight after the verb of grading, with no "as"
    ("Northmoor Police is rated inadequate at protecting vulnerable people.", "inadequate", "vulnerable_people"),
    ("Northmoor Police was judged good at investigating crime.", "good", "investigating"),
    ("Northmoor Police is assessed as adequate at responding to the public.", "adequate", "responding"),
    # the activity after a possessive, or named in full past its first phrase
    ("The force requires improvement in its vetting and counter-corruption work.",
     "requires_improvement", "vetting_counter_corruption"),
    ("The force is adequate at strategic planning, organisational management and providing value for money.",
     "adequate", "strategic_planning"),
    ("We judge Northmoor Police to be good at preventing and deterring crime and antisocial behaviour.",
     "good", "prevention"),
])
def test_graded_judgements(text, grade, area):
    assert read_grade(text) == (grade, area)


@pytest.mark.parametrize("text", [
    "Call handling is good and supervisors check it daily.",
    "The force is good at engaging with young people through its cadet scheme and school visits in every district.",
    "We found the force was good in most of the cases we reviewed.",
    "The force has a good understanding of its communities.",
    # the area's own words do not stretch a finding into a judgement
    "The force is good at its safeguarding of children who are at risk when they go missing from care homes in the county.",
])
def test_not_graded_judgements(text):
    assert read_grade(text) is None


def test_grades_set_on_pipeline_statements(structure_nlp):
    doc = structure_nlp("Investigating crime\n\nNorthmoor Police is adequate at investigating crime.\n\n"
                        "The force reviews cases well.")
    spans = list(doc.spans["statements"])
    assert (spans[1]._.grade, spans[1]._.area) == ("adequate", "investigating")
    assert spans[2]._.grade is None


def test_place_tracks_sections_boxes_and_headings():
    fw = load_framework("peel_2021_22")
    items = [
        ("title", "Overall summary"), ("sentence", "We inspected the force."),
        ("title", "Protecting vulnerable people"), ("sentence", "The force is good at this."),
        ("title", "Cause of concern"), ("sentence", "The force has not addressed the concern."),
        ("title", "Recommendations"), ("list_item", "• publish a plan;"),
        ("title", "Main findings"), ("finding_heading", "The force supports victims well"),
        ("sentence", "Officers complete risk assessments."),
    ]
    placed = place(items, fw)
    assert placed[1] == ("Overall summary", None, None)
    assert placed[3] == ("Protecting vulnerable people", None, None)
    assert placed[5][1] == "Cause of concern"
    assert placed[7][1] == "Recommendations"
    assert placed[10] == ("Protecting vulnerable people", "Main findings", "The force supports victims well")
    assert fw.section("Protecting vulnerable people")[1] == "vulnerable_people"
    assert fw.section("HM Inspector’s observations")[1] is None  # content decides there


def test_an_areas_title_in_the_summary_that_the_report_gives_again_later_opens_no_section(structure_nlp):
    """A grades table extracted as text puts each area's title on a line of
    its own in the summary. The last of them opened its section there, and
    the summary's sentences after it took that area; a title the report gives
    again later is a mention there. Run together in one line, the table's
    cells are a title, not a finding."""
    fw = load_framework("peel_2021_22")
    items = [("title", "Overall summary"), ("title", "Our judgements"),
             ("title", "Recording data about crime"), ("sentence", "We also inspected victim service."),
             ("title", "Investigating crime"), ("sentence", "Northmoor Police is adequate at investigating crime."),
             ("title", "Recording data about crime"), ("sentence", "Northmoor Police is good at recording data.")]
    placed = place(items, fw)
    assert [p[0] for p in placed] == ["Overall summary"] * 4 + ["Investigating crime"] * 2 + \
        ["Recording data about crime"] * 2
    # given once, in the summary only, the title still opens its section (an excerpt)
    assert place(items[:5], fw)[3][0] == "Recording data about crime"
    raw = ("Our judgements\n\nOur inspection assessed how good Northmoor Police is in 11 areas of policing, and we\n"
           "make graded judgments in 10 of these 11, as the table below shows for each of the areas.\n\n"
           "Outstanding Good Adequate Requires improvement Inadequate\n\n"
           "Investigating crime Police powers and public treatment Responding to the public\n\n"
           "We also inspected how the force serves victims of crime, but we don't grade it.\n")
    doc = structure_nlp(raw)
    # the header row and the row of titles, read as one heading: a title
    assert [span._.kind for span in doc.spans["statements"]] == ["title", "sentence", "title", "sentence"]


def test_victim_service_assessment_alone_starts_the_victim_service_section():
    """Some reports give the assessment's title with no 'Providing a service
    to the victims of crime' before it: its statements are still victim service."""
    for framework in ("peel_2021_22", "peel_2023_25"):
        fw = load_framework(framework)
        items = [("title", "Preventing crime"), ("sentence", "The force is good at this."),
                 ("title", "Victim service assessment"), ("sentence", "Victims are updated.")]
        placed = place(items, fw)
        assert fw.section(placed[1][0])[1] == "prevention"
        assert placed[3][0] == "Victim service assessment"
        assert fw.section(placed[3][0])[1] == "victim_service"


def test_frameworks_are_data_and_detected_by_their_headings():
    assert {"peel_2021_22", "peel_2023_25"} <= set(available())
    assert detect(["Police powers and public treatment", "Leadership and force management"]) == "peel_2023_25"
    assert detect(["Engaging with and treating the public with fairness and respect"]) == "peel_2021_22"
    with pytest.raises(ValueError):
        load_framework("no_such_framework")


# -- grades from grammar: activities the phrase list does not know ------------

@pytest.mark.parametrize("text, grade", [
    ("Northmoor Police requires improvement in the way it manages suspects and offenders.", "requires_improvement"),
    ("We found that Northmoor Police is good at its work with partners on exploitation.", "good"),
    ("Fenmoor Fire and Rescue Service is adequate at keeping its buildings safe.", "adequate"),
])
def test_judgements_read_by_grammar_leave_the_area_to_the_section(text, grade):
    assert read_grade(text) == (grade, None)


@pytest.mark.parametrize("text", [
    "Officers are good at explaining their decisions to victims.",
    "It is good at keeping victims informed.",
    "Neighbourhood Watch groups are good at sharing information with the force.",
    "Northmoor Police is good at responding to calls, and its control room staff told us that they feel "
    "supported by their supervisors, who check a sample of their calls every week and give them feedback.",
])
def test_grammar_needs_a_named_body_and_a_short_sentence(text):
    assert read_grade(text) is None


def test_a_judgement_ends_the_finding_before_it_where_no_title_does(tag_lines):
    # Bare lines: the heading of the last finding must not reach into the next area.
    records = tag_lines("Victims are not always kept informed\nUpdates are often late.\n"
                        "Northmoor Police is good at investigating crime.\nFiles have plans.\n"
                        "The force answers calls quickly\nMost calls are answered.\n")
    assert [r["kind"] for r in records] == ["finding_heading", "sentence", "sentence", "sentence",
                                            "finding_heading", "sentence"]
    assert records[2]["grade"] == "good"
    assert [r["heading"] for r in records[1:]] == ["Victims are not always kept informed", None, None,
                                                  "The force answers calls quickly",
                                                  "The force answers calls quickly"]


def test_grammar_judgement_takes_its_section_area(structure_nlp):
    doc = structure_nlp("Managing offenders and suspects\n\n"
                        "Northmoor Police requires improvement in the way it pursues wanted people.\n")
    (judgement,) = [s for s in doc.spans["statements"] if s._.grade]
    assert (judgement._.grade, judgement._.area) == ("requires_improvement", "offenders")


@pytest.mark.parametrize("text, area", [
    ("Northmoor Police requires improvement at the way it investigates crime.", "investigating"),
    ("Northmoor Police is adequate at making the force a fair and healthy workplace.", "workforce"),
])
def test_grammar_judgement_without_a_section_takes_its_activity_area(text, area):
    from peelnlp.components.grades import _activity_area

    assert read_grade(text)[1] is None  # not in the phrase list: the activity's words decide
    assert _activity_area(text, "peel_2021_22") == area


def test_fire_reports_have_their_own_framework_and_grades():
    titles = ["Overall summary", "Preventing fires and other risks", "Responding to fires and other emergencies",
              "Promoting the right values and culture"]
    assert detect(titles) == "fire_rescue"
    assert read_grade("Norbury Fire and Rescue Service is good at preventing fires and other risks.",
                      "fire_rescue") == ("good", "prevention")
    fw = load_framework("fire_rescue")
    assert fw.section("Getting the right people with the right skills")[1] == "workforce"


def test_a_finding_heading_closes_a_cause_of_concern_box():
    fw = load_framework("fire_rescue")
    items = [("title", "Protecting the public through fire regulation"), ("title", "Cause of concern"),
             ("sentence", "The service doesn't audit enough high-risk premises."), ("title", "Recommendations"),
             ("list_item", "• increase its audits;"), ("sentence", "Its inspectors are too few."),
             ("finding_heading", "The service works well with businesses"),
             ("sentence", "It runs a popular advice line.")]
    boxes = [box for _, box, _ in place(items, fw)]
    assert boxes[1:6] == ["Cause of concern", "Cause of concern", "Recommendations", "Recommendations",
                          "Recommendations"]
    assert boxes[6:] == [None, None]


def test_a_heading_that_states_the_cause_of_concern_stays_in_its_box():
    # Some reports set the concern's own statement in bold, straight after the
    # box's title: it and its evidence are the concern (GUIDELINES s.2). A
    # second heading, or one after the recommendations, is an ordinary finding.
    items = [("title", "Protecting vulnerable people"), ("title", "Cause of concern"),
             ("finding_heading", "The force is slow to assess the risk to children"),
             ("sentence", "Referrals wait a week to be read."),
             ("finding_heading", "The force works well with schools"), ("sentence", "Staff visit each term."),
             ("title", "Cause of concern"), ("sentence", "The force doesn't share what it knows."),
             ("finding_heading", "Partners are told too late"), ("title", "Recommendations"),
             ("list_item", "• clear its backlog;"), ("finding_heading", "Officers know the local schools")]
    for name in ("peel_2021_22", "peel_2023_25", "fire_rescue"):
        boxes = [box for _, box, _ in place(items, load_framework(name))]
        assert boxes[1:4] == ["Cause of concern"] * 3
        assert boxes[4:6] == [None, None]
        assert boxes[6:8] == ["Cause of concern"] * 2
        assert boxes[8] is None  # the concern's sentence came first
        assert boxes[9:11] == ["Recommendations"] * 2
        assert boxes[11] is None


def test_a_fire_reports_practice_box_holds_one_finding():
    # Fire reports set a practice box among their findings with no title after
    # it: the box's second heading is an ordinary finding. PEEL reports close
    # their boxes with titles, and one box may hold two practices.
    items = [("title", "Preventing fires and other risks"), ("title", "Promising practice"),
             ("finding_heading", "Pharmacies refer people at risk to the service"),
             ("sentence", "Staff in 40 pharmacies were trained."),
             ("finding_heading", "Safe and well visits reach those most at risk"),
             ("sentence", "Most visits were to high-risk homes.")]
    boxes = [box for _, box, _ in place(items, load_framework("fire_rescue"))]
    assert boxes[1:] == ["Innovative practice"] * 3 + [None, None]
    police = [("title", "Managing offenders and suspects")] + items[1:]
    boxes = [box for _, box, _ in place(police, load_framework("peel_2021_22"))]
    assert boxes[1:] == ["Innovative practice"] * 5


def _refused(monkeypatch, framework: str, file: str, change, message: str) -> None:
    """Loading ``framework`` with its data ``file`` changed by ``change`` fails with ``message``."""
    import peelnlp.frameworks as frameworks

    real = frameworks.load_json

    def fake(pkg, name):
        data = real(pkg, name)
        return change(data) if name == file and pkg.endswith(framework) else data

    monkeypatch.setattr(frameworks, "load_json", fake)
    frameworks.load_framework.cache_clear()
    try:
        with pytest.raises(ValueError, match=message):
            frameworks.load_framework(framework)
    finally:
        frameworks.load_framework.cache_clear()


def test_a_single_finding_box_must_be_a_box(monkeypatch):
    _refused(monkeypatch, "fire_rescue", "headings.json",
             lambda data: {**data, "single_finding_boxes": ["Promising pratice"]},
             "single_finding_boxes names no box: Promising pratice")


def test_the_inspections_method_is_a_box_whose_statements_are_other():
    # GUIDELINES s.2: the inspection's method is "other", however it reads
    # (a method sentence that speaks of where the force must improve).
    from peelnlp.labels import BOX_TYPES

    items = [("title", "Overall summary"), ("title", "Important changes to PEEL"),
             ("sentence", "We can now state more precisely where improvement is needed."),
             ("title", "HM Inspector's observations"), ("sentence", "The force has improved.")]
    for name in ("peel_2021_22", "peel_2023_25"):
        boxes = [box for _, box, _ in place(items, load_framework(name))]
        assert boxes == [None, "About the inspection", "About the inspection", None, None]
    assert BOX_TYPES["About the inspection"] == "other"
    assert load_framework("fire_rescue").box("About the data") == "About the inspection"


# A 2021/22 report's ungraded victim service assessment, on text with no
# titles: found by its first sentence, it runs to the next graded judgement.
_VSA_LINES = [
    "Our victim service assessment is ungraded and is reported separately.",  # a summary's mention
    "Calls to the force are usually answered within its targets.",
    "This section gives our view of how Northmoor Police serves victims, "
    "from their first contact with the force to the outcome of their case.",
    "Emergency calls are answered quickly and risk is assessed well.",
    "Officers attend priority incidents within the force's target times.",
    "Investigations are allocated to officers with the right training.",
    "Northmoor Police is good at recording data about crime.",
    "The force records almost every reported crime correctly.",
]


def test_an_untitled_victim_service_assessment_runs_from_its_opening_sentence_to_the_next_judgement():
    from peelnlp.frameworks.place import untitled_sections

    grades = [None] * 6 + ["good", None]
    assert untitled_sections(_VSA_LINES, grades, "peel_2021_22") == [None, None] + ["victim_service"] * 4 + [None, None]
    # With no judgement after it, nothing says where it ends: an excerpt may stop in a summary.
    assert untitled_sections(_VSA_LINES[:6], [None] * 6, "peel_2021_22") == [None] * 6
    # The last opening sentence before the judgement starts the section (the
    # summary's mentions come earlier), and a framework with no such section finds none.
    twice = [_VSA_LINES[2]] + _VSA_LINES
    assert untitled_sections(twice, [None] * 7 + ["good", None], "peel_2021_22")[:4] == [None] * 3 + ["victim_service"]
    assert untitled_sections(_VSA_LINES, grades, "peel_2023_25") == [None] * 8


@pytest.mark.parametrize("text", [
    "Our victim service assessment is ungraded and is reported separately.",
    "We made graded judgments in five areas and carried out an ungraded assessment of the service victims receive.",
    "Without this assessment, the force can't be sure that victims get the support they need.",
    "Here we give our main findings about how well the force supports victims.",
    "For this assessment, we examined 90 case files and listened to 40 calls from victims.",
])
def test_sentences_that_do_not_open_a_victim_service_assessment(text):
    from peelnlp.frameworks.place import untitled_sections

    assert untitled_sections([text, "Calls are answered quickly.", "Northmoor Police is good at recording crime."],
                             [None, None, "good"], "peel_2021_22") == [None, None, None]


def test_the_assessments_statements_take_its_area_on_bare_lines(tmp_path, tag_lines):
    from peelnlp.evaluation.evaluate import tag_inputs

    records = tag_lines("\n".join(_VSA_LINES) + "\n", model=None)
    assert [r["area"] for r in records[2:6]] == ["victim_service"] * 4
    assert (records[6]["grade"], records[6]["area"]) == ("good", "crime_data_integrity")
    assert records[7]["area"] != "victim_service"
    # With a title, the title decides, as before.
    titled = tmp_path / "titled.txt"
    titled.write_text("Responding to the public\n\n" + "\n\n".join(_VSA_LINES[3:5]) + "\n", encoding="utf-8")
    assert {r["area"] for r in tag_inputs([str(titled)]) if r["kind"] != "title"} == {"responding"}


def test_an_assessment_whose_title_is_not_known_takes_its_area_in_a_summary(tmp_path):
    """An unknown title ("The assessment in detail") leaves the
    assessment in the summary before it, with no area of its own: its
    opening sentence gives it, as on bare lines."""
    from peelnlp.evaluation.evaluate import tag_inputs

    report = tmp_path / "report.txt"
    report.write_text("HM Inspector’s observations\n\nThe force has made progress since 2019.\n\n"
                      "The assessment in detail\n\n"
                      + "\n\n".join(_VSA_LINES[2:6]) + "\n\nCrime data integrity\n\n"
                      + "\n\n".join(_VSA_LINES[6:]) + "\n", encoding="utf-8")
    records = tag_inputs([str(report)])
    by_text = {r["text"]: r for r in records}
    assert by_text[_VSA_LINES[2]]["section"] == "HM Inspector's observations"  # the title is not known
    assert [by_text[t]["area"] for t in _VSA_LINES[2:6]] == ["victim_service"] * 4
    assert by_text[_VSA_LINES[6]]["area"] == "crime_data_integrity"


def test_an_untitled_section_must_name_a_known_area(monkeypatch):
    _refused(monkeypatch, "peel_2021_22", "untitled_sections.json",
             lambda data: {"sections": [{**data["sections"][0], "area": "victim_servce"}]},
             "untitled_sections.json: no such area: victim_servce")


def test_a_judgement_opens_its_areas_section_where_the_title_is_not_known():
    """A title the framework does not know ("Crime prevention", or a known one
    broken across two PDF lines) leaves its statements in the section before;
    the judgement after it says which area they are in (GUIDELINES s.3)."""
    from peelnlp.frameworks.place import sections_at_judgements

    fw = load_framework("peel_2021_22")
    items = [("title", "Investigating crime"), ("sentence", "Northmoor Police is good at investigating crime."),
             ("title", "Main findings"), ("sentence", "Files have plans."),
             ("title", "Crime prevention"), ("sentence", "Northmoor Police is adequate at prevention and deterrence."),
             ("title", "Areas for improvement"), ("sentence", "Patrols should be planned."),
             ("title", "Protecting vulnerable people"), ("sentence", "Referrals are quick.")]
    placed = place(items, fw)
    assert placed[5] == ("Investigating crime", "Main findings", None)  # the title is not known
    judged = [None, "investigating", None, None, None, "prevention", None, None, None, None]
    opened = sections_at_judgements(items, placed, judged, fw)
    assert [s for s, _, _ in opened] == ["Investigating crime"] * 4 + ["Preventing crime and anti-social behaviour"] * 4 \
        + ["Protecting vulnerable people"] * 2
    assert opened[4][1] is None and opened[5][1] is None  # the last section's box is closed
    assert opened[7][1] == "Areas for improvement"  # the new section's own box
    # A judgement in its own section, or in a summary, moves nothing.
    summary = [("title", "Overall summary"), ("sentence", "Northmoor Police is good at investigating crime."),
               ("sentence", "Calls are answered.")]
    assert sections_at_judgements(summary, place(summary, fw), [None, "investigating", None], fw) == place(summary, fw)
    assert sections_at_judgements(items[:4], placed[:4], judged[:4], fw) == placed[:4]


def test_statements_after_an_unknown_title_take_the_judgements_area(tmp_path):
    from peelnlp.evaluation.evaluate import tag_inputs

    report = tmp_path / "report.txt"
    report.write_text("Investigating crime\n\nNorthmoor Police is good at investigating crime.\n\n"
                      "Files have plans.\n\nCrime prevention\n\n"
                      "Northmoor Police is adequate at prevention and deterrence.\n\n"
                      "Officers review every investigation plan each week.\n", encoding="utf-8")
    records = tag_inputs([str(report)])
    assert [r["section"] for r in records] == ["Investigating crime"] * 3 + \
        ["Preventing crime and anti-social behaviour"] * 3
    # The words of the last statement are an investigation's; its section decides.
    assert [r["area"] for r in records[-2:]] == ["prevention", "prevention"]
    assert records[2]["area"] == "investigating"


@pytest.mark.parametrize("variant, title", [
    ("Area(s) for improvement", "areas for improvement"),
    ("Key areas for improvement:", "areas for improvement"),
    ("Innovative and promising practice", "innovative practice"),
    ("Notable practice", "innovative practice"),
    ("Cause for concern", "cause of concern"),
    ("Our recommendations", "recommendations"),
    ("Key findings", "main findings"),
])
def test_other_wordings_of_a_box_title_are_that_title(variant, title):
    from peelnlp.text import normalise_heading

    assert normalise_heading(variant) == title
    assert load_framework("peel_2021_22").box(variant) is not None


@pytest.mark.parametrize("numbered, title", [
    ("3. Main findings", "main findings"), ("2.1 Investigating crime", "investigating crime"),
    ("Part 2: Investigating crime", "investigating crime"), ("iv. Cause of concern", "cause of concern"),
])
def test_a_titles_number_is_not_part_of_its_key(numbered, title):
    from peelnlp.text import normalise_heading

    assert normalise_heading(numbered) == title


@pytest.mark.parametrize("variant, section", [
    ("Observations from the inspector", "HM Inspector's observations"),
    ("Inspector’s overview", "HM Inspector's observations"),
    ("Our assessment of crime reduction", "Reducing crime assessment"),
])
def test_other_wordings_of_a_summary_title_are_that_title(variant, section):
    assert load_framework("peel_2021_22").section(variant) == (section, None)


def test_the_inspectors_observations_worded_otherwise_leave_the_method_box(structure_nlp):
    # Unknown, the title left the observations in the method box before them,
    # typed "other" by its rule.
    doc = structure_nlp("Overall summary\n\nImportant changes to PEEL\n\nWe changed how we grade forces.\n\n"
                        "Observations from the inspector\n\nThe force has made real progress.\n")
    last = list(doc.spans["statements"])[-1]
    assert (last._.section, last._.box) == ("HM Inspector's observations", None)


@pytest.mark.parametrize("text", ["Improvement since our last inspection", "Practice in the control room",
                                  "The force needs to improve its practice", "Findings of the review",
                                  "Reducing crime", "Observations"])
def test_headings_that_only_mention_a_box_word_keep_their_own_key(text):
    from peelnlp.text import normalise_heading

    assert normalise_heading(text) == text.lower()


def test_a_box_worded_otherwise_closes_the_box_before_it(structure_nlp):
    # Read as a finding heading, an unknown "Area(s) for improvement" left its
    # findings in the innovative practice box before it, typed by that box.
    doc = structure_nlp("Investigating crime\n\nNorthmoor Police is good at investigating crime.\n\n"
                        "Innovative practice\n\nThe force has a new triage app\n\nOfficers use it.\n\n"
                        "Area(s) for improvement\n\nThe force should improve its case files\n\n"
                        "Files lack plans.\n")
    spans = list(doc.spans["statements"])
    by_text = {s.text: s for s in spans}
    assert by_text["Area(s) for improvement"]._.kind == "title"
    assert by_text["Files lack plans."]._.box == "Areas for improvement"
    assert by_text["Officers use it."]._.box == "Innovative practice"
