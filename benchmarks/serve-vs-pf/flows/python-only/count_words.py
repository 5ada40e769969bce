import re

from promptflow.core import tool


@tool
def count_words(text: str) -> dict:
    counts = {}
    for word in re.findall(r"[a-z']+", text.lower()):
        counts[word] = counts.get(word, 0) + 1
    return counts
