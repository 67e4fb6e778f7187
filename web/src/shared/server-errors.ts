// Sentences for the server's stable error codes (docs/api.md), one table for every page (checkpoint,
// citizen, venue admin, authority); each page shows the sentence followed by the server's code and message.
import { ApiError } from './api';

export type Message = string | ((retryAfter: number) => string);

export const serverErrorsZh: Record<string, Message> = {
  unknown: '出错了',
  network: '无法连接服务器',
  'auth.required': '登录已失效，请重新登录',
  'auth.forbidden': '没有权限',
  'auth.otp': '验证码错误或已过期',
  'auth.rate_limited': (n: number) => `尝试过于频繁，请 ${n} 秒后再试`,
  'sms.unavailable': '短信发送失败，请稍后再试',
  'person.phone': '手机号应为 11 位数字，以 1 开头',
  'person.name': '姓名无效',
  'person.id_number': '身份证号无效（GB 11643）',
  'person.identity_exists':
    '该身份证号已被其他账号登记，或本账号已登记其他身份证号。如是本人，请携带身份证到服务窗口核验',
  'person.claim_required':
    '该身份证号已登记（例如家人代办的纸质码）：请填写纸质码上的认领码，或携带身份证到服务窗口核验',
  'person.claim_invalid': '认领码与实名信息不符',
  'person.ambiguous': '有多人符合，请在查询结果中选择具体人员',
  'person.identity_required': '请先填写实名信息',
  'person.declaration_required': '请先进行健康申报',
  'place.declaration_code': '没有场所使用此申报码',
  'place.not_found': '找不到该场所',
  'checkpoint.invalid': '检查点名称无效',
  'request.invalid': '请求无效',
  'storage.unavailable': '服务器暂时不可用，请稍后再试',
  'server.internal': '服务器内部错误',
  'request.json': '请求格式错误',
  'http.not_found': '服务器没有此接口',
  // venue admin
  'place.invalid': '场所信息无效',
  'place.admin_exists': '该账号已在管理一个场所',
  'account.not_found': '没有使用此手机号的账号：对方须先登录一次',
  'inspector.not_found': '该账号不是本场所的核验员',
  'checkpoint.exists': '已有同名检查点',
  'checkpoint.not_found': '找不到该检查点',
  // citizen: proxy codes and self check-in (the engine's codes for a place code that does not verify)
  'proxy.not_found': '找不到该代办码',
  'proxy.revoked': '该代办码已作废',
  'proxy.limit': '最多可有 10 个有效的代办码',
  'proxy.identity_mismatch': '该身份证号已登记为其他姓名',
  'proxy.person_exists': '此人已登记（本人账号或纸质码）：请使用其纸质码上的认领码，或到服务窗口办理',
  'checkin.not_place_code': '这不是场所码，请扫描场所入口张贴的场所码',
  'format.prefix': '这不是场所码',
  'format.base45': '场所码内容损坏',
  'crypto.signature': '场所码签名无效',
  'time.expired': '场所码已过期',
  // health authority
  'auth.password': '用户名或密码错误',
  'audit.reason': '请填写查询事由（1–200 个字符），每次查询都会记入审计日志',
  'person.not_found': '找不到此人',
  'case.not_found': '找不到该病例',
  'case.confirmed': '该病例已确认，不能再次确认',
  'tracing.window': '传染期无效：开始须早于结束，最长 28 天，且不能结束在未来',
  'rules.invalid': '规则集无法编译（格式或规则有误）',
  'rules.limit': '规则集超出长度或嵌套限制',
  'rules.cases': '请提供至少一个示例用例：规则集须通过示例用例才能发布',
  'rules.test_failed': '有示例用例未通过，规则集未发布',
  'rules.not_found': '找不到该规则集',
  'regions.invalid': '风险地区名单有误：地区代码须为 6 位数字，级别为高或中，结束时间须晚于开始时间',
  'keys.offline_root': '根密钥离线保存，无法在此轮换密钥',
};

export const serverErrorsEn: Record<string, Message> = {
  unknown: 'Something went wrong',
  network: 'Cannot reach the server',
  'auth.required': 'Your session has ended: sign in again',
  'auth.forbidden': 'Not allowed',
  'auth.otp': 'Wrong or expired code',
  'auth.rate_limited': (n: number) => `Too many attempts: try again in ${n} s`,
  'sms.unavailable': 'The SMS could not be sent: try again later',
  'person.phone': 'A mobile number has 11 digits and starts with 1',
  'person.name': 'Invalid name',
  'person.id_number': 'Invalid ID number (GB 11643)',
  'person.identity_exists':
    'This ID number is held by another account, or this account holds another one. If it is yours, bring your ID card to a service counter',
  'person.claim_required':
    'This ID number is already registered (for example on a printed card from a relative): enter the claim code printed on the card, or bring your ID card to a service counter',
  'person.claim_invalid': 'The claim code does not match these details',
  'person.ambiguous': 'More than one person matches: choose one from the look-up results',
  'person.identity_required': 'Enter your real-name details first',
  'person.declaration_required': 'Make a health declaration first',
  'place.declaration_code': 'No place has this declaration code',
  'place.not_found': 'No such place',
  'checkpoint.invalid': 'Invalid checkpoint name',
  'request.invalid': 'Invalid request',
  'storage.unavailable': 'The server is unavailable: try again later',
  'server.internal': 'Server error',
  'request.json': 'Malformed request',
  'http.not_found': 'The server has no such endpoint',
  // venue admin
  'place.invalid': 'Invalid place details',
  'place.admin_exists': 'That account already administers a place',
  'account.not_found': 'No account has this mobile number: they must sign in once first',
  'inspector.not_found': 'That account is not an inspector here',
  'checkpoint.exists': 'A checkpoint with this name exists',
  'checkpoint.not_found': 'No such checkpoint here',
  // citizen: proxy codes and self check-in (the engine's codes for a place code that does not verify)
  'proxy.not_found': 'No such proxy code',
  'proxy.revoked': 'This proxy code is revoked',
  'proxy.limit': 'At most 10 live proxy codes',
  'proxy.identity_mismatch': 'This ID number is registered with another name',
  'proxy.person_exists':
    'This person is already registered (an account of their own or a printed card): use the claim code printed on their card, or go to a service counter',
  'checkin.not_place_code': 'That is not a place code: scan the code posted at the entrance',
  'format.prefix': 'That is not a place code',
  'format.base45': 'The place code is damaged',
  'crypto.signature': 'The place code’s signature is invalid',
  'time.expired': 'The place code has expired',
  // health authority
  'auth.password': 'Wrong username or password',
  'audit.reason': 'State a reason (1–200 characters): every look-up is written to the audit log',
  'person.not_found': 'No such person',
  'case.not_found': 'No such case',
  'case.confirmed': 'This case is already confirmed: it cannot be confirmed again',
  'tracing.window':
    'Invalid infectious window: the start must be before the end, at most 28 days, not ending in the future',
  'rules.invalid': 'The rule set does not compile (its shape or a rule is wrong)',
  'rules.limit': 'The rule set is too long or nested too deep',
  'rules.cases': 'Give at least one example case: a rule set is published only after its cases pass',
  'rules.test_failed': 'An example case failed: the rule set was not published',
  'rules.not_found': 'No such rule set',
  'regions.invalid':
    'The risk area list is invalid: region codes are 6 digits, the level high or medium, and the end after the start',
  'keys.offline_root': 'The root key is kept offline: keys cannot be rotated here',
};

/**
 * A sentence for an error from `errors` (a page's table: these, perhaps with a few of its own), then the
 * server's code and message. `fallback` words a code the table does not name.
 */
export function describeServerError(
  errors: Record<string, Message>,
  e: unknown,
  fallback?: (code: string) => Message | undefined,
): string {
  if (!(e instanceof ApiError)) return `${errors.unknown}: ${String((e as Error)?.message ?? e)}`;
  const known = errors[e.code] ?? fallback?.(e.code);
  const lead =
    (typeof known === 'function' ? known(e.retryAfter ?? 60) : known) ??
    (e.status === 401 ? errors['auth.required'] : errors.unknown);
  return e.code === 'network' ? `${lead} (${e.message})` : `${lead} (${e.code}: ${e.message})`;
}
