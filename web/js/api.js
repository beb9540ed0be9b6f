// The API client: the access token lives in this module's memory only; the refresh token is an
// HttpOnly, SameSite=Strict cookie page scripts cannot read, spent by POST /auth/refresh with
// the X-Slipway-CSRF header (a header a cross-site form cannot send). Every other request is
// authorised by the Authorization header, never by a cookie, so it cannot be forged cross-site.

const CSRF = { "X-Slipway-CSRF": "1" };
// Set by the API beside the refresh cookie (not HttpOnly, no secret): a session may exist. A page
// load without it sends no refresh that could only fail.
const HINT = "slipway_session";
let accessToken = null;
let expiresAt = 0;
let refreshing = null;
const listeners = new Set();
const etags = new Map(); // path -> [etag, body] of conditional reads

export class ApiError extends Error {
  constructor(status, body, headers) {
    super((body && (body.error || body.detail)) || `The server answered ${status}`);
    this.status = status;
    this.body = body || {};
    this.code = this.body.code || "";
    const retry = Number(headers?.get("Retry-After") ?? this.body.resetIn);
    this.retryAfter = Number.isFinite(retry) && retry > 0 ? retry : null;
  }
}

/** Called with true (signed in) or false (signed out) whenever that changes. */
export function onSession(fn) {
  listeners.add(fn);
}

export function signedIn() {
  return accessToken !== null;
}

function setToken(body) {
  const wasIn = signedIn();
  accessToken = body ? body.accessToken : null;
  expiresAt = body ? Date.now() + Number(body.expiresIn || 0) * 1000 : 0;
  if (wasIn !== signedIn()) for (const fn of listeners) fn(signedIn());
}

async function parse(response) {
  if (response.status === 204 || response.status === 304) return null;
  const type = response.headers.get("Content-Type") || "";
  if (type.includes("json")) return response.json();
  return response.text();
}

async function send(method, path, { body, headers = {}, auth = true } = {}) {
  const all = { Accept: "application/json, application/problem+json", ...headers };
  if (body !== undefined) all["Content-Type"] = "application/json";
  if (auth && accessToken) all.Authorization = `Bearer ${accessToken}`;
  return fetch(path, {
    method,
    headers: all,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
    cache: "no-store",
    redirect: "error",
  });
}

/** Spend the refresh cookie for a new access token (one request at a time). */
export function refresh() {
  refreshing ??= (async () => {
    try {
      const response = await send("POST", "/auth/refresh", { headers: CSRF, auth: false });
      if (!response.ok) {
        if (response.status === 401 || response.status === 403) forgetHint();
        setToken(null);
        return false;
      }
      setToken(await response.json());
      return true;
    } catch {
      setToken(null);
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One API call. Answers the parsed body (or {response, body} with `full`), throws ApiError.
 * A 401 is retried once after a refresh; a GET that is rate limited waits Retry-After (twice).
 */
export async function request(method, path, options = {}) {
  const { auth = true, full = false } = options;
  if (auth && accessToken && Date.now() > expiresAt - 30_000) await refresh();
  let response = await send(method, path, options);
  if (response.status === 401 && auth && (await refresh())) response = await send(method, path, options);
  // A rate-limited read, or a start with an Idempotency-Key (nothing was done), waits and retries.
  const retryable = method === "GET" || Boolean(options.headers?.["Idempotency-Key"]);
  for (let attempt = 0; response.status === 429 && retryable && attempt < 3; attempt += 1) {
    const error = new ApiError(429, await parse(response), response.headers);
    const wait = Math.min(error.retryAfter || 1, 60);
    window.dispatchEvent(new CustomEvent("slipway:waiting", { detail: { seconds: wait } }));
    await sleep(wait * 1000);
    response = await send(method, path, options);
  }
  const body = await parse(response);
  if (!response.ok && response.status !== 304) {
    if (response.status === 401 && auth) setToken(null);
    throw new ApiError(response.status, body, response.headers);
  }
  return full ? { response, body } : body;
}

export const get = (path, options) => request("GET", path, options);
export const post = (path, body, options = {}) => request("POST", path, { ...options, body });
export const patch = (path, body, options = {}) => request("PATCH", path, { ...options, body });
export const del = (path, options) => request("DELETE", path, options);

/** A POST that starts a workflow: an Idempotency-Key makes a retried click start it once. */
export function start(method, path, body) {
  const headers = { "Idempotency-Key": crypto.randomUUID() };
  return request(method, path, { body, headers });
}

/** A GET sent with If-None-Match once the API answered an ETag; a 304 reuses the last body. */
export async function conditional(path) {
  const known = etags.get(path);
  const headers = known ? { "If-None-Match": known[0] } : {};
  const { response, body } = await request("GET", path, { headers, full: true });
  if (response.status === 304 && known) return known[1];
  const etag = response.headers.get("ETag");
  if (etag) etags.set(path, [etag, body]);
  return body;
}

/** A file download: the authorised response as a Blob, and the server's file name. */
export async function download(path) {
  if (accessToken && Date.now() > expiresAt - 30_000) await refresh();
  let response = await send("GET", path);
  if (response.status === 401 && (await refresh())) response = await send("GET", path);
  if (!response.ok) throw new ApiError(response.status, await parse(response), response.headers);
  const disposition = response.headers.get("Content-Disposition") || "";
  const match = /filename="?([^";]+)"?/.exec(disposition);
  return { blob: await response.blob(), filename: match ? match[1] : "download" };
}

export async function signIn(email, password) {
  const body = await request("POST", "/auth/login", {
    body: { email, password, session: "cookie" },
    auth: false,
  });
  setToken(body); // a refreshToken in the body (an older server) is dropped here, never kept
}

export async function signUp(email, password) {
  await request("POST", "/auth/signup", { body: { email, password }, auth: false });
  await signIn(email, password);
}

export async function signOut() {
  try {
    await request("POST", "/auth/logout", { headers: CSRF });
  } finally {
    etags.clear();
    setToken(null);
  }
}

const mayHaveSession = () => document.cookie.split(/;\s*/).includes(`${HINT}=1`);

function forgetHint() {
  document.cookie = `${HINT}=; Max-Age=0; Path=/; Secure; SameSite=Strict`;
}

/** Restore the session from the refresh cookie (on page load), when the hint says there may be one. */
export const restore = async () => (mayHaveSession() ? refresh() : false);

/** A message for an error, with what to do next when the code says it. */
export function describe(error) {
  if (!(error instanceof ApiError)) return `The API could not be reached (${error.message}).`;
  if (error.status === 429) {
    const wait = error.retryAfter ? ` Try again in ${error.retryAfter} s.` : " Try again shortly.";
    return `Too many requests.${wait}`;
  }
  const detail = (error.body.errors || [])
    .map((e) => e.message)
    .filter((m) => m && !error.message.includes(m));
  return [error.message, ...detail].join(" ");
}

/** Readable text for one of the API's field errors ({field, message, type}) about `label`. */
export function fieldMessage(label, e) {
  const message = String(e.message || "");
  const count = /at (least|most) (\d+) (character|item)/.exec(message);
  if (count) return `${label} must be at ${count[1]} ${count[2]} ${count[3]}s`;
  if (e.type === "missing" || /field required/i.test(message)) return `${label} is required`;
  if (/email/i.test(label) && /email|@/i.test(message)) return "Enter a valid email address, such as name@example.com";
  const text = message.replace(/^value error,\s*/i, "");
  return `${label}: ${text.charAt(0).toLowerCase()}${text.slice(1)}`;
}

/**
 * The error's field errors as a Map of form field name → readable message. `labels` maps the
 * form's field names (the last part of the API's `errors[].field`, e.g. body.password) to their
 * labels; errors about other fields are left out (describe() still tells them).
 */
export function fieldErrors(error, labels) {
  const found = new Map();
  if (!(error instanceof ApiError)) return found;
  for (const e of error.body.errors || []) {
    const name = String(e.field || "").split(".").pop();
    if (!(name in labels) || found.has(name)) continue;
    // an error the service raised has a sentence of its own as the error's message
    const own = error.code !== "VALIDATION_ERROR" && error.message && !/^Invalid request/.test(error.message);
    found.set(name, own ? error.message : fieldMessage(labels[name], e));
  }
  return found;
}
