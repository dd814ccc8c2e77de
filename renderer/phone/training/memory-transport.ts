// A sip.js 0.21 Transport that carries SIP text through the training exchange in this page
// instead of a WebSocket: no network at all, yet every message is serialised by one user agent
// and parsed by the other, as on a wire. It follows sip.js's transport state machine exactly
// (api/transport.d.ts): the UserAgent relies on onConnect/onDisconnect to know where it stands.
import { EmitterImpl, TransportState, type Emitter, type Transport } from 'sip.js';

/** The exchange's side of one transport: where it hands messages and where it is told to stop. */
export interface ExchangePort {
  /** False when the exchange is closed: connecting fails. */
  attach(link: TransportLink): boolean;
  detach(link: TransportLink): void;
  /** Queues one message from this link; the exchange delivers it later (never synchronously). */
  carry(link: TransportLink, message: string): void;
}

/** What the exchange may do to a connected transport. */
export interface TransportLink {
  deliver(message: string): void;
  /** The exchange closed: the transport is disconnected with an error (the line is gone). */
  drop(error: Error): void;
}

export type MemoryTransportConstructor = new (logger: unknown, options?: unknown) => Transport;

/** The Transport class (sip.js `transportConstructor`) bound to one exchange. */
export function memoryTransportFor(port: ExchangePort): MemoryTransportConstructor {
  return class MemoryTransport implements Transport {
    readonly protocol = 'WS';
    onConnect: (() => void) | undefined = undefined;
    onDisconnect: ((error?: Error) => void) | undefined = undefined;
    onMessage: ((message: string) => void) | undefined = undefined;
    private current: TransportState = TransportState.Disconnected;
    private readonly changes = new EmitterImpl<TransportState>();
    private readonly link: TransportLink = {
      deliver: (message) => {
        if (this.current === TransportState.Connected) this.onMessage?.(message);
      },
      drop: (error) => this.transition(TransportState.Disconnected, error),
    };

    get state(): TransportState {
      return this.current;
    }

    get stateChange(): Emitter<TransportState> {
      return this.changes;
    }

    isConnected(): boolean {
      return this.current === TransportState.Connected;
    }

    async connect(): Promise<void> {
      if (this.current === TransportState.Connected) return;
      if (this.current !== TransportState.Connecting) this.transition(TransportState.Connecting);
      // Callbacks must never loop back synchronously into connect()/disconnect().
      await Promise.resolve();
      if (this.current !== TransportState.Connecting) throw new Error('connect interrupted');
      if (!port.attach(this.link)) {
        this.transition(TransportState.Disconnected);
        throw new Error('training exchange closed');
      }
      this.transition(TransportState.Connected);
    }

    async disconnect(): Promise<void> {
      if (this.current === TransportState.Disconnected) return;
      if (this.current !== TransportState.Disconnecting)
        this.transition(TransportState.Disconnecting);
      port.detach(this.link);
      await Promise.resolve();
      if (this.current === TransportState.Disconnecting)
        this.transition(TransportState.Disconnected);
    }

    dispose(): Promise<void> {
      return this.disconnect();
    }

    send(message: string): Promise<void> {
      if (this.current !== TransportState.Connected)
        return Promise.reject(new Error('training transport not connected'));
      port.carry(this.link, message);
      return Promise.resolve();
    }

    private transition(next: TransportState, error?: Error): void {
      const previous = this.current;
      if (previous === next) return;
      this.current = next;
      if (next !== TransportState.Connected) port.detach(this.link);
      this.changes.emit(next);
      if (next === TransportState.Connected) this.onConnect?.();
      if (previous === TransportState.Connected) this.onDisconnect?.(error);
    }
  };
}
