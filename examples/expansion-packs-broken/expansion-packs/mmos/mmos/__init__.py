"""MMOS: mind mapping."""
