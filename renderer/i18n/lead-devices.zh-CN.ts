// The lead console's devices room (Art. 11), Simplified Chinese: the registered workstations
// whose journals the records service trusts, and revoking one.
export const leadDevicesZhCN = {
  title: '工作站',
  intro:
    '已在记录服务登记的工作站。吊销后，该工作站的日志不再被接收（保存在本机，不会丢失），由 IT 重新登记。',
  refresh: '刷新',
  loading: '正在加载……',
  empty: '还没有登记的工作站。',
  failed: '无法读取工作站列表：{{reason}}',
  revokeFailed: '未能吊销 {{device}}：{{reason}}',
  caption: '已登记的工作站',
  device: '工作站编号',
  fingerprint: '密钥指纹',
  registered: '登记时间',
  lastSync: '最近同步',
  never: '从未同步',
  status: '状态',
  active: '有效',
  revoked: '已吊销（{{by}}，{{at}}）',
  actions: '操作',
  revoke: '吊销',
  revokeLabel: '吊销工作站 {{device}}',
  confirm: '确认吊销',
  confirmLabel: '确认吊销工作站 {{device}}：其日志将不再被接收',
  cancel: '取消',
};
