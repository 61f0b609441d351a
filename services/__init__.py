"""Live citizen services, each a self-contained module (see its manifest)."""
