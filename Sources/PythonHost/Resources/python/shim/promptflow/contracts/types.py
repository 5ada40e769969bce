"""Type hints promptflow gives special meaning to in a tool's signature."""


class Secret(str):
    """Hints that a parameter is a secret."""

    def set_secret_name(self, name):
        self.secret_name = name


class PromptTemplate(str):
    """Hints that a parameter is a prompt template."""


class FilePath(str):
    """Hints that a parameter is a file path."""
