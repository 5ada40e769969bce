"""Signatures of tools and entries (`signature`), and errors as the Swift side reports them (`describe`).

inspect, typing and traceback are imported at first use, so a worker says hello without them.
"""

import json
import os

from flowgate_host_values import ToolLoadError

# Frames in these files are Flowgate's, not the tool's: they are left out of tracebacks.
HOST_DIRECTORY = os.path.dirname(os.path.abspath(__file__)) + os.sep


class EntryInitError(Exception):
    pass


def _annotation_name(annotation):
    import inspect
    import typing

    if annotation is inspect.Parameter.empty:
        return None
    if isinstance(annotation, str):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Union:
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _annotation_name(members[0]) if len(members) == 1 else str(annotation)
    if origin is not None:
        return getattr(origin, "__name__", str(origin))
    if annotation is None:
        return "None"
    return getattr(annotation, "__name__", str(annotation))


def _jsonable(value):
    try:
        json.dumps(value, allow_nan=False)
        return value
    except (TypeError, ValueError):
        return repr(value)


def signature(function):
    import inspect
    import typing

    target = inspect.unwrap(function)
    try:
        hints = typing.get_type_hints(target)
    except Exception:
        hints = {}
    parameters = []
    for parameter in inspect.signature(target).parameters.values():
        entry = {
            "name": parameter.name,
            "annotation": _annotation_name(hints.get(parameter.name, parameter.annotation)),
            "kind": parameter.kind.name.lower(),
        }
        if parameter.default is not inspect.Parameter.empty:
            entry["default"] = _jsonable(parameter.default)
        parameters.append(entry)
    tool_args = {}
    for key in ("name", "description", "type"):
        value = getattr(function, "__" + key, None)
        if value is not None:
            tool_args[key] = _jsonable(value)
    extra = getattr(function, "__extra_info", None)
    if isinstance(extra, dict):
        tool_args.update({k: _jsonable(v) for k, v in extra.items()})
    streaming_option = getattr(function, "_streaming_option_parameter", None)
    if streaming_option:
        tool_args["streaming_option_parameter"] = streaming_option
    return {
        "name": target.__name__,
        "parameters": parameters,
        "isGenerator": inspect.isgeneratorfunction(target) or inspect.isasyncgenfunction(target),
        "isAsync": inspect.iscoroutinefunction(target) or inspect.isasyncgenfunction(target),
        "toolArguments": tool_args,
    }


def class_attributes(cls):
    names = set()
    for klass in cls.__mro__:
        if klass is not object:
            names.update(vars(klass))
    return names


def init_parameters(cls):
    if "__init__" not in class_attributes(cls):
        return []
    return signature(cls.__init__)["parameters"][1:]


def qualname(function):
    import inspect

    target = inspect.unwrap(function)
    target = getattr(target, "__func__", target)
    return getattr(target, "__qualname__", getattr(target, "__name__", "entry"))


# The init values as promptflow shows them in errors: a connection by its name, never its secrets.
def display_init(init):
    shown = {}
    for name, value in (init or {}).items():
        if type(value) is dict and "$connection" in value:
            value = (value["$connection"] or {}).get("name")
        shown[name] = value
    return shown


def _own_frame(filename):
    path = os.path.abspath(filename)
    return not path.startswith(HOST_DIRECTORY) and "/importlib/" not in path and not filename.startswith("<frozen ")


def describe(error, phase):
    import traceback

    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if _own_frame(frame.filename)]
    lines = ["Traceback (most recent call last):\n"] + traceback.format_list(frames) if frames else []
    lines += traceback.format_exception_only(type(error), error)
    message = str(error)
    if isinstance(error, ToolLoadError):
        kind = "ToolLoadError"
    elif isinstance(error, EntryInitError):
        kind, phase = "FlowEntryInitializationError", "init"
    else:
        kind = type(error).__name__
    return {
        "type": kind,
        "module": type(error).__module__,
        "message": message,
        "traceback": "".join(lines),
        "phase": phase,
    }
