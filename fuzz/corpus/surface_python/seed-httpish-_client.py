from __future__ import annotations

import typing
import warnings

from ._models import Request, Response

try:
    from typing import deprecated
except ImportError:  # pragma: no cover
    from typing_extensions import deprecated


class BaseClient:
    def __init__(self, *, base_url: str = "", timeout: float = 5.0, headers: dict[str, str] | None = None) -> None:
        self.base_url = base_url
        self.timeout = timeout
        self._headers = headers or {}

    @property
    def headers(self) -> dict[str, str]:
        """Default headers sent with every request."""
        return dict(self._headers)

    def build_request(self, method: str, url: str, **kwargs: typing.Any) -> Request:
        return Request(method, self.base_url + url)


class Client(BaseClient):
    """A synchronous client with connection pooling."""

    def request(self, method: str, url: str, *, params=None, headers=None, follow_redirects: bool = False) -> Response:
        """Send a request.

        Raises:
            HTTPError: on transport errors.
        """
        return Response(200)

    @typing.overload
    def get(self, url: str) -> Response: ...
    @typing.overload
    def get(self, url: str, *, stream: typing.Literal[True]) -> typing.Iterator[bytes]: ...
    def get(self, url, *, stream=False):
        return self.request("GET", url)

    @deprecated("use request(method='DELETE')")
    def delete(self, url: str) -> Response:
        return self.request("DELETE", url)

    def close(self) -> None:
        """Close the pool."""

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *args: object) -> None:
        self.close()

    def _send(self, request: Request) -> Response:
        return Response(200)


class AsyncClient(BaseClient):
    """An asyncio client."""

    async def request(self, method: str, url: str, /, *args, **kwargs) -> Response:
        return Response(200)

    async def aclose(self) -> None:
        """Close the pool."""
