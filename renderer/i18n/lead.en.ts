// The team-lead console's frame, English: same keys as lead.zh-CN.ts.
import { leadAlertsEn } from './lead-alerts.en.js';
import { leadComplaintsEn } from './lead-complaints.en.js';
import type { Catalogue } from './zh-CN.js';
import { leadFloorEn, leadQueuesEn } from './lead-floor.en.js';

import { leadReportsEn } from './lead-reports.en.js';
import { leadCallbacksEn } from './lead-callbacks.en.js';
import { leadReviewEn } from './lead-review.en.js';
import { leadTrainingEn } from './lead-training.en.js';
import { leadDevicesEn } from './lead-devices.en.js';
export const leadEn: Catalogue['lead'] = {
  title: 'Team-lead console',
  rooms: 'Console rooms',
  room: {
    floor: 'Floor',
    queues: 'Queues',
    alerts: 'Alerts',
    approvals: 'Approvals',
    callbacks: 'Call-backs',
    complaints: 'Complaints',
    review: 'Quality review',
    reports: 'Quality',
    training: 'Training',
    devices: 'Workstations',
  },
  waiting: '{{count}} waiting',
  view: {
    label: 'Work view',
    desk: 'My desk',
    console: 'Console',
    deskHint: 'Your own phone and identity-check panel',
    consoleHint: 'Floor, queues, alerts, approvals, call-backs and complaints',
    newWindow: 'Open the console in a new tab (for a second monitor)',
  },
  floor: leadFloorEn,
  queues: leadQueuesEn,
  alerts: leadAlertsEn,
  complaints: leadComplaintsEn,
  reports: leadReportsEn,
  callbacks: leadCallbacksEn,
  review: leadReviewEn,
  training: leadTrainingEn,
  devices: leadDevicesEn,
};
