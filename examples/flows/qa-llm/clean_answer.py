from promptflow.core import tool


@tool
def clean_answer(answer: str, max_chars: int = 400) -> dict:
    """Collapses whitespace and cuts the answer at max_chars."""
    text = " ".join(answer.split())
    truncated = len(text) > max_chars
    if truncated:
        text = text[: max_chars - 3].rstrip() + "..."
    return {"answer": text, "truncated": truncated}
