// Real-name details: PUT /api/v1/me/identity, with the GB 11643 check character checked here first. Someone
// who was given a printed card by a relative types the claim code printed on it (docs/security.md).
import { ApiError, type Me } from '../../shared/api';
import { isValidIdNumber } from '../../shared/gb11643';
import { t } from '../i18n';
import { busy, call, h, type View } from '../session';

export const identityView: View = (app) => {
  const s = t();
  const name = h('input', { id: 'name', 'data-testid': 'name', autocomplete: 'name', maxlength: '64' });
  const id = h('input', {
    id: 'id-number',
    'data-testid': 'id-number',
    autocomplete: 'off',
    maxlength: '18',
    autocapitalize: 'characters',
  });
  const claim = h('input', {
    id: 'claim-code',
    'data-testid': 'claim-code',
    autocomplete: 'off',
    maxlength: '20',
    autocapitalize: 'characters',
  });
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'save-identity' }, s.save);
  const form = h(
    'form',
    { 'data-testid': 'identity-form' },
    h('p', { class: 'hint' }, s.identityHint),
    h('label', { for: 'name' }, s.name, name),
    h('label', { for: 'id-number' }, s.idNumber, id),
    h('label', { for: 'claim-code' }, s.claimCode, claim),
    submit,
  );
  form.onsubmit = (ev) => {
    ev.preventDefault();
    void busy(app, submit, async () => {
      const n = name.value.trim();
      const idNumber = id.value.trim().toUpperCase();
      if (!n || [...n].length > 64) throw new ApiError('person.name', s.nameMissing, 400);
      if (!isValidIdNumber(idNumber)) throw new ApiError('person.id_number', s.idInvalid, 400);
      const claimCode = claim.value.trim();
      app.me = await call<Me>('PUT', 'api/v1/me/identity', { name: n, idNumber, ...(claimCode ? { claimCode } : {}) });
      await app.go();
    });
  };
  app.root.replaceChildren(h('h2', {}, s.identityTitle), form);
  name.focus();
};
