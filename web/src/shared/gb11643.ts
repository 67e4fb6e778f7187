// GB 11643-1999 citizen identity numbers: 17 digits and an ISO 7064 MOD 11-2 check character (0-9 or X),
// with a plausible birth date. The page only checks and masks; it never sends the number anywhere but the
// check-in queue.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function checkDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

export function isValidIdNumber(value: string): boolean {
  const id = value.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const y = Number(id.slice(6, 10)),
    m = Number(id.slice(10, 12)),
    d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  return checkDigit(id) === id[17];
}

/** 110101********123X: region kept, birth date hidden. */
export const maskIdNumber = (id: string): string =>
  id.length === 18 ? id.slice(0, 6) + '********' + id.slice(14) : '*'.repeat(id.length);
/** 138****1234 */
export const maskPhone = (p: string): string =>
  p.length === 11 ? p.slice(0, 3) + '****' + p.slice(7) : p.replace(/\d(?=\d{4})/g, '*');
/** 张* / 欧阳** : the family name's first character kept. */
export const maskName = (n: string): string => {
  const chars = [...n.trim()];
  return chars.length <= 1 ? chars.join('') : chars[0] + '*'.repeat(chars.length - 1);
};
export const isValidPhone = (p: string): boolean => /^1\d{10}$/.test(p.trim());
