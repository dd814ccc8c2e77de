// The desktop's client for the records service. It speaks the service's `{error:{code,message}}`
// bodies and turns every failure into an AppError with a contract code, so handlers never see a
// raw fetch error. A network failure is `unavailable` — the outage path (Art. 12) keys off it.
import { z } from 'zod';
import { AgentProfile } from '../../common/domain.js';
import { AppError, isErrorCode } from '../../common/result.js';

export const SignInResponse = z.object({
  token: z.string().min(16),
  expiresAt: z.string(),
  agent: AgentProfile,
});
export type SignInResponse = z.infer<typeof SignInResponse>;

export interface RecordsClientOptions {
  baseUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface RecordsClient {
  readonly baseUrl: string;
  health(): Promise<{ status: string }>;
  signIn(username: string, password: string): Promise<SignInResponse>;
  signOut(token: string): Promise<void>;
  me(token: string): Promise<AgentProfile>;
}

export function createRecordsClient(options: RecordsClientOptions): RecordsClient {
  const doFetch = options.fetch ?? fetch;
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function call<T>(method: string, route: string, schema: z.ZodType<T> | null, init: { body?: unknown; token?: string } = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${route}`, {
        method,
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new AppError('unavailable', `records service unreachable: ${(error as Error).message}`);
    }
    const text = await response.text();
    let body: unknown = undefined;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        throw new AppError('unavailable', `records service answered ${response.status} with a body that is not JSON`);
      }
    }
    if (!response.ok) {
      const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
      const code = isErrorCode(error?.code) ? error.code : response.status >= 500 ? 'unavailable' : 'internal';
      const message = typeof error?.message === 'string' ? error.message : `records service answered ${response.status}`;
      throw new AppError(code, message);
    }
    if (schema === null) return undefined as T;
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new AppError('internal', `records service answer for ${route} does not match the expected shape`);
    return parsed.data;
  }

  return {
    baseUrl,
    health: () => call('GET', '/health', z.object({ status: z.string() }).loose()),
    signIn: (username, password) => call('POST', '/api/v1/auth/sign-in', SignInResponse, { body: { username, password } }),
    signOut: (token) => call('POST', '/api/v1/auth/sign-out', null, { token }),
    me: (token) => call('GET', '/api/v1/agents/me', AgentProfile, { token }),
  };
}
