"""Evaluation: align predictions to gold statements and score them."""
