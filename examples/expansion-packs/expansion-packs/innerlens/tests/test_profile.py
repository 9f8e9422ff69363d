from innerlens.profile import TRAITS, big_five


def test_missing_traits_are_none():
    scores = big_five({"big_five": {"openness": 0.7}})
    assert scores["openness"] == 0.7
    assert all(scores[t] is None for t in TRAITS if t != "openness")
