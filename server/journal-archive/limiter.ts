// Bounded journal ingest per instance, in two stages. At most `concurrency` batches hold a
// database connection at once (a slot), so a centre-wide drain never takes the pool from the
// verification checks. In front of the slots, a line: a batch waits there before its body is read
// (its bytes stay in the socket), so hundreds of desks coming back together wait their turn at
// the cost of a socket each, and only ADMITTED_PER_SLOT bodies per slot are read and parsed at
// once. Past the line the batch is refused before anything is read or stored (503 with
// Retry-After; the desk waits and sends it again, its batch size unchanged). A long line and few
// refusals matter at a centre's scale: every refusal is a batch the desk built and sent for
// nothing, and every desk told to come back is ingest capacity idle until it does.

/** The default share of an instance's database pool (server/db.ts) journal ingest may hold. */
export const DEFAULT_INGEST_CONCURRENCY = 2;
/** Bodies read and parsed per slot: the running batch and the next, ready behind it. */
const ADMITTED_PER_SLOT = 2;
/** Batches waiting in line, unread, per slot; beyond, the desk is told when to come back. */
export const QUEUE_PER_SLOT = 32;
const MAX_RETRY_AFTER_S = 30;

/** A counting semaphore with a bounded line; a place is handed over, never counted twice. */
class Line {
  private taken = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly places: number,
    readonly lineLimit: number,
  ) {}

  get full(): boolean {
    return this.taken >= this.places && this.waiting.length >= this.lineLimit;
  }

  get inLine(): number {
    return this.waiting.length;
  }

  /** Resolves true once a place is held; false at once (nothing held) when the line is full. */
  async take(): Promise<boolean> {
    if (this.taken < this.places) {
      this.taken++;
      return true;
    }
    if (this.waiting.length >= this.lineLimit) return false;
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    return true;
  }

  give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.taken--;
  }
}

export class IngestLimiter {
  /** Mean time a batch holds its slot (exponentially weighted), for Retry-After. */
  private meanMs = 100;
  private readonly admission: Line;
  private readonly slots: Line;

  constructor(readonly concurrency: number = DEFAULT_INGEST_CONCURRENCY) {
    if (!(Number.isInteger(concurrency) && concurrency >= 1))
      throw new RangeError('ingest concurrency must be a positive integer');
    this.admission = new Line(concurrency * ADMITTED_PER_SLOT, concurrency * QUEUE_PER_SLOT);
    // Never longer than the admitted bodies behind the running ones.
    this.slots = new Line(concurrency, concurrency * ADMITTED_PER_SLOT);
  }

  /** True when a batch arriving now would be refused. */
  get full(): boolean {
    return this.admission.full;
  }

  /** Batches in line, unread. */
  get waiting(): number {
    return this.admission.inLine;
  }

  /** Seconds until the line likely has room: the batches ahead, at the recent pace; 1 to 30. */
  retryAfterSeconds(): number {
    const ahead = this.admission.inLine + 1;
    const seconds = Math.ceil((ahead * this.meanMs) / this.concurrency / 1000);
    return Math.min(MAX_RETRY_AFTER_S, Math.max(1, seconds));
  }

  /**
   * Waits in line for leave to read a batch's body. Resolves to the function that gives the place
   * back (call it once the answer is sent or the request is gone), or null when the line is full.
   */
  async admit(): Promise<(() => void) | null> {
    if (!(await this.admission.take())) return null;
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.admission.give();
    };
  }

  /** Runs `fn` in a slot, after waiting for one; null (nothing run) when that line is full. */
  async run<T>(fn: () => Promise<T>): Promise<{ value: T } | null> {
    if (!(await this.slots.take())) return null;
    const started = performance.now();
    try {
      return { value: await fn() };
    } finally {
      this.meanMs = 0.8 * this.meanMs + 0.2 * (performance.now() - started);
      this.slots.give();
    }
  }
}
