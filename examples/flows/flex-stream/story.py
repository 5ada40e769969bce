class Storyteller:
    """A class entry whose __call__ is a generator: served with `Accept: text/event-stream`, or run with
    `flowgate flow test --stream`, each yielded piece reaches the caller as it is produced; otherwise the
    pieces are joined into one string. `__aggregate__` turns a bulk run's line outputs into metrics."""

    def __init__(self, style: str = "plain"):
        self.ending = "!" if style == "excited" else "."

    def __call__(self, topic: str, sentences: int = 3):
        for number in range(1, sentences + 1):
            yield f"Sentence {number} about {topic}{self.ending} "

    def __aggregate__(self, line_results: list) -> dict:
        words = [len(str(result).split()) for result in line_results]
        return {"lines": len(words), "mean_words": sum(words) / len(words) if words else 0}
