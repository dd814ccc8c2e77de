// English: the second language. Same keys as zh-CN.ts (the type enforces it; a unit test too).
// Plain ASCII apostrophes and "..." on purpose: the font stack puts Noto Sans CJK SC first, whose
// curly quotes and ellipsis are full-width CJK glyphs that look broken in English text.
import type { Catalogue } from './zh-CN.js';
import { leadEn } from './lead.en.js';
import { verifyEn } from './verify.en.js';
import { deskFloorEn } from './desk-floor.en.js';
import { surveyEn } from './survey.en.js';
import { trainingEn } from './training.en.js';
import { updateEn } from './update.en.js';

export const en: Catalogue = {
  verify: verifyEn,
  lead: leadEn,
  deskFloor: deskFloorEn,
  survey: surveyEn,
  training: trainingEn,
  ...updateEn,
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
    demoAccount: 'Demo account (all data is made up):',
    demoWarning: 'Demo records service — not for customers. Nothing entered here is a real record.',
    problem: {
      'username-missing': 'Enter your username.',
      'password-missing': 'Enter your password.',
      'username-format':
        'A username contains only letters, digits, dots (.), dashes (-) or underscores (_).',
    },
  },
  shell: {
    agentRegion: 'Signed-in agent',
    tierLabel: 'Role: {{tier}}',
    signOut: 'Sign out',
    signingOut: 'Signing out...',
    signOutFailed: 'Could not sign out: {{reason}}',
    signOutOnCall: 'A call is in progress; end it before signing out.',
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
    lockedTooltip:
      'The display language is set by IT and cannot be changed on this workstation. Contact the IT service desk to change it.',
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
      readyBody:
        "Incoming calls appear here with the caller's number. Answering one opens the customer identity check.",
    },
    verification: {
      title: 'Identity check',
      emptyTitle: 'No check in progress',
      emptyBody:
        'Answer a call and choose the business type: the required verification steps are listed here.',
    },
  },
  softphone: {
    title: 'Phone',
    loading: 'Getting the phone ready...',
    loadFailed: 'The phone could not start: {{reason}}',
    retry: 'Try again',
    openSettings: 'Phone settings',
    status: {
      label: 'Line status',
      idle: 'No phone line configured',
      idleHint:
        'This workstation has no SIP account yet, so calls cannot be made or taken. Please contact the IT service desk.',
      connecting: 'Connecting the line...',
      reconnecting: 'Line lost, reconnecting by itself (attempt {{attempt}})',
      retryIn: 'next try in {{seconds}} s',
      retryNow: 'trying again now',
      registered: 'Line connected',
      failed: 'Line connection failed',
      reason: 'Reason: {{reason}}',
      autoRetry: 'The desk reconnects by itself; nothing to do.',
      account: 'Extension {{account}}',
    },
    agentState: {
      label: 'Agent state',
      ready: 'Ready',
      'not-ready': 'Not ready',
      break: 'Break',
      'wrap-up': 'Wrap-up',
      notReadyGroup: 'Not ready (pick a reason)',
      notReadyOption: 'Not ready - {{reason}}',
      reasons: {
        training: 'Training',
        meeting: 'Meeting',
        admin: 'Admin work',
        'system-issue': 'System issue',
        other: 'Other',
      },
      wrapUpRemaining: 'Wrap-up: {{time}} left',
      wrapUpOpen: 'Wrap-up: switch to Ready when done',
      endWrapUp: 'End wrap-up',
      declined: '{{count}} calls declined while not ready',
      notReadyHint: 'While not ready, incoming calls are declined automatically.',
    },
    incoming: {
      title: 'Incoming call',
      announce: 'Incoming call: {{caller}}',
      unknownCaller: 'Unknown number',
      verified: 'Number verified by the network',
      unverified: 'Number not verified by the network; check with care',
      answer: 'Answer',
      reject: 'Decline',
    },
    call: {
      region: 'Current call',
      phase: {
        ringing: 'Ringing',
        dialing: 'Calling...',
        alerting: 'Ringing at the other end',
        connected: 'Connected',
        held: 'On hold',
        reconnecting: 'Restoring the call...',
        transferring: 'Transferring...',
        ended: 'Call ended',
      },
      direction: {
        inbound: 'Inbound',
        outbound: 'Outbound',
      },
      timer: 'Call duration',
      hold: 'Hold',
      resume: 'Resume',
      mute: 'Mute',
      unmute: 'Unmute',
      keypad: 'Keypad',
      hideKeypad: 'Hide keypad',
      keypadTitle: 'Send keypad tones to the other party',
      keypadHint: 'Tones go straight to the other party; they are not shown or kept.',
      transfer: 'Transfer',
      hangup: 'Hang up',
      cancelCall: 'Cancel call',
      mutedNotice: 'Your microphone is muted; the caller cannot hear you.',
      heldNotice: 'The call is on hold; the caller is waiting.',
      reconnectingNotice: 'The network dropped; the call is being restored. Please do not hang up.',
    },
    secureEntry: {
      inUse: "The identity check is receiving the customer's keypad entry (never shown or kept)",
    },
    transfer: {
      title: 'Transfer the call',
      target: 'Transfer to',
      placeholder: 'Extension or number',
      blind: 'Transfer now',
      consult: 'Consult first',
      consulting: 'Consulting {{number}}',
      consultHint:
        'The customer is on hold. After talking to your colleague, complete the transfer or cancel to return to the customer.',
      complete: 'Complete transfer',
      cancelConsult: 'Cancel, back to customer',
      close: 'Close transfer',
      invalid: 'Enter a valid extension or number.',
    },
    quality: {
      label: 'Call quality',
      good: 'Good',
      poor: 'Poor',
      measuring: 'Measuring',
      warning:
        'Call quality is poor ({{reasons}}). If the customer cannot hear you well, tell them and consider calling back.',
      reasons: {
        rtt: 'high delay',
        jitter: 'high jitter',
        loss: 'packet loss',
        mos: 'low audio score',
      },
      details: 'Delay {{rtt}} - jitter {{jitter}} - loss {{loss}} - audio score {{mos}}',
      unknownValue: 'n/a',
    },
    dialpad: {
      title: 'Dial',
      input: 'Phone number',
      placeholder: 'Number or extension',
      dial: 'Call',
      clear: 'Clear number',
      backspace: 'Delete last digit',
      invalid: 'Enter a valid phone number (digits, +, * or #).',
      notRegistered: 'The line is not connected; calls cannot be made right now.',
      busy: 'You are already on a call; end it first.',
      fromLink: 'Number filled in from a link. Check it, then press Call.',
    },
    history: {
      title: 'Recent calls',
      empty: 'No calls yet',
      loadFailed: 'Recent calls could not be loaded: {{reason}}',
      redialAction: 'Call back',
      unknownName: 'Unknown',
      inbound: 'Inbound',
      outbound: 'Outbound',
      outcome: {
        answered: 'Answered',
        missed: 'Missed',
        rejected: 'Declined',
        'declined-not-ready': 'Declined (not ready)',
        failed: 'Not connected',
        transferred: 'Transferred',
        cancelled: 'Cancelled',
      },
      duration: 'Duration {{duration}}',
    },
    devices: {
      title: 'Audio devices',
      microphone: 'Microphone',
      speaker: 'Call audio (headset)',
      ringer: 'Ringer',
      systemDefault: 'System default',
      unnamed: 'Unnamed device {{n}}',
      ringerHint: 'Set the ringer to a loudspeaker to hear calls when the headset is off.',
      saveFailed: 'Device choice not saved: {{reason}}',
      fallback: {
        'microphone-fallback':
          'Microphone "{{label}}" was disconnected; using the system default microphone.',
        'speaker-fallback':
          'Speaker "{{label}}" was disconnected; using the system default speaker.',
        'ringer-fallback':
          'Ringer "{{label}}" was disconnected; calls now ring on the system default device.',
      },
      unknownDevice: 'previous device',
    },
    shortcuts: {
      title: 'Keyboard shortcuts',
      intro: 'Work anywhere in the Agent Desk window.',
      actions: {
        answer: 'Answer a call',
        hangup: 'Hang up',
        hold: 'Hold / resume',
        mute: 'Mute / unmute',
      },
      none: 'Not set',
      change: 'Change',
      changeLabel: 'Change the shortcut for "{{action}}"',
      recording: 'Press the new combination (Esc cancels)',
      clear: 'Clear',
      clearLabel: 'Clear the shortcut for "{{action}}"',
      reset: 'Restore defaults',
      locked: 'Shortcuts are set by IT and cannot be changed on this computer.',
      saveFailed: 'Shortcuts not saved: {{reason}}',
      problem: {
        invalid: 'That combination is not recognised.',
        'needs-modifier': 'Letters and digits need Ctrl, Alt or Win/Cmd as well.',
        reserved: 'That combination is used for copy, paste and the like; pick another.',
        duplicate: 'That combination is already used for another action.',
      },
    },
    settings: {
      title: 'Phone settings',
      close: 'Close settings',
    },
    microphone: {
      title: 'Before your first call: the microphone',
      body: "Agent Desk talks to customers through your computer's microphone and headset.",
      privacy: 'The microphone is used during calls only; nothing is recorded or kept.',
      prompt:
        'After you press Continue, you may be asked to allow the microphone and notifications: please choose Allow. Notifications tell you about incoming calls while the window is covered.',
      continue: 'I understand, continue',
    },
    notification: {
      title: 'Agent Desk: incoming call',
      body: 'Call from a number ending {{digits}}. Return to Agent Desk to answer.',
      bodyNoNumber: 'Incoming call. Return to Agent Desk to answer.',
    },
    error: {
      'no-account':
        'No phone line is configured on this computer. Please contact the IT service desk.',
      'not-connected': 'The line is not connected right now; it is reconnecting by itself.',
      busy: 'You are already on a call; end it first.',
      'bad-target': 'That number is not valid. Please check it.',
      'no-call': 'There is no call right now.',
      'call-failed': 'The call did not connect.',
      'answer-failed': 'The call could not be answered; the caller may have hung up.',
      'hold-failed': 'Hold or resume did not work. Please try again.',
      'bad-dtmf': 'That key cannot be sent.',
      'dtmf-failed': 'The keypad tone was not sent.',
      'transfer-failed': 'The transfer did not go through; the call is still with you.',
      'transfer-unconfirmed':
        'No transfer result arrived; check whether the customer was connected.',
      'consult-failed': 'Your colleague could not be reached; the customer is still on hold.',
      'consult-ended': 'The consultation call ended; the customer is still on hold.',
      'microphone-failed':
        'The microphone cannot be used. Check the headset is plugged in and Agent Desk is allowed to use it.',
      'device-failed': 'The audio device could not be switched.',
      'training-failed': 'The training call could not be started. Please try again.',
      unexpected: 'The phone ran into an unexpected error. Please try again.',
      unknown: 'The phone could not do that ({{key}}). Please try again.',
    },
    dismiss: 'Dismiss',
  },
  notice: {
    region: 'System notices',
    dismiss: 'Dismiss this notice',
    'settings-corrupt':
      'The settings file was damaged, so Agent Desk started with default settings. The original file was kept at: {{backup}}',
    'policy-unknown-keys':
      'The IT policy file has settings this version does not recognise; they were ignored: {{keys}}. Please check with the IT service desk.',
    'call-history-corrupt':
      'The call history file was damaged; recent calls start empty. The original was kept at: {{backup}}',
    'journal-recovered':
      'The local journal was found damaged when Agent Desk started and was repaired: every confirmed record is kept and the damaged part was set aside. Please tell the IT service desk (reference: {{kind}}).',
    'sip-password-unreadable':
      'The phone account needs its password: the sealed password ({{file}}) cannot be opened on this computer, so the phone will not register. Ask the IT service desk to provision the SIP password again.',
    'sip-password-needed':
      'The phone account needs its password: none is stored for it, so the phone will not register. Ask the IT service desk to provision the SIP password.',
    'sip-password-not-sealed':
      'The SIP password in the settings file could not be sealed on this computer, so it is still stored there unprotected. The phone uses it meanwhile; please tell the IT service desk.',
    'keychain-unavailable':
      'The system keychain is locked or not yet available, so the phone password or the recent calls could not be opened. Unlock the keychain (or sign in again) and restart Agent Desk; nothing was lost.',
    'insecure-sip':
      'The phone account was refused: its connection {{url}} is not encrypted (wss:// is required). IT can set the policy key "{{key}}" on a closed network.',
    unknown: 'System notice ({{key}}). Contact the IT service desk for details.',
  },
  connectivity: {
    region: 'Connection status',
    states: {
      online: 'Connected',
      degraded: 'Partly down',
      offline: 'Offline',
      unknown: 'Checking connection...',
    },
    failed: 'Connection status unavailable',
    down: 'Down: {{links}}',
    links: {
      network: 'network',
      records: 'records service',
      sip: 'phone line',
    },
    status: {
      up: 'up',
      down: 'down',
      unknown: 'unknown',
    },
    lines: {
      network: 'Network (as the computer reports it): {{status}}',
      records: 'Records service: {{status}}',
      sip: 'Phone line: {{status}}',
    },
    lastSynced: 'Last synced: {{time}}',
    neverSynced: 'Not synced since start',
    backlog: '{{count}} to sync',
    backlogHint:
      'Journal entries on this computer not yet uploaded to the records service. While offline they are kept safely here and sync in order when the connection returns.',
    deadLetters: '{{count}} refused',
    refused: {
      'device-unknown': 'Journal not synced: workstation not registered',
      'device-revoked': 'Journal not synced: workstation revoked',
      'device-signature-invalid': 'Journal not synced: signature refused',
      'journal-rewritten': 'Journal not synced: entries changed on disk',
    },
    deadLettersHint:
      'The records service refused some journal entries. They are kept on this computer and not lost. Contact the IT service desk.',
  },
  footer: {
    region: 'Application information',
    version: 'Version {{version}}',
    records: 'Records service: {{host}}',
    embedded: 'Demo records service — not for customers',
    infoFailed: 'Could not read application information',
  },
  error: {
    'bad-request':
      'Something in the request was not in the expected format. Check it and try again.',
    'unknown-channel': 'This version does not support that action. Contact the IT service desk.',
    'bad-sender': 'The request failed a security check and was refused. Reopen Agent Desk.',
    unauthorized: 'Your session has expired. Please sign in again.',
    'invalid-credentials': 'The username or password is incorrect. Please try again.',
    forbidden: 'Your role does not allow this action.',
    'locked-by-policy': 'This setting is managed by IT and cannot be changed on this workstation.',
    unavailable:
      'The records service cannot be reached right now. Try again shortly; if it persists, contact the IT service desk.',
    'rate-limited': 'Too many attempts. Please wait a moment and try again.',
    'not-found': 'No matching record was found.',
    conflict: 'Things changed in the meantime. Refresh and try again.',
    internal: 'An internal error occurred. Try again; if it persists, contact the IT service desk.',
    'training-required':
      'Complete the required training course on the training line before taking live calls.',
    'device-unknown':
      'This workstation is not registered with the records service. Journal entries are kept here; contact the IT service desk.',
    'device-revoked':
      'This workstation was revoked by a team lead or IT. Journal entries are kept here and not synced; contact the IT service desk.',
    'device-signature-invalid':
      'The records service could not verify this workstation’s signature. Journal entries are kept here; contact the IT service desk.',
    'journal-rewritten':
      'Journal entries on this workstation were changed on disk. They are kept as found and not synced; a team lead was alerted.',
    'journal-ahead':
      'An earlier journal upload is still on its way; this one is sent again once it is answered.',
    default: 'That did not work. Try again; if it persists, contact the IT service desk.',
  },
};
