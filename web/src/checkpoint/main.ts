// The checkpoint page: loads the configuration and documents (network, else IndexedDB), learns its place
// from a place code, reads codes from the camera (the engine package's scanner, decoding in a worker) and a
// keyboard wedge, asks the engine for the decision, shows it, queues a check-in record and syncs when a
// server is configured.
import { createVerifier, type VerifyContext } from '@greenlight/engine';
import { createDedupe, createScanner } from '@greenlight/engine/scanner';
import { createAccountPanel, loadAccount, type Account } from './account';
import { createCamera } from '../shared/camera';
import {
  dataIssuedAt,
  measureSkew,
  measuredSkew,
  nowSeconds,
  setClockOffset,
  clockOffsetMs,
  SKEW_LIMIT_S,
} from '../shared/clock';
import { ConfigError, parseConfig, parsePlace, type CheckpointConfig, type PlaceSetting } from './config';
import { DecisionView, hhmm } from './decision-view';
import { applyStrings, formatAge, getLocale, isLocale, setLocale, t, type Locale } from './i18n';
import { maskedSummary, openManualForm } from './manual';
import { Queue, type CheckinRecord, type TemperatureClass } from './queue';
import { signal, unlockAudio } from './sound';
import { cancelSpeech, phrase, speak, voiceFor } from './speech';
import { deleteSetting, getSetting, putSetting } from './store';
import {
  checkConfigSeq,
  checkRoots,
  newestDocuments,
  parseRootKeys,
  rootSet,
  storedRoots,
  type TrustRefusal,
} from './pinning';
import { fetchDocuments, isDocumentState, pushCheckins, SyncError, type DocumentState } from './sync';
import type { Verifier, VerifyResult } from './types';
import { RecentVisits, visitSubject } from './visits';
import { installWakeLock, toggleFullscreen } from './wakelock';
import { listenWedge } from './wedge';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/** Quick-button readings handed to the engine (its default rules refer at 37.3 °C and above). */
const QUICK = { normal: 36.5, fever: 38.0 } as const;
const FEVER_AT = 37.3;

let config: CheckpointConfig;
let verifier: Verifier;
let place: PlaceSetting | null = null;
let temperature: { value: number; cls: Exclude<TemperatureClass, null> } | null = null;
let pending: { text: string; method: CheckinRecord['method'] } | null = null;
const queue = new Queue();
/** The subjects recorded recently, by place: a person scanned again within the window is the same visit. */
const visits = new RecentVisits();
/** Speak the decision (settings/speech; on unless turned off). */
let speechOn = true;
/** Codes read in the last few seconds, by camera or wedge (one window for both: a code is decided once). */
let dedupe = createDedupe(5000);
let syncing = false;
/** This device's checkpoint name: chosen after sign-in, else the configuration's. */
let checkpointName: string | null = null;
/** The signed-in inspector (token in settings/token), or null. */
let account: Account | null = null;
let accountPanel: ReturnType<typeof createAccountPanel> | null = null;

/** The API base to sync with: the configuration's `server`, else the server the inspector signed in to. */
const serverBase = (): string | null => config?.server ?? account?.server ?? null;
const checkpointField = () => (checkpointName ? { checkpoint: checkpointName } : {});

function log(line: string, attrs: Record<string, string> = {}): void {
  const li = document.createElement('li');
  li.textContent = line;
  Object.assign(li.dataset, attrs);
  const list = $('log');
  list.prepend(li);
  while (list.children.length > 60) list.lastElementChild!.remove();
}

let toastTimer: number | undefined;
function toast(text: string, ms = 2500): void {
  const el = $('toast');
  el.textContent = text;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => (el.hidden = true), ms);
}

function fatal(text: string): void {
  const el = $('fatal');
  el.textContent = text;
  el.hidden = false;
}

// ---------- configuration and documents ----------

async function fetchConfig(): Promise<unknown | null> {
  try {
    const sent = Date.now();
    const res = await fetch('./documents/checkpoint.json', { cache: 'no-store' });
    measureSkew(res, sent, Date.now());
    await putSetting('clockOffsetMs', clockOffsetMs());
    if (!res.ok) return null;
    return await res.json();
  } catch {
    return null;
  }
}

async function buildVerifier(c: CheckpointConfig, roots: string[]): Promise<Verifier> {
  // Always the pinned roots, never the configuration's own: they were compared before, and a stored
  // configuration must not be able to widen them either.
  return createVerifier({
    roots,
    trustList: c.trustList,
    rules: c.rules,
    statusLists: c.statusLists,
    ...(c.regionRisk ? { regionRisk: c.regionRisk } : {}),
  });
}

const errorCode = (e: unknown): string => (e as { code?: string })?.code ?? 'config.invalid';

/** Root keys handed over in the page's link (`#roots=<key>,<key>`, e.g. a provisioning QR code the installer scans). */
function rootsFromLink(): string[] | null {
  const value = new URLSearchParams(location.hash.slice(1)).get('roots');
  if (!value) return null;
  try {
    return parseRootKeys(value);
  } catch {
    return null;
  }
}

/**
 * Loads the configuration: the fetched checkpoint.json when its roots are the pinned ones (pinning them at
 * the first configuration), with each signed document no older than the stored one; else the stored
 * configuration. Refusals go to the trust banner, which is kept for offline restarts.
 */
async function loadConfiguration(): Promise<boolean> {
  const storedOffset = await getSetting<number>('clockOffsetMs');
  if (typeof storedOffset === 'number' && Number.isFinite(storedOffset) && storedOffset !== 0)
    setClockOffset(storedOffset);
  const keptRefusals = await getSetting<unknown>('trustRefusals');
  trustRefusals = isTrustRefusals(keptRefusals) ? keptRefusals : [];

  let stored: CheckpointConfig | null = null;
  let storedError: unknown = null;
  try {
    const raw = await getSetting<unknown>('config');
    if (raw) stored = parseConfig(raw);
  } catch (e) {
    storedError = e;
  }
  let pinned = storedRoots(await getSetting<unknown>('roots'));
  if (!pinned && stored) {
    // Configured by a page that did not pin yet: the roots it has been using are the ones to keep.
    pinned = rootSet(stored.roots);
    await putSetting('roots', pinned);
  }
  let storedVerifier: Verifier | null = null;
  if (stored && pinned) {
    try {
      storedVerifier = await buildVerifier(stored, pinned);
    } catch (e) {
      storedError = e;
      stored = null;
    }
  }
  const expected = pinned ? null : (storedRoots(await getSetting<unknown>('expectedRoots')) ?? rootsFromLink());

  const fetched = await fetchConfig();
  if (fetched) {
    try {
      const c = parseConfig(fetched);
      checkRoots(c, pinned, expected);
      checkConfigSeq(c, stored);
      const roots = pinned ?? rootSet(c.roots);
      const fresh = await buildVerifier(c, roots);
      const merged =
        stored && storedVerifier ? newestDocuments(c, fresh, stored, storedVerifier) : { config: c, refusals: [] };
      config = merged.config;
      verifier = merged.refusals.length
        ? await buildVerifier(config, roots).catch(() => {
            // The newer stored documents do not go with the fetched ones: the stored set stays whole.
            config = {
              ...c,
              trustList: stored!.trustList,
              rules: stored!.rules,
              statusLists: stored!.statusLists,
              regionRisk: stored!.regionRisk,
            };
            return storedVerifier!;
          })
        : fresh;
      if (!pinned) {
        await putSetting('roots', roots);
        await deleteSetting('expectedRoots');
        log(`${t().pinnedRoots}: ${roots.join(' ')}`, { kind: 'roots-pinned' });
      }
      await putSetting('config', config);
      for (const r of merged.refusals)
        log(`${t().documentRefused}: ${r.code} ${r.message}`, { kind: 'document-refused', code: r.code });
      await setTrustRefusals(merged.refusals.map((r) => ({ ...r, at: Date.now(), source: 'config' as const })));
      return true;
    } catch (e) {
      const code = errorCode(e);
      log(`${t().configError}: ${code} ${(e as Error).message}`, { kind: 'config-refused', code });
      // A configuration this device refuses is said on screen, not only in the log: roots, age or signature.
      await setTrustRefusals([{ code, message: (e as Error).message, at: Date.now(), source: 'config' }]);
    }
  }
  if (stored && storedVerifier) {
    config = stored;
    verifier = storedVerifier;
    return true;
  }
  if (storedError) {
    fatal(`${t().configError}: ${errorCode(storedError)} ${(storedError as Error).message}`);
    return false;
  }
  fatal(t().noConfig);
  return false;
}

// ---------- trust banner ----------

type ShownRefusal = TrustRefusal & { source: 'config' | 'sync' };
let trustRefusals: ShownRefusal[] = [];

function isTrustRefusals(v: unknown): v is ShownRefusal[] {
  return (
    Array.isArray(v) &&
    v.every((r) => r && typeof r.code === 'string' && typeof r.message === 'string' && typeof r.at === 'number')
  );
}

/** Replaces the banner's refusals (kept in IndexedDB, so an offline restart still shows them). */
async function setTrustRefusals(list: ShownRefusal[]): Promise<void> {
  trustRefusals = list;
  if (list.length) await putSetting('trustRefusals', list);
  else await deleteSetting('trustRefusals');
  renderTrustBanner();
}

/** Words for the staff; the codes and messages behind "details". */
function renderTrustBanner(): void {
  const el = $('trust-warning');
  el.hidden = trustRefusals.length === 0;
  if (el.hidden) {
    delete el.dataset.code;
    delete el.dataset.codes;
    return;
  }
  const s = t();
  const first = trustRefusals[0];
  const words = (code: string) =>
    s.trustRefused[code] ?? (/(^config\.stale$|_stale$)/.test(code) ? s.trustRefused.stale : s.trustRefused.other);
  el.dataset.code = first.code;
  el.dataset.codes = trustRefusals.map((r) => r.code).join(' ');
  $('trust-warning-text').textContent = [...new Set(trustRefusals.map((r) => words(r.code)))].join(' ');
  $('trust-warning-details').textContent = trustRefusals
    .map((r) => `${r.code}: ${r.message} (${s.trustRefusedAt} ${new Date(r.at).toLocaleString(getLocale())})`)
    .join('\n');
}

// ---------- display ----------

function renderCounters(): void {
  const c = queue.counters(nowSeconds());
  $('count-admit').textContent = String(c.admit);
  $('count-deny').textContent = String(c.deny);
  $('count-refer').textContent = String(c.refer);
  $('count-manual').textContent = String(c.manual);
  $('queue-count').textContent = String(queue.pending().length);
}

function renderFreshness(): void {
  if (!verifier) return;
  const s = t();
  const info = verifier.info();
  const now = nowSeconds();
  const age = Math.max(0, now - dataIssuedAt(info));
  const el = $('freshness');
  el.textContent = `${s.dataAge} ${formatAge(age)}`;
  el.dataset.age = String(age);
  const expired =
    info.trustList.exp < now ||
    (info.statusList !== null && info.statusList.exp < now) ||
    (info.regionRisk != null && info.regionRisk.exp < now) ||
    (!info.rules.builtIn && info.rules.exp < now);
  const stale = expired || age > config.staleAfterHours * 3600;
  const warn = $('stale-warning');
  warn.hidden = !stale;
  warn.className = 'warning stale';
  warn.textContent = stale ? `${s.stale} (${s.dataAge} ${formatAge(age)})` : '';
  const skew = measuredSkew();
  const skewEl = $('skew-warning');
  skewEl.hidden = !(skew !== null && Math.abs(skew) > SKEW_LIMIT_S);
  if (!skewEl.hidden) {
    skewEl.dataset.skew = String(skew);
    skewEl.textContent = `${s.skew} ${skew! > 0 ? '-' : '+'}${Math.round(Math.abs(skew!) / 60)} min · ${s.skewCorrected}`;
  }
  $('online').textContent = navigator.onLine ? s.online : s.offline;
  const who = $('account-state');
  who.textContent = account
    ? `${s.signedInAs} ${account.phone}${checkpointName ? ` · ${checkpointName}` : ''}`
    : (checkpointName ?? '');
  who.dataset.signedIn = account ? '1' : '0';
}

function renderPrompt(): void {
  const s = t();
  const el = $('prompt');
  el.className = 'prompt';
  if (!place) {
    el.textContent = s.setupTitle;
    el.classList.add('setup');
    el.dataset.state = 'setup';
  } else if (pending) {
    el.textContent = s.tempRequired;
    el.classList.add('attention');
    el.dataset.state = 'temperature';
  } else {
    el.textContent = s.scanning;
    el.dataset.state = 'scanning';
  }
  $('place-name').textContent = place ? (place.name ?? place.id) : '—';
}

function renderTemperature(): void {
  const s = t();
  $('temperature').hidden = !config || config.temperature === 'off';
  $('temp-normal').setAttribute('aria-pressed', String(temperature?.cls === 'normal'));
  $('temp-fever').setAttribute('aria-pressed', String(temperature?.cls === 'fever'));
  $('temp-state').textContent = temperature
    ? `${s.temperature}: ${temperature.value.toFixed(1)} ℃`
    : config?.temperature === 'required'
      ? s.tempRequired
      : '';
}

function renderAll(): void {
  applyStrings();
  renderSpeech();
  renderTrustBanner();
  renderCounters();
  renderFreshness();
  renderPrompt();
  renderTemperature();
}

const view = new DecisionView($('decision'), () => renderPrompt());

// ---------- deciding ----------

/** What the engine is told with a code: the time and language, and once the place is set, the place and the temperature. */
function verifyContext(): VerifyContext {
  if (!place) return { now: nowSeconds(), locale: getLocale() };
  const reading = config.temperature === 'off' ? null : temperature;
  return {
    now: nowSeconds(),
    place: { id: place.id, category: place.category, region: place.region },
    ...(reading ? { temperature: reading.value } : {}),
    locale: getLocale(),
  };
}

async function setPlaceFromCode(text: string, r: VerifyResult): Promise<void> {
  const c = r.credential;
  if (!r.valid || c?.type !== 'place' || !c.place) {
    view.show({ decision: 'deny', result: r, title: t().setupNotPlace }, config.returnAfterMs);
    log(`${t().setupNotPlace}${r.error ? ` (${r.error.code})` : ''}`, { kind: 'setup' });
    return;
  }
  place = parsePlace({ id: c.sub, name: c.place.name, category: c.place.category, region: c.place.region });
  await putSetting('place', place);
  dedupe.clear();
  dedupe.isDuplicate(text);
  log(`${t().placeSet}: ${place.name} (${place.id})`, { kind: 'place', place: place.id });
  const el = $('decision');
  view.show({ decision: 'admit', result: r, title: t().placeSet }, config.returnAfterMs);
  el.className = 'decision decision-info';
  el.dataset.decision = 'place';
  renderAll();
}

function temperatureClass(): TemperatureClass {
  if (!temperature) return null;
  return temperature.cls;
}

/**
 * Says the decision in the page's language when speech is on and the browser has a voice for it (the
 * previous utterance is cancelled); the tones otherwise. Vibration either way.
 */
function announce(result: VerifyResult): void {
  const spoken = speechOn && speak(phrase(result, getLocale()), getLocale());
  if (!speechOn) cancelSpeech();
  signal(result.decision, !spoken);
}

function renderSpeech(): void {
  $('btn-speech').setAttribute('aria-pressed', String(speechOn));
}

/** Shows and records `result`, the engine's decision on `text` with verifyContext() as it is now. */
async function decide(text: string, method: CheckinRecord['method'], result: VerifyResult): Promise<void> {
  if (!place) return;
  const reading = config.temperature === 'off' ? null : temperature;
  temperature = null;
  pending = null;
  renderTemperature();
  const cls = reading ? reading.cls : null;
  const now = nowSeconds();
  // The same person (a valid personal code's subject) at this place within the window: the same visit.
  const sub = visitSubject(result);
  const earlier = sub ? visits.find(sub, place.id, now) : null;
  view.show(
    {
      decision: result.decision,
      result,
      temperature: reading?.value ?? null,
      temperatureClass: cls,
      repeatOf: earlier?.time ?? null,
    },
    config.returnAfterMs,
  );
  announce(result);
  const reasons = result.reasons.map((r) => r.id);
  const who = [result.credential?.name, result.credential?.phone].filter(Boolean).join(' ');
  const again = earlier ? ` · ${t().repeatSeen(hhmm(earlier.time))}` : '';
  log(`${new Date().toLocaleTimeString()} ${t()[result.decision]} ${who} ${reasons.join(',')}${again}`.trim(), {
    decision: result.decision,
    reasons: reasons.join(' '),
    method: 'scan',
    ...(earlier ? { repeat: '1' } : {}),
  });
  // A place code shown to the inspector is not a visit: no record, no count.
  if (result.credential?.type === 'place') return;
  // Already recorded: shown again, not recorded or counted again.
  if (earlier) return;
  const remembered = sub ? visits.add({ sub, placeId: place.id, time: now, decision: result.decision }, now) : null;
  await queue.add({
    placeId: place.id,
    ...checkpointField(),
    time: now,
    decision: result.decision,
    status: result.status,
    reasons,
    temperatureClass: cls,
    ...(reading ? { temperature: reading.value } : {}),
    method,
    code: text,
  });
  await remembered;
  scheduleSync();
}

/** A panel covers the page: nothing is read or decided. */
const covered = (): boolean => !verifier || Boolean(accountPanel?.isOpen) || $<HTMLDialogElement>('device').open;

/** A code typed by a keyboard-wedge scanner: de-duplicated with the camera's readings, then decided. */
function onWedge(text: string): void {
  if (covered()) return;
  text = text.replace(/[\r\n]+$/, '');
  if (dedupe.isDuplicate(text)) return toast(t().duplicate);
  void onCode(text, verifier.verify(text, verifyContext()));
}

/** A new code (camera or wedge) and the engine's result for it with verifyContext(). */
async function onCode(text: string, result: VerifyResult): Promise<void> {
  text = text.replace(/[\r\n]+$/, '');
  unlockAudio();
  if (!place) return setPlaceFromCode(text, result);
  if (config.temperature === 'required' && !temperature) {
    pending = { text, method: 'inspector-scan' };
    renderPrompt();
    renderTemperature();
    return;
  }
  await decide(text, 'inspector-scan', result);
}

function setTemperature(value: number, cls: 'normal' | 'fever'): void {
  temperature = { value, cls }; // applies to the next code decided (or the one waiting for it)
  renderTemperature();
  if (pending) void decide(pending.text, pending.method, verifier.verify(pending.text, verifyContext()));
}

// ---------- sync ----------

let syncTimer: number | undefined;
function scheduleSync(delay = 1500): void {
  if (!serverBase()) return;
  clearTimeout(syncTimer);
  syncTimer = window.setTimeout(() => void syncNow(), delay);
}

async function syncNow(): Promise<void> {
  const base = serverBase();
  if (!base || syncing || !navigator.onLine) return;
  syncing = true;
  const options = { base, token: (await getSetting<string>('token')) ?? null };
  try {
    try {
      await pushCheckins(options, queue.pending(), (ids) => queue.markSynced(ids, nowSeconds()));
    } catch (e) {
      // A refused token: the inspector signs in again; the records stay queued. Documents still refresh.
      if (!(e instanceof SyncError && e.status === 401)) throw e;
      log(`${t().syncFailed}: ${e.message}`, { kind: 'sync-failed' });
      if (account) {
        toast(t().sessionExpired, 6000);
        await accountPanel?.expired();
      }
    }
    const storedState = await getSetting<unknown>('documentState');
    const state: DocumentState = isDocumentState(storedState) ? storedState : { etags: {}, statusSeq: null };
    let docs = await fetchDocuments(options, state).catch(() => null);
    const changed = (d: typeof docs) => Boolean(d && (d.trustList || d.rules || d.statusLists || d.regionRisk));
    if (changed(docs)) {
      try {
        // All or nothing: the engine takes every document of the pass or none of them.
        verifier.update({
          trustList: docs!.trustList,
          rules: docs!.rules,
          statusList: docs!.statusLists,
          regionRisk: docs!.regionRisk,
        });
      } catch (e) {
        // Refused (signature, typ, expired, stale, gap): the engine keeps every document it had, so the page
        // goes on deciding with them. Nothing is stored; the next pass asks again (a gap: for a snapshot).
        const code = (e as { code?: string }).code ?? 'unknown';
        log(`${t().documentRefused}: ${code} ${(e as Error).message}`, { kind: 'document-refused', code });
        $('btn-sync').dataset.refused = code;
        if (code === 'status.gap') await putSetting('documentState', { ...state, statusSeq: null });
        // A gap is routine (the next pass asks for a snapshot); anything else (older, forged, expired) is said on screen.
        else
          await setTrustRefusals([
            ...trustRefusals.filter((r) => r.source !== 'sync'),
            { code, message: (e as Error).message, at: Date.now(), source: 'sync' },
          ]);
        docs = null;
      }
    }
    if (docs && changed(docs)) {
      const stored = ((await getSetting<Record<string, unknown>>('config')) ?? {}) as Record<string, unknown>;
      if (docs.trustList) stored.trustList = docs.trustList;
      if (docs.rules) stored.rules = docs.rules;
      if (docs.regionRisk) stored.regionRisk = docs.regionRisk;
      if (docs.statusLists)
        stored.statusLists = docs.snapshot
          ? docs.statusLists
          : [...((stored.statusLists as string[]) ?? []), ...docs.statusLists];
      await putSetting('config', stored);
    }
    if (docs) await putSetting('documentState', docs.state);
    await putSetting('clockOffsetMs', clockOffsetMs());
    if (docs) {
      delete $('btn-sync').dataset.refused;
      if (trustRefusals.some((r) => r.source === 'sync'))
        await setTrustRefusals(trustRefusals.filter((r) => r.source !== 'sync'));
    }
    $('btn-sync').dataset.state = 'ok';
    log(`${t().synced} (${queue.pending().length})`, { kind: 'sync' });
  } catch (e) {
    $('btn-sync').dataset.state = 'failed';
    log(`${t().syncFailed}: ${(e as Error).message}`, { kind: 'sync-failed' });
  } finally {
    syncing = false;
    renderCounters();
    renderFreshness();
  }
}

// ---------- device settings: pinned roots, re-provisioning ----------

/**
 * The only way to change the pinned roots: staff open "Device settings", optionally type the new root key,
 * and confirm a warning that names what is deleted. The page then starts over as on a new device.
 */
function installDevicePanel(): void {
  const dialog = $<HTMLDialogElement>('device');
  const q = <T extends HTMLElement = HTMLElement>(id: string) => dialog.querySelector<T>(`[data-testid="${id}"]`)!;
  const input = q<HTMLTextAreaElement>('device-root');
  const error = q('device-error');
  let keys: string[] = [];
  const showRoots = async () => {
    const pinned = storedRoots(await getSetting<unknown>('roots'));
    const list = q('device-roots');
    list.replaceChildren(
      ...(pinned ?? [t().pinnedNone]).map((k) => Object.assign(document.createElement('li'), { textContent: k })),
    );
    list.dataset.roots = (pinned ?? []).join(' ');
  };
  $('btn-device').onclick = async () => {
    applyStrings(dialog);
    error.textContent = '';
    q('device-confirm-box').hidden = true;
    await showRoots();
    dialog.showModal();
  };
  q('device-reprovision').onclick = () => {
    try {
      keys = parseRootKeys(input.value);
    } catch (e) {
      error.textContent = `${t().rootKeyInvalid} (${errorCode(e)}: ${(e as Error).message})`;
      error.dataset.code = errorCode(e);
      return;
    }
    error.textContent = '';
    q('device-warning').textContent = t().reprovisionWarning(queue.pending().length);
    q('device-confirm-box').hidden = false;
    q('device-confirm').focus();
  };
  q('device-confirm').onclick = async () => {
    // The queue, the place and the sign-in stay: they are not what decides whom to trust.
    for (const key of ['roots', 'config', 'documentState', 'trustRefusals']) await deleteSetting(key);
    if (keys.length) await putSetting('expectedRoots', keys);
    else await deleteSetting('expectedRoots');
    location.reload();
  };
  q('device-close').onclick = () => dialog.close();
}

// ---------- start ----------

/** Why the camera is off, from getUserMedia's error: permission refused, no camera, or anything else. */
function cameraProblem(error?: string): 'denied' | 'missing' | 'failed' {
  if (!error) return 'failed';
  if (/NotAllowedError|SecurityError|PermissionDenied/i.test(error)) return 'denied';
  if (/NotFoundError|OverconstrainedError|DevicesNotFound|reading 'getUserMedia'|mediaDevices/i.test(error))
    return 'missing';
  return 'failed';
}

/** A standing warning while the camera is off (its text follows the language: data-i18n); codes still come by wedge. */
function showCameraProblem(problem: 'denied' | 'missing' | 'failed' | null): void {
  const el = $('camera-warning');
  el.hidden = problem === null;
  if (problem === null) return;
  el.dataset.reason = problem;
  el.dataset.i18n = { denied: 'cameraDenied', missing: 'cameraMissing', failed: 'cameraFailed' }[problem];
  el.textContent = t()[el.dataset.i18n as 'cameraDenied'];
}

/**
 * Settings that IndexedDB holds in a shape the page cannot use (damaged storage, a bad write) are
 * removed, so the defaults apply; the stored configuration is left to loadConfiguration (the network copy
 * replaces it). Returns the names of the damaged settings, for the log.
 */
async function checkSettings(storedLocale: unknown): Promise<string[]> {
  const damaged: string[] = [];
  const drop = async (key: string) => (damaged.push(key), await deleteSetting(key));
  if (storedLocale !== undefined && !isLocale(storedLocale)) await drop('locale');
  const offset = await getSetting<unknown>('clockOffsetMs');
  if (
    offset !== undefined &&
    !(typeof offset === 'number' && Number.isFinite(offset) && Math.abs(offset) < 366 * 86400e3)
  )
    await drop('clockOffsetMs');
  const storedPlace = await getSetting<unknown>('place');
  if (storedPlace !== undefined && storedPlace !== null) {
    try {
      parsePlace(storedPlace);
    } catch {
      await drop('place');
    }
  }
  const storedCheckpoint = await getSetting<unknown>('checkpoint');
  if (
    storedCheckpoint !== undefined &&
    storedCheckpoint !== null &&
    !(typeof storedCheckpoint === 'string' && storedCheckpoint)
  )
    await drop('checkpoint');
  for (const key of ['roots', 'expectedRoots']) {
    const v = await getSetting<unknown>(key);
    if (v !== undefined && !storedRoots(v)) await drop(key);
  }
  const refusals = await getSetting<unknown>('trustRefusals');
  if (refusals !== undefined && !isTrustRefusals(refusals)) await drop('trustRefusals');
  const documentState = await getSetting<unknown>('documentState');
  if (documentState !== undefined && !isDocumentState(documentState)) await drop('documentState');
  const speech = await getSetting<unknown>('speech');
  if (speech !== undefined && typeof speech !== 'boolean') await drop('speech');
  const stored = await getSetting<unknown>('config');
  if (stored !== undefined) {
    try {
      parseConfig(stored);
    } catch {
      damaged.push('config');
    }
  }
  return damaged;
}

async function start(): Promise<void> {
  const storedLocale = await getSetting<string>('locale');
  if (isLocale(storedLocale)) setLocale(storedLocale);
  applyStrings();
  const damaged = await checkSettings(storedLocale);
  const { skipped } = await queue.load();
  queue.onChange(renderCounters);
  installDevicePanel();
  const configured = await loadConfiguration();
  renderTrustBanner();
  if (!configured) return;
  if (!isLocale(storedLocale)) setLocale(config.locale);
  dedupe = createDedupe(config.dedupeMs);
  await visits.load(config.repeatWindowSeconds, nowSeconds());
  speechOn = (await getSetting<boolean>('speech')) !== false;
  voiceFor(getLocale()); // asks the browser for its voices early (Chromium lists them after a first call)
  const storedPlace = await getSetting<PlaceSetting | null>('place');
  place = storedPlace === undefined ? (config.place ?? null) : storedPlace;
  const storedCheckpoint = await getSetting<string | null>('checkpoint');
  checkpointName = storedCheckpoint === undefined ? (config.checkpoint ?? null) : storedCheckpoint;
  account = await loadAccount();
  accountPanel = createAccountPanel($<HTMLDialogElement>('account'), {
    defaultServer: () => new URL(config.server ?? './', location.href).toString(),
    usePlace: async (p, cp) => {
      place = p;
      checkpointName = cp;
      await putSetting('place', p);
      await putSetting('checkpoint', cp);
      dedupe.clear();
      log(`${t().placeSet}: ${p.name} (${p.id})${cp ? ` · ${cp}` : ''}`, { kind: 'place', place: p.id });
      toast(`${t().placeSet}: ${p.name}${cp ? ` · ${cp}` : ''}`);
      renderAll();
    },
    changed: (a) => {
      account = a;
      $('btn-sync').hidden = !serverBase();
      renderAll();
      if (a) scheduleSync(200);
    },
  });
  await queue.prune(nowSeconds());
  for (const r of queue.all().slice(-30)) {
    const line =
      r.method === 'manual' && r.manual
        ? `${t().manual}: ${maskedSummary(r.manual)}`
        : `${t()[r.decision ?? 'refer']} ${r.reasons.join(',')}`;
    log(`${new Date(r.time * 1000).toLocaleTimeString()} ${line}`, {
      decision: r.decision ?? 'manual',
      reasons: r.reasons.join(' '),
      method: r.method === 'manual' ? 'manual' : 'scan',
      restored: '1',
    });
  }
  if (skipped.length || damaged.length) {
    console.warn('greenlight: skipped damaged local data', { records: skipped, settings: damaged });
    log(t().corruptSkipped(skipped.length, damaged.join(', ')), {
      kind: 'corrupt',
      count: String(skipped.length),
      settings: damaged.join(' '),
    });
  }
  $('btn-sync').hidden = !serverBase();
  renderAll();
  document.body.dataset.ready = '1';

  listenWedge(onWedge);
  const video = $<HTMLVideoElement>('video');
  const cameraState = (state: 'starting' | 'on' | 'off', error?: string) => {
    document.body.dataset.camera = state;
    if (state === 'off') log(`${t().cameraOff}${error ? `: ${error}` : ''}`, { kind: 'camera' });
    if (state === 'on') $('btn-torch').hidden = !camera.torchSupported();
    showCameraProblem(state === 'off' ? cameraProblem(error) : null);
  };
  const camera = createCamera(video, null, cameraState);
  // The camera's frames are read by the engine package's scanner (ZXing in a worker); it decides each new
  // code with verifyContext() and shares the de-duplication window with the wedge.
  let readerFailed = false;
  createScanner({
    verifier,
    video,
    dedupe,
    worker: true,
    active: () => !covered(),
    context: verifyContext,
    onResult: ({ text, result }) => void onCode(text, result),
    onError: (e) => {
      // The reader itself failing (its .wasm did not load) leaves the camera useless: said once, as a camera fault.
      if (readerFailed) return;
      readerFailed = true;
      cameraState('off', String(e));
    },
  });
  void camera.start();

  $('temp-normal').onclick = () => setTemperature(QUICK.normal, 'normal');
  $('temp-fever').onclick = () => setTemperature(QUICK.fever, 'fever');
  $<HTMLFormElement>('temp-form').onsubmit = (e) => {
    e.preventDefault();
    const v = Number($<HTMLInputElement>('temp-value').value);
    if (!Number.isFinite(v) || v < 25 || v > 45) return toast(t().tempInvalid);
    setTemperature(v, v >= FEVER_AT ? 'fever' : 'normal');
    $<HTMLInputElement>('temp-value').value = '';
    $<HTMLInputElement>('temp-value').blur();
  };
  $('temp-clear').onclick = () => {
    temperature = null;
    renderTemperature();
  };
  $('btn-manual').onclick = () => {
    if (!place) return toast(t().setupTitle);
    openManualForm($<HTMLDialogElement>('manual'), Date.now() + clockOffsetMs(), async (entry) => {
      await queue.add({
        placeId: place!.id,
        ...checkpointField(),
        time: entry.time,
        decision: null,
        status: null,
        reasons: [],
        temperatureClass: temperatureClass(),
        ...(temperature ? { temperature: temperature.value } : {}),
        method: 'manual',
        manual: { name: entry.name, idNumber: entry.idNumber, phone: entry.phone },
      });
      temperature = null;
      renderTemperature();
      toast(`${t().manualSaved}: ${maskedSummary(entry)}`);
      log(`${new Date().toLocaleTimeString()} ${t().manual}: ${maskedSummary(entry)}`, {
        decision: 'manual',
        method: 'manual',
      });
      scheduleSync();
    });
  };
  let torch = false;
  $('btn-torch').onclick = async () => {
    if (await camera.setTorch(!torch)) torch = !torch;
    $('btn-torch').setAttribute('aria-pressed', String(torch));
  };
  $('btn-switch').onclick = () => void camera.switchCamera();
  $('btn-fullscreen').onclick = () => void toggleFullscreen();
  $('btn-lang').onclick = async () => {
    const next: Locale = getLocale() === 'zh-CN' ? 'en' : 'zh-CN';
    setLocale(next);
    await putSetting('locale', next);
    renderAll();
  };
  $('btn-speech').onclick = async () => {
    speechOn = !speechOn;
    if (!speechOn) cancelSpeech();
    renderSpeech();
    await putSetting('speech', speechOn);
  };
  $('btn-place').onclick = async () => {
    place = null;
    await putSetting('place', null); // null: cleared on purpose, config.place no longer applies
    dedupe.clear();
    renderAll();
  };
  $('btn-sync').onclick = () => void syncNow();
  $('btn-account').onclick = () => void accountPanel!.open();
  window.addEventListener('online', () => (renderFreshness(), scheduleSync(200)));
  window.addEventListener('offline', renderFreshness);
  window.addEventListener('pointerdown', unlockAudio, { once: true });
  setInterval(renderFreshness, 30000);
  setInterval(() => scheduleSync(0), 60000);
  scheduleSync(500);
  installWakeLock((held) => (document.body.dataset.wakeLock = String(held)));
}

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('./sw.js', { scope: './' }).catch(() => {});
}

start().catch((e) => {
  fatal(`${t().configError}: ${e instanceof ConfigError ? e.message : String(e)}`);
});
