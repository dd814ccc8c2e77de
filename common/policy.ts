// THE verification policy (Art. 5–8, 10, 14, 18) as data and pure functions, one module per
// section under ./policy/. The records service enforces it and the desktop's panel shows it: no
// I/O, no Node, no zod (style.md §5). The server is still the authority; the panel only predicts.
export * from './policy/business.js';
export * from './policy/alternatives.js';
export * from './policy/tiers.js';
export * from './policy/password-locks.js';
export * from './policy/limits.js';
export * from './policy/fraud.js';
export * from './policy/alert-codes.js';
export * from './policy/indicators.js';
export * from './policy/caller-source.js';
export * from './policy/emergency.js';
export * from './policy/requirements.js';
export * from './policy/session.js';
export * from './policy/transition.js';
export * from './policy/archive.js';
export * from './policy/intent.js';
export * from './policy/callback.js';
export * from './policy/floor.js';
export * from './policy/alerts.js';
export * from './policy/complaints.js';
export * from './policy/teams.js';
export * from './policy/survey.js';
export * from './policy/review.js';
