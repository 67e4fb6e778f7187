// The citizen page's words, zh-CN (default) and English. Server errors are shown as a sentence here plus
// the server's stable code and message.
import { signInEn, signInZh } from '../console/signin';
import { describeServerError, serverErrorsEn, serverErrorsZh } from '../server-errors';

export type Locale = 'zh-CN' | 'en';

const zh = {
  title: '我的健康码',
  skip: '跳到主要内容',
  language: 'English',
  signIn: '登录',
  signOut: '退出登录',
  navCode: '我的码',
  navDeclare: '健康申报',
  ...signInZh,
  signInHint: '用手机号登录，首次登录即注册。',
  identityTitle: '实名信息',
  identityHint: '填写后不能更改为其他身份证号。信息加密保存，只显示打码后的内容。',
  name: '姓名',
  idNumber: '身份证号',
  nameMissing: '请填写姓名（最多 64 个字符）',
  idInvalid: '身份证号校验失败（GB 11643）',
  save: '保存',
  declareTitle: '健康申报',
  declareHint: '如实申报；申报只能提高码的风险等级，降低须由卫生部门处理。',
  symptomsLegend: '近 14 天是否有以下症状',
  symptoms: {
    fever: '发热', cough: '咳嗽', fatigue: '乏力', 'sore-throat': '咽痛', 'loss-of-smell': '嗅觉减退',
    'shortness-of-breath': '呼吸困难', diarrhea: '腹泻',
  } as Record<string, string>,
  feverNow: '目前发热（≥37.3 ℃）',
  contact: '接触过确诊或疑似病例',
  highRisk: '近 14 天到过中高风险地区',
  regions: '近 14 天到过的地区代码（6 位，用逗号分隔，可不填）',
  regionsInvalid: '地区代码应为 6 位数字，最多 20 个',
  submit: '提交申报',
  declared: (status: string) => `已申报：${status}`,
  codeTitle: '我的健康码',
  refresh: '刷新',
  declareAgain: '重新申报',
  validUntil: '有效至',
  refreshing: '正在刷新…',
  codeExpired: '此码已过期，正在刷新…',
  codeAlt: (status: string) => `健康码二维码，${status}`,
  statusWord: { green: '绿码', yellow: '黄码', orange: '橙码', red: '红码', revoked: '已作废' } as Record<string, string>,
  statusHint: {
    green: '可正常通行', yellow: '暂不能进入公共场所，请按要求进行核酸检测', orange: '请居家医学观察',
    red: '严格管控人员，请联系所在社区', revoked: '此码已作废',
  } as Record<string, string>,

  // The console: tabs, self check-in, my check-ins, proxies, risk notices.
  tabs: '功能',
  navScan: '扫码登记',
  navCheckins: '行程',
  navProxies: '家人代办',
  navRisk: '风险提示',
  scanTitle: '扫场所码登记',
  scanHint: '扫描场所入口张贴的场所码即完成登记，然后向工作人员出示确认页面：出示和登记一步完成。',
  startCamera: '打开摄像头扫码',
  stopCamera: '关闭摄像头',
  cameraStarting: '正在打开摄像头…',
  cameraOn: '请将场所码放入取景框内',
  cameraOff: (why: string) => `无法使用摄像头（${why}）。可在下方粘贴或输入场所码文字。`,
  cameraLabel: '摄像头取景',
  pasteLabel: '粘贴或输入场所码文字（以 GL1: 开头，或包含 #GL1: 的链接）',
  pasteSubmit: '登记',
  pasteInvalid: '这不是场所码文字：应以 GL1: 开头，或是包含 #GL1: 的链接',
  companionsLegend: '同行人一起登记',
  companionsNone: '还没有代办的家人，可在“家人代办”中添加。',
  companionOther: '其他同行人（没有代办码）',
  companionPhone: '手机号（可不填）',
  companionAdd: '加入同行人',
  companionRemove: (name: string) => `移除 ${name}`,
  companionsMax: '最多 10 位同行人',
  checkingIn: '正在登记…',
  checkedIn: '登记成功',
  checkinTime: '登记时间',
  showStaff: '请向工作人员出示此页面',
  withCompanions: '同行登记：',
  done: '完成',
  checkinsTitle: '我的行程记录',
  checkinsHint: '在场所扫码登记或被查验扫码的记录（保留 28 天）。',
  checkinsEmpty: '暂无登记记录',
  loadMore: '加载更多',
  method: { 'self-scan': '自助扫码登记', 'inspector-scan': '查验员扫码', manual: '人工登记' } as Record<string, string>,
  decision: { admit: '通过', deny: '未通过', refer: '需复核' } as Record<string, string>,
  companionFlag: '同行登记',
  proxiesTitle: '家人代办码',
  proxiesHint: '为没有手机的家人生成可打印的代办码（180 天有效），您是其紧急联系人。',
  proxiesEmpty: '还没有代办码',
  addProxy: '添加家人',
  proxyPhone: '家人手机号（可不填）',
  createProxy: '生成代办码',
  proxyCreated: (name: string) => `已为 ${name} 生成代办码，请打印卡片交给 TA。`,
  proxyRegenerated: (name: string) => `已为 ${name} 重新生成代办码，旧码已作废，请重新打印。`,
  proxyRevoked: (name: string) => `${name} 的代办码已作废。`,
  showTheirs: '出示 TA 的码',
  printCard: '打印卡片',
  regenerate: '重新生成',
  revoke: '作废',
  revokedAt: '已作废',
  issuedOn: '发放',
  expiresOn: '有效至',
  confirmRevoke: (name: string) => `确定作废 ${name} 的代办码吗？作废后此码不能再使用。`,
  confirmRegenerate: (name: string) => `为 ${name} 重新生成代办码吗？旧码将作废，需重新打印。`,
  cancel: '取消',
  confirm: '确定',
  close: '关闭',
  theirCode: (name: string) => `${name} 的代办码`,
  proxyCodeAlt: (name: string, status: string) => `${name} 的代办码二维码，${status}`,
  riskTitle: '风险场所比对',
  riskHint: '卫生部门公布确诊病例到过的场所和时段，本机把它与您的行程记录比对；不会向服务器发送您的任何信息。',
  riskNone: '未发现与风险场所时空重合的行程',
  riskMatch: (n: number) => `您有 ${n} 条行程与风险场所时空重合`,
  riskAdvice: '请立即向所在社区或单位报告，居家等待通知，做好个人防护并尽快进行核酸检测；出现发热、咳嗽等症状请及时就医，途中不要乘坐公共交通。',
  riskWindow: '风险时段：',
  yourVisit: '您的到访：',
  riskUpdated: (when: string, n: number) => `风险信息更新于 ${when}，共 ${n} 个风险时段`,
  riskUnavailable: '暂时无法获取风险场所信息',
  riskCheckNow: '重新比对',
  riskAlertOpen: '查看风险提示',
  errors: serverErrorsZh,
};

type Strings = typeof zh;

const en: Strings = {
  title: 'My health code',
  skip: 'Skip to content',
  language: '中文',
  signIn: 'Sign in',
  signOut: 'Sign out',
  navCode: 'My code',
  navDeclare: 'Declare',
  ...signInEn,
  signInHint: 'Sign in with your mobile number; the first sign-in registers you.',
  identityTitle: 'Real-name details',
  identityHint: 'Once saved they cannot be changed to another ID number. Stored encrypted; only shown masked.',
  name: 'Name',
  idNumber: 'ID number',
  nameMissing: 'Enter your name (at most 64 characters)',
  idInvalid: 'ID number fails its check digit (GB 11643)',
  save: 'Save',
  declareTitle: 'Health declaration',
  declareHint: 'Declare truthfully; a declaration can only raise your code’s risk level, only the health authority lowers it.',
  symptomsLegend: 'Symptoms in the last 14 days',
  symptoms: {
    fever: 'Fever', cough: 'Cough', fatigue: 'Fatigue', 'sore-throat': 'Sore throat', 'loss-of-smell': 'Loss of smell',
    'shortness-of-breath': 'Shortness of breath', diarrhea: 'Diarrhoea',
  },
  feverNow: 'Fever now (≥ 37.3 °C)',
  contact: 'Contact with a confirmed or suspected case',
  highRisk: 'Visited a medium or high risk area in the last 14 days',
  regions: 'Region codes visited in the last 14 days (6 digits, comma separated, optional)',
  regionsInvalid: 'Region codes are 6 digits, at most 20',
  submit: 'Submit declaration',
  declared: (status: string) => `Declared: ${status}`,
  codeTitle: 'My health code',
  refresh: 'Refresh',
  declareAgain: 'Declare again',
  validUntil: 'Valid until',
  refreshing: 'Refreshing…',
  codeExpired: 'This code has expired: refreshing…',
  codeAlt: (status: string) => `Health code QR, ${status}`,
  statusWord: { green: 'Green', yellow: 'Yellow', orange: 'Orange', red: 'Red', revoked: 'Revoked' },
  statusHint: {
    green: 'You may enter', yellow: 'Public places closed to you for now: get tested as required', orange: 'Stay home under medical observation',
    red: 'Strictly controlled: contact your community', revoked: 'This code has been revoked',
  },

  tabs: 'Menu',
  navScan: 'Check in',
  navCheckins: 'Visits',
  navProxies: 'Family',
  navRisk: 'Risk',
  scanTitle: 'Check in with a place code',
  scanHint: 'Scan the place code posted at the entrance to check in, then show the confirmation to staff: showing and registering in one step.',
  startCamera: 'Scan with the camera',
  stopCamera: 'Stop the camera',
  cameraStarting: 'Starting the camera…',
  cameraOn: 'Hold the place code inside the frame',
  cameraOff: (why: string) => `The camera is unavailable (${why}). Paste or type the place code text below.`,
  cameraLabel: 'Camera view',
  pasteLabel: 'Paste or type the place code text (starting GL1:, or a link containing #GL1:)',
  pasteSubmit: 'Check in',
  pasteInvalid: 'That is not a place code text: it starts with GL1: or is a link containing #GL1:',
  companionsLegend: 'Check in companions too',
  companionsNone: 'No family proxy codes yet: add them under “Family”.',
  companionOther: 'Other companions (without a proxy code)',
  companionPhone: 'Mobile number (optional)',
  companionAdd: 'Add companion',
  companionRemove: (name: string) => `Remove ${name}`,
  companionsMax: 'At most 10 companions',
  checkingIn: 'Checking in…',
  checkedIn: 'Checked in',
  checkinTime: 'Checked in at',
  showStaff: 'Show this screen to staff',
  withCompanions: 'Companions checked in: ',
  done: 'Done',
  checkinsTitle: 'My check-ins',
  checkinsHint: 'Places you checked in at, or where staff scanned your code (kept 28 days).',
  checkinsEmpty: 'No check-ins yet',
  loadMore: 'Load more',
  method: { 'self-scan': 'Self check-in', 'inspector-scan': 'Scanned by staff', manual: 'Registered by hand' },
  decision: { admit: 'Admitted', deny: 'Refused', refer: 'Referred' },
  companionFlag: 'As a companion',
  proxiesTitle: 'Family proxy codes',
  proxiesHint: 'Printable proxy codes (valid 180 days) for relatives without a phone; you are their emergency contact.',
  proxiesEmpty: 'No proxy codes yet',
  addProxy: 'Add a family member',
  proxyPhone: 'Their mobile number (optional)',
  createProxy: 'Create proxy code',
  proxyCreated: (name: string) => `Proxy code created for ${name}: print the card and give it to them.`,
  proxyRegenerated: (name: string) => `New proxy code for ${name}; the old one is revoked: print the card again.`,
  proxyRevoked: (name: string) => `The proxy code of ${name} is revoked.`,
  showTheirs: 'Show their code',
  printCard: 'Print card',
  regenerate: 'Regenerate',
  revoke: 'Revoke',
  revokedAt: 'Revoked',
  issuedOn: 'Issued',
  expiresOn: 'Valid until',
  confirmRevoke: (name: string) => `Revoke the proxy code of ${name}? It can no longer be used.`,
  confirmRegenerate: (name: string) => `Make a new proxy code for ${name}? The old one is revoked and the card must be printed again.`,
  cancel: 'Cancel',
  confirm: 'Confirm',
  close: 'Close',
  theirCode: (name: string) => `Proxy code of ${name}`,
  proxyCodeAlt: (name: string, status: string) => `Proxy code QR of ${name}, ${status}`,
  riskTitle: 'Venue risk check',
  riskHint: 'The health authority publishes places and times visited by confirmed cases; this phone compares them with your check-ins. Nothing about you is sent to the server.',
  riskNone: 'No match: none of your visits overlaps a risk notice',
  riskMatch: (n: number) => `${n} of your visits overlap a risk notice`,
  riskAdvice: 'Report to your community or employer now and stay home until contacted; wear a mask and get tested soon. If you have a fever or a cough see a doctor, and do not take public transport there.',
  riskWindow: 'Risk period: ',
  yourVisit: 'Your visit: ',
  riskUpdated: (when: string, n: number) => `Risk notices updated ${when}; ${n} risk periods`,
  riskUnavailable: 'Risk notices are unavailable for now',
  riskCheckNow: 'Check again',
  riskAlertOpen: 'See the risk notice',
  errors: serverErrorsEn,
};

const tables: Record<Locale, Strings> = { 'zh-CN': zh, en };
const KEY = 'greenlight-citizen-locale';
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
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-label]')) {
    const v = s[el.dataset.i18nLabel!];
    if (typeof v === 'string') el.setAttribute('aria-label', v);
  }
  document.title = `Greenlight ${t().title}`;
}

/** A sentence for an error, then the server's code and message. */
export function describeError(e: unknown): string {
  const s = t();
  // A place code that does not verify: the engine's codes (docs/format.md) not named in the table.
  return describeServerError(s.errors, e, (code) =>
    /^(format|cbor|cose|crypto|time|trust|credential)\./.test(code) ? s.errors['checkin.not_place_code'] : undefined);
}
