"""SecuritySentry: prompt-injection and leakage checks (seed 003 §3.4)."""

from __future__ import annotations

import re
from enum import Enum
from typing import Optional

_PATTERNS = [re.compile(r"ignore (all )?previous instructions", re.I)]


class Threat(Enum):
    """Kinds of risk SecuritySentry reports."""

    PROMPT_INJECTION = "prompt_injection"
    SECRET_LEAK = "secret_leak"
    CROSS_WORKSPACE = "cross_workspace"


def scan_for_injection(text: str, *, max_findings: int = 10) -> list[Threat]:
    """Prompt-injection markers in untrusted `text`."""
    return [Threat.PROMPT_INJECTION for p in _PATTERNS if p.search(text)][:max_findings]


class SecuritySentry:
    """Reviews agent actions before they run."""

    def __init__(self, workspace_id: str, allowed_tools: Optional[list[str]] = None) -> None:
        self.workspace_id = workspace_id
        self.allowed_tools = allowed_tools or []

    def review_action(self, tool: str, arguments: dict, *args: str, **context: str) -> list[Threat]:
        """Threats of running `tool` with `arguments`.

        Raises:
            PermissionError: when `tool` is not allowed in this workspace.
        """
        if tool not in self.allowed_tools:
            raise PermissionError(tool)
        threats = []
        if arguments.get("workspace_id", self.workspace_id) != self.workspace_id:
            threats.append(Threat.CROSS_WORKSPACE)
        return threats

    @classmethod
    def for_workspace(cls, workspace_id: str) -> "SecuritySentry":
        """A sentry with no tool allowed."""
        return cls(workspace_id)
