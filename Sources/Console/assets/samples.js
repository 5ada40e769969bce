// Code samples for calling an endpoint, built from its scoring URI, auth mode and a sample body. Each reads the
// key (or token) from the FLOWGATE_ENDPOINT_KEY environment variable, so no secret is pasted into code.

const envName = 'FLOWGATE_ENDPOINT_KEY';

function pyLiteral(value, indent = '') {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (Array.isArray(value)) return value.length ? `[${value.map((v) => pyLiteral(v, indent)).join(', ')}]` : '[]';
  if (typeof value === 'object') {
    const entries = Object.entries(value);
    if (!entries.length) return '{}';
    const inner = `${indent}    `;
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${pyLiteral(v, inner)}`).join(',\n')},\n${indent}}`;
  }
  return JSON.stringify(value);
}

function csString(text) { return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`; }
function swiftString(text) { return `#"${text}"#`; }
function shellQuote(text) { return `'${text.replace(/'/g, `'\\''`)}'`; }

/** The samples: [{key, label, language, code}]. `deployment` pins the request to one deployment when given. */
export function buildSamples({ url, body, deployment, stream = false }) {
  const json = JSON.stringify(body);
  const accept = stream ? 'text/event-stream' : 'application/json';
  const curl = [
    `curl -sS ${stream ? '-N ' : ''}${shellQuote(url)} \\`,
    `  -H "Authorization: Bearer $${envName}" \\`,
    '  -H \'Content-Type: application/json\' \\',
    `  -H 'Accept: ${accept}' \\`,
    deployment ? `  -H 'azureml-model-deployment: ${deployment}' \\` : null,
    `  -d ${shellQuote(json)}`,
  ].filter(Boolean).join('\n');

  const pyHeaders = [`    "Authorization": "Bearer " + os.environ["${envName}"],`, '    "Content-Type": "application/json",',
    `    "Accept": "${accept}",`, deployment ? `    "azureml-model-deployment": "${deployment}",` : null].filter(Boolean).join('\n');
  const requests = `import os

import requests

url = ${JSON.stringify(url)}
headers = {
${pyHeaders}
}
body = ${pyLiteral(body)}

response = requests.post(url, headers=headers, json=body, timeout=120${stream ? ', stream=True' : ''})
response.raise_for_status()
${stream ? `for line in response.iter_lines(decode_unicode=True):
    if line.startswith("data:"):
        print(line[5:].strip(), flush=True)` : 'print(response.json())'}
`;

  const urllib = `import json
import os
import urllib.request

url = ${JSON.stringify(url)}
headers = {
${pyHeaders}
}
body = ${pyLiteral(body)}

request = urllib.request.Request(url, data=json.dumps(body).encode("utf-8"), headers=headers, method="POST")
try:
    with urllib.request.urlopen(request, timeout=120) as response:
${stream ? `        for raw in response:
            line = raw.decode("utf-8").strip()
            if line.startswith("data:"):
                print(line[5:].strip(), flush=True)` : '        print(json.loads(response.read().decode("utf-8")))'}
except urllib.error.HTTPError as error:
    print(error.code, error.read().decode("utf-8", "replace"))
    raise
`;

  const jsHeaders = [`    Authorization: \`Bearer \${process.env.${envName}}\`,`, "    'Content-Type': 'application/json',",
    "    Accept: 'text/event-stream, application/json',", deployment ? `    'azureml-model-deployment': '${deployment}',` : null].filter(Boolean).join('\n');
  const javascript = `// Node 18+ or a browser (there, supply the key another way than process.env).
const url = ${JSON.stringify(url)};
const body = ${JSON.stringify(body, null, 2)};

const response = await fetch(url, {
  method: 'POST',
  headers: {
${jsHeaders}
  },
  body: JSON.stringify(body),
});
if (!response.ok) throw new Error(\`\${response.status}: \${await response.text()}\`);

if ((response.headers.get('content-type') || '').includes('text/event-stream')) {
  // Server-sent events: read the body as it arrives, one "data:" line per event.
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    const events = buffer.split('\\n\\n');
    buffer = events.pop();
    for (const event of events) {
      for (const line of event.split('\\n')) {
        if (line.startsWith('data:')) console.log(line.slice(5).trim());
      }
    }
  }
} else {
  console.log(await response.json());
}
`;

  const csharp = `using System.Net.Http.Headers;
using System.Text;

var url = ${csString(url)};
var key = Environment.GetEnvironmentVariable("${envName}") ?? throw new InvalidOperationException("set ${envName}");
var body = ${csString(json)};

using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(120) };
using var request = new HttpRequestMessage(HttpMethod.Post, url);
request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("${accept}"));
${deployment ? `request.Headers.Add("azureml-model-deployment", "${deployment}");\n` : ''}request.Content = new StringContent(body, Encoding.UTF8, "application/json");

using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
response.EnsureSuccessStatusCode();
${stream ? `using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
while (await reader.ReadLineAsync() is { } line)
{
    if (line.StartsWith("data:")) Console.WriteLine(line[5..].Trim());
}` : 'Console.WriteLine(await response.Content.ReadAsStringAsync());'}
`;

  const swift = `import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

let url = URL(string: ${JSON.stringify(url)})!
guard let key = ProcessInfo.processInfo.environment["${envName}"] else { fatalError("set ${envName}") }
var request = URLRequest(url: url, timeoutInterval: 120)
request.httpMethod = "POST"
request.setValue("Bearer \\(key)", forHTTPHeaderField: "Authorization")
request.setValue("application/json", forHTTPHeaderField: "Content-Type")
request.setValue("${accept}", forHTTPHeaderField: "Accept")
${deployment ? `request.setValue("${deployment}", forHTTPHeaderField: "azureml-model-deployment")\n` : ''}request.httpBody = Data(${swiftString(json)}.utf8)

let (data, response) = try await URLSession.shared.data(for: request)
let status = (response as? HTTPURLResponse)?.statusCode ?? 0
guard status == 200 else { fatalError("HTTP \\(status): \\(String(decoding: data, as: UTF8.self))") }
print(String(decoding: data, as: UTF8.self))
`;

  return [
    { key: 'curl', label: 'curl', language: 'shell', code: curl },
    { key: 'python', label: 'Python (requests)', language: 'python', code: requests },
    { key: 'urllib', label: 'Python (urllib)', language: 'python', code: urllib },
    { key: 'javascript', label: 'JavaScript (fetch)', language: 'javascript', code: javascript },
    { key: 'csharp', label: 'C# (HttpClient)', language: 'csharp', code: csharp },
    { key: 'swift', label: 'Swift (URLSession)', language: 'swift', code: swift },
  ];
}

export const keyVariable = envName;
