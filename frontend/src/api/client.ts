// The one module that calls fetch. Every request goes through request(): it adds the CSRF
// token to unsafe methods, turns the API's error body into an ApiError whose field messages
// forms can show next to their fields, and sends people to sign-in when a write needs it.

export const API_BASE: string = (import.meta.env.VITE_API_BASE as string | undefined) ?? "/api/v1";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
// Errors about the request as a whole rather than one field (see backend/arguments.py).
export const REQUEST_FIELD = "_request";

export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: FieldErrors = {},
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** The messages for one field, or [] when the field has none. */
  forField(name: string): string[] {
    return this.fields[name] ?? [];
  }
}

/** The API's {"code","status","message","errors"} body, flattened to field -> sentences. */
export function toApiError(status: number, body: unknown): ApiError {
  if (!body || typeof body !== "object") {
    return new ApiError(status, status >= 500 ? "The server had a problem. Try again in a moment." : `Request failed (${status}).`);
  }
  const data = body as { message?: unknown; errors?: unknown };
  const fields: FieldErrors = {};
  if (data.errors && typeof data.errors === "object") {
    for (const [field, value] of Object.entries(data.errors as Record<string, unknown>)) {
      fields[field] = flatten(value);
    }
  }
  const message = typeof data.message === "string" && data.message ? data.message : `Request failed (${status}).`;
  return new ApiError(status, message, fields);
}

function flatten(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(flatten);
  if (value && typeof value === "object") {
    return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) =>
      flatten(inner).map((message) => `${key}: ${message}`),
    );
  }
  return [];
}

export type Query = Record<string, string | number | boolean | string[] | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** A 401 is an answer here (e.g. "who am I?"), not a reason to go to sign-in. */
  quietUnauthorized?: boolean;
  /** Set on the one retry after a CSRF refusal. */
  retried?: boolean;
  /** Sent as Idempotency-Key: a repeated submission returns the first one's result. */
  idempotencyKey?: string;
}

type Fetch = typeof fetch;
let fetchImpl: Fetch = (...args) => fetch(...args);
let csrfToken: Promise<string> | null = null;
let onUnauthorized: () => void = () => {};

/** For tests and for the app shell: where fetch comes from and what a 401 does. */
export function configureClient(options: { fetch?: Fetch; onUnauthorized?: () => void }): void {
  if (options.fetch) fetchImpl = options.fetch;
  if (options.onUnauthorized) onUnauthorized = options.onUnauthorized;
  csrfToken = null;
}

/** Signing in or out starts a new session, with a new token. */
export function forgetCsrfToken(): void {
  csrfToken = null;
}

function csrf(): Promise<string> {
  csrfToken ??= request<{ csrf_token: string }>("GET", "/auth/csrf").then(
    (data) => data.csrf_token,
    (error: unknown) => {
      csrfToken = null;
      throw error;
    },
  );
  return csrfToken;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  if (UNSAFE.has(method)) headers["X-CSRF-Token"] = await csrf();
  if (options.idempotencyKey) headers["Idempotency-Key"] = options.idempotencyKey;
  let response: Response;
  try {
    response = await fetchImpl(API_BASE + withQuery(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: "same-origin",
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, "Could not reach Commonplace. Check your connection and try again.");
  }
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) return body as T;
  const error = toApiError(response.status, body);
  if (response.status === 403 && /CSRF/.test(error.message)) {
    // The session changed under us (expired, signed out in another tab): get its new token
    // and try once more, so the answer people see is the real one (often "sign in").
    csrfToken = null;
    if (!options.retried) return request<T>(method, path, { ...options, retried: true });
  }
  if (response.status === 401 && !options.quietUnauthorized) onUnauthorized();
  throw error;
}

export const get = <T>(path: string, options?: RequestOptions) => request<T>("GET", path, options);
export const post = <T>(path: string, body?: unknown, options?: RequestOptions) =>
  request<T>("POST", path, { ...options, body });
export const patch = <T>(path: string, body?: unknown) => request<T>("PATCH", path, { body });
export const put = <T>(path: string, body?: unknown) => request<T>("PUT", path, { body });
export const del = <T>(path: string) => request<T>("DELETE", path);
