// The agent's desk on the live floor: what the agent reads when a team lead set them not ready.
import type { deskFloorZhCN } from './desk-floor.zh-CN.js';

export const deskFloorEn: typeof deskFloorZhCN = {
  notReadyOrder: 'Team lead {{by}} set you not ready: {{reason}} ({{time}})',
};
