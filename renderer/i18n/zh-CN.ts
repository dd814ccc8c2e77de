// Simplified Chinese: the primary language (style.md §11). `en.ts` must have exactly these keys;
// test/unit/renderer/i18n/catalogues.test.ts checks that, and that no value is empty.
// Interpolation uses {{name}}; React escapes the output, so values are inserted as plain text.
export const zhCN = {
  app: {
    name: 'Agent Desk',
    subtitle: '坐席工作台',
    windowTitle: 'Agent Desk 坐席工作台',
    loading: '正在启动坐席工作台…',
    demoBadge: '演示环境',
    demoBadgeHint: '当前连接的是内置演示服务，所有客户数据均为演示数据。',
  },
  fatal: {
    noHost: {
      title: '请从 Agent Desk 中打开此页面',
      body: '此页面是 Agent Desk 坐席工作台的一部分，不能在普通浏览器中单独使用。请启动 Agent Desk 程序；如有疑问，请联系 IT 服务台。',
    },
    crashed: {
      title: '坐席工作台遇到意外错误',
      body: '请重新加载。如果问题反复出现，请联系 IT 服务台，并告知出现问题的时间。',
      reload: '重新加载',
    },
  },
  signIn: {
    title: '坐席登录',
    intro: '请使用您的坐席账号登录。',
    username: '用户名',
    password: '密码',
    submit: '登录',
    submitting: '正在登录…',
    authorisedOnly: '仅限授权人员使用，所有操作均会被记录。',
    sessionEnded: '您已退出登录，请重新登录。',
    problem: {
      'username-missing': '请输入用户名。',
      'password-missing': '请输入密码。',
      'username-format': '用户名只能包含字母、数字、点（.）、横线（-）或下划线（_）。',
    },
  },
  shell: {
    agentRegion: '当前坐席',
    tierLabel: '职级：{{tier}}',
    signOut: '退出登录',
    signingOut: '正在退出…',
    signOutFailed: '未能退出登录：{{reason}}',
    workspace: '工作区',
  },
  tier: {
    agent: '坐席',
    senior: '高级坐席',
    lead: '组长',
    admin: '管理员',
  },
  language: {
    label: '语言',
    lockedHint: 'IT 已锁定',
    lockedTooltip: '界面语言由 IT 统一设置，无法在本机更改。如需调整，请联系 IT 服务台。',
    changeFailed: '未能切换界面语言：{{reason}}',
    loadFailed: '未能读取您的设置，已使用默认语言：{{reason}}',
    names: {
      'zh-CN': '简体中文',
      en: 'English',
    },
  },
  workspace: {
    softphone: {
      title: '来电',
      readyTitle: '待接来电',
      readyBody: '来电接入后，主叫号码将显示在这里；接听后会自动打开客户身份核验。',
    },
    verification: {
      title: '身份核验',
      emptyTitle: '暂无进行中的核验',
      emptyBody: '接听来电并选择业务类型后，系统将按规定列出需要完成的核验步骤。',
    },
  },
  notice: {
    region: '系统通知',
    dismiss: '关闭此通知',
    'settings-corrupt': '设置文件已损坏，本次已按默认设置启动。原文件已备份至：{{backup}}',
    'policy-unknown-keys': 'IT 策略文件中有本版本无法识别的设置项，已忽略：{{keys}}。请联系 IT 服务台确认。',
    unknown: '系统通知（{{key}}），请联系 IT 服务台了解详情。',
  },
  footer: {
    region: '应用信息',
    version: '版本 {{version}}',
    records: '记录服务：{{host}}',
    embedded: '内置演示服务',
    infoFailed: '未能读取应用信息',
  },
  error: {
    'bad-request': '提交的内容格式不正确，请检查后重试。',
    'unknown-channel': '当前版本不支持此操作，请联系 IT 服务台。',
    'bad-sender': '请求未通过安全校验，已被拒绝。请重新打开 Agent Desk。',
    unauthorized: '登录已失效，请重新登录。',
    'invalid-credentials': '用户名或密码不正确，请重新输入。',
    forbidden: '您的权限不足，无法执行此操作。',
    'locked-by-policy': '此设置由 IT 统一管理，无法在本机更改。',
    unavailable: '记录服务暂时无法连接，请稍后重试；如持续无法连接，请联系 IT 服务台。',
    'rate-limited': '尝试次数过多，请稍等片刻再试。',
    'not-found': '未找到相关记录。',
    conflict: '当前状态已变化，请刷新后重试。',
    internal: '系统内部错误，请重试；如问题持续，请联系 IT 服务台。',
    default: '操作未能完成，请重试；如问题持续，请联系 IT 服务台。',
  },
};

/** The shape every catalogue has: the same keys as the primary one, every value a string. */
export type Catalogue = typeof zhCN;
