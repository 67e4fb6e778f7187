// Moved to tests/support (demo-server.mjs, browser.mjs); kept for the suites that still import it from here
// (tests/web/*-console.test.mjs).
export {
  api,
  idNumber,
  newPhone,
  signInByApi,
  smsCode,
  startE2EServer,
  stopE2EServer,
} from '../support/demo-server.mjs';
export { fakeCamera } from '../support/browser.mjs';
