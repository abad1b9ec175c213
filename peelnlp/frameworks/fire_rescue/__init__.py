"""Framework data: headings.json, areas.json, grades.json."""
