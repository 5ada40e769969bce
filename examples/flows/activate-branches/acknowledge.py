from promptflow.core import tool


@tool
def acknowledge(message: str) -> str:
    return f"Noted: {message.strip()}"
