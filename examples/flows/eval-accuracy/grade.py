from promptflow.core import tool


@tool
def grade(groundtruth: str, prediction: str) -> str:
    """'Correct' when the labels match, ignoring case and surrounding whitespace."""
    return "Correct" if groundtruth.strip().lower() == prediction.strip().lower() else "Incorrect"
