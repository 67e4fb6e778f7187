// The checkpoint's configuration (documents/checkpoint.json, docs/checkpoint.md): checked for shape here;
// the signed documents inside are checked by the engine.
import { isLocale, type Locale } from './i18n';

export type TemperatureMode = 'required' | 'optional' | 'off';

export interface PlaceSetting {
  id: string;
  name?: string;
  category: string;
  region?: string;
}

export interface CheckpointConfig {
  version: 1;
  /** The configuration's own sequence number, optional: a configuration below the stored one's is refused. */
  seq?: number;
  roots: string[];
  trustList: string;
  rules?: string;
  statusLists: string[];
  /** A signed region-risk list (gl-region-risk); a checkpoint that never got one has none. */
  regionRisk?: string;
  place?: PlaceSetting;
  checkpoint?: string;
  temperature: TemperatureMode;
  returnAfterMs: number;
  dedupeMs: number;
  /** The same person (a valid personal code's subject) at the same place within this many seconds is one visit; 0: off. */
  repeatWindowSeconds: number;
  staleAfterHours: number;
  locale: Locale;
  server?: string;
}

export class ConfigError extends Error {}

const text = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const num = (v: unknown, fallback: number, min: number, max: number, name: string): number => {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max)
    throw new ConfigError(`${name} must be a number in ${min}..${max}`);
  return v;
};

export function parsePlace(p: unknown): PlaceSetting {
  const o = p as Record<string, unknown>;
  if (!o || typeof o !== 'object' || !text(o.id) || !text(o.category))
    throw new ConfigError('place must be { id, category, region?, name? }');
  if (o.region !== undefined && !(typeof o.region === 'string' && /^\d{6}$/.test(o.region)))
    throw new ConfigError('place.region must be 6 digits');
  if (o.name !== undefined && typeof o.name !== 'string') throw new ConfigError('place.name must be text');
  return {
    id: o.id,
    category: o.category,
    ...(o.region ? { region: o.region as string } : {}),
    ...(o.name ? { name: o.name as string } : {}),
  };
}

/** Validates and fills defaults; throws ConfigError. */
export function parseConfig(json: unknown): CheckpointConfig {
  const o = json as Record<string, unknown>;
  if (!o || typeof o !== 'object' || Array.isArray(o)) throw new ConfigError('checkpoint.json must be an object');
  if (o.version !== undefined && o.version !== 1) throw new ConfigError('unsupported version');
  if (o.seq !== undefined && !(Number.isSafeInteger(o.seq) && (o.seq as number) >= 0))
    throw new ConfigError('seq must be a non-negative integer');
  if (!Array.isArray(o.roots) || o.roots.length === 0 || !o.roots.every(text))
    throw new ConfigError('roots must be a non-empty array of base64url keys');
  if (!text(o.trustList)) throw new ConfigError('trustList must be a JWS');
  if (o.rules !== undefined && o.rules !== null && !text(o.rules)) throw new ConfigError('rules must be a JWS');
  const statusLists = o.statusLists ?? [];
  if (!Array.isArray(statusLists) || !statusLists.every(text))
    throw new ConfigError('statusLists must be an array of JWS');
  if (o.regionRisk !== undefined && o.regionRisk !== null && !text(o.regionRisk))
    throw new ConfigError('regionRisk must be a JWS');
  const temperature = o.temperature ?? 'optional';
  if (temperature !== 'required' && temperature !== 'optional' && temperature !== 'off')
    throw new ConfigError('temperature must be required, optional or off');
  const locale = o.locale ?? 'zh-CN';
  if (!isLocale(locale)) throw new ConfigError('locale must be zh-CN or en');
  if (o.checkpoint !== undefined && !text(o.checkpoint)) throw new ConfigError('checkpoint must be text');
  if (o.server !== undefined && o.server !== null && typeof o.server !== 'string')
    throw new ConfigError('server must be a URL');
  return {
    version: 1,
    ...(o.seq !== undefined ? { seq: o.seq as number } : {}),
    roots: o.roots as string[],
    trustList: o.trustList as string,
    ...(o.rules ? { rules: o.rules as string } : {}),
    statusLists: statusLists as string[],
    ...(o.regionRisk ? { regionRisk: o.regionRisk as string } : {}),
    ...(o.place !== undefined && o.place !== null ? { place: parsePlace(o.place) } : {}),
    ...(o.checkpoint ? { checkpoint: o.checkpoint as string } : {}),
    temperature,
    returnAfterMs: num(o.returnAfterMs, 3000, 500, 60000, 'returnAfterMs'),
    dedupeMs: num(o.dedupeMs, 5000, 0, 600000, 'dedupeMs'),
    repeatWindowSeconds: Math.floor(num(o.repeatWindowSeconds, 600, 0, 86400, 'repeatWindowSeconds')),
    staleAfterHours: num(o.staleAfterHours, 24, 1, 24 * 30, 'staleAfterHours'),
    locale,
    ...(typeof o.server === 'string' && o.server ? { server: o.server } : {}),
  };
}
