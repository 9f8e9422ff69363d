"""HTTP status codes."""

from enum import IntEnum

OK = 200
NOT_FOUND = 404


class codes(IntEnum):
    OK = 200
    NOT_FOUND = 404

    @classmethod
    def get_reason_phrase(cls, value: int) -> str:
        return ""
