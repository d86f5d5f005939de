import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { requestLog } from '../../api/http/request-log';
import { eventually } from '../e2e/harness';

/**
 * The request log: every request gets an id and a closing line; a handler that logs through the
 * request's logger writes a line bound to the request; the bound logger is made only for that.
 */
async function serve(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const log = pino({ level: 'info' }, sink);
  const child = jest.spyOn(log, 'child');
  const logRequest = requestLog(log, { ignore: () => false });
  const server = http.createServer((req, res) => logRequest(req, res, () => handler(req, res)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, lines, child, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('requestLog', () => {
  it("binds a handler's line to the request, and makes the bound logger only when it is used", async () => {
    const served = await serve((req, res) => {
      if (req.url === '/fails') req.log.error({ err: new Error('boom') }, 'request failed');
      res.end('ok');
    });
    try {
      await fetch(`${served.url}/quiet`, { headers: { 'x-request-id': 'quiet-request-1' } });
      // The closing line is written on the response's 'close', which may come after the answer.
      await eventually(async () => served.lines.length, (count) => count >= 1, 'lines logged');
      expect(served.child).not.toHaveBeenCalled();

      await fetch(`${served.url}/fails`, { method: 'POST', headers: { 'x-request-id': 'failing-request-1' } });
      await eventually(async () => served.lines.length, (count) => count >= 3, 'lines logged');
      const failed = served.lines.find((line) => line.msg === 'request failed');
      expect(failed).toMatchObject({ level: 50, req: { id: 'failing-request-1', method: 'POST', url: '/fails', remoteAddress: '127.0.0.1' }, err: { message: 'boom' } });
      expect(served.child).toHaveBeenCalledTimes(1);
      expect(served.lines.filter((line) => line.msg === 'request completed').map((line) => (line.req as { id: string }).id)).toEqual(['quiet-request-1', 'failing-request-1']);
    } finally {
      await served.close();
    }
  });
});
