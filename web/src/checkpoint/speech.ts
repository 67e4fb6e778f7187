// The checkpoint speaks the decision (checkpoints are loud places): a short phrase in the page's language
// with speechSynthesis, when the browser has a voice for that language. Without one (or without
// speechSynthesis, or with speech turned off) the page plays its tones (sound.ts) instead.
import type { Locale } from './i18n';
import type { VerifyResult } from './types';

type Phrase =
  'admitGreen' | 'admit' | 'denyRed' | 'denyOrange' | 'denyYellow' | 'denyTravel' | 'deny' | 'fever' | 'refer';

const PHRASES: Record<Locale, Record<Phrase, string>> = {
  'zh-CN': {
    admitGreen: '绿码，请通行',
    admit: '请通行',
    denyRed: '红码，禁止通行',
    denyOrange: '橙码，禁止通行',
    denyYellow: '黄码，禁止通行',
    denyTravel: '行程卡带星号，禁止通行',
    deny: '禁止通行',
    fever: '请到发热门诊',
    refer: '请工作人员复核',
  },
  en: {
    admitGreen: 'Green code, go ahead',
    admit: 'Go ahead',
    denyRed: 'Red code, no entry',
    denyOrange: 'Orange code, no entry',
    denyYellow: 'Yellow code, no entry',
    denyTravel: 'Travel card starred, no entry',
    deny: 'No entry',
    fever: 'Go to the fever clinic',
    refer: 'Please wait for staff to check',
  },
};

/** What the checkpoint says for the engine's decision: the colour or reason that matters most, else the decision. */
export function phrase(result: Pick<VerifyResult, 'decision' | 'status' | 'reasons'>, locale: Locale): string {
  const p = PHRASES[locale];
  const has = (id: string) => result.reasons.some((r) => r.id === id);
  if (result.decision === 'admit') return result.status === 'green' ? p.admitGreen : p.admit;
  if (result.decision === 'refer') return has('R-FEVER') ? p.fever : p.refer;
  if (has('R-RED')) return p.denyRed;
  if (has('R-ORANGE')) return p.denyOrange;
  if (has('R-YELLOW')) return p.denyYellow;
  if (has('R-TRAVEL-HIGH')) return p.denyTravel;
  return p.deny;
}

const synth = (): SpeechSynthesis | null =>
  typeof window !== 'undefined' && 'speechSynthesis' in window && window.speechSynthesis
    ? window.speechSynthesis
    : null;

/** The voice for `locale`: one whose lang is exactly it (zh-CN, en), else one of the same language (en-US, zh-TW). */
export function voiceFor(locale: Locale): SpeechSynthesisVoice | null {
  const s = synth();
  if (!s) return null;
  let voices: SpeechSynthesisVoice[];
  try {
    voices = s.getVoices() ?? [];
  } catch {
    return null;
  }
  const norm = (lang: string) =>
    String(lang ?? '')
      .replace('_', '-')
      .toLowerCase();
  const want = locale.toLowerCase();
  const primary = want.split('-')[0];
  return (
    voices.find((v) => norm(v.lang) === want) ?? voices.find((v) => norm(v.lang).split('-')[0] === primary) ?? null
  );
}

/** Stops whatever the checkpoint is still saying (a new decision came). */
export function cancelSpeech(): void {
  try {
    synth()?.cancel();
  } catch {
    // nothing was being said
  }
}

/**
 * Says `text` in `locale` after cancelling the previous utterance. Returns false (nothing said: play the
 * tones) when there is no speechSynthesis or no voice for the language.
 */
export function speak(text: string, locale: Locale): boolean {
  const s = synth();
  cancelSpeech();
  const voice = voiceFor(locale);
  if (!s || !voice || typeof SpeechSynthesisUtterance === 'undefined') return false;
  try {
    const u = new SpeechSynthesisUtterance(text);
    u.lang = locale;
    u.voice = voice;
    u.rate = 1;
    u.volume = 1;
    s.speak(u);
    return true;
  } catch {
    return false;
  }
}
