// English: the second language. Same keys as zh-CN.ts (the type enforces it; a unit test too).
// Plain ASCII apostrophes and "..." on purpose: the font stack puts Noto Sans CJK SC first, whose
// curly quotes and ellipsis are full-width CJK glyphs that look broken in English text.
import type { Catalogue } from './zh-CN.js';

export const en: Catalogue = {
  app: {
    name: 'Agent Desk',
    subtitle: 'Agent workstation',
    windowTitle: 'Agent Desk',
    loading: 'Starting Agent Desk...',
    demoBadge: 'Demo',
    demoBadgeHint: 'Connected to the embedded demo service. All customer data is demo data.',
  },
  fatal: {
    noHost: {
      title: 'This page must be opened from Agent Desk',
      body: 'This page is part of the Agent Desk workstation and cannot be used on its own in a browser. Start the Agent Desk app; if in doubt, contact the IT service desk.',
    },
    crashed: {
      title: 'Agent Desk ran into an unexpected error',
      body: 'Please reload. If it keeps happening, contact the IT service desk and tell them when it happened.',
      reload: 'Reload',
    },
  },
  signIn: {
    title: 'Agent sign-in',
    intro: 'Sign in with your agent account.',
    username: 'Username',
    password: 'Password',
    submit: 'Sign in',
    submitting: 'Signing in...',
    authorisedOnly: 'For authorised staff only. All activity is recorded.',
    sessionEnded: 'You have been signed out. Please sign in again.',
    problem: {
      'username-missing': 'Enter your username.',
      'password-missing': 'Enter your password.',
      'username-format': 'A username contains only letters, digits, dots (.), dashes (-) or underscores (_).',
    },
  },
  shell: {
    agentRegion: 'Signed-in agent',
    tierLabel: 'Role: {{tier}}',
    signOut: 'Sign out',
    signingOut: 'Signing out...',
    signOutFailed: 'Could not sign out: {{reason}}',
    workspace: 'Workspace',
  },
  tier: {
    agent: 'Agent',
    senior: 'Senior agent',
    lead: 'Team lead',
    admin: 'Administrator',
  },
  language: {
    label: 'Language',
    lockedHint: 'Set by IT',
    lockedTooltip: 'The display language is set by IT and cannot be changed on this workstation. Contact the IT service desk to change it.',
    changeFailed: 'Could not change the language: {{reason}}',
    loadFailed: 'Could not read your settings; using the default language: {{reason}}',
    names: {
      'zh-CN': '简体中文',
      en: 'English',
    },
  },
  workspace: {
    softphone: {
      title: 'Calls',
      readyTitle: 'Waiting for calls',
      readyBody: "Incoming calls appear here with the caller's number. Answering one opens the customer identity check.",
    },
    verification: {
      title: 'Identity check',
      emptyTitle: 'No check in progress',
      emptyBody: 'Answer a call and choose the business type: the required verification steps are listed here.',
    },
  },
  notice: {
    region: 'System notices',
    dismiss: 'Dismiss this notice',
    'settings-corrupt': 'The settings file was damaged, so Agent Desk started with default settings. The original file was kept at: {{backup}}',
    'policy-unknown-keys': 'The IT policy file has settings this version does not recognise; they were ignored: {{keys}}. Please check with the IT service desk.',
    unknown: 'System notice ({{key}}). Contact the IT service desk for details.',
  },
  footer: {
    region: 'Application information',
    version: 'Version {{version}}',
    records: 'Records service: {{host}}',
    embedded: 'embedded demo service',
    infoFailed: 'Could not read application information',
  },
  error: {
    'bad-request': 'Something in the request was not in the expected format. Check it and try again.',
    'unknown-channel': 'This version does not support that action. Contact the IT service desk.',
    'bad-sender': 'The request failed a security check and was refused. Reopen Agent Desk.',
    unauthorized: 'Your session has expired. Please sign in again.',
    'invalid-credentials': 'The username or password is incorrect. Please try again.',
    forbidden: 'Your role does not allow this action.',
    'locked-by-policy': 'This setting is managed by IT and cannot be changed on this workstation.',
    unavailable: 'The records service cannot be reached right now. Try again shortly; if it persists, contact the IT service desk.',
    'rate-limited': 'Too many attempts. Please wait a moment and try again.',
    'not-found': 'No matching record was found.',
    conflict: 'Things changed in the meantime. Refresh and try again.',
    internal: 'An internal error occurred. Try again; if it persists, contact the IT service desk.',
    default: 'That did not work. Try again; if it persists, contact the IT service desk.',
  },
};
