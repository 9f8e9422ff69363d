"""The protocol every agent tool implements."""

from typing import Protocol


class Tool(Protocol):
    """An action an agent may take on behalf of a user."""

    name: str

    def run(self, workspace_id: str, payload: dict) -> dict:
        """Runs the tool and returns its result."""
        ...
