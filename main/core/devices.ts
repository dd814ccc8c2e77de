// The lead console's devices room in main (Art. 11): the registered desks and revoking one, each
// one call to the records service with the signed-in lead's token. The service is the authority:
// it refuses anyone but a lead or admin and records the attempt (Art. 10).
import { DeviceList, DeviceView } from '../../common/devices-api.js';
import type { AgentProfile } from '../../common/domain.js';
import { AppError } from '../../common/result.js';
import type { Handlers } from './dispatcher.js';
import type { RecordsHttp } from './records-http.js';

/** The records client's lines for the devices routes (spread into createRecordsClient). */
export interface DevicesRecords {
  listDevices(token: string): Promise<DeviceList>;
  revokeDevice(token: string, deviceId: string): Promise<DeviceView>;
}

export function devicesRecords(call: RecordsHttp['request']): DevicesRecords {
  return {
    listDevices: (token) => call('GET', '/api/v1/devices', DeviceList, { token }),
    revokeDevice: (token, deviceId) =>
      call('POST', `/api/v1/devices/${encodeURIComponent(deviceId)}/revoke`, DeviceView, {
        token,
      }),
  };
}

export function devicesHandlers(options: {
  records: DevicesRecords;
  session: () => { token: string; agent: AgentProfile } | null;
}): Pick<Handlers, 'devices:list' | 'devices:revoke'> {
  const token = () => {
    const current = options.session();
    if (!current) throw new AppError('unauthorized', 'sign in first');
    return current.token;
  };
  return {
    'devices:list': () => options.records.listDevices(token()),
    'devices:revoke': ({ deviceId }) => options.records.revokeDevice(token(), deviceId),
  };
}
