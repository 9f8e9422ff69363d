"""Mind interviews (seed 003 SecuritySentry). Seeded violations: the e-mail body reaches the
model unquoted (a prompt-injection flow), and the transcript is staged with `subprocess`, a
capability `[packs.mmos.security]` does not grant."""

import subprocess
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
    prompt = "Summarise the author's answer:\n" + body
    answer = ask_model(prompt)
    subprocess.run(["git", "add", path], check=False)
    return answer
