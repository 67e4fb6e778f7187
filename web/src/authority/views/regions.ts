// Risk areas (行程卡): the region-risk list checkpoints check personal codes' itineraries against
// (GET/POST /api/v1/authority/region-risk). The list in force and past publications; a draft starting from
// the list in force, where entries are added (6-digit region code, level, from, optional to) and removed;
// Publish first names every change and a required reason, the second step publishes the whole new list.
import { ApiError } from '../../shared/api';
import { regionLabel } from '../../shared/regions';
import { dateTime, fromLocalInput, getLocale, t, toLocalInput, word } from '../i18n';
import { busy, call, field, h, reasonInput, select, type Route, type View } from '../session';
import { empty, section, table } from '../ui';

export interface RegionEntry {
  r: string;
  level: 'high' | 'medium';
  from: number;
  to: number | null;
}
interface Publication {
  seq: number;
  publishedAt: number;
  reason: string;
  publishedBy: { id: string; name: string | null };
  regions: RegionEntry[];
}
interface RegionsState {
  lists: Publication[];
  /** The draft being edited (starts as the list in force). */
  draft: RegionEntry[];
}

const key = (e: RegionEntry) => `${e.r}|${e.level}|${e.from}|${e.to ?? ''}`;

/** What publishing `draft` changes against `current`, in words: added, removed and changed entries. */
export function changesOf(
  current: RegionEntry[],
  draft: RegionEntry[],
): { added: RegionEntry[]; removed: RegionEntry[] } {
  const now = new Set(current.map(key));
  const next = new Set(draft.map(key));
  return { added: draft.filter((e) => !now.has(key(e))), removed: current.filter((e) => !next.has(key(e))) };
}

export const regionsView: View<Extract<Route, { name: 'regions' }>> = (app, route) => {
  const s = t();
  const st = route.state as RegionsState | undefined;
  const current = () => (route.state as RegionsState | undefined)?.lists[0]?.regions ?? [];

  const currentBox = h('div', { 'data-testid': 'regions-current' });
  const draftBox = h('div', { 'data-testid': 'regions-draft' });
  const historyBox = h('div', { 'data-testid': 'regions-history' });

  const describe = (e: RegionEntry) =>
    s.regionEntry(
      regionLabel(e.r, getLocale()),
      word(s.riskLevels, e.level),
      dateTime(e.from),
      e.to ? dateTime(e.to) : null,
    );

  const entriesTable = (testid: string, caption: string, entries: RegionEntry[], remove?: (i: number) => void) =>
    table(
      testid,
      caption,
      [s.regionCode, s.riskLevel, s.riskFrom, s.riskTo, ...(remove ? [''] : [])],
      entries.map((e, i) => {
        const row: (Node | string)[] = [
          h('span', {}, regionLabel(e.r, getLocale())),
          h('span', { class: `risk-level risk-${e.level}` }, word(s.riskLevels, e.level)),
          dateTime(e.from),
          e.to ? dateTime(e.to) : s.untilLifted,
        ];
        if (remove) {
          const b = h(
            'button',
            { type: 'button', 'data-testid': `regions-remove-${e.r}`, 'aria-label': s.removeRegion(e.r) },
            s.remove,
          );
          b.onclick = () => remove(i);
          row.push(b);
        }
        return row;
      }),
      entries.map((e) => ({ 'data-region': e.r, 'data-level': e.level })),
    );

  // ---- the add form ----
  const code = h('input', {
    type: 'text',
    inputmode: 'numeric',
    maxlength: 6,
    autocomplete: 'off',
    'data-testid': 'regions-code',
  });
  const level = select(
    { 'data-testid': 'regions-level' },
    [
      ['high', s.riskLevels.high],
      ['medium', s.riskLevels.medium],
    ],
    'high',
  );
  const from = h('input', { type: 'datetime-local', step: 1, 'data-testid': 'regions-from' });
  from.value = toLocalInput(Math.floor(Date.now() / 1000));
  const to = h('input', { type: 'datetime-local', step: 1, 'data-testid': 'regions-to' });
  const add = h('button', { type: 'submit', 'data-testid': 'regions-add' }, s.addRegion);
  const addForm = h(
    'form',
    // Checked here, with the reason in words (not the browser's own bubble).
    { class: 'panel', 'data-testid': 'regions-add-form', novalidate: true },
    h('h3', {}, s.addRegion),
    field(s.regionCode, code, s.regionCodeHint),
    field(s.riskLevel, level),
    field(s.riskFrom, from),
    field(s.riskToOptional, to),
    h('div', { class: 'actions' }, add),
  );

  // ---- publishing ----
  const reason = reasonInput('regions-reason');
  const publish = h('button', { type: 'submit', class: 'primary', 'data-testid': 'regions-publish' }, s.publishRegions);
  const confirmBox = h('div', {
    class: 'confirm',
    'data-testid': 'regions-confirm',
    hidden: true,
    role: 'group',
    'aria-label': s.publishRegions,
  });
  const publishForm = h(
    'form',
    { class: 'panel', 'data-testid': 'regions-publish-form' },
    field(s.reason, reason, s.reasonHint),
    h('div', { class: 'actions' }, publish),
    confirmBox,
  );

  const closeConfirm = () => {
    confirmBox.hidden = true;
    publish.disabled = false;
  };

  const drawDraft = () => {
    const state = route.state as RegionsState;
    const { added, removed } = changesOf(current(), state.draft);
    draftBox.replaceChildren(
      section(
        s.regionsDraft,
        'regions-draft-section',
        state.draft.length
          ? entriesTable('regions-draft-table', s.regionsDraft, state.draft, (i) => {
              state.draft.splice(i, 1);
              closeConfirm();
              drawDraft();
            })
          : empty(s.regionsDraftEmpty, 'regions-draft-empty'),
        h(
          'p',
          { class: 'hint', 'data-testid': 'regions-pending', 'data-changes': String(added.length + removed.length) },
          added.length + removed.length ? s.pendingChanges(added.length, removed.length) : s.regionsUnchanged,
        ),
      ),
    );
  };

  const drawLists = () => {
    const state = route.state as RegionsState;
    const inForce = state.lists[0];
    currentBox.replaceChildren(
      section(
        s.regionsCurrent,
        'regions-current-section',
        inForce ? h('p', { class: 'hint' }, s.regionsPublished(inForce.seq, dateTime(inForce.publishedAt))) : null,
        inForce?.regions.length
          ? entriesTable('regions-current-table', s.regionsCurrent, inForce.regions)
          : empty(s.regionsNone, 'regions-none'),
      ),
    );
    historyBox.replaceChildren(
      section(
        s.regionsHistory,
        'regions-history-section',
        state.lists.length
          ? table(
              'regions-history-table',
              s.regionsHistory,
              [s.seq, s.publishedAt, s.publishedBy, s.reasonShort, s.regionsColumn],
              state.lists.map((l) => [
                h('span', { class: 'mono' }, String(l.seq)),
                dateTime(l.publishedAt),
                l.publishedBy.name ?? l.publishedBy.id,
                l.reason,
                l.regions.length
                  ? l.regions.map((e) => `${regionLabel(e.r, getLocale())} ${word(s.riskLevels, e.level)}`).join('；')
                  : s.regionsEmptyList,
              ]),
              state.lists.map((l) => ({ 'data-seq': String(l.seq) })),
            )
          : empty(s.regionsNeverPublished, 'regions-never'),
      ),
    );
    drawDraft();
  };

  const load = async (keepDraft: boolean) => {
    const { lists } = await call<{ lists: Publication[] }>('GET', 'api/v1/authority/region-risk');
    const sorted = [...lists].sort((a, b) => b.seq - a.seq);
    const old = route.state as RegionsState | undefined;
    route.state = {
      lists: sorted,
      draft: keepDraft && old ? old.draft : (sorted[0]?.regions ?? []).map((e) => ({ ...e })),
    } satisfies RegionsState;
    drawLists();
  };

  addForm.onsubmit = (ev) => {
    ev.preventDefault();
    app.clearMessages();
    for (const el of [code, from, to]) el.removeAttribute('aria-invalid');
    const r = code.value.trim();
    if (!/^\d{6}$/.test(r) || /^0/.test(r)) return app.error(new Error(s.regionCodeInvalid), code);
    const f = fromLocalInput(from.value);
    if (f === null) return app.error(new Error(s.riskFromInvalid), from);
    const end = to.value ? fromLocalInput(to.value) : null;
    if (to.value && (end === null || end <= f)) return app.error(new Error(s.riskToInvalid), to);
    const state = route.state as RegionsState | undefined;
    if (!state) return;
    const entry: RegionEntry = { r, level: level.value as RegionEntry['level'], from: f, to: end };
    // One entry a region: a new one for a region already listed replaces it.
    state.draft = [...state.draft.filter((e) => e.r !== r), entry];
    code.value = '';
    to.value = '';
    closeConfirm();
    drawDraft();
    app.info(s.regionAdded(describe(entry)));
    code.focus();
  };

  // First step: name every change; the second step publishes.
  publishForm.onsubmit = (ev) => {
    ev.preventDefault();
    app.clearMessages();
    if (!reason.value.trim()) {
      app.error(new ApiError('audit.reason', 'a publication needs a stated reason', 400), reason);
      return;
    }
    const state = route.state as RegionsState | undefined;
    if (!state) return;
    const { added, removed } = changesOf(current(), state.draft);
    if (!added.length && !removed.length && state.lists.length) {
      app.error(new Error(s.regionsUnchanged));
      return;
    }
    const draft = state.draft.map((e) => ({ ...e }));
    const doIt = h(
      'button',
      { type: 'button', class: 'primary', 'data-testid': 'regions-confirm-button' },
      s.confirmPublish,
    );
    const cancel = h('button', { type: 'button', 'data-testid': 'regions-cancel' }, s.cancel);
    confirmBox.replaceChildren(
      ...[
        h('p', { 'data-testid': 'regions-summary' }, s.publishSummary(draft.length)),
        added.length
          ? h(
              'ul',
              { 'data-testid': 'regions-summary-added' },
              ...added.map((e) => h('li', {}, `${s.willAdd}${describe(e)}`)),
            )
          : null,
        removed.length
          ? h(
              'ul',
              { 'data-testid': 'regions-summary-removed' },
              ...removed.map((e) => h('li', {}, `${s.willRemove}${describe(e)}`)),
            )
          : null,
        h('div', { class: 'actions' }, doIt, cancel),
      ].filter((x) => x !== null),
    );
    confirmBox.hidden = false;
    publish.disabled = true;
    doIt.focus();
    cancel.onclick = () => {
      closeConfirm();
      publish.focus();
    };
    doIt.onclick = () =>
      void busy(
        app,
        doIt,
        async () => {
          const res = await call<{ seq: number; publishedAt: number }>('POST', 'api/v1/authority/region-risk', {
            regions: draft,
            reason: reason.value,
          });
          closeConfirm();
          reason.value = '';
          await load(false);
          app.info(s.publishedRegions(res.seq));
        },
        reason,
      );
  };

  app.root.replaceChildren(
    h('h2', {}, s.regionsTitle),
    h('p', { class: 'hint' }, s.regionsHint),
    currentBox,
    draftBox,
    addForm,
    publishForm,
    historyBox,
  );
  if (st) drawLists();
  else void load(false).catch((e) => app.error(e));
};
