// The checkpoint's "Sign in / 登录" panel (docs/checkpoint.md): an inspector signs in to the server with
// phone + SMS code, binds to a place with its declaration code (or picks a place already bound), and
// picks this device's checkpoint. The token goes to IndexedDB `settings/token`, where the sync client
// reads it; the chosen place becomes the page's place. Every server error is shown with its code.
// IndexedDB, not sessionStorage: the tablet is restarted and goes offline, and the records it queued meanwhile
// must still be sent when the network returns, without an inspector at hand to sign in again. Not
// localStorage either: the device's state lives in this one database, and "sign out" (or the server's 401)
// deletes the token from it.
import {
  ApiError,
  bindPlace,
  createSession,
  listCheckpoints,
  listPlaces,
  normalizeDeclarationCode,
  requestOtp,
  signOut,
  type InspectorPlace,
} from '../shared/api';
import { busy as sharedBusy } from '../shared/busy';
import { applyStrings, t } from './i18n';
import { deleteSetting, getSetting, putSetting } from './store';
import { isValidPhone } from '../shared/gb11643';
import type { PlaceSetting } from './config';

export interface Account {
  /** API base the token belongs to. */
  server: string;
  phone: string;
  id: string;
  expiresAt: number;
}

export interface AccountHooks {
  /** The server URL offered when nobody is signed in (config.server, else this page's directory). */
  defaultServer(): string;
  /** The inspector chose a place (and optionally a checkpoint name) for this device. */
  usePlace(place: PlaceSetting, checkpoint: string | null): Promise<void>;
  /** Signed in or out. */
  changed(account: Account | null): void;
}

/** A localized sentence for an API error, followed by the server's code and message. */
export function describeError(e: unknown): string {
  const s = t();
  if (!(e instanceof ApiError)) return `${s.errors.unknown}: ${String((e as Error)?.message ?? e)}`;
  const known = (s.errors as Record<string, string | ((n: number) => string)>)[e.code];
  let lead = typeof known === 'function' ? known(e.retryAfter ?? 60) : known;
  if (!lead) lead = (e.status === 401 ? s.errors['auth.required'] : s.errors.unknown) as string;
  return e.code === 'network' ? `${lead} (${e.message})` : `${lead} (${e.code}: ${e.message})`;
}

export async function loadAccount(): Promise<Account | null> {
  const token = await getSetting<string>('token');
  const account = await getSetting<Account>('account');
  if (!token || !account) return null;
  if (account.expiresAt && account.expiresAt < Date.now() / 1000) return null;
  return account;
}

export function createAccountPanel(dialog: HTMLDialogElement, hooks: AccountHooks) {
  const q = <T extends HTMLElement = HTMLElement>(id: string) => dialog.querySelector<T>(`[data-testid="${id}"]`)!;
  const server = q<HTMLInputElement>('account-server');
  const phone = q<HTMLInputElement>('account-phone');
  const code = q<HTMLInputElement>('account-code');
  const decl = q<HTMLInputElement>('account-decl');
  const cpSelect = q<HTMLSelectElement>('account-checkpoint-select');
  const cpInput = q<HTMLInputElement>('account-checkpoint');
  const error = q('account-error');
  const info = q('account-info');
  let account: Account | null = null;
  let places: InspectorPlace[] = [];
  let chosen: InspectorPlace | null = null;

  const opts = async () => ({
    base: account?.server ?? server.value,
    token: (await getSetting<string>('token')) ?? null,
  });

  function showError(e: unknown): void {
    error.textContent = describeError(e);
    error.dataset.code = e instanceof ApiError ? e.code : 'unknown';
    info.textContent = '';
  }
  function showInfo(text: string): void {
    info.textContent = text;
    error.textContent = '';
    delete error.dataset.code;
  }

  // A refused token (auth.required) also signs the inspector out here.
  const reports = {
    async error(e: unknown) {
      showError(e);
      if (e instanceof ApiError && e.code === 'auth.required') await forget();
    },
  };
  const busy = <T>(button: HTMLElement, fn: () => Promise<T>) => sharedBusy(reports, button, fn);

  async function forget(): Promise<void> {
    account = null;
    places = [];
    chosen = null;
    await deleteSetting('token');
    await deleteSetting('account');
    hooks.changed(null);
    render();
  }

  function renderPlaces(): void {
    const list = q('account-places');
    list.replaceChildren(
      ...places.map((p) => {
        const li = document.createElement('li');
        const b = document.createElement('button');
        b.type = 'button';
        b.dataset.testid = 'place-option';
        b.dataset.placeId = p.id;
        b.setAttribute('aria-pressed', String(chosen?.id === p.id));
        b.textContent = `${p.name} · ${p.category} · ${p.region}`;
        b.onclick = () => void choose(p);
        li.append(b);
        return li;
      }),
    );
    q('account-no-places').hidden = places.length > 0;
    const s = t();
    cpSelect.replaceChildren(
      Object.assign(document.createElement('option'), { value: '', textContent: s.checkpointNone }),
      ...(chosen?.checkpoints ?? []).map((c) =>
        Object.assign(document.createElement('option'), { value: c.name, textContent: c.name }),
      ),
    );
    q('account-place-box').hidden = !chosen;
    q('account-chosen').textContent = chosen ? `${chosen.name} (${chosen.id})` : '';
  }

  function render(): void {
    applyStrings(dialog);
    const s = t();
    q('account-signin').hidden = !!account;
    q('account-signed').hidden = !account;
    q('account-me').textContent = account ? `${s.signedInAs} ${account.phone}` : '';
    renderPlaces();
  }

  async function refreshPlaces(): Promise<void> {
    if (!account) return;
    const r = await listPlaces(await opts());
    places = r.places ?? [];
    if (chosen) chosen = places.find((p) => p.id === chosen!.id) ?? chosen;
    renderPlaces();
  }

  async function choose(p: InspectorPlace): Promise<void> {
    chosen = p;
    renderPlaces();
    try {
      const r = await listCheckpoints(await opts(), p.id);
      chosen = { ...p, checkpoints: r.checkpoints ?? p.checkpoints };
      renderPlaces();
    } catch {
      /* the list from the binding is used */
    }
    cpSelect.focus();
  }

  q('account-otp').onclick = () =>
    void busy(q('account-otp'), async () => {
      const p = phone.value.trim();
      if (!isValidPhone(p)) return showError(new ApiError('person.phone', t().phoneInvalid, 400));
      const r = await requestOtp({ base: server.value }, p);
      showInfo(t().otpSent(r?.resendAfter ?? 60));
      code.focus();
    });

  dialog.querySelector<HTMLFormElement>('[data-testid="account-signin-form"]')!.onsubmit = (ev) => {
    ev.preventDefault();
    void busy(q('account-submit'), async () => {
      const p = phone.value.trim();
      const c = code.value.trim();
      if (!/^\d{6}$/.test(c)) return showError(new ApiError('auth.otp', t().otpFormat, 400));
      const base = server.value.trim() || hooks.defaultServer();
      const session = await createSession({ base }, p, c);
      account = { server: base, phone: session.me?.phone ?? p, id: session.me?.id ?? '', expiresAt: session.expiresAt };
      await putSetting('token', session.token);
      await putSetting('server', base);
      await putSetting('account', account);
      code.value = '';
      showInfo(t().signedIn);
      hooks.changed(account);
      render();
      await refreshPlaces();
      if (places.length === 1) await choose(places[0]);
      decl.focus();
    });
  };

  q('account-signout').onclick = () =>
    void busy(q('account-signout'), async () => {
      try {
        await signOut(await opts());
      } catch (e) {
        if (!(e instanceof ApiError && (e.code === 'auth.required' || e.code === 'network'))) throw e;
      }
      await forget();
      showInfo(t().signedOut);
    });

  dialog.querySelector<HTMLFormElement>('[data-testid="account-bind-form"]')!.onsubmit = (ev) => {
    ev.preventDefault();
    void busy(q('account-bind'), async () => {
      const normalized = normalizeDeclarationCode(decl.value);
      if (!normalized) return showError(new ApiError('place.declaration_code', t().declarationFormat, 400));
      const p = await bindPlace(await opts(), normalized);
      decl.value = '';
      places = [p, ...places.filter((x) => x.id !== p.id)];
      showInfo(`${t().bound}: ${p.name}`);
      await choose(p);
    });
  };

  cpSelect.onchange = () => {
    if (cpSelect.value) cpInput.value = cpSelect.value;
  };

  q('account-use').onclick = () =>
    void busy(q('account-use'), async () => {
      if (!chosen) return;
      const cp = cpInput.value.trim() || cpSelect.value || null;
      if (cp && [...cp].length > 64) return showError(new ApiError('checkpoint.invalid', t().checkpointTooLong, 400));
      await hooks.usePlace(
        {
          id: chosen.id,
          name: chosen.name,
          category: chosen.category,
          ...(/^\d{6}$/.test(chosen.region) ? { region: chosen.region } : {}),
        },
        cp,
      );
      dialog.close();
    });

  q('account-close').onclick = () => dialog.close();

  return {
    async open(): Promise<void> {
      account = await loadAccount();
      server.value = account?.server ?? (await getSetting<string>('server')) ?? hooks.defaultServer();
      error.textContent = '';
      info.textContent = '';
      render();
      dialog.showModal();
      if (account) {
        decl.focus();
        await refreshPlaces().catch(showError);
      } else phone.focus();
    },
    get isOpen(): boolean {
      return dialog.open;
    },
    /** The sync pass found the token refused: forget it (queued records stay queued). */
    expired: forget,
  };
}
