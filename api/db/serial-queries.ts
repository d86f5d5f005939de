type Callback = (error: Error | null, result?: unknown) => void;

interface QueryingClient {
  query(config: unknown, callback: Callback): unknown;
}

/**
 * One connection carries a whole request (its transaction holds the viewer for row-level
 * security), while GraphQL resolves fields, and so issues queries, concurrently. node-postgres
 * still queues such overlapping calls itself but deprecates it (pg 9 drops the queue): this
 * queues them here instead, one at a time per connection, in the order they were made.
 */
export function serialiseQueries(client: QueryingClient): void {
  const query = client.query.bind(client);
  const waiting: (() => void)[] = [];
  let busy = false;
  const next = () => {
    busy = false;
    waiting.shift()?.();
  };
  client.query = (config: unknown, callback: Callback) => {
    if (typeof callback !== 'function') return query(config, callback);
    const run = () => {
      busy = true;
      query(config, (error, result) => {
        next();
        callback(error, result);
      });
    };
    if (busy) waiting.push(run);
    else run();
    return undefined;
  };
}
