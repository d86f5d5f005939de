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

export function createLogger(level: string) {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'gongguan' } });
}
