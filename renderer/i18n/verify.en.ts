// The verification panel's strings, English: same keys as verify.zh-CN.ts. Plain ASCII
// punctuation (see en.ts). Scripts are templates with the configured company and department.
import type { Catalogue } from './zh-CN.js';

export const verifyEn: Catalogue['verify'] = {
  panelLabel: 'Identity check panel',
  readAloud: 'Read aloud',
  caller: {
    title: 'Caller',
    number: 'Calling number',
    unknownNumber: 'Number withheld',
    inbound: 'Inbound',
    outbound: 'Outbound',
    ringing: 'Ringing. The check starts when you answer.',
    lookingUp: 'Looking up customers reserved on this number...',
    none: 'No customer has this number as their reserved mobile. Ask for the reserved mobile in the basic check.',
    skipped:
      'The calling number is not a mainland mobile, so customers cannot be looked up by it. Ask for the reserved mobile in the basic check.',
    one: 'This number is the reserved mobile of:',
    several:
      '{{count}} customers have this reserved mobile. Ask the caller which one they are and choose:',
    lookupFailed: 'Customer look-up did not complete: {{reason}}',
    name: 'Name',
    mobile: 'Reserved mobile',
    nationalId: 'ID number',
    chosen: 'Chosen',
    choose: 'Choose customer {{name}}',
  },
  greeting: {
    title: 'Greeting',
    script: 'Hello, this is {{company}} {{department}}, glad to serve you.',
    loading: 'Reading the company name...',
    failed:
      'Could not read the company and department names ({{reason}}). Greet the customer with the standard greeting.',
  },
  business: {
    label: "Caller's intent (business type)",
    placeholder: 'Choose the business type...',
    hint: 'The business type decides the verification steps. It cannot be changed once the check starts.',
    starting: 'Starting the check...',
    /** A tier the policy keeps out of verifying (admin, by default; Art. 10). */
    notForTier:
      'Administrators look after users and systems and do not verify customers (Art. 10). Please transfer the call to an agent.',
    types: {
      enquiry: 'General enquiry',
      'important-query': 'Important information query',
      'fund-transfer': 'Fund transaction',
      'large-loan': 'Large loan application',
      'account-change': 'Account-detail change',
    },
    risk: {
      low: 'low',
      medium: 'medium',
      high: 'high',
    },
    riskLabel: '{{risk}} risk',
    option: '{{type}} ({{risk}} risk)',
  },
  steps: {
    title: 'Verification steps',
    names: {
      basic: 'Basic details',
      password: 'Password',
      otp: 'One-time passcode',
      confirmation: 'Identity confirmation',
    },
    purpose: {
      basic:
        'We check your reserved mobile number and ID number to make sure it is really you calling.',
      password: 'You key in your password so we know it is you asking for this.',
      otp: 'A one-time passcode goes to your reserved mobile, so nobody else can act in your name.',
      confirmation:
        'We read your details back once more; when you confirm them, the check is complete.',
    },
    status: {
      pending: 'To do',
      active: 'In progress',
      passed: 'Passed',
      failed: 'Not passed',
    },
    predicted: 'The rules require the steps above. Starting the check...',
  },
  basic: {
    title: 'Basic details (Art. 5)',
    script:
      'To protect your account, please tell me your reserved mobile number and your ID number.',
    mobile: 'Reserved mobile number',
    mobileHint: '11-digit mobile; +86, spaces or dashes are fine',
    nationalId: 'ID number',
    nationalIdHint: '18 characters; the last may be X',
    submit: 'Check',
    submitting: 'Checking...',
    attemptsLeft: '{{count}} attempts left',
    notSent: 'Nothing was sent; no attempt was used.',
    mismatchScript:
      "I'm sorry, the details don't match our records. Could you please check them again? Have your reserved mobile number or ID details changed recently?",
    mismatchNote:
      "The details do not match (the service does not say which). If the customer's details changed, direct them to a branch to update them.",
    exceptionScript:
      "I'm very sorry, the details could not be verified after several attempts. To protect your account we cannot continue with this request today. A supervisor will review it and call you back on your reserved mobile number; you can also visit a branch with your ID card.",
    exceptionNote:
      'No attempts left: this customer reached the limit of failed checks in {{hours}} hours (every call counts). The case is in the exception procedure: a supervisor has been alerted, and a follow-up is in the leads’ call-back queue for a lead to call the reserved mobile (Art. 5(2)).',
    problem: {
      mobile: {
        missing: "Enter the customer's reserved mobile number.",
        format: 'That is not a mobile number: it must be an 11-digit mainland mobile.',
        'no-customer':
          'No customer has that reserved mobile. Please check it with the customer again (no attempt was used).',
      },
      id: {
        missing: "Enter the customer's ID number.",
        'fifteen-digit':
          'Old 15-digit ID numbers are not accepted; ask for the 18-character number.',
        length: 'An ID number has 18 characters.',
        characters: 'An ID number is 17 digits followed by a digit or X.',
        'birth-date':
          'The birth date in the ID number (characters 7-14) is not valid; check it with the customer.',
        'future-birth-date':
          'The birth date in the ID number is in the future; check it with the customer.',
        checksum:
          "The ID number's check character does not match: probably a typo. Check it with the customer.",
      },
    },
  },
  password: {
    title: 'Password (Art. 6)',
    kinds: {
      transaction: 'transaction password',
      query: 'query password',
    },
    script:
      'Please key in your {{kind}} on your phone keypad and press # when you are done. If you make a mistake, press * to start again.',
    failed:
      'Wrong password; ask the customer to try again. {{count}} more tries before the password is locked.',
    failedScript: "I'm sorry, that password is not correct. Please key it in again.",
    lockedScript:
      "I'm sorry, to protect your account your password has been locked. Please visit a branch with your ID card, or use our official channels, to reset it.",
    forgot: 'Customer forgot password',
    forgotLabel: 'Customer forgot the password: start the reset procedure',
    resetScript:
      "That's all right, let me explain how to reset it: please visit any branch with your ID card, or apply through our official channels. Once it is reset, you can call us again for this request.",
    resetNote:
      'Recorded that the customer forgot the password; this check moves to the reset procedure (Art. 6(2)).',
    decline: 'Customer declines the password',
  },
  keypad: {
    title: 'Customer keypad entry',
    idle: 'Explain the step to the customer, then press Start and ask them to type on their phone keypad. What they type is never shown or kept.',
    start: 'Start',
    startLabel: 'Start customer keypad entry',
    stop: 'Stop',
    stopLabel: 'Stop customer keypad entry',
    waiting: 'Waiting for the customer to type...',
    count: '{{count}} digits received',
    submitting: 'Sent; checking...',
    help: 'The customer presses # to submit, * to clear and start again.',
    short:
      'The passcode has 6 digits; the customer pressed # too early, so nothing was sent. Ask them to key it in again.',
  },
  otp: {
    title: 'One-time passcode (Art. 7)',
    script:
      'For your security, we will send a 6-digit one-time passcode by SMS to your reserved mobile {{mobile}}. Please key it in on your phone keypad within 5 minutes.',
    scriptNoMobile:
      'For your security, we will send a 6-digit one-time passcode by SMS to your reserved mobile. Please key it in on your phone keypad within 5 minutes.',
    send: 'Send passcode',
    resend: 'Send again',
    sending: 'Sending...',
    resendIn: 'Can send again in {{time}}',
    sent: "Passcode sent to the customer's reserved mobile.",
    countdown: 'Passcode valid for',
    expired: 'The passcode has expired. Send a new one.',
    expiredScript:
      "I'm sorry, that passcode is no longer valid. I'll send you a new one; please watch for the SMS.",
    killed: 'Too many wrong entries: the passcode no longer works. Send a new one.',
    failed: 'Wrong passcode. {{count}} more tries.',
    failedScript:
      "I'm sorry, that passcode is not correct. Please check the SMS and key it in again.",
    unavailable:
      'The SMS service is not available, so no passcode can be sent (the records service is working: this is no outage).',
  },
  method: {
    title: 'Another verification method (Art. 14)',
    intro:
      'If the customer does not want to use this method, agree on one of these compliant alternatives:',
    alternatives: {
      'otp-instead-of-password': 'One-time passcode instead of the password',
    },
    alternative: 'Alternative',
    reason: "Customer's reason",
    reasonPlaceholder: 'e.g. the customer prefers not to key the password on the phone',
    submit: 'Use this method',
    cancel: 'Cancel',
    script:
      'Certainly, we can verify you with a one-time passcode sent to your reserved mobile instead.',
    switched: 'Switched to: {{alternative}}.',
  },
  confirm: {
    title: 'Identity confirmation (Art. 8)',
    // The title from the ID number's sex digit (the records service says which); neutral when
    // it cannot be told.
    script: {
      mr: 'Are you Mr. {{name}}? The ID number you reserved with us is {{id}} and the mobile number is {{mobile}}; is that correct?',
      ms: 'Are you Ms. {{name}}? The ID number you reserved with us is {{id}} and the mobile number is {{mobile}}; is that correct?',
      neutral:
        'Am I speaking with {{name}}? The ID number you reserved with us is {{id}} and the mobile number is {{mobile}}; is that correct?',
    },
    yes: 'Customer confirms',
    no: 'Customer says it is wrong',
    needsApproval:
      'A team lead must approve before the check can complete (Art. 10). Request approval first.',
    waitingApproval: 'Confirmation is possible once a team lead approves.',
    notConfirmedScript:
      'Thank you. To protect your account we cannot continue with this request today. Please check your details and call again, or visit a branch with your ID card.',
  },
  verified: {
    badge: 'Verified',
    badgeLabel: "The customer's identity is verified for this call",
    note: 'Identity verified. You can go ahead with "{{business}}".',
  },
  approval: {
    title: 'Team-lead approval (Art. 10)',
    reasons: {
      'beyond-tier': 'this business is above your role',
      'caller-not-reserved-mobile': "the calling number is not the customer's reserved mobile",
    },
    needed: 'A team lead must approve before the check can complete, because:',
    note: 'Note for the team lead (optional)',
    request: 'Request approval',
    requesting: 'Requesting...',
    pending: 'Approval requested; waiting for a team lead...',
    waitScript: 'Please hold on a moment while I check with my supervisor.',
    approved: 'Approved by {{by}}. Reason: {{reason}}',
    denied: 'Denied by {{by}}. Reason: {{reason}}',
    someone: 'a team lead',
    noReason: 'none given',
    deniedScript:
      "I'm very sorry, after review we cannot go ahead with this request today. If you have questions, you are welcome to visit a branch with your ID card.",
    /** Art. 10: the lead reviews a complete case, so the request waits for the last check. */
    afterChecks:
      'Request the approval once every check above has passed, so the team lead reviews the complete case. The read-back comes after the approval.',
  },
  fraud: {
    title: 'Business suspended',
    script:
      "I'm very sorry, for system reasons we cannot continue with this request right now. To keep your funds safe, please call us back later on our official service number, or visit a branch with your valid ID card. Thank you for your understanding.",
    note: 'The records service suspended this check (suspected fraud, Art. 18). Do not tell the customer why and do not continue the check; a supervisor has been alerted. Follow the emergency procedure.',
  },
  outage: {
    title: 'Records service unreachable (Art. 12 emergency procedure)',
    body: 'Identity checks and high-risk business (fund transactions, large loan applications, account-detail changes, important information queries) are unavailable for now. Stay calm, tell the customer what is happening and record a call-back. Everything on this call is being recorded on this computer and will sync when the service is back; nothing is lost.',
    scriptTitle: 'Emergency script',
    script:
      "I'm very sorry, {{company}}'s systems are temporarily unavailable and we are working to restore them. To keep your account and your money safe, we can't handle transfers, large loan applications, changes to account details or important account queries right now. We will call you back on the number you have registered with us; when would be a good time for you? I apologise for the inconvenience, and thank you for your patience.",
    scriptNoCompany:
      "I'm very sorry, our systems are temporarily unavailable and we are working to restore them. To keep your account and your money safe, we can't handle transfers, large loan applications, changes to account details or important account queries right now. We will call you back on the number you have registered with us; when would be a good time for you? I apologise for the inconvenience, and thank you for your patience.",
    callback: {
      title: 'Record a call-back',
      intro:
        'When the customer agrees to a call-back, choose when suits them and record it. It reaches the team call-back queue as soon as the records service is back.',
      number: 'Number to call back',
      noNumber:
        'The call showed no number, so no call-back can be recorded. Suggest the customer calls our official service number later.',
      business: 'What the customer wanted',
      businessNone: 'Not said',
      window: 'When to call',
      windows: {
        asap: 'As soon as possible',
        today: 'Later today',
        'tomorrow-morning': 'Tomorrow morning',
        'tomorrow-afternoon': 'Tomorrow afternoon',
      },
      notes: 'Notes (optional)',
      notesPlaceholder: "The customer's request in brief (no ID numbers, passwords or passcodes)",
      submit: 'Record call-back',
      submitting: 'Recording...',
      failed: 'The call-back was not recorded: {{reason}} What you entered is still here.',
      recorded:
        'Call-back recorded: {{number}}, {{window}}. It is saved on this computer and goes to the team call-back queue by itself (during an outage, as soon as the records service is back).',
    },
  },
  outcome: {
    'password-locked': 'The password is locked; this check has ended.',
    'not-confirmed': 'The customer did not confirm the details; the check did not pass.',
    denied: 'The team lead did not approve; this check has ended.',
  },
  complaint: {
    open: 'Complaint / feedback',
    openLabel: "Record the customer's complaint or feedback (Art. 16)",
    title: 'Record a complaint or feedback',
    category: 'Category',
    categories: {
      service: 'Service manner',
      'wait-time': 'Waiting time',
      verification: 'Identity check',
      product: 'Products and business',
      fees: 'Fees',
      other: 'Other',
    },
    text: 'Details',
    textPlaceholder: "The customer's words or the main points",
    wantsReply: 'The customer wants a reply',
    submit: 'Submit',
    submitting: 'Submitting...',
    cancel: 'Cancel',
    close: 'Close',
    deadline:
      "Once you submit, the records service gives the company's response deadline; tell the customer with the script below.",
    filed: 'Complaint recorded; it must be answered by {{date}} (Art. 16).',
    filedNoDeadline:
      "Complaint recorded; the records service cannot be reached, so the company's deadline is set when the desk syncs (Art. 16).",
    script: 'We have recorded your feedback; the company will answer you by {{date}}.',
    scriptNoDeadline:
      'We have recorded your feedback; the company will answer you within its set time limit.',
    scriptHotline: '{{script}} To follow up, please call our complaint hotline on {{hotline}}.',
  },
  wrapUp: {
    title: 'Call summary',
    intro:
      'The call has ended. Check the summary and add notes; after saving, the panel clears for the next call.',
    business: 'Business type',
    noBusiness: 'Not chosen',
    result: 'Verification result',
    noSession: 'No check started',
    steps: 'Steps and outcomes',
    noSteps: 'None',
    complaints: 'Complaints',
    notes: 'Notes',
    notesPlaceholder: 'What the customer wanted and what was done (no ID numbers or passwords)',
    save: 'Save summary',
    saving: 'Saving...',
    statuses: {
      'in-progress': 'Check not completed',
      'awaiting-approval': 'Waiting for team-lead approval',
      verified: 'Verified',
      'not-confirmed': 'Customer did not confirm',
      exception: 'Exception procedure',
      'password-reset': 'Password reset procedure',
      'password-locked': 'Password locked',
      denied: 'Approval denied',
      suspended: 'Suspended (suspected fraud)',
    },
    actions: {
      start: 'Start check',
      basic: 'Basic details',
      password: 'Password',
      'password-forgotten': 'Forgot password',
      'otp-send': 'Send passcode',
      otp: 'Passcode',
      method: 'Change method',
      confirm: 'Identity confirmation',
      approval: 'Approval request',
      complaint: 'Complaint',
      'wrap-up': 'Save summary',
    },
    results: {
      passed: 'passed',
      failed: 'not passed',
      exception: 'exception procedure',
      locked: 'locked',
      'password-reset': 'reset procedure',
      expired: 'expired',
      killed: 'no longer valid',
      sent: 'sent',
      switched: 'switched',
      requested: 'requested',
      verified: 'verified',
      'not-confirmed': 'not confirmed',
      suspended: 'suspended',
      error: 'did not complete (error)',
    },
  },
  problem: '"{{action}}" did not go through: {{reason}}',
  approvals: {
    tabVerify: 'Identity check',
    tabInbox: 'Approvals',
    tabInboxCount: 'Approvals ({{count}})',
    tabsLabel: 'Switch work area',
    title: 'Pending approvals (team-lead console)',
    empty: 'Nothing waiting for approval',
    emptyBody: 'High-risk or above-role checks that agents submit appear here.',
    loading: 'Loading...',
    loadFailed: 'Pending approvals could not be loaded: {{reason}}',
    refresh: 'Refresh',
    requestedBy: 'Requested by {{name}}',
    requestedAt: 'Requested at {{time}}',
    caller: 'Calling number: {{number}}',
    customer: 'Customer: {{name}}, mobile {{mobile}}, ID {{id}}',
    noCustomer: 'Customer: not identified yet',
    reasons: 'Why approval is needed',
    /** The same reasons as the agent sees them, worded for the lead. */
    reasonsForLead: {
      'beyond-tier': "this business is above the agent's role",
      'caller-not-reserved-mobile': "the call does not come from the customer's reserved mobile",
    },
    note: "Agent's note: {{note}}",
    status: 'Session: {{status}}',
    history: 'Step history',
    noHistory: 'No steps yet',
    historyLine: '{{time}} {{step}}: {{outcome}} (by {{agent}})',
    historySteps: {
      basic: 'Basic details',
      password: 'Password',
      'password-forgotten': 'Forgotten password',
      'otp-send': 'Passcode sent',
      otp: 'Passcode',
      method: 'Alternative method',
      confirmation: 'Read-back confirmation',
      'approval-request': 'Approval requested',
      'approval-decision': 'Lead decision',
      fraud: 'Fraud check',
    },
    historyOutcomes: {
      passed: 'passed',
      failed: 'failed',
      locked: 'locked',
      killed: 'passcode cancelled',
      expired: 'expired',
      sent: 'sent',
      'reset-procedure': 'reset procedure',
      requested: 'requested',
      approved: 'approved',
      denied: 'denied',
      suspended: 'business suspended',
      'otp-instead-of-password': 'passcode instead of password',
      'in-progress': 'in progress',
      'awaiting-approval': 'awaiting approval',
      verified: 'verified',
      'not-confirmed': 'not confirmed',
      exception: 'exception procedure',
      'password-reset': 'reset procedure',
      'password-locked': 'password locked',
    },
    decision: 'Your reason',
    decisionPlaceholder: 'Why you approve or deny',
    reasonRequired: 'Write your reason first.',
    approve: 'Approve',
    deny: 'Deny',
    deciding: 'Sending...',
    decideFailed: 'The decision was not sent: {{reason}}',
  },
  callbacks: {
    tab: 'Call-backs',
    tabCount: 'Call-backs ({{count}})',
    title: 'Call-back queue (team-lead console)',
    count: '{{count}} open',
    intro:
      'Call-backs agents recorded for customers while the records service was down, and exception follow-ups after too many failed basic checks, oldest first. Call each customer back on the number they registered with us, then close it here.',
    loading: 'Loading...',
    loadFailed: 'The call-back queue could not be loaded: {{reason}}',
    refresh: 'Refresh',
    empty: 'No call-backs waiting',
    emptyBody: 'Call-backs agents record during a records-service outage appear here.',
    number: 'Number to call back',
    requestedAt: 'Recorded at {{time}}',
    requestedBy: 'Recorded by: {{name}}',
    requestedByUnknown: 'Recorded by: not known',
    business: 'Wanted: {{business}}',
    businessNone: 'not said',
    window: 'Best time: {{window}}',
    notes: "Agent's notes: {{notes}}",
    reason: 'Request as recorded: {{reason}}',
    exception: 'Exception follow-up',
    exceptionReason:
      'The basic check failed {{count}} times in {{hours}} hours (across calls): a lead calls the customer back on the reserved mobile (Art. 5(2)).',
    closeNote: 'Closing note (optional)',
    closeNotePlaceholder: 'e.g. spoke to the customer, all done (no IDs, passwords or passcodes)',
    done: 'Called back',
    cancel: 'No longer needed',
    closing: 'Saving...',
    closeFailed: 'This call-back was not closed: {{reason}}',
    closeConflict: 'This call-back is already closed (perhaps by another lead). Refresh the list.',
  },
};
