"""Mind interviews (seed 003 SecuritySentry): an e-mail from the mind's author becomes a
question for the model. The body is untrusted, so it reaches the prompt quoted as data; the
only capability MMOS's code uses is the network (declared in accord.toml)."""

import urllib.request

MODEL_URL = "http://localhost:8080/v1/complete"


def read_email(path: str) -> str:
    """The body of an e-mail from the mind's author: text an outsider controls."""
    with open(path, encoding="utf-8") as message:
        return message.read()


def quote_untrusted(text: str) -> str:
    """Untrusted text fenced as data, so the model reads it but does not obey it."""
    return "<untrusted>\n" + text.replace("<", "&lt;") + "\n</untrusted>"


def ask_model(prompt: str) -> str:
    """The model's completion of `prompt`."""
    request = urllib.request.Request(MODEL_URL, data=prompt.encode("utf-8"))
    with urllib.request.urlopen(request) as response:
        return response.read().decode("utf-8")


def interview(path: str) -> str:
    """The model's summary of the author's e-mailed answer."""
    body = read_email(path)
    prompt = "Summarise the author's answer:\n" + quote_untrusted(body)
    return ask_model(prompt)
