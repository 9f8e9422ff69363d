__all__ = ["HTTPError", "HTTPStatusError", "TimeoutException"]

class HTTPError(Exception):
    """Base class of every error raised by httpish."""

    def __init__(self, message: str) -> None:
        super().__init__(message)


class TimeoutException(HTTPError):
    pass


class HTTPStatusError(HTTPError):
    def __init__(self, message: str, *, request: object, response: object) -> None:
        super().__init__(message)
        self.request = request
        self.response = response
