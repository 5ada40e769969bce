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


# Code flags (CPython's co_flags): the kind of a function without importing inspect.
_CO_VARARGS, _CO_VARKEYWORDS = 0x04, 0x08
_CO_GENERATOR, _CO_COROUTINE, _CO_ASYNC_GENERATOR = 0x20, 0x80, 0x200
# Annotations whose name is the class's own: what `_annotation_name` gives them, and what typing resolves them to.
_PLAIN_ANNOTATIONS = (str, int, float, bool, dict, list)
_FUNCTION_TYPE = type(_jsonable)


def _plain_parameters(function):
    """The parameters of a plain function whose annotations are plain classes, read from its code object: importing
    inspect and typing costs ~20 ms of a worker's start, and tools are inspected before a flow serves. None when
    anything needs their rules (a wrapper, a custom __signature__, positional-only or variadic parameters, string or
    typing annotations): `signature` then asks them."""
    if type(function) is not _FUNCTION_TYPE or hasattr(function, "__wrapped__") or hasattr(function, "__signature__"):
        return None
    code = function.__code__
    if code.co_flags & (_CO_VARARGS | _CO_VARKEYWORDS) or code.co_posonlyargcount:
        return None
    annotations = function.__annotations__
    for key, annotation in annotations.items():
        # By identity: an annotation may be any object, unhashable or with its own __eq__.
        if key != "return" and not any(annotation is plain for plain in _PLAIN_ANNOTATIONS):
            return None
    positional = code.co_varnames[: code.co_argcount]
    keyword_only = code.co_varnames[code.co_argcount : code.co_argcount + code.co_kwonlyargcount]
    defaults = function.__defaults__ or ()
    first_default = len(positional) - len(defaults)
    keyword_defaults = function.__kwdefaults__ or {}
    parameters = []
    for index, name in enumerate(positional):
        entry = {"name": name, "annotation": _plain_name(annotations, name), "kind": "positional_or_keyword"}
        if index >= first_default:
            entry["default"] = _jsonable(defaults[index - first_default])
        parameters.append(entry)
    for name in keyword_only:
        entry = {"name": name, "annotation": _plain_name(annotations, name), "kind": "keyword_only"}
        if name in keyword_defaults:
            entry["default"] = _jsonable(keyword_defaults[name])
        parameters.append(entry)
    return parameters


def _plain_name(annotations, name):
    annotation = annotations.get(name)
    return None if annotation is None else annotation.__name__


def signature(function):
    parameters = _plain_parameters(function)
    if parameters is not None:
        flags = function.__code__.co_flags
        name = function.__name__
        is_generator = bool(flags & (_CO_GENERATOR | _CO_ASYNC_GENERATOR))
        is_async = bool(flags & (_CO_COROUTINE | _CO_ASYNC_GENERATOR))
    else:
        name, parameters, is_generator, is_async = _inspected(function)
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
        "name": name,
        "parameters": parameters,
        "isGenerator": is_generator,
        "isAsync": is_async,
        "toolArguments": tool_args,
    }


def _inspected(function):
    """Name, parameters and kind of any callable, by inspect and typing's rules."""
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
    is_generator = inspect.isgeneratorfunction(target) or inspect.isasyncgenfunction(target)
    is_async = inspect.iscoroutinefunction(target) or inspect.isasyncgenfunction(target)
    return target.__name__, parameters, is_generator, is_async


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
