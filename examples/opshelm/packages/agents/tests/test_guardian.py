from opshelm_agents import ChangeReport, ContractGuardian


def test_a_removed_symbol_is_breaking():
    guardian = ContractGuardian("registry.tsv")
    reports = guardian.compare({"a.f": {}}, {})
    assert reports == [ChangeReport("a.f", "BREAKING", "removed")]
