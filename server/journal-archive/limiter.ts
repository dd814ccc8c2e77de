// Bounded journal ingest per instance: at most `concurrency` batches hold a database connection
// at once and at most `queue` wait for one, so a centre-wide drain never takes the pool from the
// verification checks. Past that the batch is refused before anything is stored (503 with
// Retry-After; the desk waits and sends it again, its batch size unchanged).

/** The default share of an instance's database pool (server/db.ts) journal ingest may hold. */
export const DEFAULT_INGEST_CONCURRENCY = 2;
/** Batches waiting per running one; beyond, the desk is told when to come back. */
const QUEUE_PER_SLOT = 4;
const MAX_RETRY_AFTER_S = 30;

export class IngestLimiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  /** Mean time a batch holds its slot (exponentially weighted), for Retry-After. */
  private meanMs = 100;
  readonly queueLimit: number;

  constructor(readonly concurrency: number = DEFAULT_INGEST_CONCURRENCY) {
    if (!(Number.isInteger(concurrency) && concurrency >= 1))
      throw new RangeError('ingest concurrency must be a positive integer');
    this.queueLimit = concurrency * QUEUE_PER_SLOT;
  }

  /** True when a batch arriving now would be refused. */
  get full(): boolean {
    return this.active >= this.concurrency && this.waiting.length >= this.queueLimit;
  }

  /** Seconds until a slot is likely free: the queue ahead, at the recent pace; 1 to 30. */
  retryAfterSeconds(): number {
    const ahead = this.waiting.length + 1;
    const seconds = Math.ceil((ahead * this.meanMs) / this.concurrency / 1000);
    return Math.min(MAX_RETRY_AFTER_S, Math.max(1, seconds));
  }

  /** Runs `fn` in a slot, after waiting for one; null (nothing run) when the queue is full. */
  async run<T>(fn: () => Promise<T>): Promise<{ value: T } | null> {
    if (this.active < this.concurrency) this.active++;
    else if (this.waiting.length >= this.queueLimit) return null;
    // The slot is handed over by the batch that frees it (release), never counted twice.
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    const started = performance.now();
    try {
      return { value: await fn() };
    } finally {
      this.meanMs = 0.8 * this.meanMs + 0.2 * (performance.now() - started);
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
