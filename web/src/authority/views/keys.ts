// Issuer keys (GET /api/v1/authority/keys, POST .../keys/rotate): every key per use with its state, and a
// rotation that is confirmed on a second step, which says what will happen to codes already issued.
import { ApiError } from '../../shared/api';
import { dateTime, t, word } from '../i18n';
import { busy, call, field, h, reasonInput, select, type Route, type View } from '../session';
import { section, table } from '../ui';

export const KEY_USES = ['person', 'proxy', 'place', 'rules', 'status', 'regions'] as const;

interface IssuerKey {
  kid: string;
  use: string;
  state: string;
  createdAt: number;
  activatedAt: number | null;
  retiredAt: number | null;
  revokedAt: number | null;
}
interface KeyList {
  generation: number;
  offlineRoot: boolean;
  keys: IssuerKey[];
}
interface Rotation {
  use: string;
  compromised: boolean;
  active: string;
  next: string;
  retired?: string;
  revoked?: string[];
  resigned?: number;
  keys: IssuerKey[];
}

const STATE_ORDER = ['active', 'next', 'retired', 'revoked'];

export const keysView: View<Extract<Route, { name: 'keys' }>> = (app, route) => {
  const s = t();
  const list = h('div', { 'data-testid': 'keys-list', 'aria-live': 'polite' });
  const use = select(
    { 'data-testid': 'rotate-use' },
    KEY_USES.map((u): [string, string] => [u, word(s.keyUses, u)]),
  );
  const compromised = h('input', { type: 'checkbox', 'data-testid': 'rotate-compromised' });
  const reason = reasonInput('rotate-reason');
  const rotate = h('button', { type: 'submit', class: 'primary', 'data-testid': 'rotate-submit' }, s.rotateKey);
  const confirmBox = h('div', {
    class: 'confirm',
    'data-testid': 'rotate-confirm',
    hidden: true,
    role: 'group',
    'aria-label': s.rotateKey,
  });
  const form = h(
    'form',
    { class: 'panel narrow', 'data-testid': 'rotate-form' },
    h('h3', {}, s.rotateKey),
    field(s.keyUse, use),
    h(
      'div',
      { class: 'field check' },
      h('label', {}, compromised, ' ', s.compromised),
      h('p', { class: 'hint' }, s.compromisedHint),
    ),
    field(s.reason, reason, s.reasonHint),
    h('div', { class: 'actions' }, rotate),
    confirmBox,
  );

  const current = (data: KeyList, u: string, state: string) =>
    data.keys.find((k) => k.use === u && k.state === state)?.kid ?? s.none;

  const draw = (data: KeyList) => {
    const sorted = [...data.keys].sort(
      (a, b) =>
        KEY_USES.indexOf(a.use as never) - KEY_USES.indexOf(b.use as never) ||
        STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state) ||
        b.createdAt - a.createdAt,
    );
    list.replaceChildren(
      section(
        s.keysTitle,
        'keys-section',
        h('p', { class: 'hint' }, s.keyGeneration(data.generation)),
        table(
          'keys-table',
          s.keysTitle,
          [s.keyUse, s.keyState, s.kid, s.keyCreated, s.keyActivated, s.keyEnded],
          sorted.map((k) => [
            word(s.keyUses, k.use),
            h('span', { class: `key-state key-${k.state}` }, word(s.keyStates, k.state)),
            h('code', { class: 'mono' }, k.kid),
            dateTime(k.createdAt),
            dateTime(k.activatedAt),
            dateTime(k.revokedAt ?? k.retiredAt),
          ]),
          sorted.map((k) => ({ 'data-kid': k.kid, 'data-use': k.use, 'data-state': k.state })),
        ),
      ),
    );
    form.hidden = data.offlineRoot;
    if (data.offlineRoot) list.append(h('p', { class: 'hint', 'data-testid': 'keys-offline-root' }, s.offlineRoot));
  };

  const load = async () => {
    const data = await call<KeyList>('GET', 'api/v1/authority/keys');
    route.state = data;
    draw(data);
  };

  // First step: say what will happen; the second step (confirm) rotates.
  form.onsubmit = (ev) => {
    ev.preventDefault();
    app.clearMessages();
    // The server would refuse it too (audit.reason), but only after the confirmation step.
    if (!reason.value.trim()) {
      app.error(new ApiError('audit.reason', 'a rotation needs a stated reason', 400), reason);
      return;
    }
    const data = route.state as KeyList;
    const u = use.value;
    const active = current(data, u, 'active');
    const next = current(data, u, 'next');
    const label = word(s.keyUses, u);
    const doIt = h(
      'button',
      { type: 'button', class: compromised.checked ? 'danger' : 'primary', 'data-testid': 'rotate-confirm-button' },
      compromised.checked ? s.confirmRevoke(label) : s.confirmRotate(label),
    );
    const cancel = h('button', { type: 'button', 'data-testid': 'rotate-cancel' }, s.cancel);
    confirmBox.replaceChildren(
      h(
        'p',
        { 'data-testid': 'rotate-summary' },
        compromised.checked ? s.revokeSummary(active, next) : s.rotateSummary(active, next),
      ),
      h('div', { class: 'actions' }, doIt, cancel),
    );
    confirmBox.hidden = false;
    rotate.disabled = true;
    doIt.focus();
    cancel.onclick = () => {
      confirmBox.hidden = true;
      rotate.disabled = false;
      rotate.focus();
    };
    doIt.onclick = () =>
      void busy(
        app,
        doIt,
        async () => {
          const r = await call<Rotation>('POST', 'api/v1/authority/keys/rotate', {
            use: u,
            compromised: compromised.checked,
            reason: reason.value,
          });
          confirmBox.hidden = true;
          rotate.disabled = false;
          reason.value = '';
          compromised.checked = false;
          await load();
          app.info([s.rotated(label, r.active), r.resigned ? s.resigned(r.resigned) : ''].filter(Boolean).join(' '));
        },
        reason,
      );
  };

  app.root.replaceChildren(h('h2', {}, s.keysTitle), h('p', { class: 'hint' }, s.keysHint), list, form);
  if (route.state) draw(route.state as KeyList);
  else void load().catch((e) => app.error(e));
};
