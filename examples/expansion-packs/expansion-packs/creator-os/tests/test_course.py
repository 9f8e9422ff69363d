from creator_os.course import course_tone


def test_an_empty_profile_keeps_the_neutral_tone():
    assert course_tone({}) == "neutral"
