import re

from promptflow.core import tool


@tool
def text_stats(text: str, ignore_case: bool = True, stopwords: list = None) -> dict:
    """Counts characters, words and sentences, and how often each non-stopword occurs."""
    words = re.findall(r"[A-Za-z0-9']+", text)
    if ignore_case:
        words = [w.lower() for w in words]
    skip = {s.lower() if ignore_case else s for s in (stopwords or [])}
    counts = {}
    for word in words:
        if word not in skip:
            counts[word] = counts.get(word, 0) + 1
    sentences = [s for s in re.split(r"[.!?]+", text) if s.strip()]
    return {
        "characters": len(text),
        "words": len(words),
        "sentences": len(sentences),
        "word_counts": counts,
    }
