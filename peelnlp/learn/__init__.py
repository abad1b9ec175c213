"""What the statement models learn from and how: features (with cues.json
beside them), their hashing, the shared estimator (linear) and the two models
(type_model with its context pass, area_model); estimators gathers them."""
