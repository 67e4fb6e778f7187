// Interface strings in Chinese (default) and English. Reasons come from the engine in both languages;
// these are only the page's own words.
export type Locale = 'zh-CN' | 'en';

const zh = {
  title: '健康码核验',
  admit: '通过',
  deny: '禁止进入',
  refer: '人工复核',
  setupTitle: '请扫描本场所的场所码',
  setupHint: '首次使用：扫描场所张贴的场所码以设置本检查点（离线可用）',
  setupNotPlace: '这不是有效的场所码',
  placeSet: '已设置场所',
  changePlace: '更换场所',
  scanning: '请出示健康码',
  cameraOff: '摄像头不可用',
  cameraStarting: '正在打开摄像头…',
  torch: '手电筒',
  switchCamera: '切换摄像头',
  fullscreen: '全屏',
  manual: '无码登记',
  language: 'English',
  counters: '今日',
  admitted: '通过',
  denied: '禁止',
  referred: '复核',
  registered: '登记',
  queue: '待上传',
  online: '在线',
  offline: '离线',
  temperature: '体温',
  tempNormal: '体温正常',
  tempFever: '发热',
  tempRequired: '请先测量体温',
  tempClear: '清除',
  tempInvalid: '体温应在 25–45 ℃ 之间',
  name: '姓名',
  phone: '电话',
  status: '状态',
  statusGreen: '绿码',
  statusYellow: '黄码',
  statusOrange: '橙码',
  statusRed: '红码',
  statusRevoked: '已作废',
  idNumber: '身份证号',
  entryTime: '进入时间',
  save: '登记',
  cancel: '取消',
  manualSaved: '已登记',
  idInvalid: '身份证号校验失败（GB 11643）',
  phoneInvalid: '手机号应为 11 位数字',
  nameMissing: '请填写姓名',
  dataAge: '数据更新于',
  noData: '未加载数据',
  stale: '数据已过期，请联网更新',
  skew: '设备时间偏差',
  skewCorrected: '已按服务器时间校正',
  ago: (s: string) => `${s}前`,
  minutes: (n: number) => `${n} 分钟`,
  hours: (n: number) => `${n} 小时`,
  days: (n: number) => `${n} 天`,
  justNow: '刚刚',
  noConfig: '没有检查点配置：请联网后重新打开',
  configError: '配置无效',
  sync: '同步',
  synced: '已同步',
  syncFailed: '同步失败',
  tapToContinue: '点击继续扫描',
  duplicate: '重复扫码，已忽略',
  place: '场所',
  log: '记录',
  method: { 'inspector-scan': '扫码', manual: '登记' } as Record<string, string>,
};

type Strings = typeof zh;

const en: Strings = {
  title: 'Health code check',
  admit: 'Admit',
  deny: 'Entry refused',
  refer: 'Refer to staff',
  setupTitle: "Scan this venue's place code",
  setupHint: "First use: scan the place code posted at the venue to set up this checkpoint (works offline)",
  setupNotPlace: 'This is not a valid place code',
  placeSet: 'Place set',
  changePlace: 'Change place',
  scanning: 'Show your health code',
  cameraOff: 'Camera unavailable',
  cameraStarting: 'Starting the camera…',
  torch: 'Torch',
  switchCamera: 'Switch camera',
  fullscreen: 'Full screen',
  manual: 'No code: register',
  language: '中文',
  counters: 'Today',
  admitted: 'admitted',
  denied: 'denied',
  referred: 'referred',
  registered: 'registered',
  queue: 'to upload',
  online: 'online',
  offline: 'offline',
  temperature: 'Temperature',
  tempNormal: 'Normal',
  tempFever: 'Fever',
  tempRequired: 'Take the temperature first',
  tempClear: 'Clear',
  tempInvalid: 'Temperature must be 25–45 °C',
  name: 'Name',
  phone: 'Phone',
  status: 'Status',
  statusGreen: 'Green',
  statusYellow: 'Yellow',
  statusOrange: 'Orange',
  statusRed: 'Red',
  statusRevoked: 'Revoked',
  idNumber: 'ID number',
  entryTime: 'Entry time',
  save: 'Register',
  cancel: 'Cancel',
  manualSaved: 'Registered',
  idInvalid: 'ID number fails its check digit (GB 11643)',
  phoneInvalid: 'Phone must be 11 digits',
  nameMissing: 'Enter the name',
  dataAge: 'Data updated',
  noData: 'No data loaded',
  stale: 'Data is out of date: connect to update',
  skew: 'Device clock off by',
  skewCorrected: 'corrected to the server time',
  ago: (s: string) => `${s} ago`,
  minutes: (n: number) => `${n} min`,
  hours: (n: number) => `${n} h`,
  days: (n: number) => `${n} d`,
  justNow: 'just now',
  noConfig: 'No checkpoint configuration: connect and reopen',
  configError: 'Invalid configuration',
  sync: 'Sync',
  synced: 'Synced',
  syncFailed: 'Sync failed',
  tapToContinue: 'Tap to scan the next code',
  duplicate: 'Same code again: ignored',
  place: 'Place',
  log: 'Log',
  method: { 'inspector-scan': 'scan', manual: 'manual' },
};

const tables: Record<Locale, Strings> = { 'zh-CN': zh, en };
let current: Locale = 'zh-CN';

export const isLocale = (v: unknown): v is Locale => v === 'zh-CN' || v === 'en';
export function setLocale(locale: Locale): void {
  current = locale;
  document.documentElement.lang = locale;
}
export const getLocale = (): Locale => current;
export const t = (): Strings => tables[current];

/** "3 小时前" / "3 h ago" for an age in seconds. */
export function formatAge(seconds: number): string {
  const s = t();
  if (seconds < 60) return s.justNow;
  if (seconds < 3600) return s.ago(s.minutes(Math.floor(seconds / 60)));
  if (seconds < 86400 * 2) return s.ago(s.hours(Math.floor(seconds / 3600)));
  return s.ago(s.days(Math.floor(seconds / 86400)));
}

/** Fills every element with data-i18n="key" with its string. */
export function applyStrings(root: ParentNode = document): void {
  const s = t() as unknown as Record<string, unknown>;
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const v = s[el.dataset.i18n!];
    if (typeof v === 'string') el.textContent = v;
  }
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-label]')) {
    const v = s[el.dataset.i18nLabel!];
    if (typeof v === 'string') el.setAttribute('aria-label', v), el.title = v;
  }
}
