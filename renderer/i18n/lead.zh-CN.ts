// The team-lead console's frame, Simplified Chinese: the rooms and the switch between the lead's
// own desk and the console. Each room keeps its strings in a file of its own beside this one
// (lead-<room>.zh-CN.ts), spread in here.
import { leadFloorZhCN, leadQueuesZhCN } from './lead-floor.zh-CN.js';

import { leadAlertsZhCN } from './lead-alerts.zh-CN.js';
import { leadComplaintsZhCN } from './lead-complaints.zh-CN.js';
import { leadReportsZhCN } from './lead-reports.zh-CN.js';
import { leadCallbacksZhCN } from './lead-callbacks.zh-CN.js';
import { leadReviewZhCN } from './lead-review.zh-CN.js';
import { leadTrainingZhCN } from './lead-training.zh-CN.js';
import { leadDevicesZhCN } from './lead-devices.zh-CN.js';
export const leadZhCN = {
  title: '班组长控制台',
  rooms: '控制台分区',
  room: {
    floor: '现场',
    queues: '队列',
    alerts: '告警',
    approvals: '待审批',
    callbacks: '回拨',
    complaints: '投诉',
    review: '质检',
    reports: '质量考核',
    training: '培训考核',
    devices: '工作站',
  },
  waiting: '{{count}} 项待处理',
  view: {
    label: '工作视图',
    desk: '我的坐席',
    console: '控制台',
    deskHint: '自己的话机和核验面板',
    consoleHint: '现场、队列、告警、审批、回拨和投诉',
    newWindow: '在新标签页打开控制台（适合第二台显示器）',
  },
  floor: leadFloorZhCN,
  queues: leadQueuesZhCN,
  alerts: leadAlertsZhCN,
  complaints: leadComplaintsZhCN,
  reports: leadReportsZhCN,
  callbacks: leadCallbacksZhCN,
  review: leadReviewZhCN,
  training: leadTrainingZhCN,
  devices: leadDevicesZhCN,
};
