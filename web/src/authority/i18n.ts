// The authority console's words, zh-CN (default) and English. Server errors are shown as a sentence
// (the shared table in ../server-errors, with its own word for auth.forbidden), then the server's
// stable code and message.
import { describeServerError, serverErrorsEn, serverErrorsZh, type Message } from '../server-errors';

export type Locale = 'zh-CN' | 'en';

// The shared table, but for a refused role: here it is always the missing health-authority role.
const errorsZh: Record<string, Message> = {
  ...serverErrorsZh,
  'auth.forbidden': '此账号没有卫生部门权限（须用密码登录的卫生部门账号）',
};

const errorsEn: Record<string, Message> = {
  ...serverErrorsEn,
  'auth.forbidden': 'This account has no health-authority role (sign in with an authority password account)',
};

const zh = {
  title: '卫生部门工作台',
  skip: '跳到主要内容',
  language: 'English',
  signOut: '退出登录',
  navLookup: '人员查询',
  navCases: '病例',
  navAudit: '审计日志',
  navMaintenance: '维护',
  signedInAs: (name: string) => `已登录：${name}`,
  // sign-in
  signInTitle: '卫生部门登录',
  signInHint: '仅限卫生部门工作人员。账号由服务器管理员创建；每次查询和状态变更都记入审计日志。',
  username: '用户名',
  password: '密码',
  signIn: '登录',
  signedOut: '已退出登录',
  // reasons
  reason: '事由（必填，记入审计日志）',
  reasonShort: '事由',
  reasonHint: '例如：“3 号病例密接排查”。1–200 个字符。',
  // look-up
  lookupTitle: '人员查询',
  lookupHint: '按手机号或身份证号查询。结果中的姓名和证件号已打码。',
  identifier: '手机号或身份证号',
  identifierInvalid: '请输入 11 位手机号或 18 位身份证号',
  search: '查询',
  results: '查询结果',
  noPeople: '没有找到人员',
  manualCheckins: (n: number) => `另有 ${n} 条人工登记记录使用此号码，但不属于任何已登记人员`,
  name: '姓名',
  idNumber: '身份证号',
  phone: '手机号',
  status: '状态',
  statusQ: '状态序号',
  kind: '类型',
  kinds: { account: '本人账号', proxy: '代办码' } as Record<string, string>,
  open: '查看',
  actions: '操作',
  // person
  personTitle: '人员档案',
  back: '返回',
  openedWith: (r: string) => `查看事由：${r}`,
  history: '状态历史',
  noHistory: '没有状态变更记录',
  q: '序号',
  previous: '原状态',
  source: '来源',
  sources: { declaration: '健康申报', authority: '卫生部门', case: '病例追踪', 'auto-green': '自动转绿' } as Record<string, string>,
  caseId: '病例',
  changedAt: '时间',
  actor: '操作人',
  server: '系统',
  checkins: '到访记录',
  noCheckins: '保留期内没有到访记录',
  place: '场所',
  category: '类别',
  time: '时间',
  method: '方式',
  methods: { 'inspector-scan': '检查员扫码', manual: '人工登记', 'self-scan': '自助扫码', self: '自助扫码' } as Record<string, string>,
  decision: '结果',
  decisions: { admit: '通过', deny: '禁止', refer: '复核' } as Record<string, string>,
  cases: '相关病例',
  noCases: '没有相关病例',
  role: '角色',
  roles: { case: '病例本人', close: '密切接触者', secondary: '次密切接触者' } as Record<string, string>,
  state: '状态',
  states: { open: '未确认', confirmed: '已确认' } as Record<string, string>,
  window: '传染期',
  setStatusTitle: '设置状态',
  setStatusHint: '可升可降；立即发布到状态列表，代办码随本人变化。',
  newStatus: '新状态',
  setStatus: '设置状态',
  statusSet: (word: string, seq: number) => `状态已设为${word}（状态序号 ${seq}）`,
  createCaseTitle: '为此人创建病例',
  windowStart: '传染期开始',
  windowEnd: '传染期结束',
  windowHint: '默认最近 4 天；最长 28 天，不能结束在未来。',
  note: '备注（可选，最多 500 字）',
  createCase: '创建病例',
  caseCreated: (id: string) => `已创建病例 ${id}`,
  dateInvalid: '请填写完整的日期和时间',
  // cases
  casesTitle: '病例',
  casesHint: '创建病例：先在“人员查询”中找到此人，打开档案后创建。',
  toLookup: '去人员查询',
  noCasesYet: '还没有病例',
  person: '人员',
  contacts: '接触者',
  closeShort: '密接',
  secondaryShort: '次密接',
  createdAt: '创建时间',
  reload: '刷新',
  // case
  caseTitle: (id: string) => `病例 ${id}`,
  caseInfo: '病例信息',
  createdBy: '创建人',
  confirmedAt: '确认时间',
  previewTitle: '追踪接触者（预览，不做任何更改）',
  maxDepth: '追踪深度',
  depth1: '仅密切接触者',
  depth2: '密接和次密接',
  statusFor: (role: string) => `${role}赋码`,
  preview: '计算接触者',
  viewRecord: '查看确认记录',
  timeline: '病例行程',
  noVisits: '传染期内没有到访记录',
  start: '开始',
  end: '结束',
  contactList: '接触者名单',
  noContacts: '没有接触者',
  counts: (c: number, s: number) => `密接 ${c} 人，次密接 ${s} 人`,
  exclude: '排除',
  excludeWho: (name: string) => `排除 ${name}`,
  registered: '已登记',
  unregistered: '未登记（人工登记，只能电话联系）',
  exposure: '接触时长',
  minutes: (n: number) => `${n} 分钟`,
  firstExposure: '首次接触',
  currentProposed: '当前 → 拟赋码',
  via: '接触地点',
  through: (name: string) => `经 ${name}`,
  graphTitle: '接触关系图',
  graphDesc: (c: number, s: number) => `病例与 ${c} 名密切接触者、${s} 名次密切接触者的关系`,
  graphCase: '病例',
  confirmTitle: '确认病例',
  confirmHint: '重新追踪并在一个事务内提升病例本人和接触者（不含排除者）的状态，发布状态列表和场所风险提示。确认后不能撤销或再次确认。',
  confirm: '确认并赋码',
  confirmed: (seq: number) => `已确认，状态序号 ${seq}`,
  changes: '状态变更',
  noChanges: '没有状态变更',
  summary: (u: number, r: number, e: number, n: number) => `未变更 ${u} 人，未登记 ${r} 人，已排除 ${e} 人，发布场所风险提示 ${n} 条`,
  confirmedContacts: '已确认的接触者',
  riskNotices: '场所风险提示',
  from: '从',
  to: '至',
  // audit
  auditTitle: '审计日志',
  auditHint: '所有查询、查看、追踪和状态变更。审计记录永不删除。',
  action: '操作',
  anyAction: '全部操作',
  target: '对象 ID',
  filter: '筛选',
  older: '更早的记录',
  pageSize: '每页条数',
  auditSkipped: (t: string, n: number) => `${t} 这一秒内的记录超过每页 ${n} 条，其中未显示的部分无法按时间翻页取得；请增大每页条数后重新筛选。`,
  noEntries: '没有记录',
  at: '时间',
  detail: '详情',
  actionNames: {
    'authority.add': '添加卫生部门账号', 'authority.sign_in': '登录', 'person.lookup': '查询人员', 'person.view': '查看档案',
    'status.set': '设置状态', 'status.auto_green': '自动转绿', 'case.create': '创建病例', 'case.view': '查看病例',
    'case.preview': '追踪预览', 'case.confirm': '确认病例', 'maintenance.run': '运行维护', 'retention.purge': '到期清除',
  } as Record<string, string>,
  // maintenance
  maintenanceTitle: '维护',
  maintenanceHint: '立即执行服务器定期执行的任务：删除超过保留期的到访记录和风险提示；无新接触的密接、次密接自动转为绿码。',
  runMaintenance: '立即执行维护',
  purgedCheckins: '已清除的到访记录',
  purgedNotices: '已清除的风险提示',
  purgedBefore: '清除此时间之前的记录',
  greened: '自动转绿人数',
  ranAt: '执行时间',
  categories: { mall: '商场', market: '市场', supermarket: '超市', shop: '商店', restaurant: '餐馆', hotel: '酒店', school: '学校', training: '培训机构', bank: '银行', hospital: '医院', 'elderly-care': '养老机构', transport: '公共交通', station: '车站', vehicle: '交通工具', office: '办公场所', factory: '工厂', residential: '住宅小区', government: '政府机关', religious: '宗教场所', tourism: '旅游景点', entertainment: '娱乐场所', sports: '体育场所', bath: '浴室', beauty: '美容美发', other: '其他' } as Record<string, string>,
  self: '本人',
  unregisteredContact: '未登记接触者',
  unregisteredShort: '未登记',
  statusWord: { green: '绿码', yellow: '黄码', orange: '橙码', red: '红码', revoked: '已作废' } as Record<string, string>,
  none: '—',
  errors: errorsZh,
};

type Strings = typeof zh;

const en: Strings = {
  title: 'Health authority console',
  skip: 'Skip to content',
  language: '中文',
  signOut: 'Sign out',
  navLookup: 'Look-up',
  navCases: 'Cases',
  navAudit: 'Audit log',
  navMaintenance: 'Maintenance',
  signedInAs: (name: string) => `Signed in: ${name}`,
  signInTitle: 'Health authority sign-in',
  signInHint: 'Health authority staff only. Accounts are made by the server’s administrator; every look-up and status change is audited.',
  username: 'Username',
  password: 'Password',
  signIn: 'Sign in',
  signedOut: 'Signed out',
  reason: 'Reason (required, written to the audit log)',
  reasonShort: 'Reason',
  reasonHint: 'For example “case 3 contact tracing”. 1–200 characters.',
  lookupTitle: 'Look up a person',
  lookupHint: 'By mobile number or ID number. Names and ID numbers in the results are masked.',
  identifier: 'Mobile number or ID number',
  identifierInvalid: 'Enter an 11-digit mobile number or an 18-character ID number',
  search: 'Look up',
  results: 'Results',
  noPeople: 'Nobody found',
  manualCheckins: (n: number) => `Hand registrations with this number that belong to no registered person: ${n}`,
  name: 'Name',
  idNumber: 'ID number',
  phone: 'Mobile',
  status: 'Status',
  statusQ: 'Status seq',
  kind: 'Kind',
  kinds: { account: 'Own account', proxy: 'Proxy code' },
  open: 'Open',
  actions: 'Actions',
  personTitle: 'Person record',
  back: 'Back',
  openedWith: (r: string) => `Opened for: ${r}`,
  history: 'Status history',
  noHistory: 'No status changes',
  q: 'Seq',
  previous: 'Previous',
  source: 'Source',
  sources: { declaration: 'Declaration', authority: 'Health authority', case: 'Case tracing', 'auto-green': 'Automatic green' },
  caseId: 'Case',
  changedAt: 'When',
  actor: 'By',
  server: 'Server',
  checkins: 'Check-ins',
  noCheckins: 'No check-ins within retention',
  place: 'Place',
  category: 'Category',
  time: 'Time',
  method: 'Method',
  methods: { 'inspector-scan': 'Inspector scan', manual: 'Hand registration', 'self-scan': 'Self check-in', self: 'Self check-in' },
  decision: 'Decision',
  decisions: { admit: 'Admitted', deny: 'Denied', refer: 'Referred' },
  cases: 'Cases',
  noCases: 'No cases',
  role: 'Role',
  roles: { case: 'Case', close: 'Close contact', secondary: 'Secondary contact' },
  state: 'State',
  states: { open: 'Open', confirmed: 'Confirmed' },
  window: 'Infectious window',
  setStatusTitle: 'Set status',
  setStatusHint: 'Up or down; published to the status list at once; proxy codes follow the person.',
  newStatus: 'New status',
  setStatus: 'Set status',
  statusSet: (word: string, seq: number) => `Status set to ${word} (status seq ${seq})`,
  createCaseTitle: 'Create a case for this person',
  windowStart: 'Window start',
  windowEnd: 'Window end',
  windowHint: 'Defaults to the last 4 days; at most 28 days, not ending in the future.',
  note: 'Note (optional, at most 500 characters)',
  createCase: 'Create case',
  caseCreated: (id: string) => `Case ${id} created`,
  dateInvalid: 'Enter a complete date and time',
  casesTitle: 'Cases',
  casesHint: 'To create a case, look the person up first and open their record.',
  toLookup: 'Go to look-up',
  noCasesYet: 'No cases yet',
  person: 'Person',
  contacts: 'Contacts',
  closeShort: 'close',
  secondaryShort: 'secondary',
  createdAt: 'Created',
  reload: 'Reload',
  caseTitle: (id: string) => `Case ${id}`,
  caseInfo: 'Case',
  createdBy: 'Created by',
  confirmedAt: 'Confirmed',
  previewTitle: 'Trace contacts (preview, changes nothing)',
  maxDepth: 'Depth',
  depth1: 'Close contacts only',
  depth2: 'Close and secondary',
  statusFor: (role: string) => `Status for: ${role}`,
  preview: 'Trace contacts',
  viewRecord: 'View confirmed record',
  timeline: 'Case timeline',
  noVisits: 'No visits in the window',
  start: 'Start',
  end: 'End',
  contactList: 'Contacts',
  noContacts: 'No contacts',
  counts: (c: number, s: number) => `${c} close, ${s} secondary`,
  exclude: 'Exclude',
  excludeWho: (name: string) => `Exclude ${name}`,
  registered: 'Registered',
  unregistered: 'Not registered (hand registration: reach by phone)',
  exposure: 'Exposure',
  minutes: (n: number) => `${n} min`,
  firstExposure: 'First exposure',
  currentProposed: 'Current → proposed',
  via: 'Where',
  through: (name: string) => `through ${name}`,
  graphTitle: 'Contact graph',
  graphDesc: (c: number, s: number) => `The case and its ${c} close and ${s} secondary contacts`,
  graphCase: 'Case',
  confirmTitle: 'Confirm the case',
  confirmHint: 'Traces again and, in one transaction, raises the statuses of the case and its contacts (minus those excluded), publishes the status list and venue risk notices. It cannot be undone or confirmed twice.',
  confirm: 'Confirm and assign statuses',
  confirmed: (seq: number) => `Confirmed at status seq ${seq}`,
  changes: 'Status changes',
  noChanges: 'No status changes',
  summary: (u: number, r: number, e: number, n: number) => `${u} unchanged, ${r} not registered, ${e} excluded, ${n} venue risk notices published`,
  confirmedContacts: 'Confirmed contacts',
  riskNotices: 'Venue risk notices',
  from: 'From',
  to: 'To',
  auditTitle: 'Audit log',
  auditHint: 'Every look-up, read, trace and status change. Audit rows are never purged.',
  action: 'Action',
  anyAction: 'Any action',
  target: 'Target id',
  filter: 'Filter',
  older: 'Older entries',
  pageSize: 'Per page',
  auditSkipped: (t: string, n: number) => `More than ${n} entries were written in the second ${t}: those not shown cannot be paged to by time; choose a larger page size and filter again.`,
  noEntries: 'No entries',
  at: 'When',
  detail: 'Detail',
  actionNames: {
    'authority.add': 'Authority added', 'authority.sign_in': 'Sign-in', 'person.lookup': 'Person look-up', 'person.view': 'Record read',
    'status.set': 'Status set', 'status.auto_green': 'Automatic green', 'case.create': 'Case created', 'case.view': 'Case read',
    'case.preview': 'Trace preview', 'case.confirm': 'Case confirmed', 'maintenance.run': 'Maintenance run', 'retention.purge': 'Retention purge',
  },
  maintenanceTitle: 'Maintenance',
  maintenanceHint: 'Runs now what the server runs periodically: deletes check-ins and risk notices past retention; returns contacts with no new exposure to green.',
  runMaintenance: 'Run maintenance now',
  purgedCheckins: 'Check-ins purged',
  purgedNotices: 'Risk notices purged',
  purgedBefore: 'Records before',
  greened: 'Returned to green',
  ranAt: 'Ran at',
  categories: { mall: 'Mall', market: 'Market', supermarket: 'Supermarket', shop: 'Shop', restaurant: 'Restaurant', hotel: 'Hotel', school: 'School', training: 'Training centre', bank: 'Bank', hospital: 'Hospital', 'elderly-care': 'Elderly care', transport: 'Public transport', station: 'Station', vehicle: 'Vehicle', office: 'Office', factory: 'Factory', residential: 'Residential', government: 'Government', religious: 'Religious site', tourism: 'Tourist site', entertainment: 'Entertainment', sports: 'Sports', bath: 'Bathhouse', beauty: 'Beauty salon', other: 'Other' },
  self: 'The person',
  unregisteredContact: 'an unregistered contact',
  unregisteredShort: 'not registered',
  statusWord: { green: 'Green', yellow: 'Yellow', orange: 'Orange', red: 'Red', revoked: 'Revoked' },
  none: '—',
  errors: errorsEn,
};

const tables: Record<Locale, Strings> = { 'zh-CN': zh, en };
const KEY = 'greenlight-authority-locale';
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

// ---------- formatting ----------

const pad = (n: number) => String(n).padStart(2, '0');
/** "2026-01-01 08:00" in the browser's time zone (the same numeric form in both languages). */
export function dateTime(epoch: number | null | undefined): string {
  if (epoch === null || epoch === undefined) return t().none;
  const d = new Date(epoch * 1000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
/** The value of a datetime-local input (with seconds) for an epoch time. */
export function toLocalInput(epoch: number): string {
  const d = new Date(epoch * 1000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
/** Epoch seconds from a datetime-local value (local time), or null. */
export function fromLocalInput(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return null;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
}

export const statusWord = (status: string | null | undefined): string => (status ? t().statusWord[status] ?? status : t().none);
export const word = (table: Record<string, string>, key: string | null | undefined): string => (key ? table[key] ?? key : t().none);
