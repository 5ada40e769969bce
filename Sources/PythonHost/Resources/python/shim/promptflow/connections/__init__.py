"""promptflow's connection classes with the same constructors, attributes and dict-like access.

Values live in `configs` and `secrets` dicts; typed connections expose them as properties.
"""

_KEY = "key"


class _Connection:
    TYPE = "NotSet"

    def __init__(self, name=None, module="promptflow.connections", configs=None, secrets=None, **kwargs):
        self.name = name
        self.type = self.TYPE
        self.class_name = "%sConnection" % self.TYPE
        self.configs = configs or {}
        self.module = module
        self.secrets = secrets or {}
        self.expiry_time = kwargs.get("expiry_time")
        self.created_date = kwargs.get("created_date")
        self.last_modified_date = kwargs.get("last_modified_date")

    def keys(self):
        return list(self.configs.keys()) + list(self.secrets.keys())

    def __getitem__(self, item):
        if item in self.secrets:
            return self.secrets[item]
        if item in self.configs:
            return self.configs[item]
        raise KeyError("Key %r not found in connection %r." % (item, self.name))

    def __repr__(self):
        # Secrets never appear in a repr.
        return "%s(name=%r, configs=%r, secrets=%r)" % (
            type(self).__name__,
            self.name,
            self.configs,
            {k: "******" for k in self.secrets},
        )


def _config_property(key):
    def get(self):
        return self.configs.get(key)

    def put(self, value):
        self.configs[key] = value

    return property(get, put)


class _StrongTypeConnection(_Connection):
    @property
    def _has_api_key(self):
        return True

    @property
    def api_key(self):
        return self.secrets.get("api_key", "******") if self._has_api_key else None

    @api_key.setter
    def api_key(self, value):
        self.secrets["api_key"] = value


class _StrongTypeAADSupportedConnection(_StrongTypeConnection):
    @property
    def _has_api_key(self):
        return self.auth_mode == _KEY

    @property
    def auth_mode(self):
        return self.configs.get("auth_mode", _KEY)

    @auth_mode.setter
    def auth_mode(self, value):
        self.configs["auth_mode"] = value

    def get_token(self):
        raise NotImplementedError("Microsoft Entra ID tokens need the real promptflow package (pip install promptflow)")


class AzureOpenAIConnection(_StrongTypeAADSupportedConnection):
    TYPE = "AzureOpenAI"

    def __init__(
        self,
        api_base,
        api_key=None,
        api_type="azure",
        api_version="2024-02-01",
        auth_mode=_KEY,
        resource_id=None,
        **kwargs,
    ):
        configs = {
            "api_base": api_base,
            "api_type": api_type,
            "api_version": api_version,
            "auth_mode": auth_mode,
            "resource_id": resource_id,
        }
        secrets = {"api_key": api_key} if auth_mode == _KEY else {}
        super().__init__(configs=configs, secrets=secrets, **kwargs)

    api_base = _config_property("api_base")
    api_type = _config_property("api_type")
    api_version = _config_property("api_version")
    resource_id = _config_property("resource_id")


class OpenAIConnection(_StrongTypeConnection):
    TYPE = "OpenAI"

    def __init__(self, api_key, organization=None, base_url=None, **kwargs):
        if base_url == "":
            base_url = None
        configs = {"organization": organization, "base_url": base_url}
        super().__init__(secrets={"api_key": api_key}, configs=configs, **kwargs)

    organization = _config_property("organization")
    base_url = _config_property("base_url")


class ServerlessConnection(_StrongTypeConnection):
    TYPE = "Serverless"

    def __init__(self, api_key, api_base, **kwargs):
        super().__init__(secrets={"api_key": api_key}, configs={"api_base": api_base}, **kwargs)

    api_base = _config_property("api_base")


class SerpConnection(_StrongTypeConnection):
    TYPE = "Serp"

    def __init__(self, api_key, **kwargs):
        super().__init__(secrets={"api_key": api_key}, **kwargs)


class _EmbeddingStoreConnection(_StrongTypeConnection):
    def __init__(self, api_key, api_base, **kwargs):
        super().__init__(configs={"api_base": api_base}, secrets={"api_key": api_key}, **kwargs)

    api_base = _config_property("api_base")


class QdrantConnection(_EmbeddingStoreConnection):
    TYPE = "Qdrant"


class WeaviateConnection(_EmbeddingStoreConnection):
    TYPE = "Weaviate"


class CognitiveSearchConnection(_StrongTypeAADSupportedConnection):
    TYPE = "CognitiveSearch"

    def __init__(self, api_base, api_key=None, api_version="2023-11-01", auth_mode=_KEY, **kwargs):
        configs = {"api_base": api_base, "api_version": api_version, "auth_mode": auth_mode}
        secrets = {"api_key": api_key} if auth_mode == _KEY else {}
        super().__init__(configs=configs, secrets=secrets, **kwargs)

    api_base = _config_property("api_base")
    api_version = _config_property("api_version")


class AzureAIServicesConnection(_StrongTypeAADSupportedConnection):
    TYPE = "AzureAIServices"

    def __init__(self, endpoint, api_key=None, auth_mode=_KEY, **kwargs):
        configs = {"endpoint": endpoint, "auth_mode": auth_mode}
        secrets = {"api_key": api_key} if auth_mode == _KEY else {}
        super().__init__(configs=configs, secrets=secrets, **kwargs)

    endpoint = _config_property("endpoint")


class AzureContentSafetyConnection(_StrongTypeConnection):
    TYPE = "AzureContentSafety"

    def __init__(self, api_key, endpoint, api_version="2023-10-01", api_type="Content Safety", **kwargs):
        configs = {"endpoint": endpoint, "api_version": api_version, "api_type": api_type}
        super().__init__(configs=configs, secrets={"api_key": api_key}, **kwargs)

    endpoint = _config_property("endpoint")
    api_version = _config_property("api_version")
    api_type = _config_property("api_type")


class FormRecognizerConnection(AzureContentSafetyConnection):
    TYPE = "FormRecognizer"

    def __init__(self, api_key, endpoint, api_version="2023-07-31", api_type="Form Recognizer", **kwargs):
        super().__init__(api_key=api_key, endpoint=endpoint, api_version=api_version, api_type=api_type, **kwargs)


class CustomConnection(_Connection):
    TYPE = "Custom"

    def __init__(self, secrets, configs=None, **kwargs):
        super().__init__(secrets=secrets, configs=configs, **kwargs)

    def __getattr__(self, item):
        if item in ("secrets", "configs"):
            return super().__getattribute__(item)
        if item in self.secrets:
            return self.secrets[item]
        if item in self.configs:
            return self.configs[item]
        return super().__getattribute__(item)

    def is_secret(self, item):
        return item in self.secrets


class CustomStrongTypeConnection(_Connection):
    """Base of user-defined strongly typed connections: annotated class attributes become configs/secrets."""

    TYPE = "Custom"

    def __init__(self, secrets=None, configs=None, **kwargs):
        super().__init__(secrets=secrets or {}, configs=configs or {}, **kwargs)
        self.custom_type = type(self).__name__

    def __getattr__(self, item):
        if item in ("secrets", "configs"):
            return super().__getattribute__(item)
        secrets = self.__dict__.get("secrets", {})
        configs = self.__dict__.get("configs", {})
        if item in secrets:
            return secrets[item]
        if item in configs:
            return configs[item]
        raise AttributeError(item)


__all__ = [
    "OpenAIConnection",
    "AzureOpenAIConnection",
    "AzureContentSafetyConnection",
    "SerpConnection",
    "CognitiveSearchConnection",
    "FormRecognizerConnection",
    "CustomConnection",
    "CustomStrongTypeConnection",
    "ServerlessConnection",
    "AzureAIServicesConnection",
    "QdrantConnection",
    "WeaviateConnection",
]
