"""Course tone from the author's mind; InnerLens is optional, so it is imported behind a guard."""

try:
    from innerlens.profile import big_five
except ImportError:  # InnerLens not installed: courses keep the neutral tone
    big_five = None


def course_tone(profile: dict) -> str:
    """`warm` for agreeable authors when InnerLens is present, else `neutral`."""
    if big_five is None:
        return "neutral"
    scores = big_five(profile)
    return "warm" if (scores.get("agreeableness") or 0) > 0.6 else "neutral"
