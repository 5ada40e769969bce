"""Values crossing the protocol: results to JSON (`dumps`) and `{"$connection": ...}` arguments to connection objects.

Modules only some values need (dataclasses, datetime, promptflow.connections) are imported when first needed.
"""

import json


def _json_default(value):
    import dataclasses

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    import datetime

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


def dumps(value):
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


class ToolLoadError(Exception):
    pass


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


def argument(value):
    """A keyword argument as the tool gets it: `{"$connection": spec}` becomes a connection object."""
    if isinstance(value, dict) and len(value) == 1 and "$connection" in value:
        return build_connection(value["$connection"])
    return value


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
