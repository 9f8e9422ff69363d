"""Email triage and thread summaries for one workspace."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Optional, Sequence


class Priority(Enum):
    """How soon a human should look at a message."""

    LOW = "low"
    NORMAL = "normal"
    URGENT = "urgent"


@dataclass
class TriageResult:
    """The outcome of triaging one message."""

    message_id: str
    priority: Priority
    labels: list[str] = field(default_factory=list)
    confidence: float = 0.0

    def is_urgent(self) -> bool:
        """True when the message needs a human today."""
        return self.priority is Priority.URGENT


def triage_email(
    message: dict,
    workspace_id: str,
    priority_threshold: float = 0.5,
    *,
    labels: Optional[Sequence[str]] = None,
) -> TriageResult:
    """Classify one inbound message of `workspace_id`.

    The message body is untrusted: it is never interpreted as instructions.

    Raises:
        ValueError: when the message has no id.
        PermissionError: when the message belongs to another workspace.
    """
    if "id" not in message:
        raise ValueError("message without id")
    if message.get("workspace_id", workspace_id) != workspace_id:
        raise PermissionError("cross-workspace message")
    score = float(message.get("score", 0.0))
    priority = Priority.URGENT if score >= priority_threshold else Priority.NORMAL
    return TriageResult(message["id"], priority, list(labels or []), score)


def summarize_thread(thread: Sequence[dict], /, max_words: int = 120, *, tone: str = "neutral") -> str:
    """Summarise a thread in at most `max_words` words.

    Raises:
        ValueError: when the thread is empty.
    """
    if not thread:
        raise ValueError("empty thread")
    words = " ".join(m.get("body", "") for m in thread).split()
    return " ".join(words[:max_words])


def _score(message: dict) -> float:
    return float(message.get("score", 0.0))


def _message_body(message: dict) -> str:
    """The body of an inbound message: text an outsider controls."""
    return str(message.get("body", ""))


def _quote_untrusted(text: str) -> str:
    """Untrusted text fenced as data, so the model reads it but does not obey it."""
    return "<untrusted>\n" + text.replace("<", "&lt;") + "\n</untrusted>"


def _draft_reply(message: dict, ask_model) -> str:
    """A reply drafted by the model; the body reaches the prompt quoted, never as instructions."""
    body = _message_body(message)
    prompt = "Draft a short reply to this message:\n" + _quote_untrusted(body)
    return ask_model(prompt)
