// The verification fixtures with a records service that samples every completed session for
// review (`--review-sample-rate 1`): the call under test is certain to reach the review queue.
import { startVerifyRecords, test as verifyTest } from './fixtures-verify.js';

export const test = verifyTest.extend({
  // eslint-disable-next-line no-empty-pattern
  verifyRecords: async ({}, use, testInfo) => {
    const records = await startVerifyRecords({}, ['--review-sample-rate', '1']);
    await use(records);
    if (testInfo.status !== testInfo.expectedStatus)
      await testInfo.attach('records.log', { body: records.output(), contentType: 'text/plain' });
    await records.dispose();
  },
});
