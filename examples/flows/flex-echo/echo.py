from typing import TypedDict


class EchoResult(TypedDict):
    reply: str
    length: int


class Echo:
    """A class entry: built once with its init values, then called once per request."""

    def __init__(self, prefix: str = "echo: "):
        self.prefix = prefix

    def __call__(self, text: str, times: int = 1) -> EchoResult:
        # promptflow takes the output schema from the return annotation: a TypedDict (or dataclass) is a dict.
        return {
            "reply": " ".join(self.prefix + text for _ in range(times)),
            "length": len(text),
        }


if __name__ == "__main__":
    print(Echo(prefix="> ")("hi", times=2))
