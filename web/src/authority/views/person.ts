// A person's record (GET /api/v1/authority/people/{id}?reason=…, audited as person.view): the masked
// identity with the phone in full, the status history, check-ins and cases; setting the status
// (POST /api/v1/authority/status) and creating a case for the person (POST /api/v1/authority/cases).
import { nowSeconds } from '../../shared/clock';
import { dateTime, fromLocalInput, t, toLocalInput, word } from '../i18n';
import { busy, call, field, h, query, reasonInput, select, type Route, type View } from '../session';
import { badge, empty, section, STATUSES, table } from '../ui';
import type { CaseJson } from './cases';
import { ApiError } from '../../shared/api';

export interface PersonRecord {
  person: {
    id: string;
    name: string;
    idNumber: string;
    status: string;
    statusQ: number | null;
    kind: string;
    phone: string | null;
  };
  history: {
    q: number;
    status: string;
    previous: string | null;
    source: string;
    caseId: string | null;
    reason: string | null;
    changedAt: number;
    actor: { id: string; name: string } | null;
  }[];
  checkins: {
    id: string;
    placeId: string;
    placeName: string;
    category: string;
    time: number;
    method: string;
    decision: string | null;
  }[];
  cases: { caseId: string; role: string; state: string; windowStart: number; windowEnd: number }[];
}

type PersonRoute = Extract<Route, { name: 'person' }>;

export const personView: View<PersonRoute> = (app, route) => {
  const s = t();
  const body = h('div', { 'data-testid': 'person-record' });
  const back = h('button', { type: 'button', 'data-testid': 'back-to-lookup' }, `← ${s.back}`);
  back.onclick = () => app.go({ name: 'lookup' });
  app.root.replaceChildren(
    h('div', { class: 'title-row' }, h('h2', {}, s.personTitle), back),
    h('p', { class: 'hint', 'data-testid': 'opened-reason' }, s.openedWith(route.reason)),
    body,
  );

  const load = async () => {
    const r = await call<PersonRecord>(
      'GET',
      `api/v1/authority/people/${encodeURIComponent(route.personId)}${query({ reason: route.reason })}`,
    );
    route.state = r;
    draw(r);
  };

  const draw = (r: PersonRecord) => {
    const p = r.person;
    const facts = h(
      'dl',
      { class: 'facts', 'data-testid': 'person-facts', 'data-person-id': p.id, 'data-status': p.status },
      h('dt', {}, s.name),
      h('dd', { 'data-testid': 'person-name' }, p.name),
      h('dt', {}, s.idNumber),
      h('dd', {}, p.idNumber),
      h('dt', {}, s.phone),
      h('dd', { 'data-testid': 'person-phone' }, p.phone ?? s.none),
      h('dt', {}, s.status),
      h(
        'dd',
        { 'data-testid': 'person-status' },
        badge(p.status),
        p.statusQ != null ? ` (${s.statusQ} ${p.statusQ})` : '',
      ),
      h('dt', {}, s.kind),
      h('dd', {}, word(s.kinds, p.kind)),
      h('dt', {}, 'ID'),
      h('dd', { class: 'mono' }, p.id),
    );

    const history = section(
      s.history,
      'history',
      r.history.length
        ? table(
            'history-table',
            s.history,
            [s.q, s.changedAt, s.previous, s.status, s.source, s.caseId, s.reasonShort, s.actor],
            r.history.map((x) => [
              x.q,
              dateTime(x.changedAt),
              badge(x.previous),
              badge(x.status),
              word(s.sources, x.source),
              x.caseId,
              x.reason,
              x.actor?.name ?? (x.source === 'declaration' ? s.self : s.server),
            ]),
          )
        : empty(s.noHistory),
    );

    const checkins = section(
      s.checkins,
      'checkins',
      r.checkins.length
        ? table(
            'checkins-table',
            s.checkins,
            [s.time, s.place, s.category, s.method, s.decision],
            r.checkins.map((c) => [
              dateTime(c.time),
              c.placeName,
              word(s.categories, c.category),
              word(s.methods, c.method),
              word(s.decisions, c.decision),
            ]),
          )
        : empty(s.noCheckins),
    );

    const cases = section(
      s.cases,
      'person-cases',
      r.cases.length
        ? table(
            'person-cases-table',
            s.cases,
            [s.caseId, s.role, s.state, s.window, s.actions],
            r.cases.map((c) => {
              const open = h(
                'button',
                {
                  type: 'button',
                  'data-testid': 'open-case',
                  'data-case-id': c.caseId,
                  'aria-label': `${s.open} ${c.caseId}`,
                },
                s.open,
              );
              open.onclick = () => app.go({ name: 'case', caseId: c.caseId });
              return [
                h('span', { class: 'mono' }, c.caseId),
                word(s.roles, c.role),
                word(s.states, c.state),
                `${dateTime(c.windowStart)} – ${dateTime(c.windowEnd)}`,
                open,
              ];
            }),
          )
        : empty(s.noCases),
    );

    body.replaceChildren(facts, h('div', { class: 'columns' }, statusForm(r), caseForm(r)), history, checkins, cases);
  };

  // Setting the status: the API finds the person by phone or ID number; the phone is shown in full here,
  // else the number the person was looked up with.
  const statusForm = (r: PersonRecord) => {
    const ident = h('input', { type: 'text', 'data-testid': 'status-identifier', autocomplete: 'off', maxlength: 24 });
    ident.value = r.person.phone ?? route.identifier;
    const status = select(
      { 'data-testid': 'status-select' },
      STATUSES.map((x) => [x, s.statusWord[x]]),
      r.person.status === 'green' ? 'yellow' : 'green',
    );
    const reason = reasonInput('status-reason');
    const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'status-submit' }, s.setStatus);
    const form = h(
      'form',
      { class: 'panel', 'data-testid': 'status-form' },
      h('h3', {}, s.setStatusTitle),
      h('p', { class: 'hint' }, s.setStatusHint),
      field(s.identifier, ident),
      field(s.newStatus, status),
      field(s.reason, reason),
      h('div', { class: 'actions' }, submit),
    );
    form.onsubmit = (ev) => {
      ev.preventDefault();
      void busy(
        app,
        submit,
        async () => {
          const v = ident.value.replace(/\s+/g, '').toUpperCase();
          const key = /^1\d{10}$/.test(v) ? { phone: v } : { idNumber: v };
          const res = await call<{ person: { id: string; status: string; seq: number } }>(
            'POST',
            'api/v1/authority/status',
            { ...key, status: status.value, reason: reason.value },
          );
          await load();
          app.info(s.statusSet(s.statusWord[res.person.status] ?? res.person.status, res.person.seq));
        },
        reason,
      );
    };
    return form;
  };

  const caseForm = (r: PersonRecord) => {
    const now = nowSeconds();
    const start = h('input', { type: 'datetime-local', step: 1, 'data-testid': 'case-start' });
    const end = h('input', { type: 'datetime-local', step: 1, 'data-testid': 'case-end' });
    start.value = toLocalInput(now - 4 * 86400);
    end.value = toLocalInput(now);
    const note = h('textarea', { 'data-testid': 'case-note', maxlength: 500, rows: 2 });
    const reason = reasonInput('case-reason');
    const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'case-submit' }, s.createCase);
    const form = h(
      'form',
      { class: 'panel', 'data-testid': 'case-form' },
      h('h3', {}, s.createCaseTitle),
      h('p', { class: 'hint' }, s.windowHint),
      field(s.windowStart, start),
      field(s.windowEnd, end),
      field(s.note, note),
      field(s.reason, reason),
      h('div', { class: 'actions' }, submit),
    );
    form.onsubmit = (ev) => {
      ev.preventDefault();
      void busy(
        app,
        submit,
        async () => {
          const ws = fromLocalInput(start.value);
          const we = fromLocalInput(end.value);
          if (ws === null || we === null) throw new ApiError('request.invalid', s.dateInvalid, 400);
          const res = await call<{ case: CaseJson }>('POST', 'api/v1/authority/cases', {
            personId: r.person.id,
            windowStart: ws,
            windowEnd: we,
            ...(note.value.trim() ? { note: note.value.trim() } : {}),
            reason: reason.value,
          });
          app.go({ name: 'case', caseId: res.case.id, state: { summary: res.case, reason: reason.value } });
          app.info(s.caseCreated(res.case.id));
        },
        reason,
      );
    };
    return form;
  };

  if (route.state) draw(route.state as PersonRecord);
  else void load().catch((e) => app.error(e));
};
