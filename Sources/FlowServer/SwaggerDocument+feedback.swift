import FlowSpec

extension SwaggerDocument {
    /// The `/feedback` path item promptflow 1.18.5 ships as `feedback_swagger.json`, in that file's key order.
    static let feedbackPath: FlowValue = [
        "post": [
            "summary": "collect promptflow feedback",
            "requestBody": [
                "description": "promptflow feedback data",
                "required": true,
                "content": [
                    "application/json": ["schema": ["type": "object", "additionalProperties": .object([:])]]
                ],
            ],
            "responses": [
                "200": [
                    "description": "successful operation",
                    "content": [
                        "application/json": ["schema": ["type": "object", "additionalProperties": .object([:])]]
                    ],
                ],
                "400": ["description": "Invalid input"],
                "default": ["description": "unexpected error"],
            ],
        ],
        "parameters": [
            [
                "name": "flatten",
                "in": "query",
                "description": "flatten the feedback data into traced data",
                "required": false,
                "schema": ["type": "boolean"],
            ]
        ],
    ]
}
