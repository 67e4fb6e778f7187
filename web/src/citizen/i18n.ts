// The citizen page's words, zh-CN (default) and English. Server errors are shown as a sentence here plus
// the server's stable code and message.
import { ApiError } from '../api';
import { serverErrorsEn, serverErrorsZh } from '../server-errors';

export type Locale = 'zh-CN' | 'en';

const zh = {
  title: '我的健康码',
  skip: '跳到主要内容',
  language: 'English',
  signIn: '登录',
  signOut: '退出登录',
  navCode: '我的码',
  navDeclare: '健康申报',
  phone: '手机号',
  requestCode: '获取验证码',
  otpCode: '短信验证码（6 位）',
  otpSent: (n: number) => `验证码已发送，${n} 秒后可重新获取`,
  otpFormat: '验证码应为 6 位数字',
  phoneInvalid: '手机号应为 11 位数字，以 1 开头',
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
  codeAlt: (status: string) => `健康码二维码，${status}`,
  statusWord: { green: '绿码', yellow: '黄码', orange: '橙码', red: '红码', revoked: '已作废' } as Record<string, string>,
  statusHint: {
    green: '可正常通行', yellow: '暂不能进入公共场所，请按要求进行核酸检测', orange: '请居家医学观察',
    red: '严格管控人员，请联系所在社区', revoked: '此码已作废',
  } as Record<string, string>,
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
  phone: 'Mobile number',
  requestCode: 'Send code',
  otpCode: 'SMS code (6 digits)',
  otpSent: (n: number) => `Code sent; you can ask again in ${n} s`,
  otpFormat: 'The code is 6 digits',
  phoneInvalid: 'A mobile number has 11 digits and starts with 1',
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
  codeAlt: (status: string) => `Health code QR, ${status}`,
  statusWord: { green: 'Green', yellow: 'Yellow', orange: 'Orange', red: 'Red', revoked: 'Revoked' },
  statusHint: {
    green: 'You may enter', yellow: 'Public places closed to you for now: get tested as required', orange: 'Stay home under medical observation',
    red: 'Strictly controlled: contact your community', revoked: 'This code has been revoked',
  },
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
  document.title = `Greenlight ${t().title}`;
}

/** A sentence for an error, then the server's code and message. */
export function describeError(e: unknown): string {
  const s = t();
  if (!(e instanceof ApiError)) return `${s.errors.unknown}: ${String((e as Error)?.message ?? e)}`;
  const known = s.errors[e.code];
  const lead = (typeof known === 'function' ? known(e.retryAfter ?? 60) : known) ?? (e.status === 401 ? s.errors['auth.required'] : s.errors.unknown);
  return e.code === 'network' ? `${lead} (${e.message})` : `${lead} (${e.code}: ${e.message})`;
}
