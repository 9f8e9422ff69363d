from __future__ import annotations

import typing

from ._client import Client
from ._models import Response

DEFAULT_TIMEOUT = 5.0


def request(
    method: str,
    url: str,
    *,
    params: typing.Mapping[str, str] | None = None,
    headers: typing.Mapping[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    follow_redirects: bool = False,
) -> Response:
    """Send a request.

    Raises:
        TimeoutException: when the server does not answer within `timeout`.
        HTTPError: on transport errors.
    """
    with Client(timeout=timeout) as client:
        return client.request(method, url, params=params, headers=headers, follow_redirects=follow_redirects)


def get(url: str, *, params: typing.Optional[typing.Mapping[str, str]] = None, timeout: float = DEFAULT_TIMEOUT) -> Response:
    """Send a GET request."""
    return request("GET", url, params=params, timeout=timeout)


def post(url: str, *, content: bytes | None = None, json: typing.Any = None, timeout: float = DEFAULT_TIMEOUT) -> Response:
    """Send a POST request."""
    return request("POST", url, timeout=timeout)
