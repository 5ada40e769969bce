from promptflow.core import tool


@tool
def answer_question(message: str) -> str:
    return f"Good question! Let me look into: {message.strip()}"
