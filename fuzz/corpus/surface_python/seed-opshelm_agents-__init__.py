"""OpsHelm PM agents (seed 003 §3)."""

from .triage import TriageResult, Priority, triage_email, summarize_thread
from .guardian import ContractGuardian, ChangeReport
from .sentry import SecuritySentry, Threat, scan_for_injection
from .tools import Tool

__all__ = [
    "TriageResult",
    "Priority",
    "triage_email",
    "summarize_thread",
    "ContractGuardian",
    "ChangeReport",
    "SecuritySentry",
    "Threat",
    "scan_for_injection",
    "Tool",
]
