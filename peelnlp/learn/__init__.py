"""What the statement models learn from: features (with cues.json beside them) and the estimators."""
