"""Training: corpora in, versioned models out."""
