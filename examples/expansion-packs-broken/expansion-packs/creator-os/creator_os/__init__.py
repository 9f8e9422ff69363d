"""CreatorOS: courses built from minds."""
