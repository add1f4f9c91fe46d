/** A failed API call, with the server's own words for it (`{error: {code, message}}`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Raw bytes (uploads); sent as-is instead of JSON. */
  raw?: Blob;
  signal?: AbortSignal;
}

type Query = Record<string, string | number | boolean | undefined | null>;

/** Builds `/api/...?a=b`, leaving out empty parameters. */
export function apiPath(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `/api${path}${search ? `?${search}` : ''}`;
}

/** Called when the session is gone (401), so the app can show the login page. */
let onUnauthenticated: () => void = () => {};
export function handleUnauthenticated(callback: () => void): void {
  onUnauthenticated = callback;
}

/** JSON over fetch with the session cookie; every failure becomes an ApiError with a message to show. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {};
  let body: BodyInit | undefined;
  if (options.raw) {
    body = options.raw;
    headers['content-type'] = options.raw.type || 'application/octet-stream';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  let response: Response;
  try {
    response = await fetch(path.startsWith('/api') ? path : `/api${path}`, {
      method: options.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection.');
  }
  if (response.status === 204) return undefined as T;
  const payload = (await response.json().catch(() => null)) as { error?: { code: string; message: string; details?: unknown } } | null;
  if (!response.ok) {
    if (response.status === 401 && !path.includes('/auth/login')) onUnauthenticated();
    const error = payload?.error;
    throw new ApiError(response.status, error?.code ?? 'http', error?.message ?? `The server answered ${response.status}.`, error?.details);
  }
  return payload as T;
}

/** The words to show for any failure. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
