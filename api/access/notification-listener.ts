import { Client } from 'pg';
import type { Logger } from 'pino';

export interface ListenerEvents {
  /** A notification on the channel (its payload). */
  notification(payload: string): void;
  /**
   * LISTEN is in place: from now on every change that commits is announced on this connection.
   * With the first row of `readyQuery`, run on the same connection after LISTEN.
   */
  listening(ready?: Record<string, unknown>): void;
  /** The connection is gone (or never came): announcements may be missed until `listening` again. */
  lost(error?: unknown): void;
}

export interface ListenerOptions {
  /** How often the connection is checked with a round trip (ms). */
  pingMs?: number;
  /** A check, or a connection attempt, that takes longer than this counts as a loss (ms). */
  timeoutMs?: number;
  /** First and longest wait between attempts to connect again (ms). */
  retryMs?: [number, number];
  /** Run once LISTEN is in place, on the same connection; its first row goes to `listening`. */
  readyQuery?: string;
}

const DEFAULTS = { pingMs: 2_000, timeoutMs: 2_000, retryMs: [100, 5_000] as [number, number], readyQuery: '' };

/**
 * One dedicated PostgreSQL connection that LISTENs on a channel — outside the pool, since a
 * pooled connection goes back to other work and would miss or eat notifications. A connection
 * that errors, ends, or does not answer a periodic check in time counts as lost: the owner is
 * told at once (so that it stops trusting what the notifications keep fresh), and the listener
 * connects again, with a growing pause, until it is closed.
 */
export class NotificationListener {
  private client: Client | null = null;
  private isListening = false;
  private closed = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private pause: number;
  private readonly options: Required<ListenerOptions>;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly events: ListenerEvents,
    private readonly log?: Logger,
    options: ListenerOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.pause = this.options.retryMs[0];
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a plain channel name: ${channel}`);
  }

  get listening(): boolean {
    return this.isListening;
  }

  /** The backend's process id while connected (tests end it to cut the connection). */
  get backendPid(): number | null {
    return (this.client as unknown as { processID?: number } | null)?.processID ?? null;
  }

  /** Connects in the background; never throws (a failure is a loss, and is retried). */
  start(): void {
    if (this.client || this.closed) return;
    void this.connect();
    this.pingTimer = setInterval(() => void this.ping(), this.options.pingMs);
    this.pingTimer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    const client = this.client;
    this.client = null;
    this.isListening = false;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    this.retryTimer = null;
    if (this.closed) return;
    const client = new Client({
      connectionString: this.url,
      keepAlive: true,
      connectionTimeoutMillis: this.options.timeoutMs,
      // The process id tells an operator (and the two-replica test) whose connection this is.
      application_name: `gongguan-listener ${process.pid}`,
    });
    this.client = client;
    client.on('error', (error) => this.drop(client, error));
    client.on('end', () => this.drop(client));
    // Delivered as soon as they come, also before LISTEN has answered: dropping is always safe.
    client.on('notification', (message) => {
      if (client === this.client && message.channel === this.channel) this.events.notification(message.payload ?? '');
    });
    let ready: Record<string, unknown> | undefined;
    try {
      await client.connect();
      await client.query(`listen ${this.channel}`);
      if (this.options.readyQuery) ready = (await client.query(this.options.readyQuery)).rows[0];
    } catch (error) {
      this.drop(client, error);
      return;
    }
    if (client !== this.client) return;
    this.isListening = true;
    this.pause = this.options.retryMs[0];
    this.log?.info({ channel: this.channel }, 'listening for notifications');
    this.events.listening(ready);
  }

  private async ping(): Promise<void> {
    const client = this.client;
    if (!client || !this.isListening) return;
    let timer: NodeJS.Timeout | undefined;
    const answered = client.query('select 1');
    answered.catch(() => undefined); // should the check time out, its late failure is nobody's
    try {
      await Promise.race([
        answered,
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${this.options.timeoutMs} ms`)), this.options.timeoutMs);
        }),
      ]);
    } catch (error) {
      this.drop(client, error);
    } finally {
      clearTimeout(timer);
    }
  }

  private drop(client: Client, error?: unknown): void {
    if (client !== this.client) return;
    this.client = null;
    const wasListening = this.isListening;
    this.isListening = false;
    client.removeAllListeners('notification');
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    if (this.closed) return;
    if (wasListening) this.log?.warn({ err: error, channel: this.channel }, 'lost the connection listening for notifications; reconnecting');
    this.events.lost(error);
    this.retryTimer = setTimeout(() => void this.connect(), this.pause);
    this.retryTimer.unref();
    this.pause = Math.min(this.pause * 2, this.options.retryMs[1]);
  }
}
