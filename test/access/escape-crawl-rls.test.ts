import { escapeCrawl } from './escape-crawl';

/** The same crawl with the application-level scope off: row-level security alone must keep every credential in its rows. */
escapeCrawl({ GONGGUAN_APPLICATION_SCOPE: 'off' });
