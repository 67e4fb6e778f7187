// Self check-in: scan the place code at the entrance with the phone's camera (the checkpoint page's camera
// and ZXing worker: web/src/shared/camera.ts, web/src/shared/scan-worker.ts, the reader's .wasm from our own origin), or
// paste its text; optionally with companions (my proxies, or others by name and ID number). POST
// /api/v1/me/checkins, then a full-screen confirmation staff can glance at: the place, the check-in time, a
// live clock and my status colour.
import { ApiError } from '../../shared/api';
import { createCamera, type Camera } from '../../shared/camera';
import { nowSeconds } from '../../shared/clock';
import { isValidIdNumber, isValidPhone } from '../../shared/gb11643';
import { t } from '../i18n';
import { busy, call, h, hms, liveClock, newClientId, openDialog, type App, type View } from '../session';
import type { Proxy } from './proxies';

export interface SelfCheckin {
  place: { id: string; name: string; address: string; category: string };
  time: number;
  status: string;
  checkins: { clientId: string; who: string }[];
}

type Companion = { proxyId: string } | { name: string; idNumber: string; phone?: string };

/** The place code text in what was scanned or pasted: "GL1:…" or a URL whose fragment is "#GL1:…". */
export function placeCodeText(input: string): string | null {
  const s = input.trim();
  if (/^GL1:/i.test(s)) return s;
  if (/^https?:\/\/\S+#GL1:/i.test(s)) return s;
  return null;
}

// One camera (and one scan worker) for the page's lifetime: the view borrows it while shown.
let camera: Camera | null = null;
let video: HTMLVideoElement | null = null;
let onText: (text: string) => void = () => {};
let onState: (s: 'starting' | 'on' | 'off', error?: string) => void = () => {};
function sharedCamera(): { camera: Camera; video: HTMLVideoElement } {
  if (!camera) {
    video = h('video', { muted: true, playsinline: true, 'data-testid': 'scan-video' });
    camera = createCamera(
      video,
      (text) => onText(text),
      (s, e) => onState(s, e),
    );
  }
  return { camera, video: video! };
}

/** A place code handed to the page in its URL (/citizen/#GL1:…), shown ready to submit. */
let pending: string | null = null;
export const setPendingPlaceCode = (code: string | null): void => void (pending = code);
export const hasPendingPlaceCode = (): boolean => pending !== null;

/** The full-screen confirmation. Resolves when it is closed. */
export function showConfirmation(app: App, r: SelfCheckin): Promise<string> {
  const s = t();
  const word = s.statusWord[r.status] ?? r.status;
  const { clock, date, stop } = liveClock(() => new Date(nowSeconds() * 1000 + (Date.now() % 1000)), 'confirm-clock');
  const others = r.checkins.filter((c) => c.who !== 'self');
  const done = h('button', { value: 'done', class: 'inverse', 'data-testid': 'confirm-done' }, s.done);
  const form = h(
    'form',
    { method: 'dialog', class: 'confirmation' },
    h('p', { class: 'ok' }, h('span', { 'aria-hidden': 'true' }, '✓ '), s.checkedIn),
    h('p', { class: 'place', 'data-testid': 'confirm-place' }, r.place.name),
    h('p', { class: 'address' }, r.place.address),
    h('p', { class: 'status', 'data-testid': 'confirm-status' }, `${app.me?.person?.name ?? ''} · ${word}`),
    h(
      'p',
      { class: 'time', 'data-testid': 'confirm-time', 'data-time': String(r.time) },
      `${s.checkinTime} ${hms(new Date(r.time * 1000))}`,
    ),
    clock,
    date,
    ...(others.length
      ? [
          h(
            'p',
            { class: 'companions', 'data-testid': 'confirm-companions' },
            `${s.withCompanions}${others.map((c) => c.who).join('、')}`,
          ),
        ]
      : []),
    h('p', { class: 'show-staff' }, s.showStaff),
    done,
  );
  const { dialog, closed } = openDialog([form], {
    full: true,
    label: `${s.checkedIn} ${r.place.name}`,
    testid: 'checkin-confirmation',
    className: `status-${r.status}`,
  });
  dialog.dataset.status = r.status;
  dialog.dataset.placeId = r.place.id;
  done.focus();
  return closed.finally(stop);
}

export const scanView: View = (app) => {
  const s = t();
  const { camera, video } = sharedCamera();
  let stopped = false;
  let submitting = false;
  let lastRefused = { text: '', at: 0 };

  // Companions: my live proxies (checkboxes) and others typed in.
  const proxyBox = h('div', { class: 'companion-list', 'data-testid': 'companion-proxies' });
  const others: { name: string; idNumber: string; phone?: string }[] = [];
  const otherList = h('ul', { class: 'plain', 'data-testid': 'companion-others' });
  const oName = h('input', {
    id: 'companion-name',
    'data-testid': 'companion-name',
    autocomplete: 'off',
    maxlength: '64',
  });
  const oId = h('input', {
    id: 'companion-id',
    'data-testid': 'companion-id',
    autocomplete: 'off',
    maxlength: '18',
    autocapitalize: 'characters',
  });
  const oPhone = h('input', {
    id: 'companion-phone',
    'data-testid': 'companion-phone',
    inputmode: 'tel',
    autocomplete: 'off',
    maxlength: '11',
  });
  const oAdd = h('button', { type: 'button', 'data-testid': 'companion-add' }, s.companionAdd);
  const drawOthers = () =>
    otherList.replaceChildren(
      ...others.map((o, i) => {
        const remove = h('button', { type: 'button', class: 'small', 'aria-label': s.companionRemove(o.name) }, '✕');
        remove.onclick = () => (others.splice(i, 1), drawOthers());
        return h('li', {}, `${o.name} ${o.idNumber.slice(0, 6)}…`, remove);
      }),
    );
  const proxyChecks = (): HTMLInputElement[] => [
    ...proxyBox.querySelectorAll<HTMLInputElement>('input[type=checkbox]'),
  ];
  const companions = (): Companion[] => [
    ...proxyChecks()
      .filter((c) => c.checked)
      .map((c) => ({ proxyId: c.value })),
    ...others.map((o) => ({ ...o })),
  ];
  oAdd.onclick = () => {
    app.clearError();
    const name = oName.value.trim();
    const idNumber = oId.value.trim().toUpperCase();
    const phone = oPhone.value.trim();
    if (!name || [...name].length > 64) return app.error(new ApiError('person.name', s.nameMissing, 400));
    if (!isValidIdNumber(idNumber)) return app.error(new ApiError('person.id_number', s.idInvalid, 400));
    if (phone && !isValidPhone(phone)) return app.error(new ApiError('person.phone', s.phoneInvalid, 400));
    if (companions().length >= 10) return app.error(new ApiError('request.invalid', s.companionsMax, 400));
    others.push(phone ? { name, idNumber, phone } : { name, idNumber });
    oName.value = oId.value = oPhone.value = '';
    drawOthers();
    oName.focus();
  };
  const companionsSet = h(
    'fieldset',
    { class: 'companions' },
    h('legend', {}, s.companionsLegend),
    proxyBox,
    h(
      'details',
      { 'data-testid': 'companions-other' },
      h('summary', {}, s.companionOther),
      h(
        'div',
        { class: 'stack' },
        h('label', { for: 'companion-name' }, s.name, oName),
        h('label', { for: 'companion-id' }, s.idNumber, oId),
        h('label', { for: 'companion-phone' }, s.companionPhone, oPhone),
        oAdd,
      ),
    ),
    otherList,
  );

  // The camera.
  const start = h(
    'button',
    { type: 'button', class: 'primary', 'data-testid': 'scan-start', 'aria-pressed': 'false' },
    s.startCamera,
  );
  const camState = h('p', { class: 'hint', role: 'status', 'data-testid': 'scan-state' });
  const frame = h(
    'div',
    { class: 'viewfinder', 'aria-label': s.cameraLabel, role: 'img', hidden: true },
    video,
    h('div', { class: 'aim', 'aria-hidden': 'true' }),
  );
  let running = false;
  const stopCamera = () => {
    camera.stop();
    running = false;
    frame.hidden = true;
    start.textContent = s.startCamera;
    start.setAttribute('aria-pressed', 'false');
    camState.textContent = '';
  };
  start.onclick = () => {
    app.clearError();
    if (running) return stopCamera();
    running = true;
    start.textContent = s.stopCamera;
    start.setAttribute('aria-pressed', 'true');
    void camera.start();
  };
  onState = (state, error) => {
    if (stopped) return;
    frame.dataset.state = state;
    if (state === 'starting') camState.textContent = s.cameraStarting;
    if (state === 'on') {
      frame.hidden = false;
      camState.textContent = s.cameraOn;
    }
    if (state === 'off') {
      stopCamera();
      camState.textContent = s.cameraOff(error ?? '');
      paste.focus();
    }
  };
  onText = (text) => {
    if (stopped || !running || submitting) return;
    if (text === lastRefused.text && Date.now() - lastRefused.at < 4000) return; // the same wrong code still in view
    void submit(text, 'camera');
  };

  // Paste / type fallback.
  const paste = h('textarea', {
    id: 'place-code-text',
    'data-testid': 'place-code-text',
    rows: '3',
    autocomplete: 'off',
    spellcheck: 'false',
    autocapitalize: 'off',
  });
  const pasteSubmit = h('button', { type: 'submit', 'data-testid': 'place-code-submit' }, s.pasteSubmit);
  const pasteForm = h(
    'form',
    { 'data-testid': 'place-code-form' },
    h('label', { for: 'place-code-text' }, s.pasteLabel, paste),
    pasteSubmit,
  );
  paste.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && !ev.shiftKey) {
      ev.preventDefault();
      pasteForm.requestSubmit();
    }
  });
  pasteForm.onsubmit = (ev) => {
    ev.preventDefault();
    void busy(app, pasteSubmit, async () => {
      const code = placeCodeText(paste.value);
      if (!code) throw new ApiError('format.prefix', s.pasteInvalid, 400);
      await submit(code, 'paste');
    });
  };
  if (pending) {
    paste.value = pending;
    pending = null;
  }

  const status = h('p', { class: 'info', role: 'status', 'data-testid': 'scan-info' });
  async function submit(text: string, from: 'camera' | 'paste'): Promise<void> {
    submitting = true;
    status.textContent = s.checkingIn;
    app.clearError();
    try {
      const body: { placeCode: string; clientId: string; companions?: Companion[] } = {
        placeCode: text.trim(),
        clientId: newClientId(),
      };
      const list = companions();
      if (list.length) body.companions = list;
      const r = await call<SelfCheckin>('POST', 'api/v1/me/checkins', body);
      if (running) stopCamera();
      status.textContent = '';
      paste.value = '';
      for (const c of proxyChecks()) c.checked = false;
      others.splice(0);
      drawOthers();
      if (stopped) return;
      await showConfirmation(app, r);
      if (!stopped) start.focus();
    } catch (e) {
      status.textContent = '';
      lastRefused = { text, at: Date.now() };
      app.error(e);
      if (from === 'paste') paste.focus();
    } finally {
      submitting = false;
    }
  }

  app.root.replaceChildren(
    h('h2', {}, s.scanTitle),
    h('p', { class: 'hint' }, s.scanHint),
    companionsSet,
    h('div', { class: 'stack' }, start, camState, frame),
    status,
    pasteForm,
  );

  // My live proxies as companion choices.
  void call<{ proxies: Proxy[] }>('GET', 'api/v1/me/proxies').then(
    ({ proxies }) => {
      const live = proxies.filter((p) => p.revokedAt == null);
      if (!live.length) return proxyBox.replaceChildren(h('p', { class: 'hint' }, s.companionsNone));
      proxyBox.replaceChildren(
        ...live.map((p) => {
          const id = `companion-${p.id}`;
          const input = h('input', {
            type: 'checkbox',
            id,
            value: p.id,
            'data-testid': 'companion-proxy',
            'data-proxy-id': p.id,
          });
          return h('label', { class: 'check', for: id }, input, `${p.name} ${p.idNumber}`);
        }),
      );
    },
    (e) => app.error(e),
  );

  return () => {
    stopped = true;
    camera.stop();
    onText = () => {};
    onState = () => {};
  };
};
