"""Cleaning: repair raw extracted text before it reaches the pipeline."""
