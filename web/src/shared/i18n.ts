// The pages' language kit: zh-CN (default) or English. The consoles' switch remembers the language under
// the console's own key in localStorage and sets <html lang>; applyStrings (fillStrings) fills [data-i18n]
// texts and [data-i18n-label] labels.
export type Locale = 'zh-CN' | 'en';

export function localeTables<S extends { title: string }>(key: string, tables: Record<Locale, S>) {
  let current: Locale = localStorage.getItem(key) === 'en' ? 'en' : 'zh-CN';
  document.documentElement.lang = current;
  const t = (): S => tables[current];
  return {
    t,
    getLocale: (): Locale => current,
    setLocale(l: Locale): void {
      current = l;
      localStorage.setItem(key, l);
      document.documentElement.lang = l;
    },
    applyStrings(root: ParentNode = document): void {
      fillStrings(root, t());
      document.title = `Greenlight ${t().title}`;
    },
  };
}

/**
 * Fills [data-i18n] elements with their string and gives [data-i18n-label] ones theirs as aria-label
 * (and as title, a tooltip, with `labelTitles`: the checkpoint's icon buttons).
 */
export function fillStrings(root: ParentNode, strings: object, labelTitles = false): void {
  const s = strings as Record<string, unknown>;
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const v = s[el.dataset.i18n!];
    if (typeof v === 'string') el.textContent = v;
  }
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-label]')) {
    const v = s[el.dataset.i18nLabel!];
    if (typeof v !== 'string') continue;
    el.setAttribute('aria-label', v);
    if (labelTitles) el.title = v;
  }
}
