import { escapeCrawl } from './escape-crawl';

/** Every query path × every kind of credential, against the server as it runs: policies and row-level security. */
escapeCrawl({});
