// The keypad satisfaction survey on the verification panel (Art. 22), Simplified Chinese. The
// panel says that a rating arrived, never which: no string here takes the digit.
export const surveyZhCN = {
  title: '满意度评价',
  start: '邀请客户评价',
  startHint: '业务办结后，请邀请客户在电话按键上为本次服务打分，再点击下方按钮开始等待按键。',
  script:
    '请您对本次服务进行评价：非常满意请按 5，满意请按 4，一般请按 3，不满意请按 2，非常不满意请按 1。',
  waiting: '正在等待客户按键…',
  countdown: '剩余 {{seconds}} 秒',
  countdownLabel: '客户按键剩余时间',
  restart: '再次邀请',
  restartHint: '客户没听清时可再邀请一次（仅限一次）。',
  declined: '客户拒绝评价',
  results: {
    received: '已收到客户评价',
    declined: '客户未参与评价',
    'no-answer': '客户未在 {{seconds}} 秒内按键，已记为未评价',
  },
  delivery: {
    sending: '正在记录…',
    recorded: '已记录。',
    pending: '记录服务暂不可用，已存入本机日志，恢复后自动补传。',
    failed: '未能记录：请告知组长。',
  },
  unavailable: '按键通道不可用，无法开始评价。',
};
