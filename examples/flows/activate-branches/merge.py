from promptflow.core import tool


@tool
def merge(question_reply: str = None, statement_reply: str = None) -> str:
    """Exactly one branch ran; the bypassed one is left out, so its parameter keeps the default None."""
    return question_reply if question_reply is not None else statement_reply
