// Keyboard-wedge 2D scanners type the code and press Enter. Keys typed quickly outside form fields are
// collected; Enter hands over the text. A pause longer than `gapMs` starts a new code.
export function listenWedge(onText: (text: string) => void, gapMs = 300): () => void {
  let buffer = '';
  let last = 0;
  const handler = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement | null;
    if (
      target &&
      (target.tagName === 'INPUT' ||
        target.tagName === 'TEXTAREA' ||
        target.tagName === 'SELECT' ||
        target.isContentEditable)
    )
      return;
    if (e.ctrlKey || e.altKey || e.metaKey) return;
    const now = performance.now();
    if (now - last > gapMs) buffer = '';
    last = now;
    if (e.key === 'Enter') {
      if (buffer.length >= 4) {
        e.preventDefault();
        const text = buffer;
        buffer = '';
        onText(text);
      }
      buffer = '';
    } else if (e.key.length === 1) {
      buffer += e.key;
      if (buffer.length > 8192) buffer = '';
    }
  };
  window.addEventListener('keydown', handler, true);
  return () => window.removeEventListener('keydown', handler, true);
}
