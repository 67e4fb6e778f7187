// Health declaration: POST /api/v1/me/declarations (symptoms, fever, contact, travel).
import { ApiError } from '../../shared/api';
import { t } from '../i18n';
import { busy, call, h, type View } from '../session';

export const SYMPTOMS = [
  'fever',
  'cough',
  'fatigue',
  'sore-throat',
  'loss-of-smell',
  'shortness-of-breath',
  'diarrhea',
] as const;

const check = (id: string, label: string) => {
  const input = h('input', { type: 'checkbox', id, 'data-testid': id });
  return { input, label: h('label', { class: 'check', for: id }, input, label) };
};

export const declarationView: View = (app) => {
  const s = t();
  const symptoms = SYMPTOMS.map((k) => ({ k, ...check(`symptom-${k}`, s.symptoms[k]) }));
  const fever = check('fever-now', s.feverNow);
  const contact = check('contact', s.contact);
  const highRisk = check('high-risk', s.highRisk);
  const regions = h('input', { id: 'regions', 'data-testid': 'regions', inputmode: 'numeric', autocomplete: 'off' });
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'submit-declaration' }, s.submit);
  const form = h(
    'form',
    { 'data-testid': 'declaration-form' },
    h('p', { class: 'hint' }, s.declareHint),
    h('fieldset', {}, h('legend', {}, s.symptomsLegend), ...symptoms.map((x) => x.label)),
    fever.label,
    contact.label,
    highRisk.label,
    h('label', { for: 'regions' }, s.regions, regions),
    submit,
  );
  form.onsubmit = (ev) => {
    ev.preventDefault();
    void busy(app, submit, async () => {
      const list = regions.value.split(/[\s,，、]+/).filter(Boolean);
      if (list.length > 20 || !list.every((r) => /^\d{6}$/.test(r)))
        throw new ApiError('request.invalid', s.regionsInvalid, 400);
      await call('POST', 'api/v1/me/declarations', {
        symptoms: symptoms.filter((x) => x.input.checked).map((x) => x.k),
        fever: fever.input.checked,
        contactWithCase: contact.input.checked,
        travel: { highRiskArea: highRisk.input.checked, regions: list },
      });
      await app.go('code');
    });
  };
  app.root.replaceChildren(h('h2', {}, s.declareTitle), form);
  symptoms[0].input.focus();
};
