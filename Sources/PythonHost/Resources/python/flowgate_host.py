"""Flowgate's Python worker: loads a flow's @tool files and calls them for the Swift side.

Run as `python3 -u flowgate_host.py --flow-dir DIR --shim-dir DIR [--include PATH ...]`.

Protocol (one frame per line, both directions): `<kind> <id> <json>\n`.
  Swift -> host:  c (call, generators collected), s (stream), i (inspect), p (echo the payload)
                  payload for c/s/i: {"tool": "<path relative to the flow folder>", "args": {...}}
                  or, for a flex entry: {"entry": "module:attr", "init": {...}, "method": "__aggregate__"?,
                  "args": {...}} (a class is instantiated once per worker and init values, then called)
  host -> Swift:  h (hello, id 0), r (result value), g (generator result: list of chunks),
                  m (metric: [key, value as JSON text, variant_id]), c (stream chunk), e (end of stream),
                  x (error: {"type", "module", "message", "traceback", "phase"}), i (signature)
The protocol runs on private duplicates of fd 0 and fd 1; fd 0 becomes /dev/null and fd 1 points at
stderr, so a tool's print() (or a subprocess it starts) can neither read nor corrupt the protocol.
"""

import asyncio
import dataclasses
import datetime
import importlib.util
import inspect
import json
import os
import sys
import traceback
import typing

HOST_FILE = os.path.abspath(__file__)


def _parse_argv(argv):
    flow_dir, shim_dir, includes = os.getcwd(), None, []
    i = 0
    while i < len(argv):
        flag = argv[i]
        value = argv[i + 1] if i + 1 < len(argv) else None
        if flag == "--flow-dir":
            flow_dir = value
        elif flag == "--shim-dir":
            shim_dir = value
        elif flag == "--include":
            includes.append(value)
        else:
            raise SystemExit("flowgate_host: unknown argument %r" % flag)
        i += 2
    return os.path.abspath(flow_dir), shim_dir, [os.path.abspath(os.path.join(flow_dir, p)) for p in includes]


# ---- protocol streams -------------------------------------------------------------------------------

_proto_out = os.dup(1)
_proto_in = os.fdopen(os.dup(0), "rb", buffering=1 << 16)
os.dup2(2, 1)
_devnull = os.open(os.devnull, os.O_RDONLY)
os.dup2(_devnull, 0)
os.close(_devnull)
sys.stdout = sys.stderr


def _send(kind, request_id, payload):
    data = b"%s %d %s\n" % (kind, request_id, payload.encode("utf-8"))
    view = memoryview(data)
    while view:
        written = os.write(_proto_out, view)
        view = view[written:]


def _json_default(value):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    for method in ("model_dump", "to_dict", "dict"):
        convert = getattr(value, method, None)
        if callable(convert):
            try:
                return convert()
            except Exception:
                pass
    return str(value)


_encode = json.JSONEncoder(ensure_ascii=False, allow_nan=False, default=_json_default).encode
_encode_lenient = json.JSONEncoder(ensure_ascii=False, default=_json_default).encode


def _dumps(value):
    try:
        return _encode(value)
    except ValueError:
        # NaN / Infinity are not JSON: they travel as null, like most JSON writers outside Python do.
        return _encode_lenient(_without_nan(value))


def _without_nan(value):
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return None
    if isinstance(value, dict):
        return {k: _without_nan(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_without_nan(v) for v in value]
    return value


# ---- tool loading -------------------------------------------------------------------------------------


_PLAIN_TYPES = frozenset((str, int, float, bool, type(None), dict, list))


class ToolLoadError(Exception):
    pass


class EntryInitError(Exception):
    pass


def _class_attributes(cls):
    names = set()
    for klass in cls.__mro__:
        if klass is not object:
            names.update(vars(klass))
    return names


def _init_parameters(cls):
    if "__init__" not in _class_attributes(cls):
        return []
    return signature(cls.__init__)["parameters"][1:]


def _qualname(function):
    target = inspect.unwrap(function)
    target = getattr(target, "__func__", target)
    return getattr(target, "__qualname__", getattr(target, "__name__", "entry"))


# The init values as promptflow shows them in errors: a connection by its name, never its secrets.
def _display_init(init):
    shown = {}
    for name, value in (init or {}).items():
        if type(value) is dict and "$connection" in value:
            value = (value["$connection"] or {}).get("name")
        shown[name] = value
    return shown


class Host:
    def __init__(self, flow_dir, shim_dir, includes):
        self.flow_dir = flow_dir
        self.includes = includes
        self.tools = {}
        self.entries = {}
        self.loop = None
        self.metrics = None
        self.metric_logger_registered = False
        sys.path.insert(0, flow_dir)
        for include in includes:
            directory = include if os.path.isdir(include) else os.path.dirname(include)
            if directory not in sys.path:
                sys.path.append(directory)
        self.real_promptflow = importlib.util.find_spec("promptflow") is not None
        if not self.real_promptflow and shim_dir:
            sys.path.append(shim_dir)
        os.chdir(flow_dir)

    # A tool path is relative to the flow folder; a file brought in by `additional_includes` is found by
    # its name (an included folder keeps its own name as the first path component, as in promptflow).
    def resolve(self, tool):
        candidate = os.path.normpath(os.path.join(self.flow_dir, tool))
        if os.path.isfile(candidate):
            return candidate
        parts = tool.replace("\\", "/").split("/")
        for include in self.includes:
            name = os.path.basename(include.rstrip("/"))
            if os.path.isfile(include) and parts == [name]:
                return include
            if os.path.isdir(include) and parts[0] == name:
                path = os.path.join(include, *parts[1:])
                if os.path.isfile(path):
                    return path
        raise ToolLoadError("tool file %r not found in the flow folder %r" % (tool, self.flow_dir))

    def load(self, tool):
        entry = self.tools.get(tool)
        if entry is not None:
            return entry
        path = self.resolve(tool)
        module_name = "__flowgate_tool_%d_%s" % (
            len(self.tools),
            "".join(c if c.isalnum() else "_" for c in os.path.splitext(tool)[0]),
        )
        spec = importlib.util.spec_from_file_location(module_name, path)
        if spec is None or spec.loader is None:
            raise ToolLoadError("cannot load %r as a Python module" % tool)
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[module_name]
            raise
        functions = [
            value
            for value in vars(module).values()
            if callable(value) and _is_tool(value) and getattr(value, "__module__", None) == module_name
        ]
        if not functions:
            functions = [value for value in vars(module).values() if callable(value) and _is_tool(value)]
        if len(functions) != 1:
            names = sorted(getattr(f, "__name__", "?") for f in functions)
            raise ToolLoadError(
                "expected exactly one @tool function in %r, found %d%s"
                % (tool, len(functions), (": " + ", ".join(names)) if names else "")
            )
        self._register_metric_logger()
        entry = (module, functions[0])
        self.tools[tool] = entry
        return entry

    def _register_metric_logger(self):
        if self.metric_logger_registered or not self.real_promptflow:
            return
        metric_logger = sys.modules.get("promptflow._core.metric_logger")
        if metric_logger is None:
            return
        metric_logger.add_metric_logger(self.log_metric)
        self.metric_logger_registered = True

    def log_metric(self, key, value, variant_id=None):
        if self.metrics is not None:
            self.metrics.append((key, value, variant_id))

    # ---- requests -----------------------------------------------------------------------------------

    def handle(self, kind, request_id, payload):
        if kind == b"p":
            _send(b"r", request_id, payload.decode("utf-8"))
            return
        phase, request = "load", None
        try:
            request = json.loads(payload)
            entry = request.get("entry")
            method = request.get("method")
            if entry is not None and kind == b"i" and "init" not in request:
                _send(b"i", request_id, _dumps(self.describe_entry(entry, method)))
                return
            if entry is not None:
                target, init_parameters = self.load_entry(entry, request.get("init"), method)
                function = target if init_parameters is None else getattr(target, method or "__call__", None)
                if function is None:
                    raise ToolLoadError("the flow entry %r has no %s method" % (entry, method))
            else:
                module, function = self.load(request["tool"])
            if kind == b"i":
                described = signature(function)
                if entry is not None:
                    described.update(
                        qualname=_qualname(function),
                        isClass=init_parameters is not None,
                        initParameters=init_parameters or [],
                    )
                _send(b"i", request_id, _dumps(described))
                return
            phase = "call"
            kwargs = request.get("args", {})
            for name, value in kwargs.items():
                if type(value) is dict and "$connection" in value:
                    kwargs[name] = self.argument(value)
            self.metrics = []
            self.invoke(kind == b"s", request_id, function, kwargs, entry is not None)
        except BaseException as error:  # noqa: B902 - every failure goes back to the caller
            self.send_metrics(request_id)
            _send(b"x", request_id, _dumps(describe(error, phase)))
        finally:
            self.metrics = None

    def invoke(self, streaming, request_id, function, kwargs, flex=False):
        result = function(**kwargs)
        if type(result) in _PLAIN_TYPES and not (flex and type(result) is dict):
            if self.metrics:
                self.send_metrics(request_id)
            _send(b"r", request_id, _dumps(result))
            return
        if inspect.isawaitable(result):
            result = self.run(result)
        if flex:
            result = self.flex_result(result)
        if inspect.isasyncgen(result):
            result = self.iterate_async(result)
        if inspect.isgenerator(result) or isinstance(result, _AsyncIteration):
            if streaming:
                for chunk in result:
                    _send(b"c", request_id, _dumps(chunk))
                self.send_metrics(request_id)
                _send(b"e", request_id, "null")
            else:
                chunks = list(result)
                self.send_metrics(request_id)
                _send(b"g", request_id, _dumps(chunks))
            return
        self.send_metrics(request_id)
        _send(b"r", request_id, _dumps(result))

    # A flex entry's result as promptflow keeps it: a dataclass becomes the dict of its fields, and a
    # generator inside a dict is joined into a string ("".join(str(chunk) ...)).
    def flex_result(self, result):
        if dataclasses.is_dataclass(result) and not isinstance(result, type):
            result = {field.name: getattr(result, field.name) for field in dataclasses.fields(result)}
        if isinstance(result, dict):
            joined = {}
            for key, value in result.items():
                if inspect.isasyncgen(value):
                    value = self.iterate_async(value)
                if inspect.isgenerator(value) or isinstance(value, _AsyncIteration):
                    value = "".join(str(chunk) for chunk in value)
                joined[key] = value
            return joined
        return result

    # ---- flex entries -------------------------------------------------------------------------------

    # `module:function` or `module:Class`, imported relative to the flow folder. A class is instantiated once
    # per distinct init values (promptflow builds it once per executor) and its bound `__call__` is returned,
    # with its `__init__` parameters (None for a function entry).
    def load_entry(self, entry, init, method=None):
        key = (entry, json.dumps(init, sort_keys=True))
        cached = self.entries.get(key)
        if cached is not None:
            return cached
        attribute, target = self.import_entry(entry, method)
        if inspect.isclass(target):
            kwargs = {}
            for name, value in (init or {}).items():
                kwargs[name] = self.argument(value) if type(value) is dict and "$connection" in value else value
            try:
                instance = target(**kwargs)
            except BaseException as error:  # noqa: B902 - the user's constructor failed
                raise EntryInitError(
                    "Failed to initialize flow entry with '%r', ex:'%s." % (_display_init(init), error)
                ) from error
            cached = (instance, _init_parameters(target))
        else:
            cached = (target, None)
        self.entries[key] = cached
        return cached

    # The entry's signature without building a class (its `__call__`, or `method`, without `self`, and its
    # init parameters). A class-based package tool is described through its `@tool` method.
    def describe_entry(self, entry, method=None):
        attribute, target = self.import_entry(entry, method)
        if not inspect.isclass(target):
            described = signature(target)
            described.update(qualname=_qualname(target), isClass=False, initParameters=[])
            return described
        called = getattr(target, method or "__call__", None)
        if called is None:
            raise ToolLoadError("Python class '%s' has no method '%s'." % (attribute, method))
        described = signature(called)
        described["parameters"] = described["parameters"][1:]
        described.update(qualname=_qualname(called), isClass=True, initParameters=_init_parameters(target))
        aggregate = getattr(target, "__aggregate__", None)
        if callable(aggregate):
            names = list(inspect.signature(aggregate).parameters)[1:]
            described["aggregateParameter"] = names[0] if len(names) == 1 else None
        return described

    def import_entry(self, entry, method=None):
        module_name, _, attribute = entry.partition(":")
        try:
            module = importlib.import_module(module_name)
        except BaseException as error:  # noqa: B902 - the user's module failed to import
            raise ToolLoadError(
                "Failed to load python module for %s: (%s) %s" % (entry, type(error).__name__, error)
            ) from error
        self._register_metric_logger()
        target = getattr(module, attribute, None)
        if inspect.isclass(target):
            if method is None and "__call__" not in _class_attributes(target):
                raise ToolLoadError("Python class entry '%s' does not have __call__ method." % attribute)
        elif not inspect.isfunction(target) and not inspect.isbuiltin(target):
            raise ToolLoadError(
                "Failed to load python function '%s' from file '%s', got %s." % (attribute, module_name, target)
            )
        return attribute, target

    def send_metrics(self, request_id):
        if self.metrics:
            for metric in self.metrics:
                key, value, variant_id = metric
                _send(b"m", request_id, _dumps([key, _dumps(value), variant_id]))
            self.metrics = []

    def run(self, awaitable):
        if self.loop is None:
            self.loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self.loop)
        return self.loop.run_until_complete(_as_coroutine(awaitable))

    def iterate_async(self, agen):
        return _AsyncIteration(self, agen)

    def argument(self, value):
        if isinstance(value, dict) and len(value) == 1 and "$connection" in value:
            return build_connection(value["$connection"])
        return value


class _AsyncIteration:
    def __init__(self, host, agen):
        self.host, self.agen = host, agen

    def __iter__(self):
        while True:
            try:
                yield self.host.run(self.agen.__anext__())
            except StopAsyncIteration:
                return


async def _as_coroutine(awaitable):
    return await awaitable


def _is_tool(value):
    # The shim and real promptflow both mark a decorated function with a `__tool` attribute.
    try:
        return hasattr(value, "__tool") and inspect.isfunction(value)
    except Exception:
        return False


# ---- connections ----------------------------------------------------------------------------------------

_CONNECTION_CLASSES = {
    "open_ai": "OpenAIConnection",
    "azure_open_ai": "AzureOpenAIConnection",
    "custom": "CustomConnection",
    "serverless": "ServerlessConnection",
    "serp": "SerpConnection",
    "cognitive_search": "CognitiveSearchConnection",
    "azure_content_safety": "AzureContentSafetyConnection",
    "form_recognizer": "FormRecognizerConnection",
    "azure_ai_services": "AzureAIServicesConnection",
    "qdrant": "QdrantConnection",
    "weaviate": "WeaviateConnection",
}


def build_connection(spec):
    import promptflow.connections as connections

    kind = str(spec.get("type", "custom"))
    class_name = _CONNECTION_CLASSES.get(kind.lower()) or (kind if kind.endswith("Connection") else None)
    cls = getattr(connections, class_name, None) if class_name else None
    if cls is None:
        raise ToolLoadError("connection %r has an unsupported type %r" % (spec.get("name"), kind))
    configs = dict(spec.get("configs") or {})
    secrets = dict(spec.get("secrets") or {})
    name = spec.get("name")
    if cls.__name__ == "CustomConnection":
        return cls(name=name, configs=configs, secrets=secrets)
    values = {k: v for k, v in {**configs, **secrets}.items() if v is not None}
    return cls(name=name, **values)


# ---- inspection and errors -----------------------------------------------------------------------------


def _annotation_name(annotation):
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


def _own_frame(filename):
    path = os.path.abspath(filename)
    return path != HOST_FILE and not path.startswith(_SHIM_PREFIX) and "/importlib/" not in path and not (
        filename.startswith("<frozen ")
    )


def describe(error, phase):
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


# ---- main loop ------------------------------------------------------------------------------------------

_SHIM_PREFIX = "\0"


def main():
    global _SHIM_PREFIX
    flow_dir, shim_dir, includes = _parse_argv(sys.argv[1:])
    if shim_dir:
        _SHIM_PREFIX = os.path.abspath(shim_dir) + os.sep
    host = Host(flow_dir, shim_dir, includes)
    if not host.real_promptflow:
        import promptflow._flowgate as shim_hooks

        shim_hooks.metric_sink = host.log_metric
    hello = {
        "python": "%d.%d.%d" % sys.version_info[:3],
        "executable": sys.executable,
        "promptflow": "real" if host.real_promptflow else "shim",
        "pid": os.getpid(),
    }
    _send(b"h", 0, _dumps(hello))
    readline = _proto_in.readline
    while True:
        line = readline()
        if not line:
            return
        try:
            kind, request_id, payload = line.rstrip(b"\n").split(b" ", 2)
            request_id = int(request_id)
        except ValueError:
            print("flowgate_host: ignoring a malformed request line", file=sys.stderr)
            continue
        host.handle(kind, request_id, payload)


if __name__ == "__main__":
    main()
