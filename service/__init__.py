"""Reviewing files: one file, an e-dossier, a batch, over HTTP (the service boundary)."""
