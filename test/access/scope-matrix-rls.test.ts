import { scopeMatrix } from './scope-matrix';

/**
 * The same matrix with the application-level scope switched off (every policy's row condition
 * dropped, permission checks kept): PostgreSQL's row-level security alone must keep every caller
 * in its rows, with the same answers.
 */
scopeMatrix({ GONGGUAN_APPLICATION_SCOPE: 'off' });
