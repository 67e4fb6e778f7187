// The venue-admin console's words, zh-CN (default) and English. Server errors are shown as a sentence
// (the shared table in ../server-errors.ts) followed by the server's stable code and message.
import { signInEn, signInZh } from '../console/signin';
import { describeServerError, serverErrorsEn, serverErrorsZh } from '../server-errors';

export type Locale = 'zh-CN' | 'en';

/** The GL1 place categories (docs/format.md, engine/src/credential/vocabulary.cpp), in the server's order. */
export const CATEGORIES = [
  'mall', 'market', 'supermarket', 'shop', 'restaurant', 'hotel', 'school', 'training', 'bank', 'hospital', 'elderly-care',
  'transport', 'station', 'vehicle', 'office', 'factory', 'residential', 'government', 'religious', 'tourism',
  'entertainment', 'sports', 'bath', 'beauty', 'other',
] as const;

/** The count columns of every statistics row (docs/api.md, Statistics), in display order. */
export const COUNT_KEYS = ['visits', 'admitted', 'denied', 'referred', 'fever', 'manual', 'selfScan'] as const;
export type CountKey = (typeof COUNT_KEYS)[number];

const zh = {
  title: '场所管理',
  skip: '跳到主要内容',
  language: 'English',
  signIn: '登录',
  signOut: '退出登录',
  navPlace: '场所',
  navStats: '统计',
  ...signInZh,
  signInHint: '场所管理员用手机号登录，首次登录即注册。',
  // create
  createTitle: '登记场所',
  createHint: '此账号还没有管理的场所。登记后你将成为该场所唯一的管理员。',
  placeName: '场所名称',
  address: '地址',
  region: '行政区划代码（6 位）',
  category: '场所类别',
  chooseCategory: '请选择',
  create: '登记场所',
  nameInvalid: '场所名称为 1–100 个字符',
  addressInvalid: '地址为 1–200 个字符',
  regionInvalid: '行政区划代码应为 6 位数字',
  categoryInvalid: '请选择场所类别',
  created: (name: string) => `已登记场所「${name}」`,
  categories: {
    mall: '商场', market: '农贸市场', supermarket: '超市', shop: '商店', restaurant: '餐饮', hotel: '酒店宾馆', school: '学校',
    training: '培训机构', bank: '银行', hospital: '医院', 'elderly-care': '养老机构', transport: '交通运输', station: '车站',
    vehicle: '交通工具', office: '办公场所', factory: '工厂', residential: '居民小区', government: '机关单位', religious: '宗教场所',
    tourism: '旅游景区', entertainment: '娱乐场所', sports: '体育场馆', bath: '洗浴场所', beauty: '美容美发', other: '其他',
  } as Record<string, string>,
  // place
  details: '场所信息',
  placeId: '场所编号',
  createdAt: '登记时间',
  placeCode: '场所码链接',
  poster: '场所码海报',
  posterHint: '打印后张贴在入口处，市民扫码即可登记到访。',
  posterAlt: (name: string) => `「${name}」的场所码海报`,
  posterLoading: '正在加载海报…',
  print: '打印海报',
  downloadPng: '下载二维码 PNG',
  openSvg: '打开海报 SVG',
  declaration: '核验员申报码',
  declarationHint: '核验员在检查点页面输入此码即可绑定本场所。请只告诉本场所的工作人员。',
  rotate: '更换申报码',
  rotateConfirm: '更换后旧申报码立即失效（已绑定的核验员不受影响）。确定更换吗？',
  rotated: '申报码已更换',
  inspectors: '核验员',
  inspectorsEmpty: '还没有核验员。',
  inspectorName: '姓名',
  boundAt: '绑定时间',
  actions: '操作',
  unbind: '解除绑定',
  unbindConfirm: (who: string) => `解除 ${who} 的绑定吗？对方将不能再以本场所名义上传核验记录。`,
  unbound: (who: string) => `已解除 ${who} 的绑定`,
  checkpoints: '检查点',
  checkpointsEmpty: '还没有检查点。',
  checkpointName: '检查点名称（如：南门）',
  addCheckpoint: '添加检查点',
  checkpointInvalid: '检查点名称为 1–64 个字符',
  remove: '删除',
  removeConfirm: (name: string) => `删除检查点「${name}」吗？已有的核验记录保留。`,
  transfer: '转让管理权',
  transferHint: '把本场所交给另一个手机号管理。对方须已登录过一次，且没有管理其他场所。转让后你将不能再管理本场所。',
  transferPhone: '新管理员手机号',
  transferButton: '转让',
  transferConfirm: (phone: string) => `确定把本场所的管理权转让给 ${phone} 吗？此操作不能由你撤销。`,
  transferred: (phone: string) => `已把管理权转让给 ${phone}`,
  confirm: '确定',
  cancel: '取消',
  unnamed: '（未实名）',
  loading: '正在加载…',
  // statistics
  statsTitle: '到访统计',
  groupBy: '统计粒度',
  byHour: '按小时',
  byDay: '按天',
  range: '时间范围',
  ranges: { h24: '最近 24 小时', h72: '最近 3 天', d7: '最近 7 天', d14: '最近 14 天', d30: '最近 30 天', d90: '最近 90 天' } as Record<string, string>,
  refresh: '刷新',
  exportCsv: '导出 CSV',
  period: (from: string, to: string, tz: string) => `${from} 至 ${to}（${tz}）`,
  totals: '合计',
  counts: {
    visits: '到访', admitted: '通过', denied: '禁止', referred: '复核', fever: '发热', manual: '手工登记', selfScan: '自助扫码',
  } as Record<CountKey, string>,
  perHour: '每小时到访',
  perDay: '每日到访',
  chartSummary: (n: number, total: number, max: number, at: string) =>
    n === 0 ? '此时间段没有到访记录。' : `共 ${total} 人次，${n} 个时段有记录；最多 ${max} 人次（${at}）。`,
  time: '时间',
  tableOf: (what: string) => `${what}（表格）`,
  byInspector: '按核验员',
  byCheckpoint: '按检查点',
  inspector: '核验员',
  checkpoint: '检查点',
  noCheckpoint: '（无检查点，如自助扫码）',
  noData: '此时间段没有数据。',
  csvSection: '类别',
  csvItem: '项目',
  csvTotal: '合计',
  csvHour: '小时',
  csvDay: '日期',
  exported: (file: string) => `已导出 ${file}`,
  errors: serverErrorsZh,
};

type Strings = typeof zh;

const en: Strings = {
  title: 'Venue admin',
  skip: 'Skip to content',
  language: '中文',
  signIn: 'Sign in',
  signOut: 'Sign out',
  navPlace: 'Place',
  navStats: 'Statistics',
  ...signInEn,
  signInHint: 'Place admins sign in with their mobile number; the first sign-in registers you.',
  createTitle: 'Register your place',
  createHint: 'This account administers no place yet. Registering one makes you its only admin.',
  placeName: 'Place name',
  address: 'Address',
  region: 'Region code (6 digits)',
  category: 'Category',
  chooseCategory: 'Choose…',
  create: 'Register place',
  nameInvalid: 'The name is 1–100 characters',
  addressInvalid: 'The address is 1–200 characters',
  regionInvalid: 'The region code is 6 digits',
  categoryInvalid: 'Choose a category',
  created: (name: string) => `Registered “${name}”`,
  categories: {
    mall: 'Shopping mall', market: 'Market', supermarket: 'Supermarket', shop: 'Shop', restaurant: 'Restaurant', hotel: 'Hotel',
    school: 'School', training: 'Training centre', bank: 'Bank', hospital: 'Hospital', 'elderly-care': 'Elderly care',
    transport: 'Transport', station: 'Station', vehicle: 'Vehicle', office: 'Office', factory: 'Factory',
    residential: 'Residential', government: 'Government', religious: 'Religious site', tourism: 'Tourist site',
    entertainment: 'Entertainment', sports: 'Sports venue', bath: 'Bathhouse', beauty: 'Beauty salon', other: 'Other',
  },
  details: 'Details',
  placeId: 'Place id',
  createdAt: 'Registered',
  placeCode: 'Place code link',
  poster: 'Place code poster',
  posterHint: 'Print it and put it up at the entrance: visitors scan it to check in.',
  posterAlt: (name: string) => `Place code poster of “${name}”`,
  posterLoading: 'Loading the poster…',
  print: 'Print poster',
  downloadPng: 'Download QR PNG',
  openSvg: 'Open poster SVG',
  declaration: 'Inspector declaration code',
  declarationHint: 'Inspectors type this code on the checkpoint page to bind to this place. Tell it only to your staff.',
  rotate: 'New declaration code',
  rotateConfirm: 'The old code stops binding at once (inspectors already bound stay). Make a new code?',
  rotated: 'The declaration code was changed',
  inspectors: 'Inspectors',
  inspectorsEmpty: 'No inspectors yet.',
  inspectorName: 'Name',
  boundAt: 'Bound',
  actions: 'Actions',
  unbind: 'Unbind',
  unbindConfirm: (who: string) => `Unbind ${who}? They will no longer upload checks for this place.`,
  unbound: (who: string) => `${who} was unbound`,
  checkpoints: 'Checkpoints',
  checkpointsEmpty: 'No checkpoints yet.',
  checkpointName: 'Checkpoint name (e.g. South gate)',
  addCheckpoint: 'Add checkpoint',
  checkpointInvalid: 'A checkpoint name is 1–64 characters',
  remove: 'Remove',
  removeConfirm: (name: string) => `Remove the checkpoint “${name}”? Records already made stay.`,
  transfer: 'Transfer admin',
  transferHint: 'Hand this place to another mobile number. They must have signed in once and administer no place. Afterwards you can no longer manage it.',
  transferPhone: 'New admin’s mobile number',
  transferButton: 'Transfer',
  transferConfirm: (phone: string) => `Transfer this place to ${phone}? You cannot undo this yourself.`,
  transferred: (phone: string) => `The place was transferred to ${phone}`,
  confirm: 'Confirm',
  cancel: 'Cancel',
  unnamed: '(no real name)',
  loading: 'Loading…',
  statsTitle: 'Visit statistics',
  groupBy: 'Group by',
  byHour: 'Hour',
  byDay: 'Day',
  range: 'Period',
  ranges: { h24: 'Last 24 hours', h72: 'Last 3 days', d7: 'Last 7 days', d14: 'Last 14 days', d30: 'Last 30 days', d90: 'Last 90 days' },
  refresh: 'Refresh',
  exportCsv: 'Export CSV',
  period: (from: string, to: string, tz: string) => `${from} to ${to} (${tz})`,
  totals: 'Totals',
  counts: {
    visits: 'Visits', admitted: 'Admitted', denied: 'Denied', referred: 'Referred', fever: 'Fever', manual: 'Hand-registered', selfScan: 'Self check-in',
  },
  perHour: 'Visits per hour',
  perDay: 'Visits per day',
  chartSummary: (n: number, total: number, max: number, at: string) =>
    n === 0 ? 'No visits in this period.' : `${total} visits in ${n} periods with records; most: ${max} (${at}).`,
  time: 'Time',
  tableOf: (what: string) => `${what} (table)`,
  byInspector: 'By inspector',
  byCheckpoint: 'By checkpoint',
  inspector: 'Inspector',
  checkpoint: 'Checkpoint',
  noCheckpoint: '(no checkpoint, e.g. self check-in)',
  noData: 'No data in this period.',
  csvSection: 'Section',
  csvItem: 'Item',
  csvTotal: 'Total',
  csvHour: 'Hour',
  csvDay: 'Day',
  exported: (file: string) => `Exported ${file}`,
  errors: serverErrorsEn,
};

const tables: Record<Locale, Strings> = { 'zh-CN': zh, en };
const KEY = 'greenlight-admin-locale';
let current: Locale = localStorage.getItem(KEY) === 'en' ? 'en' : 'zh-CN';
document.documentElement.lang = current;

export const t = (): Strings => tables[current];
export const getLocale = (): Locale => current;
export function setLocale(l: Locale): void {
  current = l;
  localStorage.setItem(KEY, l);
  document.documentElement.lang = l;
}

export function applyStrings(root: ParentNode = document): void {
  const s = t() as unknown as Record<string, unknown>;
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const v = s[el.dataset.i18n!];
    if (typeof v === 'string') el.textContent = v;
  }
  document.title = `Greenlight ${t().title}`;
}

/** A sentence for an error, then the server's code and message. */
export const describeError = (e: unknown): string => describeServerError(t().errors, e);
