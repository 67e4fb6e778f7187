// Whether text can be read on its background, from the colours a page computed (WCAG 2 contrast ratio).

/** WCAG contrast ratio of two computed rgb() colours. */
export function contrast(fg, bg) {
  const lum = (c) => {
    const [r, g, b] = c
      .match(/\d+/g)
      .slice(0, 3)
      .map((v) => {
        const x = Number(v) / 255;
        return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
      });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}
