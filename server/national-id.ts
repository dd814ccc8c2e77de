// Moved to common/national-id.ts so the verification panel can validate with the same code
// (issue 5: a typo is caught before it costs an attempt). Kept so existing server imports resolve.
export * from '../common/national-id.js';
