/** Pure helpers of the exit pages (FT-17.3, FT-18): no Taro imports, unit-tested. */
export const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

const isRealDate = (s: string): boolean => {
  if (!DATE_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

export type ExitFormErrors = Partial<Record<'reason' | 'desiredEndOn' | 'commitment', string>>;

/** FT-17.3: a reason, a desired end date on or after the earliest end date, and the service commitment. */
export function checkExitForm(
  f: { reason: string; desiredEndOn: string; commitment: boolean },
  earliestEndOn: string,
): ExitFormErrors {
  const errors: ExitFormErrors = {};
  if (!f.reason.trim()) errors.reason = '请填写退出原因';
  else if (f.reason.length > 1000) errors.reason = '退出原因不能超过 1000 字';
  const d = f.desiredEndOn.trim();
  if (!isRealDate(d)) errors.desiredEndOn = '请按 YYYY-MM-DD 填写期望终止日期';
  else if (d < earliestEndOn) errors.desiredEndOn = `期望终止日期不得早于 ${earliestEndOn}（须提前三个月申请）`;
  if (!f.commitment) errors.commitment = '请确认退出前继续服务存量客户';
  return errors;
}

/** Statuses in which a case can still be decided or acted on by staff, and what each may do. */
export function staffExitActions(
  status: string,
): ('precheck' | 'start-approval' | 'approve' | 'reject' | 'terminate')[] {
  switch (status) {
    case 'requested':
      return ['precheck', 'start-approval', 'reject'];
    case 'precheck':
      return ['start-approval', 'reject'];
    case 'approval':
      return ['approve', 'reject'];
    case 'approved':
      return ['terminate'];
    default:
      return [];
  }
}

export const STAFF_EXIT_ACTION_LABEL: Record<string, string> = {
  precheck: '受理预审',
  'start-approval': '启动审批',
  approve: '批准',
  reject: '驳回',
  terminate: '登记终止合同',
};

/** The actions that need a written reason. */
export const needsReason = (a: string): boolean => a === 'approve' || a === 'reject';
