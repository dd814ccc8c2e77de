// The verification route modules (Art. 5–8, 10, 14, 18), in registration order, for app.ts.
export { approvalRoutes } from './approvals.js';
export type { VerificationDeps, VerificationOptions } from './context.js';
export { verificationRoutes } from './routes.js';
