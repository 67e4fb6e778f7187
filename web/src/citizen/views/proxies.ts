// My proxies (family members without a phone): create (name + ID number, phone optional), print the card
// (GET /api/v1/me/proxies/{id}/card: a printable HTML page), regenerate, revoke (after a confirmation), and
// "show theirs": the proxy's code full-screen (the QR from the card) with their status and a live clock.
import { ApiError, apiUrl } from '../../shared/api';
import { nowSeconds } from '../../shared/clock';
import { isValidIdNumber, isValidPhone } from '../../shared/gb11643';
import { getLocale, t } from '../i18n';
import {
  apiBase,
  busy,
  call,
  confirmDialog,
  dateOnly,
  h,
  liveClock,
  loadSession,
  openDialog,
  type App,
  type View,
} from '../session';

export interface Proxy {
  id: string;
  name: string;
  idNumber: string;
  phone: string | null;
  status: string;
  issuedAt: number;
  expiresAt: number;
  revokedAt: number | null;
  text?: string;
  svg?: string;
}

/** The proxy's printable card (text/html), in the page's language. */
async function fetchCard(id: string): Promise<string> {
  const path = `api/v1/me/proxies/${encodeURIComponent(id)}/card${getLocale() === 'en' ? '?locale=en' : ''}`;
  const res = await fetch(apiUrl(apiBase(), path), {
    headers: { authorization: `Bearer ${loadSession()?.token ?? ''}` },
    cache: 'no-store',
  }).catch((e: Error) => {
    throw new ApiError('network', e.message || 'network error');
  });
  const body = await res.text();
  if (!res.ok) {
    let err: { code?: string; message?: string } | undefined;
    try {
      err = JSON.parse(body).error;
    } catch {
      /* not JSON */
    }
    throw new ApiError(err?.code ?? `http.${res.status}`, err?.message ?? res.statusText, res.status);
  }
  return body;
}

/** Prints the card from a hidden frame (the card's own print styles apply); the frame runs no scripts. */
function printCard(html: string): void {
  const frame = h('iframe', {
    class: 'print-frame',
    title: 'print',
    'aria-hidden': 'true',
    tabindex: '-1',
    sandbox: 'allow-same-origin allow-modals',
  });
  frame.srcdoc = html;
  frame.onload = () => {
    try {
      frame.contentWindow?.focus();
      frame.contentWindow?.print();
    } finally {
      window.setTimeout(() => frame.remove(), 60000);
    }
  };
  document.body.append(frame);
}

/** The QR of a card (its inline SVG), parsed inertly, as an image URL. */
function cardQr(html: string): string | null {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const svg = doc.querySelector('.qr svg') ?? doc.querySelector('svg');
  if (!svg) return null;
  if (!svg.getAttribute('xmlns')) svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg.outerHTML)}`;
}

/** "Switch to show theirs": the proxy's code full-screen, their status as a coloured banner, a live clock. */
export async function showTheirs(app: App, p: Proxy): Promise<void> {
  const s = t();
  const src = p.svg ? `data:image/svg+xml;charset=utf-8,${encodeURIComponent(p.svg)}` : cardQr(await fetchCard(p.id));
  const word = s.statusWord[p.status] ?? p.status;
  const { clock, date, stop } = liveClock(() => new Date(nowSeconds() * 1000 + (Date.now() % 1000)), 'proxy-clock');
  const close = h('button', { value: 'close', 'data-testid': 'proxy-close' }, s.close);
  const form = h(
    'form',
    { method: 'dialog', class: 'theirs' },
    h(
      'section',
      { class: `banner status-${p.status}`, 'data-status': p.status },
      h('p', { class: 'status-word' }, word),
      h('p', { class: 'status-hint' }, s.statusHint[p.status] ?? ''),
    ),
    h(
      'section',
      { class: 'code-card' },
      src ? h('img', { src, alt: s.proxyCodeAlt(p.name, word), 'data-testid': 'proxy-code-image' }) : '',
      h('p', { class: 'who', 'data-testid': 'proxy-name' }, `${p.name}（${s.navProxies}）`),
      h('p', { class: 'date' }, p.idNumber),
      clock,
      date,
    ),
    h('div', { class: 'actions' }, close),
  );
  const { dialog, closed } = openDialog([form], { full: true, label: s.theirCode(p.name), testid: 'proxy-fullscreen' });
  dialog.dataset.proxyId = p.id;
  dialog.dataset.status = p.status;
  close.focus();
  await closed.finally(stop);
  void app;
}

export const proxiesView: View = (app) => {
  const s = t();
  let stopped = false;
  const info = h('p', { class: 'info', role: 'status', 'data-testid': 'proxy-info' });
  const list = h('ul', { class: 'cards', 'data-testid': 'proxy-list', 'aria-live': 'polite' });

  const name = h('input', {
    id: 'proxy-name',
    'data-testid': 'proxy-name-input',
    autocomplete: 'off',
    maxlength: '64',
  });
  const id = h('input', {
    id: 'proxy-id',
    'data-testid': 'proxy-id-input',
    autocomplete: 'off',
    maxlength: '18',
    autocapitalize: 'characters',
  });
  const phone = h('input', {
    id: 'proxy-phone',
    'data-testid': 'proxy-phone-input',
    inputmode: 'tel',
    autocomplete: 'off',
    maxlength: '11',
  });
  const create = h('button', { type: 'submit', class: 'primary', 'data-testid': 'proxy-create' }, s.createProxy);
  const form = h(
    'form',
    { 'data-testid': 'proxy-form' },
    h('label', { for: 'proxy-name' }, s.name, name),
    h('label', { for: 'proxy-id' }, s.idNumber, id),
    h('label', { for: 'proxy-phone' }, s.proxyPhone, phone),
    create,
  );
  const add = h('details', { class: 'add', 'data-testid': 'proxy-add' }, h('summary', {}, s.addProxy), form);

  const load = async () => {
    const { proxies } = await call<{ proxies: Proxy[] }>('GET', 'api/v1/me/proxies');
    if (stopped) return;
    // Live ones first (newest first, as the server sends them), then the revoked ones.
    const sorted = [...proxies.filter((p) => p.revokedAt == null), ...proxies.filter((p) => p.revokedAt != null)];
    list.replaceChildren(...(sorted.length ? sorted.map(item) : [h('li', { class: 'hint' }, s.proxiesEmpty)]));
  };

  function item(p: Proxy): HTMLLIElement {
    const word = s.statusWord[p.status] ?? p.status;
    const revoked = p.revokedAt != null;
    const li = h(
      'li',
      {
        class: `card${revoked ? ' revoked' : ''}`,
        'data-testid': 'proxy-item',
        'data-proxy-id': p.id,
        'data-revoked': revoked ? '1' : '0',
      },
      h(
        'div',
        { class: 'card-head' },
        h('strong', { class: 'card-name' }, p.name),
        revoked
          ? h('span', { class: 'chip chip-revoked' }, s.revokedAt)
          : h('span', { class: `chip status-${p.status}` }, word),
      ),
      h('p', { class: 'card-meta' }, `${s.idNumber} ${p.idNumber}${p.phone ? ` · ${p.phone}` : ''}`),
      h(
        'p',
        { class: 'card-meta' },
        revoked
          ? `${s.issuedOn} ${dateOnly(p.issuedAt)} · ${s.revokedAt} ${dateOnly(p.revokedAt!)}`
          : `${s.issuedOn} ${dateOnly(p.issuedAt)} · ${s.expiresOn} ${dateOnly(p.expiresAt)}`,
      ),
    );
    if (revoked) return li;
    const show = h('button', { type: 'button', class: 'primary', 'data-testid': 'proxy-show' }, s.showTheirs);
    const print = h('button', { type: 'button', 'data-testid': 'proxy-print' }, s.printCard);
    const regen = h('button', { type: 'button', 'data-testid': 'proxy-regenerate' }, s.regenerate);
    const revoke = h('button', { type: 'button', class: 'danger', 'data-testid': 'proxy-revoke' }, s.revoke);
    show.onclick = () =>
      void busy(app, show, async () => {
        await showTheirs(app, p);
        show.focus();
      });
    print.onclick = () => void busy(app, print, async () => printCard(await fetchCard(p.id)));
    regen.onclick = () =>
      void busy(app, regen, async () => {
        if (
          !(await confirmDialog(s.confirmRegenerate(p.name), { confirm: s.regenerate, cancel: s.cancel, danger: true }))
        )
          return regen.focus();
        const fresh = await call<Proxy>('POST', `api/v1/me/proxies/${encodeURIComponent(p.id)}/regenerate`);
        info.textContent = s.proxyRegenerated(fresh.name);
        await load();
        list.querySelector<HTMLButtonElement>(`[data-proxy-id="${fresh.id}"] [data-testid=proxy-print]`)?.focus();
      });
    revoke.onclick = () =>
      void busy(app, revoke, async () => {
        if (!(await confirmDialog(s.confirmRevoke(p.name), { confirm: s.revoke, cancel: s.cancel, danger: true })))
          return revoke.focus();
        const gone = await call<Proxy>('DELETE', `api/v1/me/proxies/${encodeURIComponent(p.id)}`);
        info.textContent = s.proxyRevoked(gone.name);
        await load();
        add.querySelector('summary')?.focus();
      });
    li.append(h('div', { class: 'actions' }, show, print, regen, revoke));
    return li;
  }

  form.onsubmit = (ev) => {
    ev.preventDefault();
    void busy(app, create, async () => {
      const n = name.value.trim();
      const idNumber = id.value.trim().toUpperCase();
      const ph = phone.value.trim();
      if (!n || [...n].length > 64) throw new ApiError('person.name', s.nameMissing, 400);
      if (!isValidIdNumber(idNumber)) throw new ApiError('person.id_number', s.idInvalid, 400);
      if (ph && !isValidPhone(ph)) throw new ApiError('person.phone', s.phoneInvalid, 400);
      const made = await call<Proxy>(
        'POST',
        'api/v1/me/proxies',
        ph ? { name: n, idNumber, phone: ph } : { name: n, idNumber },
      );
      name.value = id.value = phone.value = '';
      add.open = false;
      info.textContent = s.proxyCreated(made.name);
      await load();
      list.querySelector<HTMLButtonElement>(`[data-proxy-id="${made.id}"] [data-testid=proxy-print]`)?.focus();
    });
  };

  app.root.replaceChildren(h('h2', {}, s.proxiesTitle), h('p', { class: 'hint' }, s.proxiesHint), add, info, list);
  load().catch((e) => app.error(e));
  return () => void (stopped = true);
};
