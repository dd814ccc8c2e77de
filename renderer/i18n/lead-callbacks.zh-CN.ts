// The console's call-back room, Simplified Chinese: switching between the open queue and the
// history of closed call-backs, paging, and the notification for a new call-back. The items' own
// wording stays in verify.zh-CN.ts (callbacks), shared with the desk.
export const leadCallbacksZhCN = {
  views: '回拨列表',
  view: { open: '待回拨', history: '已处理' },
  more: '加载更多',
  loadingMore: '正在加载…',
  historyEmpty: '还没有已处理的回拨',
  historyFailed: '已处理的回拨读取失败：{{reason}}',
  outcome: { done: '已回拨', cancelled: '已取消' },
  closedAt: '处理时间：{{time}}',
  closedBy: '处理人：{{name}}',
  notification: {
    title: '有新的回拨登记',
    body: '待回拨共 {{count}} 条，请到控制台的“回拨”分区处理。',
  },
};
