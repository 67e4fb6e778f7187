// Sentences for the server's stable error codes (docs/api.md), shared by every page; each page shows the
// sentence followed by the server's code and message.
type Message = string | ((retryAfter: number) => string);

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
  'person.identity_exists': '已登记其他身份证号，不能更改',
  'person.identity_required': '请先填写实名信息',
  'person.declaration_required': '请先进行健康申报',
  'place.declaration_code': '没有场所使用此申报码',
  'place.not_found': '找不到该场所',
  'checkpoint.invalid': '检查点名称无效',
  'request.invalid': '请求无效',
  'storage.unavailable': '服务器暂时不可用，请稍后再试',
  'server.internal': '服务器内部错误',
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
  'person.identity_exists': 'Another ID number is already registered: it cannot be changed',
  'person.identity_required': 'Enter your real-name details first',
  'person.declaration_required': 'Make a health declaration first',
  'place.declaration_code': 'No place has this declaration code',
  'place.not_found': 'No such place',
  'checkpoint.invalid': 'Invalid checkpoint name',
  'request.invalid': 'Invalid request',
  'storage.unavailable': 'The server is unavailable: try again later',
  'server.internal': 'Server error',
};
