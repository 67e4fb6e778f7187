// Sign-in with a username and password (POST /api/v1/auth/authority-sessions); the token goes to
// sessionStorage. A wrong password is 401 auth.password, shown with its code.
import { api } from '../../shared/api';
import { t } from '../i18n';
import { apiBase, busy, field, h, saveSession, type Account, type View } from '../session';

export const signInView: View = (app) => {
  const s = t();
  const username = h('input', {
    type: 'text',
    'data-testid': 'username',
    autocomplete: 'username',
    maxlength: 32,
    autocapitalize: 'none',
    spellcheck: 'false',
    required: true,
  });
  const password = h('input', {
    type: 'password',
    'data-testid': 'password',
    autocomplete: 'current-password',
    maxlength: 256,
    required: true,
  });
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'sign-in' }, s.signIn);
  const form = h(
    'form',
    { class: 'signin', 'data-testid': 'signin-form' },
    h('p', { class: 'hint' }, s.signInHint),
    field(s.username, username),
    field(s.password, password),
    h('div', { class: 'actions' }, submit),
  );
  form.onsubmit = (ev) => {
    ev.preventDefault();
    void busy(app, submit, async () => {
      const r = await api<{ token: string; expiresAt: number; account: Account }>(
        { base: apiBase() },
        'POST',
        'api/v1/auth/authority-sessions',
        { username: username.value.trim(), password: password.value },
      );
      password.value = '';
      saveSession({ token: r.token, expiresAt: r.expiresAt, account: r.account });
      app.session = { token: r.token, expiresAt: r.expiresAt, account: r.account };
      app.go({ name: 'lookup' });
    });
  };
  app.root.replaceChildren(h('div', { class: 'narrow' }, h('h2', {}, s.signInTitle), form));
  username.focus();
};
