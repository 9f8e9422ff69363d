from opshelm_agents import Priority, triage_email


def test_high_score_is_urgent():
    result = triage_email({"id": "m1", "score": 0.9}, "ws1")
    assert result.priority is Priority.URGENT
