// The one client message table (pure, no Taro imports): whatever the api says about bad input — class-validator's
// English ("name must be 1–40 letters…"), core's "company.registeredOn: 请填写成立日期", a rule code — reaches the
// user as Chinese naming the field, never as a field path, a rule code or English.

/** Chinese names of the api's input fields: by full path (indexes dropped) first, then by the last segment. */
export const FIELD_NAMES: Record<string, string> = {
  'company.name': '企业名称',
  'company.creditCode': '统一社会信用代码',
  'company.registeredOn': '成立日期',
  'company.legalRep': '法定代表人',
  'company.taxpayerType': '纳税人类型',
  'company.contacts.name': '联系人',
  'company.contacts.phone': '联系电话',
  'contacts.name': '联系人',
  'contacts.phone': '联系电话',
  'decisions.applicationId': '决策的申请',
  'verdicts.met': '预审结论',
  'verdicts.comment': '预审意见',
  creditCode: '统一社会信用代码',
  registeredOn: '成立日期',
  legalRep: '法定代表人',
  taxpayerType: '纳税人类型',
  phone: '联系电话',
  contact: '联系方式',
  name: '名称',
  text: '内容',
  reason: '理由',
  resolution: '处理意见',
  summary: '投诉摘要',
  receivedAt: '受理时间',
  channel: '投诉渠道',
  kind: '投诉类型',
  partnerId: '伙伴',
  partnerCode: '伙伴编码',
  plan: '整改方案',
  evidence: '佐证材料',
  entryId: '积分记录',
  username: '用户名',
  password: '密码',
  role: '角色',
  team: '团队',
  displayName: '姓名',
  title: '标题',
  mode: '招募方式',
  quota: '招募数量',
  products: '授权产品',
  heldOn: '会议日期',
  minutes: '会议纪要',
  attendees: '参会人员',
  ranking: '择优排名',
  decisions: '决策',
  memberIds: '评估小组成员',
  termStart: '合同开始日期',
  termEnd: '合同结束日期',
  validFrom: '有效期开始日期',
  validTo: '有效期结束日期',
  publishedAt: '公示发布时间',
  comment: '意见',
  desired: '期望退出日期',
  rating: '评分',
  description: '描述',
  level: '级别',
  date: '日期',
  time: '时间',
  applicationDeadline: '报名截止日期',
  closes: '报名截止日期',
  meetingId: '公示',
  applicationId: '申请',
  recruitmentId: '招募',
  programmeId: '业务',
  rev: '版本',
  rooms: '通知群',
  contacts: '联系人',
  'quietHours.start': '免打扰开始时间',
  'quietHours.end': '免打扰结束时间',
  quietHours: '免打扰时段',
  channels: '告警渠道',
  wecomRobots: '企业微信机器人',
  'wecomRobots.name': '机器人名称',
  'wecomRobots.key': 'Webhook 地址',
  note: '备注',
  code: '编码',
  status: '状态',
  companyName: '企业名称',
  companyCreditCode: '统一社会信用代码',
  shortfall: '差额',
  ref: '关联单号',
  rate: '比率',
  page: '页码',
  pageSize: '每页条数',
  maxFiles: '文件数上限',
  maxFileBytes: '文件大小上限',
  grantor: '授权方',
  decision: '决定',
  days: '天数',
  amount: '金额',
  verdicts: '预审结论',
  url: '链接',
  tier: '档位',
  template: '模板',
  region: '地区',
  industry: '行业',
  opensOn: '开始日期',
  closesOn: '截止日期',
  of: '对象',
  occurredAt: '发生时间',
  minPass: '最少通过人数',
  governingRules: '适用规则',
  email: '电子邮箱',
  criterion: '资质条目',
  capabilities: '系统能力',
  attachments: '附件',
  at: '时间',
  answers: '资质自评',
  unit: '单位',
  type: '类型',
  trigger: '退出原因类型',
  toPartnerId: '承接伙伴',
  signedAt: '签约日期',
  result: '结果',
  replyId: '回复',
  rank: '排名',
  quarter: '季度',
  period: '考核期',
  pass: '评估意见',
  month: '月份',
  met: '是否符合',
  meetsQualification: '是否符合资质',
  malicious: '是否恶意',
  attributable: '是否可归责',
  joinedAt: '加入日期',
  firstMonth: '首月',
  endsAt: '结束日期',
  disabled: '停用',
  desiredEndOn: '期望终止日期',
  declaration: '承诺声明',
  commitment: '服务承诺',
  certificatesValidUntil: '证照有效期',
  category: '类别',
  approve: '是否通过',
  company: '企业信息',
  quorum: '表决规则',
  onboarding: '入网评分',
  complaints: '投诉',
  securityIncidents: '信息安全事件',
  successRates: '交易成功率',
  body: '提交的内容',
};

/** class-validator's English rules → Chinese about the named field (`{f}`); the first that matches wins. */
const RULES: [RegExp, string][] = [
  [/should not exist|is not allowed/i, '提交了不支持的内容（{f}），请刷新页面后重试'],
  [/(should|must) not be empty|is required|must be a string|must be defined/i, '请填写{f}'],
  [/ISO 8601|date string|must be a (valid )?date|YYYY-MM-DD/i, '{f}格式不正确（应为 YYYY-MM-DD 日期）'],
  [/phone/i, '{f}应为有效的电话号码'],
  [/boolean|true or false/i, '{f}应为是或否'],
  [/(no more than|at most) \d+ elements/i, '{f}数量过多'],
  [/(at least) \d+ elements/i, '{f}数量不足'],
  [/(shorter|no more than|at most|too long|longer than|maximum)/i, '{f}内容过长'],
  [/(longer than or equal|at least|too short|minimum)/i, '{f}内容过短'],
  [/must not be less|must not be greater|must be (a )?positive|must be between|[≤≥<>]/i, '{f}超出允许范围'],
  [/HH:mm/, '{f}格式不正确（应为 HH:mm 时间）'],
  [/integer|number/i, '{f}应为数字'],
  [/must be one of|must be \w+ or \w+|must be a valid enum/i, '{f}的取值无效，请重新选择'],
  [/\bmongo ?id\b|must be an? .*\bid\b|must list/i, '{f}无效，请重新选择'],
  [/either object or array/i, '{f}格式不正确'],
  [/array|elements|list/i, '{f}格式不正确'],
  [/letters|digits|characters|match|format|invalid|must be/i, '{f}格式不正确'],
];

const CJK = /[\u3400-\u9fff]/;
/** a lower-case English word (PDF, JSON may stay): a message that has one is read through RULES */
const ENGLISH = /\b[a-z]{3,}\b/;
/** A rule id (FT-2, FT-17.5, MG-11, NFR-3) written into a message for engineers. */
const RULE_CODE = /[（(]?\b(?:FT|NFR|WT|PT|MG)-\d+(?:\.\d+)*\b[)）]?[：:]?\s*/g;

/** A server text shown as it is (a check's reason), without the rule ids written into it for engineers. */
export function withoutRuleCodes(text: string): string {
  return text.replace(RULE_CODE, '').trim();
}

/** The Chinese name of an input path (`company.contacts.0.phone` → 联系电话); '' when it has none. */
export function fieldName(path: string): string {
  const p = path.replace(/\.\d+(?=\.|$)/g, '').replace(/\[\d+\]/g, '');
  if (FIELD_NAMES[p]) return FIELD_NAMES[p];
  const parts = p.split('.');
  for (let i = 1; i < parts.length; i++) {
    const tail = parts.slice(i).join('.');
    if (FIELD_NAMES[tail]) return FIELD_NAMES[tail];
  }
  return '';
}

/** One api message as the field it concerns (`''` when none) and readable Chinese. */
export interface FieldMessage {
  /** the input path without indexes (`company.contacts.phone`), '' when the message names no field */
  path: string;
  text: string;
}

/** A field path at the start of a message: a camelCase property, dotted or indexed (`company.contacts.0.phone`). */
const PATH = /^([a-z_][\w]*(?:\.\w+|\[\d+\])*)(\s*[:：]\s*|\s+)(.+)$/s;

/** Reads one message: "path: 中文", "path 中文", "path must …" (class-validator, also "each value in path …"). */
export function parseMessage(raw: string): FieldMessage {
  const message = raw.trim().replace(/^(each value in )?(nested property )?/, '');
  const m = PATH.exec(message);
  if (m && m[1] !== 'property') {
    const path = normalisePath(m[1]);
    const name = fieldName(m[1]);
    const rest = m[3].replace(RULE_CODE, '').trim();
    // "rooms 必须是文本": the Chinese rest under the field's Chinese name; "company.registeredOn: 请填写…" as it is
    if (CJK.test(rest) && !ENGLISH.test(rest)) return { path, text: m[2].trim() ? rest : `${name || '此项'}${rest}` };
    return { path, text: readable(rest, m[1]) };
  }
  return { path: '', text: readable(message, '') };
}

const normalisePath = (path: string) => path.replace(/\.\d+(?=\.|$)/g, '').replace(/\[\d+\]/g, '');

/** Chinese text of a message about `path` ('' = none): rule codes dropped, English turned into the field's rule. */
function readable(text: string, path: string): string {
  const clean = text.replace(RULE_CODE, '').trim();
  if (CJK.test(clean) && !ENGLISH.test(clean)) return clean;
  const rule = RULES.find(([re]) => re.test(clean));
  if (!path) return rule && rule[1].includes('（{f}）') ? rule[1].replace('（{f}）', '') : '';
  // a field the table does not name yet still reads as Chinese beside it
  const name = fieldName(path) || '此项';
  return rule ? rule[1].replace('{f}', name) : `${name}填写有误`;
}

/** Readable Chinese of any api message ('' when nothing readable is left: the caller falls back to the status). */
export function readableMessage(raw: string): string {
  return parseMessage(raw).text;
}

/**
 * Which of a form's fields a message path concerns: the field of that exact name, else the field the path ends
 * with (`company.registeredOn` → registeredOn), else the one it starts with (`evidence.0` → evidence); an alias
 * (`contacts.phone` → contactPhone) comes first. Undefined when none.
 */
export function fieldOf<F extends string>(
  path: string,
  fields: readonly F[],
  aliases: Partial<Record<string, F>> = {},
): F | undefined {
  if (!path) return undefined;
  const alias = Object.entries(aliases).find(([p]) => path === p || path.endsWith(`.${p}`));
  return (
    (alias?.[1] as F | undefined) ??
    fields.find((f) => f === path) ??
    fields.find((f) => path.endsWith(`.${f}`)) ??
    fields.find((f) => path.startsWith(`${f}.`))
  );
}
