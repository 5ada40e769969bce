from promptflow.core import tool

QUESTION_WORDS = ("who", "what", "when", "where", "why", "how", "which", "can", "is", "are", "do", "does")


@tool
def classify(message: str) -> str:
    """'question' when the message ends with '?' or starts with a question word, else 'statement'."""
    text = message.strip().lower()
    if text.endswith("?") or text.split(" ", 1)[0] in QUESTION_WORDS:
        return "question"
    return "statement"
