// Sign-in, as on the citizen page: phone → SMS code (POST /api/v1/auth/otp) → 6 digits
// (POST /api/v1/auth/sessions). The form's submit button makes Enter in either field sign in.
import { ApiError, createSession, requestOtp } from '../../api';
import { isValidPhone } from '../../gb11643';
import { t } from '../i18n';
import { apiBase, busy, h, saveSession, type View } from '../session';

export const signInView: View = (app) => {
  const s = t();
  const phone = h('input', { id: 'phone', 'data-testid': 'phone', type: 'tel', inputmode: 'tel', autocomplete: 'tel', maxlength: '11', required: true });
  const code = h('input', { id: 'otp', 'data-testid': 'otp', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '6' });
  const send = h('button', { type: 'button', 'data-testid': 'send-otp' }, s.requestCode);
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'sign-in' }, s.signIn);
  const info = h('p', { class: 'info', role: 'status', 'data-testid': 'info' });
  send.onclick = () =>
    void busy(app, send, async () => {
      const p = phone.value.trim();
      if (!isValidPhone(p)) throw new ApiError('person.phone', s.phoneInvalid, 400);
      const r = await requestOtp({ base: apiBase() }, p);
      info.textContent = s.otpSent(r?.resendAfter ?? 60);
      code.focus();
    });
  const form = h('form', { 'data-testid': 'signin-form', class: 'narrow' },
    h('p', { class: 'hint' }, s.signInHint),
    h('div', { class: 'row' }, h('label', { for: 'phone' }, s.phone, phone), send),
    h('label', { for: 'otp' }, s.otpCode, code),
    info,
    submit);
  form.onsubmit = (ev) => {
    ev.preventDefault();
    void busy(app, submit, async () => {
      const p = phone.value.trim();
      if (!isValidPhone(p)) throw new ApiError('person.phone', s.phoneInvalid, 400);
      if (!/^\d{6}$/.test(code.value.trim())) throw new ApiError('auth.otp', s.otpFormat, 400);
      const session = await createSession({ base: apiBase() }, p, code.value.trim());
      saveSession({ token: session.token, expiresAt: session.expiresAt });
      app.me = session.me;
      await app.go();
    });
  };
  app.root.replaceChildren(h('h2', {}, s.signIn), form);
  phone.focus();
};
