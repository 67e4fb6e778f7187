// Distinct sounds for admit (one high beep) and refusal (two low buzzes), refer (two mid tones), with
// vibration where the device has it. Web Audio, no audio files to cache. When the decision is spoken
// (speech.ts) the tones are left out (`tones = false`); the vibration stays.
import type { Decision } from './types';

let ctx: AudioContext | null = null;

function tone(freq: number, start: number, duration: number, type: OscillatorType): void {
  if (!ctx) return;
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.type = type;
  osc.frequency.value = freq;
  gain.gain.setValueAtTime(0.0001, ctx.currentTime + start);
  gain.gain.exponentialRampToValueAtTime(0.3, ctx.currentTime + start + 0.01);
  gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + start + duration);
  osc.connect(gain).connect(ctx.destination);
  osc.start(ctx.currentTime + start);
  osc.stop(ctx.currentTime + start + duration + 0.02);
}

/** Call from a user gesture once so browsers allow audio later. */
export function unlockAudio(): void {
  try {
    ctx ??= new AudioContext();
    if (ctx.state === 'suspended') void ctx.resume();
  } catch {
    ctx = null;
  }
}

export function signal(decision: Decision, tones = true): void {
  if (tones) playTones(decision);
  const pattern = decision === 'admit' ? [80] : decision === 'deny' ? [200, 100, 200] : [120, 80, 120];
  if ('vibrate' in navigator) navigator.vibrate(pattern);
}

function playTones(decision: Decision): void {
  try {
    ctx ??= new AudioContext();
  } catch {
    ctx = null;
  }
  if (decision === 'admit') tone(1320, 0, 0.15, 'sine');
  else if (decision === 'deny') {
    tone(220, 0, 0.25, 'square');
    tone(220, 0.32, 0.25, 'square');
  } else {
    tone(660, 0, 0.18, 'triangle');
    tone(520, 0.25, 0.18, 'triangle');
  }
}
