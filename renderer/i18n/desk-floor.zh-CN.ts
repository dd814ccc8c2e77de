// The agent's desk on the live floor: what the agent reads when a team lead set them not ready.
export const deskFloorZhCN = {
  notReadyOrder: '组长 {{by}} 已将您设为未就绪：{{reason}}（{{time}}）',
};
