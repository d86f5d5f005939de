import pino from 'pino';
import { ArgumentValidationError } from 'type-graphql';
import { createErrorFormatter } from '../../api/common/error-format';

/** The error formatter never throws, and masks what it does not recognise. */

it('masks and logs, with a correlation id, the exception of a validator that threw instead of finding a violation', () => {
  const lines: string[] = [];
  const format = createErrorFormatter(pino({ level: 'error' }, { write: (line: string) => lines.push(line) }));
  const thrown = new TypeError("Cannot read properties of undefined (reading 'length')");
  // What type-graphql hands on when class-validator's validateOrReject throws rather than rejecting.
  const error = new ArgumentValidationError(thrown as never);

  const formatted = format({ message: error.message, extensions: { code: 'BAD_USER_INPUT' } }, error);

  expect(formatted.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', correlationId: expect.any(String) });
  expect(formatted.message).toBe(`Internal server error (correlation id ${formatted.extensions!.correlationId})`);
  expect(lines.filter((line) => line.includes(String(formatted.extensions!.correlationId)))).toHaveLength(1);
});

it('still names the field of an ordinary violation', () => {
  const format = createErrorFormatter(pino({ level: 'silent' }));
  const error = new ArgumentValidationError([{ property: 'hours', constraints: { max: 'hours must not be greater than 24' }, children: [] }]);
  expect(format({ message: error.message, extensions: { code: 'BAD_USER_INPUT' } }, error)).toEqual({
    message: 'hours: must not be greater than 24',
    locations: undefined,
    path: undefined,
    extensions: { code: 'BAD_USER_INPUT', field: 'hours', reason: 'MAX' },
  });
});
