"""The generic, spec-driven engine. It knows nothing of billing or of any vendor."""
