// The Alerts room, English: same keys as lead-alerts.zh-CN.ts.
import { leadAlertCodesEn } from './lead-alert-codes.en.js';
import { leadTimelineEn } from './lead-timeline.en.js';
import type { leadAlertsZhCN } from './lead-alerts.zh-CN.js';

export const leadAlertsEn: typeof leadAlertsZhCN = {
  codes: leadAlertCodesEn,
  timelineText: leadTimelineEn,
  title: 'Alerts',
  intro:
    'Everything the records service raised, newest first. Acknowledge to show someone is on it; ' +
    'resolve with an outcome when it is dealt with.',
  refresh: 'Refresh',
  loading: 'Loading alerts…',
  loadFailed: 'Could not load alerts: {{reason}}',
  empty: 'No alerts',
  emptyBody:
    'Suspected fraud, verification exceptions, password locks and over-permission attempts ' +
    'appear here.',
  openCount: '{{count}} not resolved',
  filter: { label: 'Show', all: 'All', open: 'Not resolved' },
  kind: {
    'fraud-suspected': 'Suspected fraud',
    'verification-exception': 'Basic-check exception',
    'password-locked': 'Password locked',
    'over-permission': 'Over-permission attempt',
    'journal-tamper': 'Journal chain break or tampering',
    'dead-letters': 'Journal dead letters',
    other: 'Other alert ({{kind}})',
  },
  status: { open: 'Unacknowledged', acknowledged: 'Acknowledged', resolved: 'Resolved' },
  outcome: {
    handled: 'Handled',
    'false-alarm': 'False alarm',
    duplicate: 'Duplicate',
    escalated: 'Escalated',
  },
  raisedAt: 'Raised',
  agent: 'Agent',
  customer: 'Customer',
  reasons: 'Reasons',
  assignee: 'Assigned to',
  unassigned: 'Unassigned',
  byAt: '{{name}} · {{time}}',
  history: {
    acknowledged: '{{name}} acknowledged',
    assigned: '{{name}} assigned it to {{to}}',
    resolved: '{{name}} resolved: {{outcome}}',
  },
  acknowledge: 'Acknowledge',
  assignTo: 'Assign to',
  assign: 'Assign',
  resolveOutcome: 'Outcome',
  note: 'Note',
  notePlaceholder: 'Required for a false alarm or an escalation',
  resolve: 'Resolve',
  timeline: 'Call timeline',
  timelineClose: 'Hide timeline',
  timelineTitle: 'Timeline of call {{callId}}',
  timelineLoading: 'Loading the timeline…',
  timelineFailed: 'Could not load the timeline: {{reason}}',
  refused: 'Not done: {{reason}}',
  fraud: {
    title: 'Emergency procedure (Art. 18)',
    system: 'System',
    caseNumber: 'Police case number',
    record: 'Record',
    pending: 'Not done',
  },
  unlock: {
    title: 'Lift a password lock (Art. 6)',
    intro:
      'After the customer completed the password reset procedure, find them by the reserved ' +
      'mobile or ID number. Only masked details are shown.',
    query: 'Reserved mobile or ID number',
    search: 'Search',
    searching: 'Searching…',
    none: 'No customer found',
    noLocks: 'No locked password',
    lockedAt: 'Locked {{time}}',
    own: 'It locked on your own call: another lead must lift it',
    reason: 'Reason',
    reasonPlaceholder: 'e.g. the customer reset the password at a branch',
    button: 'Lift lock',
    fromAlert: 'Lift this customer’s {{kind}} lock',
    failed: 'Could not lift: {{reason}}',
  },
  notification: { title: 'New alert: {{kind}}', body: 'See Alerts in the console' },
  fraudStep: {
    'customer-informed': 'Customer informed',
    'business-suspended': 'Business suspended',
    'reported-to-police': 'Reported to police (case number)',
    'customer-contacted': 'Customer contacted',
  },
  lockKind: { query: 'Query password', transaction: 'Transaction password' },
};
