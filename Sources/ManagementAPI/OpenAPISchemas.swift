import FlowSpec

/// The component schemas of the OpenAPI document: the resources as the API writes them (read-only fields marked)
/// and the Error body.
enum OpenAPISchemas {
    static let all: FlowObject = [
        "Error": error, "Endpoint": endpoint, "EndpointPatch": endpointPatch, "Deployment": deployment,
        "Operation": operation, "Connection": connection, "Snapshot": snapshot, "Credentials": credentials,
        "RegenerateKeys": regenerateKeys, "Run": run, "RunRequest": runRequest,
    ]

    static let string: FlowValue = ["type": "string"]
    static let integer: FlowValue = ["type": "integer"]
    static let time: FlowValue = ["type": "string", "format": "date-time", "readOnly": true]
    static let stringMap: FlowValue = ["type": "object", "additionalProperties": ["type": "string"]]
    static let percentMap: FlowValue = [
        "type": "object", "additionalProperties": ["type": "integer", "minimum": 0, "maximum": 100],
    ]
    static let failure: FlowValue = [
        "type": ["object", "null"], "readOnly": true, "properties": ["code": string, "message": string],
    ]
    static let state: FlowValue = [
        "type": "string", "readOnly": true,
        "enum": ["Creating", "Updating", "Scaling", "Deleting", "Succeeded", "Failed", "Canceled"],
    ]
    static let name: FlowValue = [
        "type": "string", "minLength": 3, "maxLength": 32, "pattern": "^[A-Za-z](-?[A-Za-z0-9])*$",
    ]

    static let error: FlowValue = [
        "type": "object", "required": ["error"],
        "properties": [
            "error": [
                "type": "object", "required": ["code", "message"],
                "properties": [
                    "code": [
                        "type": "string",
                        "enum": [
                            "BadArgument", "Unauthorized", "NotFound", "Conflict", "PayloadTooLarge", "InternalError",
                        ],
                    ],
                    "message": string,
                    "details": [
                        "type": "array",
                        "items": ["type": "object", "properties": ["field": string, "message": string]],
                    ],
                ],
            ]
        ],
    ]

    static let endpointPatch: FlowValue = [
        "type": "object",
        "properties": [
            "description": ["type": ["string", "null"]], "tags": stringMap, "traffic": percentMap,
            "mirror_traffic": percentMap,
        ],
    ]

    static let endpoint: FlowValue = [
        "type": "object", "required": ["name"],
        "properties": [
            "name": name, "description": ["type": ["string", "null"]], "tags": stringMap,
            "auth_mode": ["type": "string", "enum": ["key", "aml_token"]],
            "identity": [
                "type": "object",
                "properties": [
                    "type": ["type": "string", "enum": ["system_assigned", "user_assigned"]],
                    "user_assigned_identities": [
                        "type": "array",
                        "items": [
                            "type": "object",
                            "properties": ["resource_id": string, "client_id": string, "object_id": string],
                        ],
                    ],
                ],
            ],
            "traffic": percentMap, "mirror_traffic": percentMap,
            "properties": [
                "type": "object",
                "properties": [
                    "enforce_access_to_default_secret_stores": ["type": "string", "enum": ["enabled", "disabled"]]
                ],
            ],
            "provisioning_state": state, "failure": failure,
            "scoring_uri": ["type": "string", "format": "uri", "readOnly": true],
            "openapi_uri": ["type": "string", "format": "uri", "readOnly": true],
            "created_at": time, "updated_at": time,
            "latest_operation_id": ["type": ["string", "null"], "readOnly": true],
            "ignored_keys": ["type": "array", "items": string, "readOnly": true],
        ],
    ]

    static let probe: FlowValue = [
        "type": "object",
        "properties": [
            "initial_delay": integer, "period": integer, "timeout": integer, "success_threshold": integer,
            "failure_threshold": integer,
        ],
    ]

    static let deployment: FlowValue = [
        "type": "object", "required": ["name"],
        "properties": [
            "name": name, "endpoint_name": ["type": "string"], "description": ["type": ["string", "null"]],
            "model": ["type": ["string", "null"], "description": "The flow folder's absolute path on the server"],
            "snapshot_id": [
                "type": ["string", "null"], "pattern": "^[0-9a-f]{64}$", "description": "From POST /api/v1/snapshots",
            ],
            "instance_count": ["type": "integer", "minimum": 1, "maximum": 16],
            "instance_runtime": [
                "type": "string", "enum": ["in_process", "process"],
                "description": "in_process (default) or one `flowgate flow serve` child process per instance",
            ],
            "environment": [
                "type": ["object", "null"],
                "properties": [
                    "requirements": [
                        "type": ["string", "null"], "maxLength": 16384,
                        "description": "Built instead of the flow's requirements.txt (index packages only)",
                    ]
                ],
                "description": "null builds the flow's requirements.txt",
            ],
            "environment_variables": stringMap,
            "request_settings": [
                "type": "object",
                "properties": [
                    "request_timeout_ms": integer, "max_concurrent_requests_per_instance": integer,
                    "max_queue_wait_ms": integer,
                ],
            ],
            "liveness_probe": probe, "readiness_probe": probe,
            "outputs": ["type": "array", "items": string], "connection_overrides": stringMap, "tags": stringMap,
            "variant": [
                "type": ["string", "null"], "description": "${node.variant_id} served instead of the default",
            ],
            "run": [
                "type": "string", "writeOnly": true, "description": "Deploy a completed run's snapshot and variant",
            ],
            "provisioning_state": state, "failure": failure, "created_at": time, "updated_at": time,
            "latest_operation_id": ["type": ["string", "null"], "readOnly": true],
        ],
    ]

    static let operation: FlowValue = [
        "type": "object",
        "properties": [
            "id": string, "kind": ["type": "string", "enum": ["create", "update", "delete"]],
            "target": [
                "type": "object", "properties": ["endpoint": string, "deployment": ["type": ["string", "null"]]],
            ],
            "status": ["type": "string", "enum": ["Running", "Succeeded", "Failed", "Canceled"]],
            "stages": [
                "type": "array",
                "items": [
                    "type": "object",
                    "properties": [
                        "name": string,
                        "status": [
                            "type": "string", "enum": ["Pending", "Running", "Succeeded", "Failed", "Skipped"],
                        ],
                        "started_at": ["type": ["string", "null"], "format": "date-time"],
                        "ended_at": ["type": ["string", "null"], "format": "date-time"],
                        "message": ["type": ["string", "null"]],
                    ],
                ],
            ],
            "error": failure, "created_at": time, "updated_at": time,
        ],
    ]

    static let connection: FlowValue = [
        "type": "object", "required": ["name", "type"], "additionalProperties": ["type": "string"],
        "description": "promptflow's connection keys; secrets are answered as ******",
        "properties": [
            "name": string, "type": string, "module": string, "api_key": ["type": "string", "writeOnly": true],
            "api_base": string, "configs": stringMap, "secrets": stringMap, "created_date": time,
            "last_modified_date": time,
        ],
    ]

    static let snapshot: FlowValue = [
        "type": "object",
        "properties": ["id": string, "file_count": integer, "byte_count": integer, "created_at": time],
    ]

    /// Key endpoints answer the two keys; `aml_token` endpoints a fresh token with its times (ISO 8601 UTC).
    static let credentials: FlowValue = [
        "type": "object",
        "properties": [
            "primaryKey": string, "secondaryKey": string, "accessToken": string, "expiryTimeUtc": time,
            "refreshAfterTimeUtc": time, "tokenType": ["type": "string", "enum": ["Bearer"]],
        ],
    ]

    static let regenerateKeys: FlowValue = [
        "type": "object",
        "properties": [
            "key_type": ["type": "string", "enum": ["primary", "secondary"], "default": "primary"],
            "key_value": ["type": "string", "minLength": 16, "maxLength": 128],
        ],
    ]
}
