"""A small HTTP client shaped like httpx."""

from ._client import Client, AsyncClient
from ._models import Request, Response, Headers
from ._api import get, post, request
from ._exceptions import *
from . import codes

__all__ = [
    "AsyncClient",
    "Client",
    "Headers",
    "HTTPError",
    "HTTPStatusError",
    "Request",
    "Response",
    "TimeoutException",
    "codes",
    "get",
    "post",
    "request",
]

__version__ = "0.27.0"
