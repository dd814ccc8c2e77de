// The records client's lines for the lead's complaints (Art. 16) and call-back pages (Art. 12):
// one function per route, spread into createRecordsClient (records-client.ts). Lead and above;
// the service refuses anyone else and records the attempt (Art. 10).
import type { z } from 'zod';
import {
  CallbackPage,
  ComplaintAssignees,
  ComplaintCounts,
  ComplaintItem,
  ComplaintPage,
} from '../../common/complaints-api.js';
import type { ComplaintChannel } from '../../common/policy.js';
import type { RecordsHttp } from './records-http.js';

type Call = RecordsHttp['request'];
const one = (id: string, action: string) =>
  `/api/v1/complaints/${encodeURIComponent(id)}/${action}`;

export interface LeadComplaintsRecords {
  complaintPage(
    token: string,
    status: 'active' | 'closed',
    offset: number,
  ): Promise<z.infer<typeof ComplaintPage>>;
  complaintAssignees(token: string): Promise<z.infer<typeof ComplaintAssignees>>;
  assignComplaint(token: string, id: string, assignee: string): Promise<ComplaintItem>;
  answerComplaint(
    token: string,
    id: string,
    response: string,
    toldBy: ComplaintChannel,
  ): Promise<ComplaintItem>;
  /** Closes; with `answer` (and how told) in the same step, or after an answer was recorded. */
  closeAnsweredComplaint(
    token: string,
    id: string,
    answer?: { answer: string; toldBy?: ComplaintChannel },
  ): Promise<ComplaintItem>;
  complaintCounts(token: string, month?: string): Promise<ComplaintCounts>;
  callbackPage(
    token: string,
    status: 'open' | 'closed',
    offset: number,
    limit: number,
  ): Promise<z.infer<typeof CallbackPage>>;
}

export function leadComplaintsRecords(call: Call): LeadComplaintsRecords {
  return {
    complaintPage: (token, status, offset) =>
      call('GET', `/api/v1/complaints?status=${status}&offset=${offset}`, ComplaintPage, { token }),
    complaintAssignees: (token) =>
      call('GET', '/api/v1/complaints/assignees', ComplaintAssignees, { token }),
    assignComplaint: (token, id, assignee) =>
      call('POST', one(id, 'assign'), ComplaintItem, { token, body: { assignee } }),
    answerComplaint: (token, id, response, toldBy) =>
      call('POST', one(id, 'answer'), ComplaintItem, { token, body: { response, toldBy } }),
    closeAnsweredComplaint: (token, id, answer) =>
      call('POST', one(id, 'close'), ComplaintItem, { token, body: answer ?? {} }),
    complaintCounts: (token, month) =>
      call(
        'GET',
        `/api/v1/complaints/counts${month ? `?month=${encodeURIComponent(month)}` : ''}`,
        ComplaintCounts,
        { token },
      ),
    callbackPage: (token, status, offset, limit) =>
      call(
        'GET',
        `/api/v1/callbacks?status=${status}&offset=${offset}&limit=${limit}`,
        CallbackPage,
        { token },
      ),
  };
}
