// A call's timeline in words, Simplified Chinese (lead-alerts.zh-CN.ts spreads it in as
// `timelineText`). Closed lists from common/ type the maps, so a new step, outcome or status
// without a label fails the type-check; journal types are the ones the desk writes (main/core).
import type { CallbackStatus } from '../../common/callback-reason.js';
import type { AlternativeId, DeclineOutcome, SessionStatus } from '../../common/policy.js';
import type { PhoneEvent } from '../../common/phone.js';
import type { COMPLAINT_STATUSES } from '../../common/queues-api.js';
import type { APPROVAL_STATUSES } from '../../common/records-api.js';

/** Steps the records service records besides the Art. 4 checks (verify.steps.names). */
export type EventStep =
  | 'fraud'
  | 'decline'
  | 'callback-dial'
  | 'approval-request'
  | 'approval-decision'
  | 'otp-send'
  | 'method'
  | 'business'
  | 'password-forgotten';

/** Outcomes of a check or action, beside the session statuses a confirmation records. */
export type EventOutcome =
  | 'passed'
  | 'failed'
  | 'exception'
  | 'answered'
  | 'not-answered'
  | 'dialled'
  | 'requested'
  | 'sent'
  | 'locked'
  | 'expired'
  | 'killed'
  | 'approved'
  | 'customer-informed'
  | 'reset-procedure'
  | SessionStatus
  | DeclineOutcome
  | AlternativeId;

export const leadTimelineZhCN = {
  opened: '开始核验（{{business}}）',
  openedNone: '开始核验',
  event: '{{step}}，结果：{{outcome}}',
  /** A step whose outcome is the new value (the business, the check method). */
  changedTo: '{{step}}：改为{{outcome}}',
  step: {
    fraud: '疑似欺诈处置',
    decline: '客户拒绝核验方式',
    'callback-dial': '回拨预留手机',
    'approval-request': '组长审批',
    'approval-decision': '组长审批',
    'otp-send': '动态口令短信',
    method: '核验方式',
    business: '业务类型',
    'password-forgotten': '客户忘记密码',
  } satisfies Record<EventStep, string>,
  outcome: {
    passed: '通过',
    failed: '未通过',
    exception: '转异常处理',
    answered: '客户已接听',
    'not-answered': '无人接听',
    dialled: '已拨出',
    requested: '已申请',
    sent: '已发送',
    locked: '密码已锁定',
    expired: '已过期',
    killed: '已作废',
    approved: '已批准',
    'customer-informed': '已告知客户',
    'reset-procedure': '转密码重置流程',
    'in-progress': '进行中',
    'awaiting-approval': '等待组长审批',
    verified: '核验通过',
    'not-confirmed': '客户未确认',
    'password-reset': '转密码重置流程',
    'password-locked': '密码已锁定',
    denied: '已拒绝',
    suspended: '业务已暂停',
    'basic-no-alternative': '基本信息核对无替代方式',
    'password-alternative-offered': '已提供密码的替代方式',
    'password-no-alternative': '密码验证无替代方式',
    'otp-alternative-offered': '已提供动态口令的替代方式',
    'otp-no-alternative': '动态口令无替代方式',
    'otp-instead-of-password': '以动态口令代替密码',
    'callback-instead-of-otp': '以回拨代替动态口令',
  } satisfies Record<EventOutcome, string>,
  approval: {
    requested: '申请组长审批',
    pending: '等待组长审批',
    approved: '组长批准了审批申请',
    denied: '组长拒绝了审批申请',
  } satisfies Record<(typeof APPROVAL_STATUSES)[number] | 'requested', string>,
  alert: '告警：{{kind}}',
  callback: {
    open: '登记回拨（待处理）',
    done: '登记回拨（已完成）',
    cancelled: '登记回拨（已取消）',
  } satisfies Record<CallbackStatus, string>,
  complaint: {
    open: '记录投诉（待处理）',
    answered: '记录投诉（已答复）',
    closed: '记录投诉（已关闭）',
  } satisfies Record<(typeof COMPLAINT_STATUSES)[number], string>,
  /** Desk journal entry types, by area (the type's dots are the keys' nesting). */
  journal: {
    verify: {
      lookup: '查询客户资料',
      started: '坐席开始核验',
      'customer-informed': '已告知客户业务暂停',
      'check-refused': '核验操作被拒绝',
      'basic-checked': '完成基本信息核对',
      'password-checked': '完成密码验证',
      'password-forgotten': '客户忘记密码',
      'otp-sent': '发送动态口令',
      'otp-checked': '完成动态口令验证',
      'method-switched': '更换核验方式',
      confirmed: '完成身份确认',
      'approval-requested': '申请组长审批',
      'approval-decided': '收到组长审批结果',
      'approval-refused': '审批操作被拒绝',
      'business-changed': '更改业务',
      'wrap-up': '通话结束整理',
      declined: '客户拒绝核验方式',
      'callback-dialled': '回拨预留手机',
      'callback-checked': '完成回拨确认',
      suspended: '疑似欺诈，业务暂停',
    },
    phone: {
      registration: '话机注册状态变化',
      'call-started': '来电开始',
      'call-answered': '接听来电',
      'call-held': '通话保持或恢复',
      'call-transferred': '转接通话',
      'call-media-restored': '通话语音恢复',
      'call-ended': '通话结束',
      'call-declined-not-ready': '未就绪，来电未接入',
      'quality-warning': '通话质量告警',
      'agent-state': '坐席状态变化',
      'device-fallback': '音频设备切换',
      'microphone-explained': '已查看麦克风使用说明',
    } satisfies Record<PhoneEvent['type'] | 'microphone-explained', string>,
    complaint: { recorded: '记录投诉' },
    callback: { requested: '登记回拨', closed: '关闭回拨任务' },
    floor: { 'not-ready-ordered': '组长将坐席置为未就绪' },
    desk: { 'not-ready-ordered': '坐席被组长置为未就绪' },
    auth: { 'sign-in': '登录', 'sign-in-refused': '登录被拒绝', 'sign-out': '退出登录' },
  },
};
