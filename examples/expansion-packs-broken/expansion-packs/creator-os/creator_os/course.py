"""Course tone from the author's mind. Seeded violations: InnerLens is optional and imported
without a guard, and no `allow_imports` accepts the dependency."""

from innerlens.profile import big_five


def course_tone(profile: dict) -> str:
    scores = big_five(profile)
    return "warm" if (scores.get("agreeableness") or 0) > 0.6 else "neutral"
