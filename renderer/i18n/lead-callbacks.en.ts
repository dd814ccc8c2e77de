// The console's call-back room, English: switching between the open queue and the history of
// closed call-backs, paging, and the notification for a new call-back. The items' own wording
// stays in verify.en.ts (callbacks), shared with the desk.
export const leadCallbacksEn = {
  views: 'Call-back lists',
  view: { open: 'Open', history: 'History' },
  more: 'Load more',
  loadingMore: 'Loading…',
  historyEmpty: 'No call-backs have been closed yet',
  historyFailed: 'Could not read the closed call-backs: {{reason}}',
  outcome: { done: 'Called back', cancelled: 'Cancelled' },
  closedAt: 'Closed: {{time}}',
  closedBy: 'Closed by: {{name}}',
  notification: {
    title: 'New call-back recorded',
    body: 'Open call-backs: {{count}}. See Call-backs in the console.',
  },
};
