def greet(name: str, excited: bool = False) -> str:
    """A function entry: promptflow reads the inputs from its signature and returns a bare string."""
    greeting = f"Hello, {name}"
    return greeting + ("!" if excited else ".")


if __name__ == "__main__":
    print(greet("Ada", excited=True))
