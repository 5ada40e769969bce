"""Flowgate's Python worker: loads a flow's @tool files and calls them for the Swift side.

Run as `python3 -u flowgate_host.py --flow-dir DIR --shim-dir DIR [--include PATH ...]`.

Protocol (one frame per line, both directions): `<kind> <id> <json>\n`.
  Swift -> host:  c (call, generators collected), s (stream), i (inspect), p (echo the payload),
                  k (cancel `id` if it has not started; payload ignored)
                  payload for c/s/i: {"tool": "<path relative to the flow folder>", "args": {...}}
                  or, for a flex entry: {"entry": "module:attr", "init": {...}, "method": "__aggregate__"?,
                  "args": {...}} (a class is instantiated once per worker and init values, then called)
  host -> Swift:  h (hello, id 0), r (result value), g (generator result: list of chunks),
                  m (metric: [key, value as JSON text, variant_id]), c (stream chunk), e (end of stream),
                  x (error: {"type", "module", "message", "traceback", "phase"}), i (signature),
                  k (a cancelled request dropped before it started)
Requests may arrive while one runs; they run one after another in arrival order. Replies of quick requests may go
out together (flowgate_host_channel.py says when); stream chunks go out at once.
The protocol runs on private duplicates of fd 0 and fd 1; fd 0 becomes /dev/null and fd 1 points at
stderr, so a tool's print() (or a subprocess it starts) can neither read nor corrupt the protocol.
Modules only some requests need (asyncio, inspect, dataclasses, ...) are imported when first needed.
"""

# importlib.util's three functions used here are the import system's own, re-exported: taken from the frozen
# modules that are always loaded, they spare a worker's start importing importlib.util (and contextlib, ~4 ms).
try:
    from importlib._bootstrap import _find_spec, module_from_spec
    from importlib._bootstrap_external import spec_from_file_location
except ImportError:  # an interpreter without them: the public module
    from importlib.util import find_spec as _public_find_spec, module_from_spec, spec_from_file_location

    def _find_spec(name, path):
        return _public_find_spec(name)
import json
import os
import sys
import time

from flowgate_host_channel import Channel
from flowgate_host_entries import AsyncIteration, EntryLoading, as_coroutine
from flowgate_host_inspect import describe, qualname, signature
from flowgate_host_values import ToolLoadError, argument, dumps

# A request whose previous run took less than this may have earlier replies held back across it.
QUICK_SECONDS = 0.001


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


def _protocol_channel():
    channel = Channel(os.dup(0), os.dup(1))
    os.dup2(2, 1)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    sys.stdout = sys.stderr
    # A tool that ends the process with os._exit must not take replies of earlier calls, held for a batch, with it:
    # they are written first (a crash in native code still loses what is held, at most ~1 ms of replies).
    real_exit = os._exit

    def exit_after_flushing(status):
        try:
            channel.flush()
        finally:
            real_exit(status)

    os._exit = exit_after_flushing
    return channel


_PLAIN_TYPES = frozenset((str, int, float, bool, type(None), dict, list))


class Host(EntryLoading):
    def __init__(self, flow_dir, shim_dir, includes, channel):
        self.flow_dir = flow_dir
        self.includes = includes
        self.emit = channel.emit
        self.channel = channel
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
        self.real_promptflow = ("promptflow" in sys.modules) or _find_spec("promptflow", None) is not None
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
        spec = spec_from_file_location(module_name, path)
        if spec is None or spec.loader is None:
            raise ToolLoadError("cannot load %r as a Python module" % tool)
        module = module_from_spec(spec)
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

    # Metrics logged by a tool reach `log_metric`: through the shim's hook, or real promptflow's logger registry.
    def _register_metric_logger(self):
        if self.metric_logger_registered:
            return
        if not self.real_promptflow:
            import promptflow._flowgate as hooks

            hooks.metric_sink = self.log_metric
            self.metric_logger_registered = True
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

    # `request` is the parsed payload, or the exception parsing it raised.
    def handle(self, kind, request_id, request):
        phase = "load"
        emit = self.emit
        try:
            if isinstance(request, BaseException):
                raise request
            entry = request.get("entry")
            method = request.get("method")
            if entry is not None and kind == b"i" and "init" not in request:
                emit(b"i", request_id, dumps(self.describe_entry(entry, method)))
                return
            if entry is not None:
                target, init_params = self.load_entry(entry, request.get("init"), method)
                function = target if init_params is None else getattr(target, method or "__call__", None)
                if function is None:
                    raise ToolLoadError("the flow entry %r has no %s method" % (entry, method))
            else:
                module, function = self.load(request["tool"])
            if kind == b"i":
                described = signature(function)
                if entry is not None:
                    described.update(
                        qualname=qualname(function),
                        isClass=init_params is not None,
                        initParameters=init_params or [],
                    )
                emit(b"i", request_id, dumps(described))
                return
            phase = "call"
            kwargs = request.get("args", {})
            for name, value in kwargs.items():
                if type(value) is dict and "$connection" in value:
                    kwargs[name] = argument(value)
            self.metrics = []
            self.invoke(kind == b"s", request_id, function, kwargs, entry is not None)
        except BaseException as error:  # noqa: B902 - every failure goes back to the caller
            self.send_metrics(request_id)
            emit(b"x", request_id, dumps(describe(error, phase)))
        finally:
            self.metrics = None

    def invoke(self, streaming, request_id, function, kwargs, flex=False):
        result = function(**kwargs)
        if type(result) in _PLAIN_TYPES and not (flex and type(result) is dict):
            if self.metrics:
                self.send_metrics(request_id)
            self.emit(b"r", request_id, dumps(result))
            return
        import inspect

        if inspect.isawaitable(result):
            result = self.run(result)
        if flex:
            result = self.flex_result(result)
        if inspect.isasyncgen(result):
            result = self.iterate_async(result)
        if inspect.isgenerator(result) or isinstance(result, AsyncIteration):
            if streaming:
                for chunk in result:
                    self.emit(b"c", request_id, dumps(chunk))
                    self.channel.flush()
                self.send_metrics(request_id)
                self.emit(b"e", request_id, "null")
            else:
                chunks = list(result)
                self.send_metrics(request_id)
                self.emit(b"g", request_id, dumps(chunks))
            return
        self.send_metrics(request_id)
        self.emit(b"r", request_id, dumps(result))

    def send_metrics(self, request_id):
        if self.metrics:
            for metric in self.metrics:
                key, value, variant_id = metric
                self.emit(b"m", request_id, dumps([key, dumps(value), variant_id]))
            self.metrics = []

    def run(self, awaitable):
        if self.loop is None:
            import asyncio

            self.loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self.loop)
        return self.loop.run_until_complete(as_coroutine(awaitable))

    def iterate_async(self, agen):
        return AsyncIteration(self, agen)


def _is_tool(value):
    # The shim and real promptflow both mark a decorated function with a `__tool` attribute.
    try:
        return hasattr(value, "__tool") and type(value) is _FUNCTION_TYPE
    except Exception:
        return False


_FUNCTION_TYPE = type(_parse_argv)


# ---- main loop ------------------------------------------------------------------------------------------


def serve(host, channel):
    """Runs requests in arrival order until the input ends. Replies are written before waiting for input and
    before a request that may block (not a call, or a call whose tool's last run was not quick); across quick
    calls already waiting they may be held (see Channel.hold_or_flush)."""
    frames, quick = channel.frames, {}
    clock = time.perf_counter
    while True:
        if frames:
            channel.fill(False)
        else:
            channel.flush()
            if not channel.fill(True):
                return
        if not frames:
            continue
        kind, request_id, payload = frames.popleft()
        if kind == b"p":
            channel.hold_or_flush(False)
            host.emit(b"r", request_id, payload.decode("utf-8"))
            continue
        try:
            request = json.loads(payload)
            key = request.get("tool") or request.get("entry")
        except Exception as error:  # noqa: B902 - reported as the request's load error
            request, key = error, None
        channel.hold_or_flush(kind != b"c" or not quick.get(key, False))
        start = clock()
        host.handle(kind, request_id, request)
        if kind == b"c":
            quick[key] = clock() - start < QUICK_SECONDS


def main():
    channel = _protocol_channel()
    flow_dir, shim_dir, includes = _parse_argv(sys.argv[1:])
    host = Host(flow_dir, shim_dir, includes, channel)
    hello = {
        "python": "%d.%d.%d" % sys.version_info[:3],
        "executable": sys.executable,
        "promptflow": "real" if host.real_promptflow else "shim",
        "pid": os.getpid(),
    }
    channel.emit(b"h", 0, dumps(hello))
    channel.flush()
    serve(host, channel)


if __name__ == "__main__":
    main()
