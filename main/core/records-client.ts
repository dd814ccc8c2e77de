// The desktop's client for the records service: one line per endpoint — method, path, schema —
// over records-http.ts, which turns every failure into an AppError with a contract code, so
// handlers never see a raw fetch error. A network failure is `unavailable` — the outage path
// (Art. 12) keys off it.
import { z } from 'zod';
import { AgentProfile } from '../../common/domain.js';
import type { AlternativeId, DeclinableStep } from '../../common/policy.js';
import {
  ApprovalDecisionResponse,
  ApprovalsResponse,
  BusinessChangeResponse,
  CallbackDialResponse,
  CheckResponse,
  CustomerLookupResponse,
  DeclineResponse,
  OtpSendResponse,
  Verification,
  type APPROVAL_STATUSES,
  type BusinessChangeRequest,
  type CreateVerificationRequest,
} from '../../common/records-api.js';
import type { CallbackOutcome } from '../../common/callback-reason.js';
import { CallbackRecord, ComplaintDeadline, ComplaintRecord } from '../../common/records-api.js';
import { createRecordsHttp } from './records-http.js';
import { SurveyRecord, type SurveyAnswer } from '../../common/surveys-api.js';
import {
  DeskPresence,
  FloorAgent,
  FloorResponse,
  QueueStats,
  type DeskReport,
  type QueueEvent,
} from '../../common/floor-api.js';

/** What a desk sends (defaults of the schema may be left out). */
export type DeskReportInput = z.input<typeof DeskReport>;
export type QueueEventInput = z.input<typeof QueueEvent>;
import type { NotReadyReason } from '../../common/phone.js';

const OrderedPresence = DeskPresence.extend({ orderId: z.string() });
import { createRecordsAlerts, type RecordsAlerts } from './records-alerts.js';
import { leadComplaintsRecords, type LeadComplaintsRecords } from './records-lead-complaints.js';
import { leadReviewsRecords, type LeadReviewsRecords } from './records-lead-reviews.js';
import { leadReportsRecords, type LeadReportsRecords } from './reports.js';
import { trainingRecords, type TrainingRecords } from './training.js';
import { devicesRecords, type DevicesRecords } from './devices.js';

/** A call-back as the records service lists it (common/records-api.ts). */
export type RecordsCallback = CallbackRecord;

export const SignInResponse = z.object({
  token: z.string().min(16),
  expiresAt: z.string(),
  agent: AgentProfile,
});
export type SignInResponse = z.infer<typeof SignInResponse>;

export interface RecordsClientOptions {
  baseUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface RecordsClient
  extends
    LeadComplaintsRecords,
    LeadReviewsRecords,
    LeadReportsRecords,
    TrainingRecords,
    DevicesRecords {
  readonly baseUrl: string;
  health(): Promise<{ status: string }>;
  signIn(username: string, password: string): Promise<SignInResponse>;
  signOut(token: string): Promise<void>;
  me(token: string): Promise<AgentProfile>;

  // Verification (Art. 5–8, 10, 14, 18). Secrets in the arguments go into the request body and
  // nowhere else: the client never logs, and errors never quote a body.
  /**
   * Masked customers reserved on a caller number (the number travels in the query string);
   * `training`: the training namespace only (the training line's simulated callers, Art. 9).
   */
  lookupCustomers(
    token: string,
    mobile: string,
    training?: boolean,
  ): Promise<z.infer<typeof CustomerLookupResponse>>;
  startVerification(token: string, request: CreateVerificationRequest): Promise<Verification>;
  getVerification(token: string, sessionId: string): Promise<Verification>;
  checkBasic(
    token: string,
    sessionId: string,
    stated: { customerId: string; mobile: string; nationalId: string },
  ): Promise<CheckResponse>;
  checkPassword(token: string, sessionId: string, password: string): Promise<CheckResponse>;
  passwordForgotten(token: string, sessionId: string): Promise<CheckResponse>;
  /** Art. 18: the agent informed the suspended session's customer (the fraud alert's step). */
  customerInformed(token: string, sessionId: string): Promise<Verification>;
  /**
   * `rate-limited` within the resend cooldown or over the cap; `unavailable` without an SMS
   * gateway.
   */
  sendOtp(token: string, sessionId: string): Promise<z.infer<typeof OtpSendResponse>>;
  verifyOtp(token: string, sessionId: string, code: string): Promise<CheckResponse>;
  switchMethod(
    token: string,
    sessionId: string,
    alternative: AlternativeId,
    reason: string,
  ): Promise<CheckResponse>;
  confirm(token: string, sessionId: string, confirmed: boolean): Promise<CheckResponse>;
  /** Art. 14: a declined step, recorded with the reason; the answer says what may be offered. */
  decline(
    token: string,
    sessionId: string,
    step: DeclinableStep,
    reason: string,
  ): Promise<z.infer<typeof DeclineResponse>>;
  /** Art. 14: the reserved mobile in full, for the phone only — never logged or shown. */
  callbackDial(token: string, sessionId: string): Promise<z.infer<typeof CallbackDialResponse>>;
  callbackResult(
    token: string,
    sessionId: string,
    report: { dialId: string; callId: string; answered: boolean },
  ): Promise<CheckResponse>;
  requestApproval(token: string, sessionId: string, note?: string): Promise<CheckResponse>;
  /** Art. 4(2): the caller's business changed; the session is re-planned. */
  changeBusiness(
    token: string,
    sessionId: string,
    change: BusinessChangeRequest,
  ): Promise<BusinessChangeResponse>;
  /** Lead and above; `forbidden` below (and recorded as over-permission by the service). */
  listApprovals(
    token: string,
    status?: (typeof APPROVAL_STATUSES)[number],
  ): Promise<z.infer<typeof ApprovalsResponse>>;
  decideApproval(
    token: string,
    approvalId: string,
    approve: boolean,
    reason: string,
  ): Promise<z.infer<typeof ApprovalDecisionResponse>>;
  /** Lead and above (Art. 12 call-back queue): the open call-backs, oldest first. */
  /** The first page of open call-backs (200, or `limit`) and how many are open in all. */
  listCallbacks(
    token: string,
    limit?: number,
  ): Promise<{ callbacks: RecordsCallback[]; total: number }>;
  /**
   * `conflict` when it was closed already (by another lead), `not-found` when there is no such
   * call-back.
   */
  closeCallback(
    token: string,
    id: string,
    outcome: CallbackOutcome,
    note?: string,
  ): Promise<RecordsCallback>;

  /** Art. 16: the company's deadline for a complaint recorded at `recordedAt` (any agent). */
  complaintDeadline(token: string, recordedAt: string): Promise<z.infer<typeof ComplaintDeadline>>;
  /** Lead and above: answers and closes a complaint; `conflict` when closed already. */
  closeComplaint(token: string, id: string, answer: string): Promise<ComplaintRecord>;

  // The live floor and queues (Art. 10, 26): this desk's own reports (main/core/presence.ts).
  /** The desk's state at every change and as a heartbeat; the answer names a lead's order. */
  reportDeskState(token: string, report: DeskReportInput): Promise<DeskPresence>;
  /** The desk's state as the service holds it (after a `desk.not-ready` push); `not-found`. */
  deskState(token: string): Promise<DeskPresence>;
  /** Queue events (≤ 100), keyed by call id: repeats are harmless (server/queue-stats). */
  reportQueueEvents(token: string, events: QueueEventInput[]): Promise<{ recorded: number }>;
  /** Lead and above (Art. 26): the live floor, one agent of it, a not-ready order, queues. */
  /** `team`: one team or `all`; absent: the lead's own team (all for a lead in none). */
  readFloor(token: string, team?: string): Promise<FloorResponse>;
  readFloorAgent(token: string, username: string): Promise<FloorAgent>;
  /** `conflict` while the desk is signed out, offline, ringing or on a call. */
  orderNotReady(
    token: string,
    username: string,
    reason: NotReadyReason,
  ): Promise<z.infer<typeof OrderedPresence>>;
  queuesToday(token: string, team?: string): Promise<QueueStats>;
  /** Lead and above: the alert workflow and password locks (records-alerts.ts). */
  alerts: RecordsAlerts;
  /** Art. 22: the session's own agent, once it ended; `conflict` when already answered. */
  recordSurvey(token: string, sessionId: string, answer: SurveyAnswer): Promise<SurveyRecord>;
}

export function createRecordsClient(options: RecordsClientOptions): RecordsClient {
  const http = createRecordsHttp({
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs ?? 10_000,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const call = http.request;

  const session = (id: string) => `/api/v1/verifications/${encodeURIComponent(id)}`;

  return {
    baseUrl: http.baseUrl,
    health: () => call('GET', '/health', z.object({ status: z.string() }).loose()),
    signIn: (username, password) =>
      call('POST', '/api/v1/auth/sign-in', SignInResponse, { body: { username, password } }),
    signOut: (token) => call('POST', '/api/v1/auth/sign-out', null, { token }),
    me: (token) => call('GET', '/api/v1/agents/me', AgentProfile, { token }),

    lookupCustomers: (token, mobile, training) =>
      call(
        'GET',
        `/api/v1/customers?mobile=${encodeURIComponent(mobile)}${training ? '&namespace=training' : ''}`,
        CustomerLookupResponse,
        { token },
      ),
    startVerification: (token, request) =>
      call('POST', '/api/v1/verifications', Verification, { token, body: request }),
    getVerification: (token, id) => call('GET', session(id), Verification, { token }),
    checkBasic: (token, id, stated) =>
      call('POST', `${session(id)}/basic`, CheckResponse, { token, body: stated }),
    checkPassword: (token, id, password) =>
      call('POST', `${session(id)}/password`, CheckResponse, { token, body: { password } }),
    passwordForgotten: (token, id) =>
      call('POST', `${session(id)}/password-forgotten`, CheckResponse, { token, body: {} }),
    customerInformed: (token, id) =>
      call('POST', `${session(id)}/customer-informed`, Verification, { token, body: {} }),
    sendOtp: (token, id) =>
      call('POST', `${session(id)}/otp`, OtpSendResponse, { token, body: {} }),
    verifyOtp: (token, id, code) =>
      call('POST', `${session(id)}/otp/verify`, CheckResponse, { token, body: { code } }),
    switchMethod: (token, id, alternative, reason) =>
      call('POST', `${session(id)}/method`, CheckResponse, {
        token,
        body: { alternative, reason },
      }),
    confirm: (token, id, confirmed) =>
      call('POST', `${session(id)}/confirmation`, CheckResponse, { token, body: { confirmed } }),
    decline: (token, id, step, reason) =>
      call('POST', `${session(id)}/decline`, DeclineResponse, { token, body: { step, reason } }),
    callbackDial: (token, id) =>
      call('POST', `${session(id)}/callback-dial`, CallbackDialResponse, { token, body: {} }),
    callbackResult: (token, id, report) =>
      call('POST', `${session(id)}/callback`, CheckResponse, { token, body: report }),
    requestApproval: (token, id, note) =>
      call('POST', `${session(id)}/approval-request`, CheckResponse, {
        token,
        body: note === undefined ? {} : { note },
      }),
    changeBusiness: (token, id, change) =>
      call('POST', `${session(id)}/business`, BusinessChangeResponse, { token, body: change }),
    listApprovals: (token, status = 'pending') =>
      call('GET', `/api/v1/approvals?status=${encodeURIComponent(status)}`, ApprovalsResponse, {
        token,
      }),
    decideApproval: (token, approvalId, approve, reason) =>
      call(
        'POST',
        `/api/v1/approvals/${encodeURIComponent(approvalId)}/decision`,
        ApprovalDecisionResponse,
        { token, body: { approve, reason } },
      ),
    listCallbacks: (token, limit = 200) =>
      call(
        'GET',
        `/api/v1/callbacks?status=open&limit=${limit}`,
        z.object({ callbacks: z.array(CallbackRecord), total: z.number().int().nonnegative() }),
        { token },
      ),
    closeCallback: (token, id, outcome, note) =>
      call('POST', `/api/v1/callbacks/${encodeURIComponent(id)}/close`, CallbackRecord, {
        token,
        body: note === undefined ? { outcome } : { outcome, note },
      }),
    complaintDeadline: (token, recordedAt) =>
      call(
        'GET',
        `/api/v1/complaints/deadline?recordedAt=${encodeURIComponent(recordedAt)}`,
        ComplaintDeadline,
        { token },
      ),
    closeComplaint: (token, id, answer) =>
      call('POST', `/api/v1/complaints/${encodeURIComponent(id)}/close`, ComplaintRecord, {
        token,
        body: { answer },
      }),
    reportDeskState: (token, report) =>
      call('PUT', '/api/v1/desks/me/state', DeskPresence, { token, body: report }),
    deskState: (token) => call('GET', '/api/v1/desks/me/state', DeskPresence, { token }),
    reportQueueEvents: (token, events) =>
      call('POST', '/api/v1/queues/events', z.object({ recorded: z.number().int() }), {
        token,
        body: { events },
      }),
    readFloor: (token, team) =>
      call('GET', `/api/v1/floor${teamParam(team)}`, FloorResponse, { token }),
    readFloorAgent: (token, username) =>
      call('GET', `/api/v1/floor/agents/${encodeURIComponent(username)}`, FloorAgent, { token }),
    orderNotReady: (token, username, reason) =>
      call('POST', `/api/v1/desks/${encodeURIComponent(username)}/not-ready`, OrderedPresence, {
        token,
        body: { reason },
      }),
    queuesToday: (token, team) =>
      call('GET', `/api/v1/queues/today${teamParam(team)}`, QueueStats, { token }),
    alerts: createRecordsAlerts(call),
    ...leadComplaintsRecords(call),
    recordSurvey: (token, id, answer) =>
      call('POST', `/api/v1/sessions/${encodeURIComponent(id)}/survey`, SurveyRecord, {
        token,
        body: answer,
      }),
    ...leadReviewsRecords(call),
    ...leadReportsRecords(http),
    ...trainingRecords(call),
    ...devicesRecords(call),
  };
}

/** `?team=…` for the floor and the queue figures; nothing for the lead's own team. */
const teamParam = (team: string | undefined) =>
  team === undefined ? '' : `?team=${encodeURIComponent(team)}`;
