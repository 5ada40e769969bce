from promptflow.core import tool


@tool
def format_report(stats: dict, top: list) -> str:
    """One line of totals, then the most frequent words."""
    head = f"{stats['words']} words, {stats['sentences']} sentences, {stats['characters']} characters"
    if not top:
        return head
    ranked = ", ".join(f"{item['word']} ({item['count']})" for item in top)
    return f"{head}; most frequent: {ranked}"
