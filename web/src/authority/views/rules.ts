// Entry rules (POST /api/v1/authority/rules): a rule set and its example cases are tested first (dryRun,
// the same check as `greenlight rules test`); Publish is offered only for the exact texts whose cases all
// passed. Starts from the built-in defaults, the rules in force or a published set, or files.
import defaultCases from '../../../../engine/core/rules/default.cases.json';
import defaultRules from '../../../../engine/core/rules/default.json';
import { apiBase } from '../../shared/session';
import { jwsPayload } from '../../shared/jws';
import { dateTime, t, word } from '../i18n';
import { busy, call, field, h, reasonInput, type Route, type View } from '../session';
import { empty, section, table } from '../ui';

interface CaseResult {
  name: string;
  pass: boolean;
  decision?: string;
  reasons?: string[];
  expected?: { decision: string; reasons?: string[] };
  error?: { code: string; message: string };
}
interface TestReport {
  published: boolean;
  seq?: number;
  rules: number;
  passed: number;
  failed: number;
  results: CaseResult[];
}
interface RuleSetEntry {
  seq: number;
  publishedAt: number;
  reason: string;
  publishedBy: { id: string; name: string | null };
  ruleIds: (string | null)[];
}
interface RulesState {
  rules: string;
  cases: string;
  tested?: { rules: string; cases: string; report: TestReport };
  history?: { ruleSets: RuleSetEntry[]; builtIn: boolean };
}

const pretty = (value: unknown) => JSON.stringify(value, null, 2);
const casesOf = (value: unknown) =>
  value && typeof value === 'object' && !Array.isArray(value) && 'cases' in value
    ? (value as { cases: unknown }).cases
    : value;

export const rulesView: View<Extract<Route, { name: 'rules' }>> = (app, route) => {
  const s = t();
  const st: RulesState = (route.state as RulesState | undefined) ?? {
    rules: pretty(defaultRules),
    cases: pretty(casesOf(defaultCases)),
  };
  route.state = st;

  const area = (testid: string, value: string) => {
    const el = h('textarea', {
      class: 'json',
      'data-testid': testid,
      spellcheck: 'false',
      autocomplete: 'off',
      rows: 18,
    });
    el.value = value;
    return el;
  };
  const rulesText = area('rules-json', st.rules);
  const casesText = area('cases-json', st.cases);
  const fileInput = (target: HTMLTextAreaElement, testid: string) => {
    const input = h('input', { type: 'file', accept: 'application/json,.json', 'data-testid': testid, class: 'file' });
    input.onchange = async () => {
      const file = input.files?.[0];
      if (!file) return;
      target.value = await file.text();
      changed();
    };
    return input;
  };
  const reason = reasonInput('rules-reason');
  const testButton = h('button', { type: 'button', 'data-testid': 'rules-test' }, s.testRules);
  const publishButton = h(
    'button',
    { type: 'submit', class: 'primary', 'data-testid': 'rules-publish' },
    s.publishRules,
  );
  const loadDefaults = h('button', { type: 'button', 'data-testid': 'rules-load-defaults' }, s.loadDefaults);
  const loadCurrent = h('button', { type: 'button', 'data-testid': 'rules-load-current' }, s.loadCurrent);
  const results = h('div', { 'data-testid': 'rules-results', 'aria-live': 'polite' });
  const history = h('div', { 'data-testid': 'rules-history' });

  // Publish stays off until the very texts on screen have passed a test.
  const testedNow = () =>
    !!st.tested &&
    st.tested.rules === rulesText.value &&
    st.tested.cases === casesText.value &&
    st.tested.report.failed === 0;
  const changed = () => {
    st.rules = rulesText.value;
    st.cases = casesText.value;
    publishButton.disabled = !testedNow();
    publishButton.title = publishButton.disabled ? s.publishNeedsTest : '';
  };
  rulesText.oninput = changed;
  casesText.oninput = changed;

  const parsed = (): { rules: unknown; cases: unknown } | null => {
    for (const [text, name] of [
      [rulesText, s.rulesJson],
      [casesText, s.casesJson],
    ] as const) {
      try {
        JSON.parse(text.value);
      } catch {
        text.setAttribute('aria-invalid', 'true');
        app.error(new Error(s.jsonInvalid(name)), text);
        return null;
      }
      text.removeAttribute('aria-invalid');
    }
    return { rules: JSON.parse(rulesText.value), cases: casesOf(JSON.parse(casesText.value)) };
  };

  const drawReport = (report: TestReport) => {
    const summary =
      report.failed === 0 ? s.testPassed(report.results.length) : s.testFailed(report.failed, report.results.length);
    results.replaceChildren(
      section(
        s.testResults,
        'rules-report',
        h(
          'p',
          {
            class: report.failed === 0 ? 'done' : 'fail',
            'data-testid': 'rules-summary',
            'data-failed': String(report.failed),
          },
          summary,
        ),
        table(
          'rules-results-table',
          s.testResults,
          [s.caseName, s.casePass, s.decision, s.ruleReasons, s.expected],
          report.results.map((r) => [
            r.name,
            h('span', { class: r.pass ? 'pass' : 'fail' }, r.pass ? s.pass : s.fail),
            r.error ? h('code', {}, r.error.code) : word(s.decisions, r.decision),
            (r.reasons ?? []).join(', ') || s.none,
            r.expected
              ? `${word(s.decisions, r.expected.decision)}${r.expected.reasons?.length ? ` (${r.expected.reasons.join(', ')})` : ''}`
              : s.none,
          ]),
          report.results.map((r) => ({ 'data-pass': String(r.pass), 'data-name': r.name })),
        ),
      ),
    );
  };

  const drawHistory = (data: { ruleSets: RuleSetEntry[]; builtIn: boolean }) => {
    history.replaceChildren(
      section(
        s.rulesHistory,
        'rules-history-section',
        data.builtIn
          ? empty(s.rulesBuiltIn, 'rules-builtin')
          : table(
              'rules-history-table',
              s.rulesHistory,
              [s.seq, s.publishedAt, s.publishedBy, s.reasonShort, s.ruleIds, ''],
              data.ruleSets.map((r) => {
                const open = h('button', { type: 'button', 'data-testid': `rules-open-${r.seq}` }, s.openRuleSet);
                open.onclick = () =>
                  void busy(app, open, async () => {
                    const one = await call<{ rules: unknown; cases: unknown }>(
                      'GET',
                      `api/v1/authority/rules/${r.seq}`,
                    );
                    rulesText.value = pretty(one.rules);
                    casesText.value = pretty(one.cases);
                    changed();
                    app.info(s.loadedRuleSet(r.seq));
                  });
                return [
                  h('span', { class: 'mono' }, String(r.seq)),
                  dateTime(r.publishedAt),
                  r.publishedBy.name ?? r.publishedBy.id,
                  r.reason,
                  h('span', { class: 'mono' }, r.ruleIds.filter(Boolean).join(', ')),
                  open,
                ];
              }),
              data.ruleSets.map((r) => ({ 'data-seq': String(r.seq) })),
            ),
      ),
    );
  };
  const loadHistory = async () => {
    st.history = await call<{ ruleSets: RuleSetEntry[]; builtIn: boolean }>('GET', 'api/v1/authority/rules');
    drawHistory(st.history);
  };

  testButton.onclick = () =>
    void busy(app, testButton, async () => {
      const body = parsed();
      if (!body) return;
      const report = await call<TestReport>('POST', 'api/v1/authority/rules', { ...body, dryRun: true });
      st.tested = { rules: rulesText.value, cases: casesText.value, report };
      drawReport(report);
      changed();
      (report.failed === 0 ? publishButton : results).focus?.();
    });

  const form = h(
    'form',
    { class: 'panel', 'data-testid': 'rules-form' },
    h('div', { class: 'actions' }, loadDefaults, loadCurrent),
    h(
      'div',
      { class: 'columns' },
      h('div', {}, field(s.rulesJson, rulesText), field(s.loadFile, fileInput(rulesText, 'rules-file'))),
      h('div', {}, field(s.casesJson, casesText), field(s.loadFile, fileInput(casesText, 'cases-file'))),
    ),
    field(s.reason, reason, s.reasonHint),
    h('div', { class: 'actions' }, testButton, publishButton),
  );
  form.onsubmit = (ev) => {
    ev.preventDefault();
    if (!testedNow()) return;
    void busy(
      app,
      publishButton,
      async () => {
        const body = parsed();
        if (!body) return;
        const report = await call<TestReport>('POST', 'api/v1/authority/rules', { ...body, reason: reason.value });
        st.tested = undefined;
        changed();
        drawReport(report);
        reason.value = '';
        app.info(s.publishedRules(report.seq ?? 0));
        await loadHistory();
      },
      reason,
    );
  };
  loadDefaults.onclick = () => {
    rulesText.value = pretty(defaultRules);
    casesText.value = pretty(casesOf(defaultCases));
    changed();
  };
  // The rules checkpoints verify against now: the payload of the served document, without what the server sets.
  loadCurrent.onclick = () =>
    void busy(app, loadCurrent, async () => {
      const res = await fetch(new URL('api/v1/documents/rules', apiBase()));
      const payload = jwsPayload<Record<string, unknown>>(await res.text());
      for (const k of ['iss', 'iat', 'exp', 'seq']) delete payload[k];
      rulesText.value = pretty(payload);
      changed();
      app.info(s.loadedCurrent);
    });

  app.root.replaceChildren(h('h2', {}, s.rulesTitle), h('p', { class: 'hint' }, s.rulesHint), form, results, history);
  changed();
  if (st.tested && st.tested.rules === rulesText.value && st.tested.cases === casesText.value)
    drawReport(st.tested.report);
  if (st.history) drawHistory(st.history);
  else void loadHistory().catch((e) => app.error(e));
};
