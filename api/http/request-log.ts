import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type Logger } from 'pino';
import type { RequestLog } from '../common/context';

declare module 'node:http' {
  interface IncomingMessage {
    /** The request's id: a valid `X-Request-Id` it came with, or a new UUID; sent back in `X-Request-Id`. */
    id: string;
    /** The server's logger, bound to this request. */
    log: RequestLog;
  }
}

/** What the log says of a request: pino-http's `req` fields. */
interface RequestDescription {
  id: string;
  method: string | undefined;
  url: string | undefined;
  remoteAddress: string | undefined;
}

/**
 * A request's logger: a child of the server's bound to the request, made when first written
 * through. Making the child (bindings serialised, redaction run) costs more than some whole
 * reads, and few requests log. An object of one class rather than a getter defined on each
 * request: a property defined with its own accessor gives every request object a shape of its
 * own, and every access made to it after, Node's HTTP code's included, went the slow way.
 */
class BoundWhenUsed implements RequestLog {
  private bound: Logger | undefined = undefined;

  constructor(
    private readonly server: Logger,
    private readonly request: RequestDescription,
  ) {}

  private get logger(): Logger {
    return (this.bound ??= this.server.child({ req: this.request }));
  }

  error(details: object, message?: string): void {
    this.logger.error(details, message);
  }

  warn(details: object, message?: string): void {
    this.logger.warn(details, message);
  }

  info(details: object, message?: string): void {
    this.logger.info(details, message);
  }
}

const REQUEST_ID = /^[\w.-]{8,64}$/;

/**
 * The logger of the closing line: the server's (its level, bindings and stream, so that lines stay
 * in order), less its redaction. The line is made here of fixed fields (id, method, URL, address,
 * status, time), none of which a redacted path names, and redacting it anyway cost about as much
 * as writing it, on every request.
 */
function closingLineLogger(log: Logger): Logger {
  return pino({ level: log.level, base: log.bindings() }, (log as unknown as Record<symbol, pino.DestinationStream>)[pino.symbols.streamSym]);
}

/**
 * The request's id and one log line when it ends: which request, from where, how it ended, how
 * long it took (pino-http's "request completed" line, with its fields). pino-http made a child
 * logger holding the serialised request on every request, logged through or not, which cost
 * more than some whole reads; here the request's logger is made only when something logs
 * through it, and the line only when its level is on.
 */
export function requestLog(log: Logger, options: { ignore: (url: string) => boolean }) {
  const closing = closingLineLogger(log);
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('x-request-id', id);
    req.id = id;
    const started = Date.now();
    // As it came: routers rewrite `req.url` on the way down.
    const { method, url } = req;
    // Read now: a socket the client has closed may no longer tell (Node keeps it per socket).
    const { remoteAddress } = req.socket;
    const described: RequestDescription = { id, method, url, remoteAddress };
    req.log = new BoundWhenUsed(log, described);
    if (!options.ignore(url ?? '')) {
      // 'close' follows 'finish' on every response, and comes alone when the connection ended first.
      res.once('close', () => {
        const failed = res.statusCode >= 500;
        if (!closing.isLevelEnabled(failed ? 'error' : 'info')) return;
        const line = { req: described, res: { statusCode: res.statusCode }, responseTime: Date.now() - started };
        if (failed) closing.error(line, 'request errored');
        else closing.info(line, 'request completed');
      });
    }
    next();
  };
}
