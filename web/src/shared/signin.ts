// Sign-in by SMS code, shared by the citizen page and the venue-admin console: phone → SMS code
// (POST /api/v1/auth/otp) → 6 digits (POST /api/v1/auth/sessions). The form's submit button makes Enter in
// either field sign in. Each console passes its words (its own hint), its busy() and where to keep the token;
// once signed in, app.me is the new account and app.go() shows the view it needs.
import { ApiError, createSession, requestOtp, type Me } from './api';
import { isValidPhone } from './gb11643';
import { h } from './dom';
import { apiBase, type StoredToken } from './session';

/** The sign-in words both consoles use; each adds its own signInHint. */
export const signInZh = {
  phone: '手机号',
  requestCode: '获取验证码',
  otpCode: '短信验证码（6 位）',
  otpSent: (n: number) => `验证码已发送，${n} 秒后可重新获取`,
  otpFormat: '验证码应为 6 位数字',
  phoneInvalid: '手机号应为 11 位数字，以 1 开头',
};
export const signInEn: typeof signInZh = {
  phone: 'Mobile number',
  requestCode: 'Send code',
  otpCode: 'SMS code (6 digits)',
  otpSent: (n: number) => `Code sent; you can ask again in ${n} s`,
  otpFormat: 'The code is 6 digits',
  phoneInvalid: 'A mobile number has 11 digits and starts with 1',
};

/** What the sign-in needs of a console's App. */
export interface SignInApp {
  root: HTMLElement;
  me: Me | null;
  go(): Promise<void>;
}

export interface SignInOptions {
  strings: typeof signInZh & { signIn: string; signInHint: string };
  /** Disables the button while `fn` runs and reports its errors (the console's own busy()). */
  busy(button: HTMLButtonElement, fn: () => Promise<void>): Promise<void>;
  /** Keeps the new session's token (the console's saveSession). */
  save(s: StoredToken): void;
  /** The phone input's type attribute (none by default). */
  phoneType?: string;
  /** The form's class attribute (none by default). */
  formClass?: string;
}

/** Draws the sign-in form into app.root and focuses the phone field. */
export function drawSignIn(app: SignInApp, { strings: s, busy, save, phoneType, formClass }: SignInOptions): void {
  const phone = h('input', {
    id: 'phone',
    'data-testid': 'phone',
    type: phoneType,
    inputmode: 'tel',
    autocomplete: 'tel',
    maxlength: '11',
    required: true,
  });
  const code = h('input', {
    id: 'otp',
    'data-testid': 'otp',
    inputmode: 'numeric',
    autocomplete: 'one-time-code',
    maxlength: '6',
  });
  const send = h('button', { type: 'button', 'data-testid': 'send-otp' }, s.requestCode);
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'sign-in' }, s.signIn);
  const info = h('p', { class: 'info', role: 'status', 'data-testid': 'info' });
  send.onclick = () =>
    void busy(send, async () => {
      const p = phone.value.trim();
      if (!isValidPhone(p)) throw new ApiError('person.phone', s.phoneInvalid, 400);
      const r = await requestOtp({ base: apiBase() }, p);
      info.textContent = s.otpSent(r?.resendAfter ?? 60);
      code.focus();
    });
  const form = h(
    'form',
    { 'data-testid': 'signin-form', class: formClass },
    h('p', { class: 'hint' }, s.signInHint),
    h('div', { class: 'row' }, h('label', { for: 'phone' }, s.phone, phone), send),
    h('label', { for: 'otp' }, s.otpCode, code),
    info,
    submit,
  );
  form.onsubmit = (ev) => {
    ev.preventDefault();
    void busy(submit, async () => {
      const p = phone.value.trim();
      if (!isValidPhone(p)) throw new ApiError('person.phone', s.phoneInvalid, 400);
      if (!/^\d{6}$/.test(code.value.trim())) throw new ApiError('auth.otp', s.otpFormat, 400);
      const session = await createSession({ base: apiBase() }, p, code.value.trim());
      save({ token: session.token, expiresAt: session.expiresAt });
      app.me = session.me;
      await app.go();
    });
  };
  app.root.replaceChildren(h('h2', {}, s.signIn), form);
  phone.focus();
}
