import pino from 'pino';

/** Redacted paths: personal data and secrets never reach a log line, even by accident. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.idNumber',
  '*.phone',
  '*.password',
  '*.token',
  '*.secret',
  'variables',
];

/**
 * JSON lines on stdout, written asynchronously: a line per request written synchronously cost a
 * system call on the request's path; written this way, lines that come together go out together.
 * What is still buffered is written synchronously when the process exits (pino's exit hook).
 */
export function createLogger(level: string) {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'gongguan' } }, pino.destination({ dest: 1, sync: false }));
}
