// The desk's update and IT's diagnostics export in the status bar (Simplified Chinese). An update
// never installs during a call: the text tells the agent why the restart waits.
export const updateZhCN = {
  update: {
    ready: '新版本 {{version}} 已就绪——空闲时重启',
    restart: '重启并更新',
    restartNow: '现在重启以完成更新',
    blocked: {
      'call-up': '通话结束后可重启',
      'journal-writing': '正在写入日志，请稍候',
      'sync-in-flight': '正在上传日志，请稍候',
      'training-running': '培训考核结束后可重启',
    },
    failed: '无法重启更新：{{reason}}',
    dismiss: '关闭',
  },
  diagnostics: {
    export: '导出诊断信息',
    failed: '无法导出诊断信息：{{reason}}',
  },
};
