// The lead console's training room (Art. 9), English.
import type { leadTrainingZhCN } from './lead-training.zh-CN.js';

export const leadTrainingEn: typeof leadTrainingZhCN = {
  title: 'Training',
  intro:
    "The team's practice on the training line and where each agent stands in the courses. Training calls never count in the indicators.",
  refresh: 'Refresh',
  loading: 'Loading...',
  empty: 'No training results in the team yet.',
  standing: 'Course standing',
  agent: 'Agent',
  course: 'Course: {{title}}',
  passed: 'Passed',
  open: 'Not passed',
  tried: '{{tried}} of {{of}} scenarios tried',
  cleared: 'Cleared for live calls',
  notCleared: 'Training required first',
  results: 'Recent results',
  at: 'When',
  scenario: 'Scenario',
  score: 'Score',
  outcome: 'Result',
  misses: 'Misses',
  none: 'None',
  failed: 'Could not be read: {{reason}}',
  approvalBadge: 'Training',
  approvalNote:
    'A practice call on the training line (a synthetic customer): deciding it counts nowhere.',
};
