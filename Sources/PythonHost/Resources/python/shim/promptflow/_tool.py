"""The @tool decorator, with or without arguments, marking a function the way promptflow does."""


def tool(
    func=None,
    *,
    name=None,
    description=None,
    type=None,
    input_settings=None,
    streaming_option_parameter=None,
    **kwargs,
):
    def decorate(function):
        # The function itself is returned (no wrapper), so sync, async and generator kinds stay visible.
        setattr(function, "__tool", None)
        setattr(function, "__name", name)
        setattr(function, "__description", description)
        setattr(function, "__type", type)
        setattr(function, "__input_settings", input_settings)
        setattr(function, "__extra_info", kwargs)
        if streaming_option_parameter and isinstance(streaming_option_parameter, str):
            setattr(function, "_streaming_option_parameter", streaming_option_parameter)
        return function

    if func is not None:
        return decorate(func)
    return decorate


class ToolProvider:
    """Base class of class-based tools; the __init__ parameters become inputs of each @tool method."""

    def __init__(self):
        pass
