// The HTTP API of `eventwire serve` (same origin; relative URLs so the app also works under a path prefix).

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== null && v !== undefined && v !== "") q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : "";
}

async function parse(res) {
  let body = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  if (!res.ok) {
    const e = (body && body.error) || {};
    throw new ApiError(res.status, e.code || "http_error", e.message || `${res.status} ${res.statusText}`);
  }
  return body;
}

export async function get(path, params) {
  const res = await fetch(`api/${path}${query(params)}`, { headers: { Accept: "application/json" } });
  return parse(res);
}

export async function post(path, data) {
  const res = await fetch(`api/${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(data),
  });
  return parse(res);
}

let metaPromise;
/** /api/meta, fetched once. */
export function meta() {
  if (!metaPromise) metaPromise = get("meta").catch((e) => { metaPromise = null; throw e; });
  return metaPromise;
}
