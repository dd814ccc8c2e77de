// Shared plumbing for the training suites (Art. 9): the verification harness with the training
// customers seeded exactly as start-up seeds them, their ids, and a training catalog folder.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import trainingCustomers from '../../../../assets/training/customers.json' with { type: 'json' };
import { CustomersFile } from '../../../../server/training/catalog.js';
import { seedTrainingCustomers } from '../../../../server/training/seed.js';
import { createHarness, type Harness } from '../verification-harness.js';
import { TEST_COST, TEST_PEPPER } from '../helpers.js';

export const CUSTOMERS = CustomersFile.parse(trainingCustomers).customers;
export const TC_LI = CUSTOMERS.find((c) => c.key === 'tc-li')!;
export const TC_ZHOU = CUSTOMERS.find((c) => c.key === 'tc-zhou')!;

export async function trainingHarness(): Promise<Harness & { trainee: Map<string, string> }> {
  const h = await createHarness();
  await seedTrainingCustomers(h.db, CUSTOMERS, { pepper: TEST_PEPPER, passwordCost: TEST_COST });
  const { rows } = await h.db.query<{ id: string; mobile: string }>(
    'select id, mobile from customers where training',
  );
  const trainee = new Map(
    CUSTOMERS.map((c) => [c.key, rows.find((r) => r.mobile === c.mobile)!.id]),
  );
  return Object.assign(h, { trainee });
}

export const SCENARIO = {
  id: 'enquiry-basic',
  title: { 'zh-CN': '余额查询', en: 'Balance enquiry' },
  summary: { 'zh-CN': '客户查询余额', en: 'The customer asks for a balance' },
  customer: 'tc-li',
  callerNumber: '17000000101',
  reactions: [{ on: { answered: true }, do: [{ do: 'say', prompt: 'intent-enquiry' }] }],
  expect: { business: 'enquiry', outcome: 'verified' },
};
export const COURSE = {
  id: 'basics',
  title: { 'zh-CN': '入门', en: 'Basics' },
  scenarios: ['enquiry-basic'],
  passMark: 80,
};

/** A training folder: the scenario and course above plus any extra files (name → content). */
export async function catalogDir(extra: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'training-'));
  await mkdir(path.join(dir, 'scenarios'));
  await mkdir(path.join(dir, 'courses'));
  await writeFile(path.join(dir, 'customers.json'), JSON.stringify(trainingCustomers));
  await writeFile(path.join(dir, 'scenarios/enquiry-basic.json'), JSON.stringify(SCENARIO));
  await writeFile(path.join(dir, 'courses/basics.json'), JSON.stringify(COURSE));
  for (const [name, content] of Object.entries(extra))
    await writeFile(path.join(dir, name), content);
  return dir;
}
