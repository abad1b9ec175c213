"""The label sets of the annotation guidelines, defined once.

Every module that needs a label set imports it from here: the estimators, the
training and corpus code, the metrics and the writers.
"""
from __future__ import annotations

#: what a statement is in its document (GUIDELINES s.1)
KINDS = ("title", "finding_heading", "list_item", "sentence")
#: what it says about the inspected organisation (s.2)
TYPES = ("strength", "area_for_improvement", "cause_of_concern", "innovative_practice", "other")
#: the four types the mission is about: macro-F1 is reported over these
MISSION = TYPES[:4]
#: the policing area it is about (s.3)
AREAS = (
    "victim_service", "crime_data_integrity", "fairness_and_respect", "prevention", "responding",
    "investigating", "vulnerable_people", "offenders", "serious_organised_crime", "workforce",
    "vetting_counter_corruption", "strategic_planning", "general",
)
#: boxes whose statements take one type by rule (s.2: a formal cause of concern
#: with its recommendations; the practice an "Innovative practice" box singles
#: out; the inspection's method, "Important changes to PEEL", is other)
BOX_TYPES = {"Cause of concern": "cause_of_concern", "Recommendations": "cause_of_concern",
             "Innovative practice": "innovative_practice", "About the inspection": "other"}
#: boxes whose statements take one area by rule: the inspection's method and
#: data are about the inspection (s.3), also where a report sets them after an
#: area's section ("About the data" at its end)
BOX_AREAS = {"About the inspection": "general"}
#: graded judgements (s.4)
GRADES = ("outstanding", "good", "adequate", "requires_improvement", "inadequate")
#: the inspection programme assumed when a report's headings name none
DEFAULT_FRAMEWORK = "peel_2021_22"
