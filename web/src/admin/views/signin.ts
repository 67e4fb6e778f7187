// Sign-in, as on the citizen page (../../console/signin.ts): phone → SMS code → 6 digits.
import { drawSignIn } from '../../console/signin';
import { t } from '../i18n';
import { busy, saveSession, type View } from '../session';

export const signInView: View = (app) =>
  drawSignIn({
    root: app.root,
    strings: t(),
    busy: (button, fn) => busy(app, button, fn),
    async signedIn(session) {
      saveSession({ token: session.token, expiresAt: session.expiresAt });
      app.me = session.me;
      await app.go();
    },
    phoneType: 'tel',
    formClass: 'narrow',
  });
