"""Seeded violation: MMOS reaches into CreatorOS's code, upstream in the pipeline, which
closes a cycle with the `mmos-creator-os` contract."""

from creator_os.course import course_tone


def voice_of(profile: dict) -> str:
    return course_tone(profile)
