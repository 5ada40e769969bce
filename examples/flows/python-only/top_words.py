from promptflow.core import tool


@tool
def top_words(counts: dict, top_n: int = 3) -> list:
    """The top_n most frequent words, most frequent first, ties in alphabetical order."""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [{"word": word, "count": count} for word, count in ranked[:top_n]]
