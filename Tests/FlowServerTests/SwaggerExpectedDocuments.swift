// Expected documents captured from promptflow 1.18.5: `pf flow serve --source <folder>` on the flows the
// tests write (same YAML, same samples.json), then `curl http://127.0.0.1:<port>/swagger.json` (bytes without the
// trailing newline); the `…Python` ones are `json.dumps` of `generate_swagger`'s dict plus the feedback path.

/// promptflow's `/swagger.json` documents for the flows in `SwaggerDocumentTests`.
/// Each is one line of JSON split into pieces only to keep source lines short.
enum SwaggerExpectedDocuments {
    /// `standard_flow` with its samples.json, as `pf flow serve` sends it.
    static let standardFlask: String = [
        #"{"components":{"securitySchemes":{"bearerAuth":{"scheme":"bearer","type":"http"}}},"info":{"titl"#,
        #"e":"Promptflow[standard_flow] API","version":"1.0.0","x-flow-name":"standard_flow"},"openapi":"3"#,
        #".0.0","paths":{"/feedback":{"parameters":[{"description":"flatten the feedback data into traced "#,
        #"data","in":"query","name":"flatten","required":false,"schema":{"type":"boolean"}}],"post":{"requ"#,
        #"estBody":{"content":{"application/json":{"schema":{"additionalProperties":{},"type":"object"}}},"#,
        #""description":"promptflow feedback data","required":true},"responses":{"200":{"content":{"applic"#,
        #"ation/json":{"schema":{"additionalProperties":{},"type":"object"}}},"description":"successful op"#,
        #"eration"},"400":{"description":"Invalid input"},"default":{"description":"unexpected error"}},"s"#,
        #"ummary":"collect promptflow feedback"}},"/score":{"post":{"requestBody":{"content":{"application"#,
        #"/json":{"example":{"count":2,"options":{"mode":"slow","z":[1,2.5,null]},"text":"Caf\u00e9 au lai"#,
        #"t"},"schema":{"properties":{"count":{"default":3,"type":"integer"},"options":{"additionalPropert"#,
        #"ies":{},"default":{"mode":"fast"},"description":"Scoring options.","type":"object"},"ratio":{"ty"#,
        #"pe":"number"},"strict":{"type":"boolean"},"tags":{"default":["a","b"],"items":{"additionalProper"#,
        #"ties":{},"type":"object"},"type":"array"},"text":{"description":"The text to score.","type":"str"#,
        #"ing"}},"required":["text","count","ratio","strict","tags","options"],"type":"object"}}},"descrip"#,
        #"tion":"promptflow input data","required":true},"responses":{"200":{"content":{"application/json""#,
        #":{"schema":{"properties":{"answer":{"description":"The answer.","type":"string"},"details":{"add"#,
        #"itionalProperties":{},"type":"object"},"items":{"items":{"additionalProperties":{},"type":"objec"#,
        #"t"},"type":"array"},"passed":{"type":"boolean"}},"type":"object"}}},"description":"successful op"#,
        #"eration"},"400":{"description":"Invalid input"},"default":{"description":"unexpected error"}},"s"#,
        #"ummary":"run promptflow: standard_flow with an given input"}}},"security":[{"bearerAuth":[]}]}"#,
    ].joined()

    /// The same document in promptflow's key order (`json.dumps` of `generate_swagger`'s dict).
    static let standardPython: String = [
        #"{"openapi": "3.0.0", "info": {"title": "Promptflow[standard_flow] API", "version": "1.0.0", "x-f"#,
        #"low-name": "standard_flow"}, "components": {"securitySchemes": {"bearerAuth": {"type": "http", ""#,
        #"scheme": "bearer"}}}, "security": [{"bearerAuth": []}], "paths": {"/score": {"post": {"summary":"#,
        #" "run promptflow: standard_flow with an given input", "requestBody": {"description": "promptflow"#,
        #" input data", "required": true, "content": {"application/json": {"schema": {"type": "object", "p"#,
        #"roperties": {"text": {"type": "string", "description": "The text to score."}, "count": {"type": "#,
        #""integer", "default": 3}, "ratio": {"type": "number"}, "strict": {"type": "boolean"}, "tags": {""#,
        #"type": "array", "default": ["a", "b"], "items": {"type": "object", "additionalProperties": {}}},"#,
        #" "options": {"type": "object", "description": "Scoring options.", "default": {"mode": "fast"}, ""#,
        #"additionalProperties": {}}}, "required": ["text", "count", "ratio", "strict", "tags", "options"]"#,
        #"}, "example": {"text": "Caf\u00e9 au lait", "count": 2, "options": {"mode": "slow", "z": [1, 2.5"#,
        #", null]}}}}}, "responses": {"200": {"description": "successful operation", "content": {"applicat"#,
        #"ion/json": {"schema": {"type": "object", "properties": {"answer": {"type": "string", "descriptio"#,
        #"n": "The answer."}, "details": {"type": "object", "additionalProperties": {}}, "items": {"type":"#,
        #" "array", "items": {"type": "object", "additionalProperties": {}}}, "passed": {"type": "boolean""#,
        #"}}}}}}, "400": {"description": "Invalid input"}, "default": {"description": "unexpected error"}}"#,
        #"}}, "/feedback": {"post": {"summary": "collect promptflow feedback", "requestBody": {"descriptio"#,
        #"n": "promptflow feedback data", "required": true, "content": {"application/json": {"schema": {"t"#,
        #"ype": "object", "additionalProperties": {}}}}}, "responses": {"200": {"description": "successful"#,
        #" operation", "content": {"application/json": {"schema": {"type": "object", "additionalProperties"#,
        #"": {}}}}}, "400": {"description": "Invalid input"}, "default": {"description": "unexpected error"#,
        #""}}}, "parameters": [{"name": "flatten", "in": "query", "description": "flatten the feedback dat"#,
        #"a into traced data", "required": false, "schema": {"type": "boolean"}}]}}}"#,
    ].joined()

    /// `standard_flow` served with `PROMPTFLOW_RESPONSE_INCLUDED_FIELDS='["answer", "score", "passed"]'`.
    static let standardIncludedFlask: String = [
        #"{"components":{"securitySchemes":{"bearerAuth":{"scheme":"bearer","type":"http"}}},"info":{"titl"#,
        #"e":"Promptflow[standard_flow] API","version":"1.0.0","x-flow-name":"standard_flow"},"openapi":"3"#,
        #".0.0","paths":{"/feedback":{"parameters":[{"description":"flatten the feedback data into traced "#,
        #"data","in":"query","name":"flatten","required":false,"schema":{"type":"boolean"}}],"post":{"requ"#,
        #"estBody":{"content":{"application/json":{"schema":{"additionalProperties":{},"type":"object"}}},"#,
        #""description":"promptflow feedback data","required":true},"responses":{"200":{"content":{"applic"#,
        #"ation/json":{"schema":{"additionalProperties":{},"type":"object"}}},"description":"successful op"#,
        #"eration"},"400":{"description":"Invalid input"},"default":{"description":"unexpected error"}},"s"#,
        #"ummary":"collect promptflow feedback"}},"/score":{"post":{"requestBody":{"content":{"application"#,
        #"/json":{"example":{"count":2,"options":{"mode":"slow","z":[1,2.5,null]},"text":"Caf\u00e9 au lai"#,
        #"t"},"schema":{"properties":{"count":{"default":3,"type":"integer"},"options":{"additionalPropert"#,
        #"ies":{},"default":{"mode":"fast"},"description":"Scoring options.","type":"object"},"ratio":{"ty"#,
        #"pe":"number"},"strict":{"type":"boolean"},"tags":{"default":["a","b"],"items":{"additionalProper"#,
        #"ties":{},"type":"object"},"type":"array"},"text":{"description":"The text to score.","type":"str"#,
        #"ing"}},"required":["text","count","ratio","strict","tags","options"],"type":"object"}}},"descrip"#,
        #"tion":"promptflow input data","required":true},"responses":{"200":{"content":{"application/json""#,
        #":{"schema":{"properties":{"answer":{"description":"The answer.","type":"string"},"passed":{"type"#,
        #"":"boolean"}},"type":"object"}}},"description":"successful operation"},"400":{"description":"Inv"#,
        #"alid input"},"default":{"description":"unexpected error"}},"summary":"run promptflow: standard_f"#,
        #"low with an given input"}}},"security":[{"bearerAuth":[]}]}"#,
    ].joined()

    /// `chat-basic` (examples/flows/chat-basic) with its samples.json, as `pf flow serve` sends it.
    static let chatFlask: String = [
        #"{"components":{"securitySchemes":{"bearerAuth":{"scheme":"bearer","type":"http"}}},"info":{"titl"#,
        #"e":"Promptflow[chat-basic] API","version":"1.0.0","x-chat-history":"chat_history","x-chat-input""#,
        #":"question","x-chat-output":"answer","x-flow-name":"chat-basic","x-flow-type":"chat"},"openapi":"#,
        #""3.0.0","paths":{"/feedback":{"parameters":[{"description":"flatten the feedback data into trace"#,
        #"d data","in":"query","name":"flatten","required":false,"schema":{"type":"boolean"}}],"post":{"re"#,
        #"questBody":{"content":{"application/json":{"schema":{"additionalProperties":{},"type":"object"}}"#,
        #"},"description":"promptflow feedback data","required":true},"responses":{"200":{"content":{"appl"#,
        #"ication/json":{"schema":{"additionalProperties":{},"type":"object"}}},"description":"successful "#,
        #"operation"},"400":{"description":"Invalid input"},"default":{"description":"unexpected error"}},"#,
        #""summary":"collect promptflow feedback"}},"/score":{"post":{"requestBody":{"content":{"applicati"#,
        #"on/json":{"example":{"chat_history":[{"inputs":{"question":"What is a prompt flow?"},"outputs":{"#,
        #""answer":"A graph of prompts, LLM calls and Python code that runs as one app."}}],"question":"An"#,
        #"d how do I run one locally?"},"schema":{"properties":{"chat_history":{"items":{"additionalProper"#,
        #"ties":{},"type":"object"},"type":"array"},"question":{"default":"What is a prompt flow?","type":"#,
        #""string"}},"required":["question","chat_history"],"type":"object"}}},"description":"promptflow i"#,
        #"nput data","required":true},"responses":{"200":{"content":{"application/json":{"schema":{"proper"#,
        #"ties":{"answer":{"type":"string"}},"type":"object"}}},"description":"successful operation"},"400"#,
        #"":{"description":"Invalid input"},"default":{"description":"unexpected error"}},"summary":"run p"#,
        #"romptflow: chat-basic with an given input"}}},"security":[{"bearerAuth":[]}]}"#,
    ].joined()

    /// The same document in promptflow's key order.
    static let chatPython: String = [
        #"{"openapi": "3.0.0", "info": {"title": "Promptflow[chat-basic] API", "version": "1.0.0", "x-flow"#,
        #"-name": "chat-basic", "x-chat-input": "question", "x-flow-type": "chat", "x-chat-history": "chat"#,
        #"_history", "x-chat-output": "answer"}, "components": {"securitySchemes": {"bearerAuth": {"type":"#,
        #" "http", "scheme": "bearer"}}}, "security": [{"bearerAuth": []}], "paths": {"/score": {"post": {"#,
        #""summary": "run promptflow: chat-basic with an given input", "requestBody": {"description": "pro"#,
        #"mptflow input data", "required": true, "content": {"application/json": {"schema": {"type": "obje"#,
        #"ct", "properties": {"question": {"type": "string", "default": "What is a prompt flow?"}, "chat_h"#,
        #"istory": {"type": "array", "items": {"type": "object", "additionalProperties": {}}}}, "required""#,
        #": ["question", "chat_history"]}, "example": {"question": "And how do I run one locally?", "chat_"#,
        #"history": [{"inputs": {"question": "What is a prompt flow?"}, "outputs": {"answer": "A graph of "#,
        #"prompts, LLM calls and Python code that runs as one app."}}]}}}}, "responses": {"200": {"descrip"#,
        #"tion": "successful operation", "content": {"application/json": {"schema": {"type": "object", "pr"#,
        #"operties": {"answer": {"type": "string"}}}}}}, "400": {"description": "Invalid input"}, "default"#,
        #"": {"description": "unexpected error"}}}}, "/feedback": {"post": {"summary": "collect promptflow"#,
        #" feedback", "requestBody": {"description": "promptflow feedback data", "required": true, "conten"#,
        #"t": {"application/json": {"schema": {"type": "object", "additionalProperties": {}}}}}, "response"#,
        #"s": {"200": {"description": "successful operation", "content": {"application/json": {"schema": {"#,
        #""type": "object", "additionalProperties": {}}}}}, "400": {"description": "Invalid input"}, "defa"#,
        #"ult": {"description": "unexpected error"}}}, "parameters": [{"name": "flatten", "in": "query", ""#,
        #"description": "flatten the feedback data into traced data", "required": false, "schema": {"type""#,
        #": "boolean"}}]}}}"#,
    ].joined()

    /// `noinput_flow`: no inputs, a chat output, a samples.json that is not a list.
    static let noInputFlask: String = [
        #"{"components":{"securitySchemes":{"bearerAuth":{"scheme":"bearer","type":"http"}}},"info":{"titl"#,
        #"e":"Promptflow[noinput_flow] API","version":"1.0.0","x-chat-output":"greeting","x-flow-name":"no"#,
        #"input_flow"},"openapi":"3.0.0","paths":{"/feedback":{"parameters":[{"description":"flatten the f"#,
        #"eedback data into traced data","in":"query","name":"flatten","required":false,"schema":{"type":""#,
        #"boolean"}}],"post":{"requestBody":{"content":{"application/json":{"schema":{"additionalPropertie"#,
        #"s":{},"type":"object"}}},"description":"promptflow feedback data","required":true},"responses":{"#,
        #""200":{"content":{"application/json":{"schema":{"additionalProperties":{},"type":"object"}}},"de"#,
        #"scription":"successful operation"},"400":{"description":"Invalid input"},"default":{"description"#,
        #"":"unexpected error"}},"summary":"collect promptflow feedback"}},"/score":{"post":{"requestBody""#,
        #":{"content":{"application/json":{"example":{},"schema":{"type":"object"}}},"description":"prompt"#,
        #"flow input data","required":false},"responses":{"200":{"content":{"application/json":{"schema":{"#,
        #""properties":{"greeting":{"type":"string"}},"type":"object"}}},"description":"successful operati"#,
        #"on"},"400":{"description":"Invalid input"},"default":{"description":"unexpected error"}},"summar"#,
        #"y":"run promptflow: noinput_flow with an given input"}}},"security":[{"bearerAuth":[]}]}"#,
    ].joined()

    /// `prompty-summarize`: a prompty with no outputs and a samples.json.
    static let promptyFlask: String = [
        #"{"components":{"securitySchemes":{"bearerAuth":{"scheme":"bearer","type":"http"}}},"info":{"titl"#,
        #"e":"Promptflow[prompty-summarize] API","version":"1.0.0","x-flow-name":"prompty-summarize"},"ope"#,
        #"napi":"3.0.0","paths":{"/feedback":{"parameters":[{"description":"flatten the feedback data into"#,
        #" traced data","in":"query","name":"flatten","required":false,"schema":{"type":"boolean"}}],"post"#,
        #"":{"requestBody":{"content":{"application/json":{"schema":{"additionalProperties":{},"type":"obj"#,
        #"ect"}}},"description":"promptflow feedback data","required":true},"responses":{"200":{"content":"#,
        #"{"application/json":{"schema":{"additionalProperties":{},"type":"object"}}},"description":"succe"#,
        #"ssful operation"},"400":{"description":"Invalid input"},"default":{"description":"unexpected err"#,
        #"or"}},"summary":"collect promptflow feedback"}},"/score":{"post":{"requestBody":{"content":{"app"#,
        #"lication/json":{"example":{"audience":"a customer","max_sentences":1,"text":"Prices rise by 5% i"#,
        #"n March; existing customers keep their price until June."},"schema":{"properties":{"audience":{""#,
        #"default":"a busy engineer","type":"string"},"max_sentences":{"default":3,"type":"integer"},"text"#,
        #"":{"type":"string"}},"required":["text","audience","max_sentences"],"type":"object"}}},"descript"#,
        #"ion":"promptflow input data","required":true},"responses":{"200":{"content":{"application/json":"#,
        #"{"schema":{"type":"object"}}},"description":"successful operation"},"400":{"description":"Invali"#,
        #"d input"},"default":{"description":"unexpected error"}},"summary":"run promptflow: prompty-summa"#,
        #"rize with an given input"}}},"security":[{"bearerAuth":[]}]}"#,
    ].joined()
}
