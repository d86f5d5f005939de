import { parse, type OperationDefinitionNode } from 'graphql';
import { KnownQueries } from '../../api/http/known-queries';

const JSON_TYPE = 'application/json; charset=utf-8';
const known = (query: string) => {
  const document = parse(query);
  return { document, operation: document.definitions[0] as OperationDefinitionNode };
};
const json = { 'content-type': 'application/json' };

function learned(query = '{ me { id } }'): KnownQueries {
  const queries = new KnownQueries();
  queries.answeredCleanly(query, undefined, known(query));
  queries.answeredWith(undefined, JSON_TYPE);
  return queries;
}

describe('KnownQueries.match', () => {
  it('finds a known query asked again in the same way', () => {
    const asked = learned().match('POST', '/graphql', json, { query: '{ me { id } }', variables: { a: 1 }, operationName: null });
    expect(asked).toMatchObject({ contentType: JSON_TYPE, variables: { a: 1 }, operationName: undefined });
  });

  it.each([
    ['a GET', 'GET', '/graphql', json, { query: '{ me { id } }' }],
    ['a query string', 'POST', '/graphql?x=1', json, { query: '{ me { id } }' }],
    ['another content type', 'POST', '/graphql', { 'content-type': 'text/plain' }, { query: '{ me { id } }' }],
    ['no content type', 'POST', '/graphql', {}, { query: '{ me { id } }' }],
    ['an Accept header not seen', 'POST', '/graphql', { ...json, accept: 'application/graphql-response+json' }, { query: '{ me { id } }' }],
    ['a batch', 'POST', '/graphql', json, [{ query: '{ me { id } }' }]],
    ['extensions', 'POST', '/graphql', json, { query: '{ me { id } }', extensions: { persistedQuery: {} } }],
    ['variables that are not an object', 'POST', '/graphql', json, { query: '{ me { id } }', variables: [1] }],
    ['another operation name', 'POST', '/graphql', json, { query: '{ me { id } }', operationName: 'Other' }],
    ['another text', 'POST', '/graphql', json, { query: '{ me { id }}' }],
  ])('leaves %s to Apollo Server', (_case, method, url, headers, body) => {
    expect(learned().match(method as string, url as string, headers as Record<string, string>, body)).toBeUndefined();
  });

  it('keeps content types of GraphQL answers only', () => {
    const queries = learned();
    queries.answeredWith('text/html', 'text/html; charset=utf-8');
    expect(queries.match('POST', '/graphql', { ...json, accept: 'text/html' }, { query: '{ me { id } }' })).toBeUndefined();
  });

  it('forgets the least recently asked query past its bounds, by count and by size', () => {
    const queries = learned('{ first: me { id } }');
    for (let i = 0; i < 299; i++) queries.answeredCleanly(`{ q${i}: me { id } }`, undefined, known(`{ q${i}: me { id } }`));
    // Asked for: now the most recent, so the next one in pushes out q0 instead.
    expect(queries.match('POST', '/graphql', json, { query: '{ first: me { id } }' })).toBeDefined();
    queries.answeredCleanly('{ last: me { id } }', undefined, known('{ last: me { id } }'));
    expect(queries.match('POST', '/graphql', json, { query: '{ q0: me { id } }' })).toBeUndefined();
    expect(queries.match('POST', '/graphql', json, { query: '{ first: me { id } }' })).toBeDefined();
    const large = `{ me { id } }${' '.repeat(400_000)}`;
    queries.answeredCleanly(large, undefined, known(large));
    queries.answeredCleanly(`${large} `, undefined, known(large));
    expect(queries.match('POST', '/graphql', json, { query: large })).toBeUndefined();
    expect(queries.match('POST', '/graphql', json, { query: `${large} ` })).toBeDefined();
    const tooLarge = ' '.repeat(700_000);
    queries.answeredCleanly(tooLarge, undefined, known(large));
    expect(queries.match('POST', '/graphql', json, { query: tooLarge })).toBeUndefined();
  });

  it('answers nothing once closed', () => {
    const queries = learned();
    queries.close();
    expect(queries.match('POST', '/graphql', json, { query: '{ me { id } }' })).toBeUndefined();
  });
});
