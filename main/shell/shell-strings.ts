// The few words the shell itself shows — tray, app menu, startup error boxes — in both languages
// (style.md §11: Simplified Chinese first, English second). The renderer's catalogues live in
// renderer/i18n and cannot be imported here (layers, architecture.md); this table is small enough
// to keep beside the code that uses it, and test/unit/main/shell/ checks both languages have
// every key.
import type { AgentProfile, Language, Tier } from '../../common/domain.js';

export interface ShellStrings {
  appName: string;
  tiers: Record<Tier, string>;
  tray: {
    signedOut: string;
    signedInAs: (agent: Pick<AgentProfile, 'name' | 'tier'>, tierLabel: string) => string;
    /**
     * Agent states (Art. 26: ready, not ready, break, wrap-up; plus on a call) arrive with the
     * softphone.
     */
    presence: Record<string, string>;
    show: string;
    quit: string;
  };
  menu: {
    file: string;
    edit: string;
    view: string;
    window: string;
    help: string;
    about: string;
    services: string;
    hide: string;
    hideOthers: string;
    unhide: string;
    quit: string;
    close: string;
    undo: string;
    redo: string;
    cut: string;
    copy: string;
    paste: string;
    selectAll: string;
    reload: string;
    forceReload: string;
    toggleDevTools: string;
    resetZoom: string;
    zoomIn: string;
    zoomOut: string;
    toggleFullscreen: string;
    minimize: string;
    zoom: string;
    front: string;
    /** A lead's console in a second window (another monitor). */
    openConsoleWindow: string;
    /** IT's diagnostics archive (a zip, saved where the agent chooses). */
    exportDiagnostics: string;
  };
  dialogs: {
    noRecordsTitle: string;
    noRecordsHint: string;
    insecureTransportTitle: string;
    insecureTransportHint: string;
    policyErrorTitle: string;
    policyErrorHint: string;
    startupFailedTitle: string;
    diagnosticsSaveTitle: string;
    /** The save dialog's file type. */
    diagnosticsZipFilter: string;
    diagnosticsFailedTitle: string;
    /** What the agent can do; the technical reason goes to the desk log, its code in brackets. */
    diagnosticsFailedHint: string;
  };
}

const zhCN: ShellStrings = {
  appName: 'Agent Desk',
  tiers: { agent: '坐席', senior: '高级坐席', lead: '组长', admin: '管理员' },
  tray: {
    signedOut: '未登录',
    signedInAs: (agent, tier) => `已登录：${agent.name}（${tier}）`,
    presence: {
      ready: '就绪',
      'not-ready': '未就绪',
      break: '休息',
      'wrap-up': '话后处理',
      'on-call': '通话中',
    },
    show: '显示 Agent Desk',
    quit: '退出',
  },
  menu: {
    file: '文件',
    edit: '编辑',
    view: '视图',
    window: '窗口',
    help: '帮助',
    about: '关于 Agent Desk',
    services: '服务',
    hide: '隐藏 Agent Desk',
    hideOthers: '隐藏其他',
    unhide: '全部显示',
    quit: '退出 Agent Desk',
    close: '关闭窗口',
    undo: '撤销',
    redo: '重做',
    cut: '剪切',
    copy: '复制',
    paste: '粘贴',
    selectAll: '全选',
    reload: '重新加载',
    forceReload: '强制重新加载',
    toggleDevTools: '开发者工具',
    resetZoom: '实际大小',
    zoomIn: '放大',
    zoomOut: '缩小',
    toggleFullscreen: '全屏',
    minimize: '最小化',
    zoom: '缩放',
    front: '全部置于顶层',
    openConsoleWindow: '在新窗口打开控制台',
    exportDiagnostics: '导出诊断信息…',
  },
  dialogs: {
    noRecordsTitle: 'Agent Desk：未配置记录服务',
    noRecordsHint:
      '请 IT 在管理策略中设置 "recordsUrl"（银行记录服务的 https:// 地址）；仅用于演示的工作站可设置 "demoMode": true 或以 --demo 启动。',
    insecureTransportTitle: 'Agent Desk：连接未加密，已拒绝',
    insecureTransportHint:
      '记录服务须使用 https://，SIP 须使用 wss://（本机地址除外）。如确属受控的封闭网络，IT 可在管理策略中设置 "allowInsecureTransport": true。',
    policyErrorTitle: 'Agent Desk：管理策略无效',
    policyErrorHint: '在策略修复之前，Agent Desk 不会启动。请联系 IT 部门。',
    startupFailedTitle: 'Agent Desk 无法启动',
    diagnosticsSaveTitle: '保存诊断信息（交给 IT 部门）',
    diagnosticsZipFilter: 'ZIP 压缩文件',
    diagnosticsFailedTitle: '无法导出诊断信息',
    diagnosticsFailedHint:
      '诊断信息未保存。请确认所选文件夹可以写入且磁盘空间充足，然后重试；仍然失败请联系 IT 部门（原因已写入日志）。',
  },
};

const en: ShellStrings = {
  appName: 'Agent Desk',
  tiers: { agent: 'Agent', senior: 'Senior agent', lead: 'Team lead', admin: 'Administrator' },
  tray: {
    signedOut: 'Signed out',
    signedInAs: (agent, tier) => `Signed in as ${agent.name} (${tier})`,
    presence: {
      ready: 'Ready',
      'not-ready': 'Not ready',
      break: 'On a break',
      'wrap-up': 'Wrap-up',
      'on-call': 'On a call',
    },
    show: 'Show Agent Desk',
    quit: 'Quit',
  },
  menu: {
    file: 'File',
    edit: 'Edit',
    view: 'View',
    window: 'Window',
    help: 'Help',
    about: 'About Agent Desk',
    services: 'Services',
    hide: 'Hide Agent Desk',
    hideOthers: 'Hide Others',
    unhide: 'Show All',
    quit: 'Quit Agent Desk',
    close: 'Close Window',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    selectAll: 'Select All',
    reload: 'Reload',
    forceReload: 'Force Reload',
    toggleDevTools: 'Developer Tools',
    resetZoom: 'Actual Size',
    zoomIn: 'Zoom In',
    zoomOut: 'Zoom Out',
    toggleFullscreen: 'Full Screen',
    minimize: 'Minimize',
    zoom: 'Zoom',
    front: 'Bring All to Front',
    openConsoleWindow: 'Open console in a new window',
    exportDiagnostics: 'Export Diagnostics…',
  },
  dialogs: {
    noRecordsTitle: 'Agent Desk: no records service configured',
    noRecordsHint:
      'IT must set the policy key "recordsUrl" to the bank\'s records service (https://…). A desk meant only for demonstrations can set "demoMode": true or start with --demo.',
    insecureTransportTitle: 'Agent Desk: unencrypted connection refused',
    insecureTransportHint:
      'The records service must use https:// and SIP wss:// (except on this machine). On a closed network IT vouches for, the policy key "allowInsecureTransport": true allows it.',
    policyErrorTitle: 'Agent Desk: the managed policy is invalid',
    policyErrorHint: 'Agent Desk will not start until the policy is fixed. Please contact IT.',
    startupFailedTitle: 'Agent Desk cannot start',
    diagnosticsSaveTitle: 'Save diagnostics for IT',
    diagnosticsZipFilter: 'Zip archive',
    diagnosticsFailedTitle: 'Diagnostics could not be exported',
    diagnosticsFailedHint:
      'The diagnostics were not saved. Check that the chosen folder can be written to and has space, then try again; if it still fails, contact IT (the reason is in the log).',
  },
};

export const SHELL_STRINGS: Record<Language, ShellStrings> = { 'zh-CN': zhCN, en };

export const shellStrings = (language: Language): ShellStrings => SHELL_STRINGS[language];

/**
 * The language for messages shown before settings are read (a broken policy stops the app before
 * that): English for an English system locale, otherwise the primary language, Chinese.
 */
export const languageForLocale = (locale: string): Language =>
  /^en\b/i.test(locale) ? 'en' : 'zh-CN';

/**
 * The error box when diagnostics could not be exported: the hint in the agent's language, and the
 * system's error code (EACCES, ENOSPC — the same in every language) for IT, never raw English.
 */
export function diagnosticsFailureText(strings: ShellStrings, error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const hint = strings.dialogs.diagnosticsFailedHint;
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(code)
    ? `${hint} (${code})`
    : hint;
}
