// Art. 12: only an unreachable records service is an outage. Against the real service started
// without an SMS gateway, a passcode it refuses (503 `unavailable`) leaves the link up; the same
// client with the service gone reports it down.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { observeRecords } from '../../../../main/core/connectivity.js';
import { createRecordsClient } from '../../../../main/core/records-client.js';
import { startRecordsService, type RecordsService } from '../../../../server/start.js';
import { TEST_COST, TEST_PEPPER } from '../../server/helpers.js';
import { useTempDirs } from '../../../support/fakes.js';

vi.setConfig({ testTimeout: 60_000 });
const tempDir = useTempDirs();

describe('a passcode refused for want of an SMS gateway is no outage', () => {
  let service: RecordsService | null = null;
  afterEach(async () => {
    await service?.close();
    service = null;
  });

  it('the desk keeps the records link up through the 503, and marks it down once no answer comes', async () => {
    service = await startRecordsService({
      port: 0,
      host: '127.0.0.1',
      dataDir: tempDir(),
      demoSeed: true,
      pepper: TEST_PEPPER,
      passwordCost: TEST_COST,
      logger: false,
    });
    const reports: boolean[] = [];
    const records = observeRecords(
      createRecordsClient({ baseUrl: service.url, timeoutMs: 5_000 }),
      (reachable) => reports.push(reachable),
    );
    const { token } = await records.signIn('senior01', 'demo-pass-1');
    // 陈静 (synthetic demo seed): the only customer reserved on 13900000004.
    const [chen] = (await records.lookupCustomers(token, '13900000004')).customers;
    const session = await records.startVerification(token, {
      callId: 'call-otp-503',
      callerNumber: '13900000004',
      businessType: 'account-change',
      customerId: chen!.id,
      callerIdSource: 'pai',
    });
    await records.checkBasic(token, session.id, {
      customerId: chen!.id,
      mobile: '13900000004',
      nationalId: '990304199512250049',
    });
    expect((await records.checkPassword(token, session.id, '314159')).nextStep).toBe('otp');

    await expect(records.sendOtp(token, session.id)).rejects.toMatchObject({
      code: 'unavailable',
      status: 503,
      fromService: true,
      message: expect.stringMatching(/no SMS gateway/),
    });
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.every(Boolean)).toBe(true);

    await service.close();
    service = null;
    await expect(records.getVerification(token, session.id)).rejects.toMatchObject({
      code: 'unavailable',
      status: null,
    });
    expect(reports.at(-1)).toBe(false);
  });
});
