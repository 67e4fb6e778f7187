// Names for administrative division codes (GB/T 2260), for people: the 34 provincial-level divisions by the
// code's first two digits. A 6-digit code is shown as "广东省 440902" / "Guangdong 440902"; the code stays
// in full (the name only says where it is), and an unknown prefix is shown as the code alone.
import type { Locale } from './i18n';

const PROVINCES: Record<string, [string, string]> = {
  '11': ['北京市', 'Beijing'],
  '12': ['天津市', 'Tianjin'],
  '13': ['河北省', 'Hebei'],
  '14': ['山西省', 'Shanxi'],
  '15': ['内蒙古自治区', 'Inner Mongolia'],
  '21': ['辽宁省', 'Liaoning'],
  '22': ['吉林省', 'Jilin'],
  '23': ['黑龙江省', 'Heilongjiang'],
  '31': ['上海市', 'Shanghai'],
  '32': ['江苏省', 'Jiangsu'],
  '33': ['浙江省', 'Zhejiang'],
  '34': ['安徽省', 'Anhui'],
  '35': ['福建省', 'Fujian'],
  '36': ['江西省', 'Jiangxi'],
  '37': ['山东省', 'Shandong'],
  '41': ['河南省', 'Henan'],
  '42': ['湖北省', 'Hubei'],
  '43': ['湖南省', 'Hunan'],
  '44': ['广东省', 'Guangdong'],
  '45': ['广西壮族自治区', 'Guangxi'],
  '46': ['海南省', 'Hainan'],
  '50': ['重庆市', 'Chongqing'],
  '51': ['四川省', 'Sichuan'],
  '52': ['贵州省', 'Guizhou'],
  '53': ['云南省', 'Yunnan'],
  '54': ['西藏自治区', 'Xizang'],
  '61': ['陕西省', 'Shaanxi'],
  '62': ['甘肃省', 'Gansu'],
  '63': ['青海省', 'Qinghai'],
  '64': ['宁夏回族自治区', 'Ningxia'],
  '65': ['新疆维吾尔自治区', 'Xinjiang'],
  '71': ['台湾省', 'Taiwan'],
  '81': ['香港特别行政区', 'Hong Kong'],
  '82': ['澳门特别行政区', 'Macao'],
};

/** The provincial-level division's name for a code's first two digits, or null. */
export function provinceName(code: string, locale: Locale): string | null {
  const p = PROVINCES[code.slice(0, 2)];
  return p ? p[locale === 'en' ? 1 : 0] : null;
}

/** "广东省 440902" (or the code alone when its province is unknown). */
export function regionLabel(code: string, locale: Locale): string {
  const name = provinceName(code, locale);
  return name ? `${name} ${code}` : code;
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A UTC epoch day (floor(epoch seconds / 86400)) as "12月4日" / "4 Dec". */
export function epochDayLabel(day: number, locale: Locale): string {
  const d = new Date(day * 86400000);
  return locale === 'en'
    ? `${d.getUTCDate()} ${MONTHS_EN[d.getUTCMonth()]}`
    : `${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/** A UTC epoch day as "2026-12-04". */
export const epochDayIso = (day: number): string => new Date(day * 86400000).toISOString().slice(0, 10);
