// The lead console's devices room (Art. 11), English.
import type { leadDevicesZhCN } from './lead-devices.zh-CN.js';

export const leadDevicesEn: typeof leadDevicesZhCN = {
  title: 'Workstations',
  intro:
    "Workstations registered with the records service. Once revoked, a workstation's journal is no longer accepted (it stays on the workstation, nothing is lost) until IT enrols it again.",
  refresh: 'Refresh',
  loading: 'Loading...',
  empty: 'No workstation is registered yet.',
  failed: 'Could not read the workstations: {{reason}}',
  revokeFailed: 'Could not revoke {{device}}: {{reason}}',
  caption: 'Registered workstations',
  device: 'Workstation id',
  fingerprint: 'Key fingerprint',
  registered: 'Registered',
  lastSync: 'Last sync',
  never: 'Never synced',
  status: 'Status',
  active: 'Active',
  revoked: 'Revoked ({{by}}, {{at}})',
  actions: 'Actions',
  revoke: 'Revoke',
  revokeLabel: 'Revoke workstation {{device}}',
  confirm: 'Confirm revoke',
  confirmLabel: 'Confirm: revoke workstation {{device}}; its journal will no longer be accepted',
  cancel: 'Cancel',
};
