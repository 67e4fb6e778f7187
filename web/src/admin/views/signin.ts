// Sign-in, as on the citizen page (../../shared/signin.ts): phone → SMS code → 6 digits.
import { drawSignIn } from '../../shared/signin';
import { t } from '../i18n';
import { busy, saveSession, type View } from '../session';

export const signInView: View = (app) =>
  drawSignIn(app, {
    strings: t(),
    busy: (button, fn) => busy(app, button, fn),
    save: saveSession,
    phoneType: 'tel',
    formClass: 'narrow',
  });
