from __future__ import annotations

import typing
from dataclasses import dataclass


class Headers(typing.MutableMapping[str, str]):
    """Case-insensitive headers."""

    def __init__(self, headers: typing.Mapping[str, str] | None = None, encoding: str | None = None) -> None:
        self._store = dict(headers or {})


@dataclass
class Request:
    method: str
    url: str
    headers: Headers | None = None


class Response:
    """An HTTP response."""

    status_code: int

    def __init__(self, status_code: int, *, content: bytes = b"", request: Request | None = None) -> None:
        self.status_code = status_code
        self.content = content

    def json(self, **kwargs: typing.Any) -> typing.Any:
        """The body decoded as JSON.

        Raises:
            ValueError: when the body is not JSON.
        """
        return None

    def raise_for_status(self) -> "Response":
        """Raise for 4xx/5xx.

        Raises:
            HTTPStatusError: for error responses.
        """
        return self

    @property
    def is_success(self) -> bool:
        return 200 <= self.status_code < 300
