// A small JSON client for the server's API (docs/api.md), shared by the checkpoint and citizen pages.
// Every error becomes an ApiError carrying the server's stable code and message (and Retry-After), so
// the pages can show both; network failures are ApiError with code "network".
import { measureSkew } from './clock';

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 0,
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

export interface ApiOptions {
  /** API base (the server's root URL, ending in "/"), resolved against the page. */
  base: string;
  token?: string | null;
}

export const apiUrl = (base: string, path: string): string =>
  new URL(path.replace(/^\//, ''), new URL(base, location.href)).toString();

/** Calls `path` (e.g. "api/v1/me"); resolves the parsed JSON body (null for 204), throws ApiError. */
export async function api<T = unknown>(o: ApiOptions, method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const sent = Date.now();
  let res: Response;
  try {
    res = await fetch(apiUrl(o.base, path), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'same-origin',
    });
  } catch (e) {
    throw new ApiError('network', (e as Error).message || 'network error');
  }
  measureSkew(res, sent, Date.now());
  if (res.status === 204) return null as T;
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  if (!res.ok) {
    const err = (json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    const retry = Number(res.headers.get('retry-after'));
    throw new ApiError(
      typeof err?.code === 'string' ? err.code : `http.${res.status}`,
      typeof err?.message === 'string' ? err.message : res.statusText || `HTTP ${res.status}`,
      res.status,
      Number.isFinite(retry) && retry > 0 ? retry : null,
    );
  }
  return json as T;
}

// ---------- sign-in (shared by both pages) ----------

export interface Me {
  id: string;
  phone: string;
  roles: string[];
  person: null | { id: string; name: string; idNumber: string; status: string; declaredAt: number | null };
  adminOf: string | null;
  inspectorOf: string[];
}

export interface Session {
  token: string;
  expiresAt: number;
  me: Me;
}

export const requestOtp = (o: ApiOptions, phone: string) =>
  api<{ expiresIn: number; resendAfter: number }>(o, 'POST', 'api/v1/auth/otp', { phone });

export const createSession = (o: ApiOptions, phone: string, code: string) =>
  api<Session>(o, 'POST', 'api/v1/auth/sessions', { phone, code });

export const signOut = (o: ApiOptions) => api<null>(o, 'DELETE', 'api/v1/auth/sessions/current');

export const getMe = (o: ApiOptions) => api<Me>(o, 'GET', 'api/v1/me');

// ---------- inspectors ----------

export interface InspectorPlace {
  id: string;
  name: string;
  address?: string;
  category: string;
  region: string;
  checkpoints: { id: string; name: string }[];
}

export const bindPlace = (o: ApiOptions, declarationCode: string) =>
  api<InspectorPlace>(o, 'POST', 'api/v1/inspector/places', { declarationCode });

export const listPlaces = (o: ApiOptions) => api<{ places: InspectorPlace[] }>(o, 'GET', 'api/v1/inspector/places');

export const listCheckpoints = (o: ApiOptions, placeId: string) =>
  api<{ checkpoints: { id: string; name: string }[] }>(
    o,
    'GET',
    `api/v1/places/${encodeURIComponent(placeId)}/checkpoints`,
  );

/** "K7QF-M2XD-9PLR" from what was typed (case, spaces and dashes ignored); null when not 12 characters of the alphabet. */
export function normalizeDeclarationCode(input: string): string | null {
  const s = input.toUpperCase().replace(/[\s-]+/g, '');
  if (!/^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{12}$/.test(s)) return null;
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}
