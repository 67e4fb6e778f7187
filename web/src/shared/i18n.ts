// The consoles' language switch: zh-CN (default) or English, remembered under the console's own key in
// localStorage, set as <html lang>; applyStrings fills [data-i18n] texts and [data-i18n-label] labels.
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
      const s = t() as unknown as Record<string, unknown>;
      for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
        const v = s[el.dataset.i18n!];
        if (typeof v === 'string') el.textContent = v;
      }
      for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-label]')) {
        const v = s[el.dataset.i18nLabel!];
        if (typeof v === 'string') el.setAttribute('aria-label', v);
      }
      document.title = `Greenlight ${t().title}`;
    },
  };
}
