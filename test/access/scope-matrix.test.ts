import { scopeMatrix } from './scope-matrix';

/** Every operation × every caller, with the application's policies and row-level security both on. */
scopeMatrix();
