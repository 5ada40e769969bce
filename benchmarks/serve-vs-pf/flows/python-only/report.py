from promptflow.core import tool


@tool
def report(counts: dict, top_n: int) -> str:
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:top_n]
    return f"{sum(counts.values())} words; top: " + ", ".join(f"{word} ({n})" for word, n in top)
