"""Training the bundled models from the labelled corpus (never imported at review time)."""
