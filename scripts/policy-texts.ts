// The Group Policy editor's words for each policy key, in the two languages the desk speaks.
// English help text is the key's .describe() in main/core/policy.ts; Chinese is here. A key
// without both a title and (for zh-CN) help text fails the type-check, so none ships untranslated.
import type { ManagedPolicy, PolicyValueKind } from '../main/core/policy.js';

export type PolicyLanguage = 'en-US' | 'zh-CN';
type Key = keyof ManagedPolicy;

interface Texts {
  description: string;
  supported: string;
  registryValue: string;
  label: Record<PolicyValueKind, string>;
  keys: Record<Key, { title: string; help: string }>;
}

export const POLICY_TEXTS: Record<PolicyLanguage, Texts> = {
  'en-US': {
    description: 'Settings IT fixes for Agent Desk on every workstation.',
    supported: 'Agent Desk 0.1 and later',
    registryValue: 'Registry value',
    label: { string: 'Value', integer: 'Value', boolean: '', json: 'JSON' },
    keys: {
      language: { title: 'Display language', help: '' },
      recordsUrl: { title: 'Records service URL', help: '' },
      sipAccount: { title: 'SIP account', help: '' },
      iceServers: { title: 'STUN/TURN servers', help: '' },
      trustedProxies: { title: 'Trusted SIP proxies', help: '' },
      dtmfMode: { title: 'DTMF mode', help: '' },
      keepAliveSeconds: { title: 'SIP keep-alive interval (seconds)', help: '' },
      wrapUpSeconds: { title: 'After-call work time (seconds)', help: '' },
      shortcuts: { title: 'Keyboard shortcuts', help: '' },
      companyName: { title: 'Company name in the greeting', help: '' },
      departmentName: { title: 'Department name in the greeting', help: '' },
      complaintHotline: { title: 'Complaint hotline', help: '' },
      requireTrainingCourse: { title: 'Training course required before live calls', help: '' },
      updateFeedUrl: { title: 'Update feed URL', help: '' },
      updateChannel: { title: 'Update channel', help: '' },
      allowInsecureTransport: { title: 'Allow unencrypted connections', help: '' },
      demoMode: { title: 'Demonstration mode', help: '' },
    },
  },
  'zh-CN': {
    description: 'IT 在每台坐席电脑上为 Agent Desk 统一设定的设置。',
    supported: 'Agent Desk 0.1 及更高版本',
    registryValue: '注册表值',
    label: { string: '值', integer: '值', boolean: '', json: 'JSON' },
    keys: {
      language: { title: '显示语言', help: '坐席台的显示语言："zh-CN" 或 "en"。' },
      recordsUrl: {
        title: '记录服务地址',
        help: '记录服务的基础地址，例如 https://records.bank.example。除本机回环地址或允许不加密连接外，必须使用 https:。',
      },
      sipAccount: {
        title: 'SIP 账号',
        help: '软电话的 SIP 账号（不含密码），JSON：{"wsUrl":"wss://…","domain":"…","user":"…","displayName":"…"}。密码写在坐席台的 settings.json 中，启动时加密封存；含密码的策略会被拒绝。',
      },
      iceServers: {
        title: 'STUN/TURN 服务器',
        help: '通话媒体使用的 STUN/TURN 服务器，JSON：[{"urls":"turns:turn.bank.example:443","username":"…","credential":"…"}]。',
      },
      trustedProxies: {
        title: '受信任的 SIP 代理',
        help: '坐席台信任其主叫号码信息的 SIP 代理主机名（JSON 数组）。',
      },
      dtmfMode: { title: 'DTMF 方式', help: '通话中按键的发送方式："rfc4733" 或 "info"。' },
      keepAliveSeconds: { title: 'SIP 保活间隔（秒）', help: 'SIP 连接的保活间隔秒数（5–300）。' },
      wrapUpSeconds: {
        title: '话后处理时间（秒）',
        help: '通话结束后再次分配来电之前的话后处理秒数（0–3600）。',
      },
      shortcuts: {
        title: '键盘快捷键',
        help: '键盘快捷键，JSON：{"answer":"Ctrl+Alt+A","hangup":"…","hold":"…","mute":"…"}（"" 表示不设）。',
      },
      companyName: { title: '问候语中的公司名称', help: '坐席在问候语中说出的银行名称。' },
      departmentName: { title: '问候语中的部门名称', help: '坐席在问候语中说出的部门名称。' },
      complaintHotline: {
        title: '投诉热线',
        help: '向来电客户告知的投诉热线，例如 "+86 21 5555 0100"。',
      },
      requireTrainingCourse: {
        title: '接听真实来电前须通过的培训课程',
        help: '坐席接听真实来电前必须通过的培训课程编号，例如 "basic-verification"。',
      },
      updateFeedUrl: {
        title: '更新源地址',
        help: '银行自己的更新源地址（electron-updater generic 提供方式）。不设置时坐席台从不检查更新。',
      },
      updateChannel: {
        title: '更新通道',
        help: '更新通道，例如 "latest" 或 "pilot"（小写字母、数字和连字符）。',
      },
      allowInsecureTransport: {
        title: '允许不加密连接',
        help: '允许到非本机主机的 http: 记录服务地址和 ws: SIP 地址（仅限封闭网络）。',
      },
      demoMode: {
        title: '演示模式',
        help: '未设置记录服务地址时启动内置的演示记录服务（仅限培训教室）。',
      },
    },
  },
};
