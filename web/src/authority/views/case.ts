// A case: its summary; a preview of the trace (POST …/preview, audited as case.preview; changes nothing)
// with the case's timeline, the contact list (close first, then secondary) with exclude boxes, and the
// contact graph; confirmation (POST …/confirm) with the changes it made and the new status sequence; the
// confirmed record (GET …/cases/{id}?reason=, audited as case.view).
import { ApiError } from '../../shared/api';
import { dateTime, t, word } from '../i18n';
import { busy, call, field, h, query, reasonInput, select, type Route, type View } from '../session';
import { badge, empty, section, STATUSES, table } from '../ui';
import { contactGraph, type Contact } from '../graph';
import { actorName, type CaseJson } from './cases';

interface Preview {
  case: CaseJson;
  subject: { id: string; name: string; idNumber: string; status: string; proposed: string | null };
  visits: {
    checkinId: string;
    placeId: string;
    placeName: string;
    category: string;
    method: string;
    start: number;
    end: number;
  }[];
  contacts: Contact[];
  counts: { close: number; secondary: number };
}
interface Confirmed {
  case: CaseJson;
  seq: number;
  changes: { personId: string; role: string; status: string; previous: string | null; q: number }[];
  unchanged: number;
  unregistered: number;
  excluded: number;
  riskNotices: number;
}
interface CaseRecord {
  case: CaseJson;
  contacts: {
    personId: string;
    name: string;
    idNumber: string;
    status: string;
    depth: number;
    exposureMinutes: number;
    firstExposure: number;
    lastExposure: number;
    assigned: string;
    q: number | null;
  }[];
  riskNotices: { placeId: string; placeName: string; from: number; to: number }[];
}
interface CaseState {
  summary?: CaseJson;
  reason?: string;
  options?: { maxDepth: number; statuses: { case: string; close: string; secondary: string } };
  preview?: Preview;
  excluded?: string[];
  confirmed?: Confirmed;
  record?: CaseRecord;
}

type CaseRoute = Extract<Route, { name: 'case' }>;

export const caseView: View<CaseRoute> = (app, route) => {
  const s = t();
  const st = (route.state ??= {}) as CaseState;
  const info = h('div', { 'data-testid': 'case-info' });
  const out = h('div', { 'data-testid': 'case-output' });
  const back = h('button', { type: 'button', 'data-testid': 'back-to-cases' }, `← ${s.back}`);
  back.onclick = () => app.go({ name: 'cases' });

  const drawInfo = (c: CaseJson) => {
    info.replaceChildren(
      h(
        'dl',
        { class: 'facts', 'data-testid': 'case-facts', 'data-case-id': c.id, 'data-state': c.state },
        h('dt', {}, s.person),
        h(
          'dd',
          {},
          `${c.person.name ?? ''} ${c.person.idNumber ?? ''}`.trim() || c.person.id,
          ' ',
          c.person.status ? badge(c.person.status) : '',
        ),
        h('dt', {}, s.window),
        h('dd', { 'data-testid': 'case-window' }, `${dateTime(c.windowStart)} – ${dateTime(c.windowEnd)}`),
        h('dt', {}, s.state),
        h('dd', { 'data-testid': 'case-state' }, word(s.states, c.state)),
        c.note ? h('dt', {}, s.note.replace(/[（(].*$/, '')) : null,
        c.note ? h('dd', {}, c.note) : null,
        h('dt', {}, s.createdBy),
        h('dd', {}, actorName(c.createdBy, app.session?.account), ' · ', dateTime(c.createdAt)),
        c.confirmedAt ? h('dt', {}, s.confirmedAt) : null,
        c.confirmedAt ? h('dd', {}, dateTime(c.confirmedAt)) : null,
      ),
    );
  };

  /** The case as the (unaudited) list has it now. */
  async function refreshSummary(): Promise<void> {
    const r = await call<{ cases: CaseJson[] }>('GET', 'api/v1/authority/cases');
    const c = r.cases.find((x) => x.id === route.caseId);
    if (c) {
      st.summary = c;
      drawInfo(c);
    }
  }

  // ---- the trace form ----
  const reason = reasonInput('preview-reason', st.reason ?? '');
  const depth = select(
    { 'data-testid': 'max-depth' },
    [
      ['2', s.depth2],
      ['1', s.depth1],
    ],
    String(st.options?.maxDepth ?? 2),
  );
  const statusSel = (role: 'case' | 'close' | 'secondary', dflt: string) =>
    select(
      { 'data-testid': `assign-${role}` },
      STATUSES.map((x) => [x, s.statusWord[x]]),
      st.options?.statuses[role] ?? dflt,
    );
  const assignCase = statusSel('case', 'red');
  const assignClose = statusSel('close', 'orange');
  const assignSecondary = statusSel('secondary', 'yellow');
  const previewBtn = h('button', { type: 'submit', class: 'primary', 'data-testid': 'preview-submit' }, s.preview);
  const recordBtn = h('button', { type: 'button', 'data-testid': 'record-submit' }, s.viewRecord);
  const form = h(
    'form',
    { class: 'panel', 'data-testid': 'preview-form' },
    h('h3', {}, s.previewTitle),
    h(
      'div',
      { class: 'grid-form' },
      field(s.reason, reason, s.reasonHint),
      field(s.maxDepth, depth),
      field(s.statusFor(s.roles.case), assignCase),
      field(s.statusFor(s.roles.close), assignClose),
      field(s.statusFor(s.roles.secondary), assignSecondary),
    ),
    h('div', { class: 'actions' }, previewBtn, recordBtn),
  );
  const options = () => ({
    maxDepth: Number(depth.value),
    statuses: { case: assignCase.value, close: assignClose.value, secondary: assignSecondary.value },
  });
  form.onsubmit = (ev) => {
    ev.preventDefault();
    void busy(
      app,
      previewBtn,
      async () => {
        const o = options();
        const r = await call<Preview>('POST', `api/v1/authority/cases/${encodeURIComponent(route.caseId)}/preview`, {
          reason: reason.value,
          ...o,
        });
        Object.assign(st, {
          reason: reason.value,
          options: o,
          preview: r,
          excluded: [],
          confirmed: undefined,
          record: undefined,
          summary: r.case,
        });
        drawInfo(r.case);
        drawOutput();
        out.querySelector<HTMLElement>('h3')?.scrollIntoView({ block: 'start' });
      },
      reason,
    );
  };
  recordBtn.onclick = () =>
    void busy(
      app,
      recordBtn,
      async () => {
        const r = await call<CaseRecord>(
          'GET',
          `api/v1/authority/cases/${encodeURIComponent(route.caseId)}${query({ reason: reason.value })}`,
        );
        Object.assign(st, { reason: reason.value, record: r, summary: r.case });
        drawInfo(r.case);
        drawOutput();
      },
      reason,
    );

  // ---- output: preview, confirmation, record ----
  const drawOutput = () => {
    const parts: (HTMLElement | null)[] = [];
    if (st.preview) parts.push(...previewParts(st.preview));
    if (st.confirmed) parts.push(confirmedPart(st.confirmed));
    if (st.record) parts.push(...recordParts(st.record));
    out.replaceChildren(...parts.filter((x): x is HTMLElement => !!x));
  };

  const nameOf = (personId: string): string => {
    if (st.preview?.subject.id === personId) return st.preview.subject.name;
    const c = st.preview?.contacts.find((x) => x.personId === personId);
    return c ? c.name : personId;
  };

  const previewParts = (p: Preview): HTMLElement[] => {
    const excluded = new Set(st.excluded ?? []);
    const subject = h(
      'p',
      { class: 'subject', 'data-testid': 'preview-subject' },
      `${s.graphCase}: ${p.subject.name} ${p.subject.idNumber} `,
      badge(p.subject.status),
      ' → ',
      badge(p.subject.proposed),
      h(
        'span',
        {
          class: 'counts',
          'data-testid': 'preview-counts',
          'data-close': p.counts.close,
          'data-secondary': p.counts.secondary,
        },
        ` · ${s.counts(p.counts.close, p.counts.secondary)}`,
      ),
    );

    const timeline = section(
      s.timeline,
      'timeline',
      p.visits.length
        ? table(
            'visits-table',
            s.timeline,
            [s.place, s.category, s.method, s.start, s.end],
            p.visits.map((v) => [
              v.placeName,
              word(s.categories, v.category),
              word(s.methods, v.method),
              dateTime(v.start),
              dateTime(v.end),
            ]),
            p.visits.map((v) => ({ 'data-checkin-id': v.checkinId })),
          )
        : empty(s.noVisits, 'no-visits'),
    );

    const known = new Set(p.contacts.map((c) => c.personId).filter(Boolean));
    const closeName = (through: string) => (known.has(through) ? nameOf(through) : s.unregisteredContact);
    const contactRows = p.contacts.map((c, i) => {
      let cell: Node | string = s.none;
      if (c.registered && c.personId) {
        const box = h('input', {
          type: 'checkbox',
          'data-testid': 'exclude',
          'data-person-id': c.personId,
          id: `exclude-${i}`,
          disabled: !!st.confirmed || p.case.state === 'confirmed',
        });
        box.checked = excluded.has(c.personId);
        box.onchange = () => {
          const set = new Set(st.excluded ?? []);
          if (box.checked) set.add(c.personId!);
          else set.delete(c.personId!);
          st.excluded = [...set];
        };
        cell = h(
          'span',
          { class: 'check' },
          box,
          h('label', { for: box.id, class: 'visually-hidden' }, s.excludeWho(c.name)),
        );
      }
      const places = [...new Map(c.via.map((v) => [`${v.placeId}|${v.through ?? ''}`, v])).values()]
        .map((v) => (v.through ? `${v.placeName} (${s.through(closeName(v.through))})` : v.placeName))
        .join('; ');
      return [
        cell,
        word(s.roles, c.depth <= 1 ? 'close' : 'secondary'),
        c.name,
        c.registered
          ? (c.idNumber ?? s.none)
          : h('span', {}, c.phone ?? s.none, h('br'), h('small', {}, s.unregistered)),
        s.minutes(c.exposureMinutes),
        dateTime(c.firstExposure),
        c.registered ? h('span', { class: 'transition' }, badge(c.status), ' → ', badge(c.proposed)) : s.none,
        places,
      ];
    });
    const contacts = section(
      s.contactList,
      'contacts',
      p.contacts.length
        ? table(
            'contacts-table',
            s.contactList,
            [
              s.exclude,
              s.role,
              s.name,
              `${s.idNumber} / ${s.phone}`,
              s.exposure,
              s.firstExposure,
              s.currentProposed,
              s.via,
            ],
            contactRows,
            p.contacts.map((c) => ({
              'data-person-id': c.personId ?? '',
              'data-depth': String(c.depth),
              'data-registered': String(c.registered),
              'data-exposure': String(c.exposureMinutes),
            })),
          )
        : empty(s.noContacts, 'no-contacts'),
    );

    const graph = section(
      s.graphTitle,
      'graph',
      h('div', { class: 'graph-wrap' }, contactGraph(p.subject, p.contacts)),
    );

    let confirm: HTMLElement | null = null;
    if (!st.confirmed && p.case.state !== 'confirmed') {
      const creason = reasonInput('confirm-reason', st.reason ?? '');
      const btn = h('button', { type: 'submit', class: 'danger', 'data-testid': 'confirm-submit' }, s.confirm);
      confirm = h(
        'form',
        { class: 'panel', 'data-testid': 'confirm-form' },
        h('h3', {}, s.confirmTitle),
        h('p', { class: 'hint' }, s.confirmHint),
        field(s.reason, creason),
        h('div', { class: 'actions' }, btn),
      );
      confirm.onsubmit = (ev) => {
        ev.preventDefault();
        void busy(
          app,
          btn,
          async () => {
            const r = await call<Confirmed>(
              'POST',
              `api/v1/authority/cases/${encodeURIComponent(route.caseId)}/confirm`,
              { reason: creason.value, ...(st.options ?? {}), exclude: st.excluded ?? [] },
            ).catch(async (e) => {
              // Confirmed meanwhile (by someone else): show the case as it is now, and the error.
              if (e instanceof ApiError && e.code === 'case.confirmed') {
                await refreshSummary().catch(() => {});
                if (st.preview && st.summary) st.preview = { ...st.preview, case: st.summary };
                drawOutput();
              }
              throw e;
            });
            st.confirmed = r;
            st.summary = r.case;
            drawInfo(r.case);
            drawOutput();
            app.info(s.confirmed(r.seq));
            out.querySelector<HTMLElement>('[data-testid=confirmed]')?.focus();
          },
          creason,
        );
      };
    }
    return [
      h('h3', { class: 'visually-hidden' }, s.previewTitle),
      subject,
      timeline,
      contacts,
      graph,
      ...(confirm ? [confirm] : []),
    ];
  };

  const confirmedPart = (r: Confirmed): HTMLElement => {
    const el = section(
      s.changes,
      'confirmed',
      h('p', { class: 'done', 'data-testid': 'confirmed-seq', 'data-seq': r.seq }, s.confirmed(r.seq)),
      r.changes.length
        ? table(
            'changes-table',
            s.changes,
            [s.person, s.role, s.previous, s.status, s.q],
            r.changes.map((c) => [nameOf(c.personId), word(s.roles, c.role), badge(c.previous), badge(c.status), c.q]),
            r.changes.map((c) => ({ 'data-person-id': c.personId, 'data-role': c.role, 'data-status': c.status })),
          )
        : empty(s.noChanges),
      h('p', { 'data-testid': 'confirm-summary' }, s.summary(r.unchanged, r.unregistered, r.excluded, r.riskNotices)),
    );
    el.tabIndex = -1;
    return el;
  };

  const recordParts = (r: CaseRecord): HTMLElement[] => [
    section(
      s.confirmedContacts,
      'record-contacts',
      r.contacts.length
        ? table(
            'record-contacts-table',
            s.confirmedContacts,
            [s.role, s.name, s.idNumber, s.exposure, s.firstExposure, s.status, s.q],
            r.contacts.map((c) => [
              word(s.roles, c.depth <= 1 ? 'close' : 'secondary'),
              c.name,
              c.idNumber,
              s.minutes(c.exposureMinutes),
              dateTime(c.firstExposure),
              h('span', {}, badge(c.status), ' (', badge(c.assigned), ')'),
              c.q,
            ]),
          )
        : empty(s.noContacts),
    ),
    section(
      s.riskNotices,
      'record-notices',
      r.riskNotices.length
        ? table(
            'risk-notices-table',
            s.riskNotices,
            [s.place, s.from, s.to],
            r.riskNotices.map((n) => [n.placeName, dateTime(n.from), dateTime(n.to)]),
          )
        : empty(s.none),
    ),
  ];

  out.setAttribute('tabindex', '-1');
  app.root.replaceChildren(
    h('div', { class: 'title-row' }, h('h2', { 'data-testid': 'case-title' }, s.caseTitle(route.caseId)), back),
    info,
    form,
    out,
  );
  if (st.summary) drawInfo(st.summary);
  else void refreshSummary().catch((e) => app.error(e));
  drawOutput();
};
