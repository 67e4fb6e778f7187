// Sign-in (../../shared/signin.ts): phone → SMS code (POST /api/v1/auth/otp) → 6 digits (POST /api/v1/auth/sessions).
import { drawSignIn } from '../../shared/signin';
import { t } from '../i18n';
import { busy, saveSession, type View } from '../session';

export const signInView: View = (app) =>
  drawSignIn(app, { strings: t(), busy: (button, fn) => busy(app, button, fn), save: saveSession });
