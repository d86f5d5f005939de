/** Who is calling: exactly one per request, resolved from the Authorization header. */
export type Viewer = AnonymousViewer | SystemViewer;

export interface AnonymousViewer {
  kind: 'anonymous';
}

/** Start-up tasks such as seeding and command-line tools. */
export interface SystemViewer {
  kind: 'system';
}

export const ANONYMOUS: AnonymousViewer = { kind: 'anonymous' };
export const SYSTEM: SystemViewer = { kind: 'system' };
