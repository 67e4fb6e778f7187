// Keeps the tablet awake (Screen Wake Lock, re-acquired when the page becomes visible again) and offers
// fullscreen.
let sentinel: { release(): Promise<void> } | null = null;

export async function keepAwake(): Promise<boolean> {
  const wl = (
    navigator as Navigator & { wakeLock?: { request(type: 'screen'): Promise<{ release(): Promise<void> }> } }
  ).wakeLock;
  if (!wl) return false;
  try {
    sentinel = await wl.request('screen');
    return true;
  } catch {
    return false;
  }
}

export function installWakeLock(onChange: (held: boolean) => void): void {
  const acquire = async () => onChange(await keepAwake());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void acquire();
  });
  void acquire();
}

export async function toggleFullscreen(): Promise<void> {
  try {
    if (document.fullscreenElement) await document.exitFullscreen();
    else await document.documentElement.requestFullscreen({ navigationUI: 'hide' });
  } catch {
    /* not allowed here */
  }
}

export const wakeLockHeld = (): boolean => sentinel !== null;
