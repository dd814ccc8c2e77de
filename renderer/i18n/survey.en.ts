// The keypad satisfaction survey on the verification panel (Art. 22), English. The panel says
// that a rating arrived, never which: no string here takes the digit.
import type { surveyZhCN } from './survey.zh-CN.js';

export const surveyEn: typeof surveyZhCN = {
  title: 'Satisfaction survey',
  start: 'Invite the customer to rate',
  startHint:
    'When the business is done, invite the customer to rate this service on the phone keypad, then press the button to wait for the key.',
  script:
    'Please rate our service today: press 5 for very satisfied, 4 for satisfied, 3 for neutral, 2 for dissatisfied, 1 for very dissatisfied.',
  waiting: "Waiting for the customer's key…",
  countdown: '{{seconds}} s left',
  countdownLabel: "Time left for the customer's key",
  restart: 'Invite again',
  restartHint: 'If the customer did not hear, you may invite them once more (once only).',
  declined: 'Customer declined',
  results: {
    received: 'Rating received',
    declined: 'The customer did not rate',
    'no-answer': 'No key within {{seconds}} s: recorded as no answer',
  },
  delivery: {
    sending: 'Recording…',
    recorded: 'Recorded.',
    pending: 'The records service is unreachable: kept in the journal, sent when it is back.',
    failed: 'Not recorded: please tell your team lead.',
  },
  unavailable: 'The keypad link is not available: the survey cannot start.',
};
