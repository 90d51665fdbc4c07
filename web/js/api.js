// The HTTP API of sasae-server (same origin). Every failure becomes an ApiError:
//   kind 'network' — no answer at all (server stopped, connection refused)
//   kind 'http'    — an answer with a 4xx/5xx status; code/message come from
//                    the server's {"error": {"code", "message"}} body.
// Aborted requests reject with the browser's AbortError, which callers ignore.
//
// A server started with an API token answers 401 on /api/* without
// "Authorization: Bearer <token>". The token lives in localStorage
// (sasae.token) and is sent with every request; on a 401 the page asks for it
// (see token.js, registered with onUnauthorized) and the request is repeated.

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

export const TOKEN_KEY = 'sasae.token';

/** Visible ASCII only: anything else cannot go into an HTTP header. */
export function isValidToken(token) {
  return /^[\x21-\x7e]+$/.test(token);
}

export function storedToken() {
  try {
    const token = window.localStorage.getItem(TOKEN_KEY) || '';
    return isValidToken(token) ? token : '';
  } catch {
    return '';
  }
}

/** Stores the API token ('' forgets it). False when localStorage is unavailable. */
export function storeToken(token) {
  try {
    if (token) window.localStorage.setItem(TOKEN_KEY, token);
    else window.localStorage.removeItem(TOKEN_KEY);
    return true;
  } catch {
    return false;
  }
}

let askToken = null;
/**
 * `handler({ rejected })` is called on a 401 and returns a promise that
 * resolves once a new token is stored (the request is then repeated), or
 * rejects when the person gives up. `rejected` is true when a stored token was
 * sent and refused.
 */
export function onUnauthorized(handler) {
  askToken = handler;
}

function abortError() {
  return new DOMException('The request was aborted.', 'AbortError');
}

/** `promise`, or an AbortError as soon as `signal` aborts. */
function unlessAborted(promise, signal) {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => { signal.removeEventListener('abort', onAbort); resolve(value); },
      (error) => { signal.removeEventListener('abort', onAbort); reject(error); });
  });
}

function httpError(response, data) {
  const err = data && typeof data === 'object' && data.error ? data.error : {};
  return new ApiError('http', response.status, String(err.code || `http_${response.status}`),
    String(err.message || `HTTP ${response.status} ${response.statusText}`.trim()));
}

async function request(path, { method = 'GET', body, signal, headers = {} } = {}) {
  for (;;) {
    const token = storedToken();
    const init = { method, signal, headers: { Accept: 'application/json', ...headers }, cache: 'no-store' };
    if (token) init.headers.Authorization = `Bearer ${token}`;
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
    if (response.status === 401 && askToken) {
      // Another request may have stored a new token meanwhile: try that first.
      if (storedToken() !== token) continue;
      try {
        await unlessAborted(Promise.resolve(askToken({ rejected: token !== '' })), signal);
      } catch (error) {
        if (isAbort(error)) throw error;
        throw httpError(response, data);
      }
      continue;
    }
    if (!response.ok) throw httpError(response, data);
    if (data === null || typeof data !== 'object') {
      throw new ApiError('http', response.status, 'invalid_response', 'the server sent a response that is not JSON');
    }
    return data;
  }
}

/** GET /api/search with URLSearchParams built by state.js */
// This page's search box and draft pane, for the usage analytics: the searches made while
// someone types are recorded as one, the last, and so are the suggestions a draft was shown
// (X-Sasae-Typing names this tab; it is never stored).
const TYPING_KEY = globalThis.crypto?.randomUUID?.() || `t-${Date.now()}-${Math.random().toString(36).slice(2)}`;

export function search(params, signal) {
  return request(`/api/search?${params}`, { signal, headers: { 'X-Sasae-Typing': TYPING_KEY } });
}

/** POST /api/suggest */
export function suggest({ title, body, limit = 5 }, signal) {
  // The same name for the draft pane: the suggestions shown are recorded once per pause.
  return request('/api/suggest', { method: 'POST', body: { title, body, limit }, signal, headers: { 'X-Sasae-Typing': TYPING_KEY } });
}

/** GET /api/documents/{id}; the id keeps its slashes, each segment is encoded. */
export function documentById(id, signal) {
  const path = id.split('/').map(encodeURIComponent).join('/');
  return request(`/api/documents/${path}`, { signal });
}

/** GET /api/response-targets: the plan × severity table. */
export function responseTargets(signal) {
  return request('/api/response-targets', { signal });
}

/** POST /api/response-target {plan, severity, opened_at} */
export function responseTarget({ plan, severity, openedAt }, signal) {
  return request('/api/response-target', { method: 'POST', body: { plan, severity, opened_at: openedAt }, signal });
}

/** POST /api/case-json: the input of `aws support create-case --cli-input-json`. */
export function caseJson(fields, signal) {
  return request('/api/case-json', { method: 'POST', body: fields, signal });
}

/**
 * POST /api/events: what the person did with a result or a suggestion (open,
 * cite, helpful, unhelpful), for the usage analytics. Never in the way: a
 * failure is ignored.
 */
export function recordEvent(event) {
  return request('/api/events', { method: 'POST', body: event }).catch(() => {});
}

/** GET /api/analytics?from&to (YYYY-MM-DD, both optional: the last 30 days). */
export function analytics(params, signal) {
  return request(`/api/analytics?${params}`, { signal });
}

/** GET /api/content-report: what to mend in the knowledge base (sasae-index --report). */
export function contentReport(signal) {
  return request('/api/content-report', { signal });
}

/** POST /api/note-draft: a draft as a note of the knowledge base ({markdown, file_name}). */
export function noteDraft(fields, signal) {
  return request('/api/note-draft', { method: 'POST', body: fields, signal });
}

/** POST /api/notes: a note into the server's inbox ({file}). */
export function saveNote(markdown, signal) {
  return request('/api/notes', { method: 'POST', body: { markdown }, signal });
}

/** GET /api/lint: the drafting checks (id, level, checklist item, message). */
export function lintRules(signal) {
  return request('/api/lint', { signal });
}

/** GET /api/schema: facets and kinds (schema.js). */
export function schema(signal) {
  return request('/api/schema', { signal });
}

export function health(signal) {
  return request('/healthz', { signal });
}
