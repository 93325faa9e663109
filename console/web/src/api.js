// The services' APIs through the console's forwarder (/api/<service>/v1/...): one origin, no CORS.
// Errors are RFC 9457 problems; the page shows their title (and detail), never a stack.

const TOKEN_KEY = "neacoop.console.token";

export class Problem extends Error {
  constructor(status, title, detail) {
    super(detail ? `${title}: ${detail}` : title);
    this.status = status;
    this.title = title;
    this.detail = detail;
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || "";
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

function url(service, path, params = {}) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") query.append(name, value);
  }
  const text = query.toString();
  return `/api/${service}/${path}${text ? `?${text}` : ""}`;
}

export function address(service, path, params) {
  return url(service, path, params);
}

async function answer(response) {
  const type = response.headers.get("content-type") || "";
  const body = type.includes("json") ? await response.json() : await response.text();
  if (!response.ok) {
    const title = body && typeof body === "object" && body.title ? body.title : response.statusText;
    const detail = body && typeof body === "object" ? body.detail : undefined;
    throw new Problem(response.status, title || String(response.status), detail);
  }
  return body;
}

export async function get(service, path, params, { admin = false } = {}) {
  const headers = { Accept: "application/json" };
  if (admin && token()) headers.Authorization = `Bearer ${token()}`;
  return answer(await fetch(url(service, path, params), { headers }));
}

export async function post(service, path, body) {
  const headers = { Accept: "application/json", Authorization: `Bearer ${token()}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(url(service, path), {
    method: "POST",
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return answer(response);
}

// Every page of a cursor-paginated list (DESIGN.md, HTTP conventions).
export async function all(service, path, params = {}) {
  const items = [];
  let cursor;
  do {
    const page = await get(service, path, { ...params, limit: 200, cursor });
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}
