import FlowSpec

/// The schemas of bulk runs: the request that starts one and the run as the API answers it.
extension OpenAPISchemas {
    static let runRequest: FlowValue = [
        "type": "object",
        "properties": [
            "name": ["type": "string", "pattern": "^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}$"],
            "flow": ["type": "string", "description": "The flow folder's absolute path on the server"],
            "snapshot_id": [
                "type": "string", "pattern": "^[0-9a-f]{64}$", "description": "From POST /api/v1/snapshots",
            ],
            "data": ["type": "string", "description": "A JSONL file's absolute path on the server"],
            "rows": ["type": "array", "items": ["type": "object"], "description": "The data lines, inline"],
            "column_mapping": stringMap, "variant": ["type": "string", "description": "${node.variant_id}"],
            "concurrency": ["type": "integer", "minimum": 1, "maximum": 64, "default": 4],
        ],
    ]

    static let run: FlowValue = [
        "type": "object",
        "properties": [
            "name": string, "status": ["type": "string", "enum": ["Running", "Completed", "Failed", "Canceled"]],
            "flow": string, "snapshot_id": ["type": ["string", "null"]], "variant": ["type": ["string", "null"]],
            "data": string, "column_mapping": stringMap, "concurrency": integer,
            "lines": ["type": "object", "properties": ["total": integer, "completed": integer, "failed": integer]],
            "tokens": ["type": "object", "properties": ["prompt": integer, "completion": integer, "total": integer]],
            "metrics": ["type": "object"], "error": ["type": ["string", "null"]],
            "start_time": time, "end_time": ["type": ["string", "null"], "format": "date-time", "readOnly": true],
            "duration": ["type": ["number", "null"]],
        ],
    ]
}
