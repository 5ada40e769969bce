// What a deployed flow takes and gives: the API's flow description when the server has it, else the inputs read
// from the endpoint's swagger.json (no chat or node information there, so chat is guessed from `chat_history`).
import { api, enc, isMissingRoute, ApiError } from './api.js';
import { bearer } from './creds.js';

const typeOf = { integer: 'int', number: 'double', boolean: 'bool', array: 'list', object: 'object', string: 'string' };

/** Inputs from an OpenAPI `/score` schema (promptflow's swagger.json shape). */
export function fromSwagger(swagger) {
  const content = swagger?.paths?.['/score']?.post?.requestBody?.content?.['application/json'] || {};
  const props = content.schema?.properties || {};
  const inputs = Object.entries(props).map(([name, schema]) => {
    const type = typeOf[schema.type] || 'string';
    let value = schema.default;
    if (value !== undefined && type === 'int') value = parseInt(value, 10);
    else if (value !== undefined && type === 'double') value = parseFloat(value);
    return { name, type, default: value, enum: schema.enum, is_chat_input: false,
      is_chat_history: name === 'chat_history' && type === 'list' };
  });
  const isChat = inputs.some((i) => i.is_chat_history);
  if (isChat) {
    const chatInput = inputs.find((i) => !i.is_chat_history && i.type === 'string');
    if (chatInput) chatInput.is_chat_input = true;
  }
  const example = content.example && Object.keys(content.example).length ? content.example : null;
  return { kind: 'unknown', is_chat: isChat, inputs, outputs: [], nodes: [], edges: [], sample: example, source: 'swagger' };
}

/** The deployed flow's description (see the spec's `GET …/deployments/{d}/flow`). */
export async function describe(endpoint, deployment) {
  try {
    const flow = await api(`/endpoints/${enc(endpoint)}/deployments/${enc(deployment)}/flow`);
    return { source: 'flow', ...flow };
  } catch (err) {
    if (!isMissingRoute(err) && !(err instanceof ApiError && err.status === 404)) throw err;
  }
  const response = await fetch(`/endpoints/${enc(endpoint)}/swagger.json`, {
    headers: { Authorization: `Bearer ${await bearer(endpoint)}`, 'azureml-model-deployment': deployment } });
  if (!response.ok) throw new ApiError(response.status, `HTTP ${response.status}`, 'The flow\'s swagger.json could not be read.');
  return fromSwagger(await response.json());
}

/** A request body from the inputs' defaults, overlaid with the flow's sample inputs. */
export function sampleBody(flow) {
  const body = {};
  for (const input of flow.inputs || []) {
    if (input.default !== undefined && input.default !== null) body[input.name] = input.default;
    else body[input.name] = { int: 0, double: 0, bool: false, list: [], object: {} }[input.type] ?? '';
  }
  const sample = flow.sample?.inputs ?? flow.sample;
  if (sample && typeof sample === 'object') for (const [k, v] of Object.entries(sample)) if (k in body) body[k] = v;
  return body;
}
