"""ContractGuardian: the signature police (seed 003 §3.2)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True)
class ChangeReport:
    """One contract change found between two revisions."""

    symbol: str
    severity: str
    summary: str


class ContractGuardian:
    """Compares extracted contracts with the registry and labels each change."""

    def __init__(self, registry_path: str, *, strict: bool = False) -> None:
        self.registry_path = registry_path
        self.strict = strict

    def compare(self, old: dict, new: dict) -> list[ChangeReport]:
        """Contract changes from `old` to `new`, most severe first.

        Raises:
            KeyError: when an entry has no `symbol`.
        """
        reports = []
        for symbol in sorted(set(old) | set(new)):
            if symbol not in new:
                reports.append(ChangeReport(symbol, "BREAKING", "removed"))
            elif symbol not in old:
                reports.append(ChangeReport(symbol, "SAFE", "added"))
        return reports

    def worst(self, reports: Iterable[ChangeReport]) -> str:
        """The highest severity among `reports`."""
        order = ["SAFE", "RISKY", "BREAKING"]
        return max((r.severity for r in reports), key=order.index, default="SAFE")

    @property
    def mode(self) -> str:
        """`strict` or `default`."""
        return "strict" if self.strict else "default"

    @staticmethod
    def labels() -> tuple[str, ...]:
        """The severity labels, least severe first."""
        return ("SAFE", "RISKY", "BREAKING")
