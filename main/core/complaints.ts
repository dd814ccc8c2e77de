// The lead's complaints room (Art. 16) and call-back pages (Art. 12) in main: each channel one
// call to the records service with the signed-in lead's token. The service is the authority: it
// refuses anyone below lead and records the attempt (Art. 10); its actions are its own audit.
import { AppError } from '../../common/result.js';
import type { AgentProfile } from '../../common/domain.js';
import { queueItem } from './callbacks.js';
import type { Handlers } from './dispatcher.js';
import type { RecordsClient } from './records-client.js';

type Channels =
  | 'complaints:list'
  | 'complaints:assignees'
  | 'complaints:assign'
  | 'complaints:answer'
  | 'complaints:close'
  | 'complaints:counts'
  | 'callbacks:history';

export interface LeadComplaintsOptions {
  records: Pick<
    RecordsClient,
    | 'complaintPage'
    | 'complaintAssignees'
    | 'assignComplaint'
    | 'answerComplaint'
    | 'closeAnsweredComplaint'
    | 'complaintCounts'
    | 'callbackPage'
  >;
  session: () => { token: string; agent: AgentProfile } | null;
}

export function leadComplaintsHandlers(options: LeadComplaintsOptions): Pick<Handlers, Channels> {
  const { records } = options;
  const token = () => {
    const current = options.session();
    if (!current) throw new AppError('unauthorized', 'sign in first');
    return current.token;
  };
  return {
    'complaints:list': ({ status, offset }) => records.complaintPage(token(), status, offset),
    'complaints:assignees': () => records.complaintAssignees(token()),
    'complaints:assign': ({ id, assignee }) => records.assignComplaint(token(), id, assignee),
    'complaints:answer': ({ id, response, toldBy }) =>
      records.answerComplaint(token(), id, response, toldBy),
    'complaints:close': ({ id, answer, toldBy }) =>
      records.closeAnsweredComplaint(
        token(),
        id,
        answer ? { answer, ...(toldBy ? { toldBy } : {}) } : undefined,
      ),
    'complaints:counts': ({ month }) => records.complaintCounts(token(), month),
    'callbacks:history': async ({ status, offset, limit }) => {
      const page = await records.callbackPage(token(), status, offset, limit);
      return { callbacks: page.callbacks.map(queueItem), nextOffset: page.nextOffset };
    },
  };
}
