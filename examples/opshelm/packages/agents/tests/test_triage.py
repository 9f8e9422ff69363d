from opshelm_agents import Priority, triage_email


def test_high_score_is_urgent():
    result = triage_email({"id": "m1", "score": 0.9}, "ws1")
    assert result.priority is Priority.URGENT


def test_a_thread_is_cut_at_max_words():
    from opshelm_agents import TriageResult, summarize_thread

    assert summarize_thread([{"body": "a b c"}], max_words=2) == "a b"
    assert not TriageResult("m2", Priority.NORMAL).is_urgent()
