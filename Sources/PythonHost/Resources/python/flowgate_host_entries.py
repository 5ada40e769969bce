"""Flex flow entries (`module:function`, `module:Class`): importing, building classes, describing, and their
results as promptflow keeps them. `EntryLoading` is mixed into the host's `Host`, which supplies `entries` (the
cache), `iterate_async` and `_register_metric_logger`.
"""

import importlib
import json

from flowgate_host_inspect import EntryInitError, class_attributes, display_init, init_parameters, qualname
from flowgate_host_inspect import signature
from flowgate_host_values import ToolLoadError, argument


class EntryLoading:
    # A flex entry's result as promptflow keeps it: a dataclass becomes the dict of its fields, and a
    # generator inside a dict is joined into a string ("".join(str(chunk) ...)).
    def flex_result(self, result):
        import dataclasses
        import inspect

        if dataclasses.is_dataclass(result) and not isinstance(result, type):
            result = {field.name: getattr(result, field.name) for field in dataclasses.fields(result)}
        if isinstance(result, dict):
            joined = {}
            for key, value in result.items():
                if inspect.isasyncgen(value):
                    value = self.iterate_async(value)
                if inspect.isgenerator(value) or isinstance(value, AsyncIteration):
                    value = "".join(str(chunk) for chunk in value)
                joined[key] = value
            return joined
        return result

    # `module:function` or `module:Class`, imported relative to the flow folder. A class is instantiated once
    # per distinct init values (promptflow builds it once per executor) and its bound `__call__` is returned,
    # with its `__init__` parameters (None for a function entry).
    def load_entry(self, entry, init, method=None):
        key = (entry, json.dumps(init, sort_keys=True))
        cached = self.entries.get(key)
        if cached is not None:
            return cached
        attribute, target = self.import_entry(entry, method)
        if isinstance(target, type):
            kwargs = {}
            for name, value in (init or {}).items():
                kwargs[name] = argument(value) if type(value) is dict and "$connection" in value else value
            try:
                instance = target(**kwargs)
            except BaseException as error:  # noqa: B902 - the user's constructor failed
                raise EntryInitError(
                    "Failed to initialize flow entry with '%r', ex:'%s." % (display_init(init), error)
                ) from error
            cached = (instance, init_parameters(target))
        else:
            cached = (target, None)
        self.entries[key] = cached
        return cached

    # The entry's signature without building a class (its `__call__`, or `method`, without `self`, and its
    # init parameters). A class-based package tool is described through its `@tool` method.
    def describe_entry(self, entry, method=None):
        import inspect

        attribute, target = self.import_entry(entry, method)
        if not inspect.isclass(target):
            described = signature(target)
            described.update(qualname=qualname(target), isClass=False, initParameters=[])
            return described
        called = getattr(target, method or "__call__", None)
        if called is None:
            raise ToolLoadError("Python class '%s' has no method '%s'." % (attribute, method))
        described = signature(called)
        described["parameters"] = described["parameters"][1:]
        described.update(qualname=qualname(called), isClass=True, initParameters=init_parameters(target))
        aggregate = getattr(target, "__aggregate__", None)
        if callable(aggregate):
            names = list(inspect.signature(aggregate).parameters)[1:]
            described["aggregateParameter"] = names[0] if len(names) == 1 else None
        return described

    def import_entry(self, entry, method=None):
        import inspect

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
            if method is None and "__call__" not in class_attributes(target):
                raise ToolLoadError("Python class entry '%s' does not have __call__ method." % attribute)
        elif not inspect.isfunction(target) and not inspect.isbuiltin(target):
            raise ToolLoadError(
                "Failed to load python function '%s' from file '%s', got %s." % (attribute, module_name, target)
            )
        return attribute, target


class AsyncIteration:
    def __init__(self, host, agen):
        self.host, self.agen = host, agen

    def __iter__(self):
        while True:
            try:
                yield self.host.run(self.agen.__anext__())
            except StopAsyncIteration:
                return


async def as_coroutine(awaitable):
    return await awaitable
