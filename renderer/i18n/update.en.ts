// The desk's update and IT's diagnostics export in the status bar (English). An update never
// installs during a call: the text tells the agent why the restart waits.
import type { updateZhCN } from './update.zh-CN.js';

export const updateEn: typeof updateZhCN = {
  update: {
    ready: 'Update {{version}} ready - restart when idle',
    restart: 'Restart to update',
    restartNow: 'Restart now to finish the update',
    blocked: {
      'call-up': 'You can restart when the call ends',
      'journal-writing': 'Saving the journal, one moment',
      'sync-in-flight': 'Uploading the journal, one moment',
      'training-running': 'You can restart when the training assessment ends',
    },
    failed: 'Could not restart to update: {{reason}}',
    dismiss: 'Dismiss',
  },
  diagnostics: {
    export: 'Export diagnostics',
    failed: 'Could not export diagnostics: {{reason}}',
  },
};
