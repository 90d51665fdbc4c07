// The HTTP API of sasae-server (same origin). Every failure becomes an ApiError:
//   kind 'network' — no answer at all (server stopped, connection refused)
//   kind 'http'    — an answer with a 4xx/5xx status; code/message come from
//                    the server's {"error": {"code", "message"}} body.
// Aborted requests reject with the browser's AbortError, which callers ignore.

export class ApiError extends Error {
  constructor(kind, status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = status;
    this.code = code;
  }
}

export function isAbort(error) {
  return error && error.name === 'AbortError';
}

const listeners = new Set();
/** Called with true after any answer from the server, false after a network failure. */
export function onConnectivity(listener) {
  listeners.add(listener);
}
function report(reachable) {
  for (const listener of listeners) listener(reachable);
}

async function request(path, { method = 'GET', body, signal } = {}) {
  const init = { method, signal, headers: { Accept: 'application/json' }, cache: 'no-store' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (isAbort(error)) throw error;
    report(false);
    throw new ApiError('network', 0, 'network_error', String(error && error.message || error));
  }
  report(true);
  let data = null;
  try {
    data = await response.json();
  } catch (error) {
    if (isAbort(error)) throw error;
  }
  if (!response.ok) {
    const err = data && typeof data === 'object' && data.error ? data.error : {};
    throw new ApiError('http', response.status, String(err.code || `http_${response.status}`),
      String(err.message || `HTTP ${response.status} ${response.statusText}`.trim()));
  }
  if (data === null || typeof data !== 'object') {
    throw new ApiError('http', response.status, 'invalid_response', 'the server sent a response that is not JSON');
  }
  return data;
}

/** GET /api/search with URLSearchParams built by state.js */
export function search(params, signal) {
  return request(`/api/search?${params}`, { signal });
}

/** POST /api/suggest */
export function suggest({ title, body, limit = 5 }, signal) {
  return request('/api/suggest', { method: 'POST', body: { title, body, limit }, signal });
}

/** GET /api/documents/{id}; the id keeps its slashes, each segment is encoded. */
export function documentById(id, signal) {
  const path = id.split('/').map(encodeURIComponent).join('/');
  return request(`/api/documents/${path}`, { signal });
}

export function health(signal) {
  return request('/healthz', { signal });
}
