"""Big Five scores read from a mind's psychometric profile artifact."""

TRAITS = ("openness", "conscientiousness", "extraversion", "agreeableness", "neuroticism")


def big_five(profile: dict) -> dict:
    """The five trait scores of a parsed `psychometric-profile.yaml`, missing ones as None."""
    scores = profile.get("big_five", {})
    return {trait: scores.get(trait) for trait in TRAITS}
