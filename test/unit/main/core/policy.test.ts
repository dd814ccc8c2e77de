import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicy, PolicyError } from '../../../../main/core/policy.js';
import { useTempDirs } from '../../../support/fakes.js';

const tempDir = useTempDirs();

describe('managed policy', () => {
  it('is empty when no file exists', async () => {
    expect(await loadPolicy(path.join(tempDir(), 'none.json'))).toMatchObject({
      found: false,
      values: {},
    });
  });

  it('reads the course to pass before the live line (Art. 9) and refuses a malformed id', async () => {
    const file = path.join(tempDir(), 'policy.json');
    writeFileSync(file, JSON.stringify({ requireTrainingCourse: 'basic-verification' }));
    expect((await loadPolicy(file)).values).toEqual({
      requireTrainingCourse: 'basic-verification',
    });
    writeFileSync(file, JSON.stringify({ requireTrainingCourse: 'Basic Verification' }));
    await expect(loadPolicy(file)).rejects.toThrow(PolicyError);
  });

  it('reads known keys and reports unknown ones without failing', async () => {
    const file = path.join(tempDir(), 'policy.json');
    writeFileSync(
      file,
      JSON.stringify({ language: 'en', recordsUrl: 'https://records.bank.example', futureKey: 1 }),
    );
    expect(await loadPolicy(file)).toMatchObject({
      found: true,
      values: { language: 'en', recordsUrl: 'https://records.bank.example' },
      unknownKeys: ['futureKey'],
    });
  });

  it('reads the verification panel’s keys (Art. 4 greeting names, Art. 16 hotline) and refuses a malformed hotline; a complaint deadline is no desk key', async () => {
    const file = path.join(tempDir(), 'policy.json');
    writeFileSync(
      file,
      JSON.stringify({
        companyName: '某某信贷',
        departmentName: '电话银行中心',
        complaintHotline: '400-820-8888',
      }),
    );
    expect(await loadPolicy(file)).toMatchObject({
      values: {
        companyName: '某某信贷',
        departmentName: '电话银行中心',
        complaintHotline: '400-820-8888',
      },
      unknownKeys: [],
    });
    for (const hotline of ['call us', '1', '400-820-8888; rm', '+'.repeat(3)]) {
      writeFileSync(file, JSON.stringify({ complaintHotline: hotline }));
      await expect(loadPolicy(file)).rejects.toThrow(/complaintHotline/);
    }
    // Art. 16: the deadline is the records service's (--complaint-response-days): reported, unused.
    writeFileSync(file, JSON.stringify({ complaintResponseDays: 3 }));
    expect(await loadPolicy(file)).toMatchObject({
      values: {},
      unknownKeys: ['complaintResponseDays'],
    });
  });

  it('reads the softphone keys IT may fix', async () => {
    const file = path.join(tempDir(), 'policy.json');
    const sipAccount = {
      wsUrl: 'wss://sip.bank.example/ws',
      domain: 'bank.example',
      user: '1001',
    };
    writeFileSync(
      file,
      JSON.stringify({
        sipAccount,
        iceServers: [{ urls: ['turn:turn.bank.example:3478'], username: 'u', credential: 'c' }],
        trustedProxies: ['sip.bank.example'],
        dtmfMode: 'rfc4733',
        keepAliveSeconds: 15,
        wrapUpSeconds: 60,
      }),
    );
    expect(await loadPolicy(file)).toMatchObject({
      values: { sipAccount, dtmfMode: 'rfc4733', keepAliveSeconds: 15, wrapUpSeconds: 60 },
      unknownKeys: [],
    });
  });

  it.each([
    ['not JSON', '{language:', /not valid JSON/],
    ['an array', '[]', /must be a JSON object/],
    ['a bad language', '{"language":"fr"}', /language/],
    ['a non-http records URL', '{"recordsUrl":"file:///etc/passwd"}', /recordsUrl/],
    [
      'a SIP account over http',
      '{"sipAccount":{"wsUrl":"https://sip.bank.example","domain":"bank.example","user":"1001"}}',
      /sipAccount\.wsUrl/,
    ],
    [
      'a SIP account with a password (readable by every user)',
      '{"sipAccount":{"wsUrl":"wss://sip.bank.example","domain":"bank.example","user":"1001","password":"x"}}',
      /sipAccount\.password: a SIP password must not be in the managed policy.*settings\.json/,
    ],
    ['an unknown DTMF mode', '{"dtmfMode":"inband"}', /dtmfMode/],
    ['a keep-alive of 1 s', '{"keepAliveSeconds":1}', /keepAliveSeconds/],
    [
      'shortcuts used twice',
      '{"shortcuts":{"answer":"F8","hangup":"F8","hold":"","mute":""}}',
      /shortcuts/,
    ],
  ])('fails closed on %s with a message naming the file', async (_n, text, message) => {
    const file = path.join(tempDir(), 'policy.json');
    writeFileSync(file, text);
    const error = await loadPolicy(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PolicyError);
    expect(String((error as Error).message)).toMatch(message);
    expect(String((error as Error).message)).toContain(file);
  });
});
