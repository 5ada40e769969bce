class Echo:
    """A class entry: built once with its init values, then called once per request."""

    def __init__(self, prefix: str = "echo: "):
        self.prefix = prefix
        self.calls = 0

    def __call__(self, text: str, times: int = 1) -> dict:
        self.calls += 1
        return {
            "reply": " ".join(self.prefix + text for _ in range(times)),
            "length": len(text),
        }


if __name__ == "__main__":
    print(Echo(prefix="> ")("hi", times=2))
