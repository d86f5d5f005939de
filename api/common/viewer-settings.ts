import type { EntityManager } from '@mikro-orm/postgresql';
import { grantsOf } from './permissions';
import { reachOf } from './policy';
import { regionPrefix } from './region-code';
import { actorOf, type Viewer } from './viewer';

/** Made once per viewer: a cached credential's viewer serves many requests, and is never changed. */
const settingsOf = new WeakMap<Viewer, string>();

/**
 * The viewer as PostgreSQL's row-level security reads it (the `viewer()` function of the access
 * migration): JSON with region codes already turned into prefixes, so policies compare with LIKE.
 */
export function viewerSettings(viewer: Viewer): string {
  let settings = settingsOf.get(viewer);
  if (settings === undefined) settingsOf.set(viewer, (settings = settingsFor(viewer)));
  return settings;
}

function settingsFor(viewer: Viewer): string {
  const reach = reachOf(viewer);
  const actor = actorOf(viewer);
  return JSON.stringify({
    // A partner account is kind `token`: every scope rule reads it as the partner token it equals.
    kind: viewer.kind,
    id: viewer.kind === 'admin' ? String(viewer.userId) : viewer.kind === 'token' && viewer.tokenId !== null ? String(viewer.tokenId) : null,
    // Who acts (audit, idempotency keys, look-up counts, one's own account): `viewer_actor_*()`, migration Migration20261201800000.
    actor_type: actor.actorType,
    actor_id: actor.actorId,
    permissions: [...grantsOf(viewer)],
    everywhere: reach.kind === 'everywhere',
    region: reach.kind === 'region' ? regionPrefix(reach.regionCode) : null,
    agreement:
      reach.kind === 'agreement'
        ? {
            id: reach.agreement.id,
            host: regionPrefix(reach.agreement.hostRegionCode),
            partner: regionPrefix(reach.agreement.partnerRegionCode),
            direction: reach.agreement.direction,
          }
        : null,
    years: reach.kind === 'agreement' ? reach.years : [],
    bound: viewer.kind === 'token' && viewer.issuerRegionCode ? regionPrefix(viewer.issuerRegionCode) : null,
  });
}

/**
 * Hands the viewer to PostgreSQL for the rest of the current transaction only (`is_local`), so a
 * pooled connection carries nothing over to the next request.
 */
export async function setViewer(em: EntityManager, viewer: Viewer): Promise<void> {
  await em.execute(`select set_config('gongguan.viewer', ?, true)`, [viewerSettings(viewer)]);
}

/** The statement of {@link setViewerReadingEpoch}, its one parameter `$1` the viewer's settings. */
export const VIEWER_AND_EPOCH = `select set_config('gongguan.viewer', $1, true), credentials_epoch() as epoch`;
/** The same with MikroORM's placeholder. */
const VIEWER_AND_EPOCH_BOUND = VIEWER_AND_EPOCH.replace('$1', '?');

/**
 * {@link setViewer}, reading in the same statement how many changes to credentials have committed
 * (`credentials_epoch()`, migration Migration20261201100000): a viewer served from a cache is
 * confirmed against it without a round trip of its own.
 */
export async function setViewerReadingEpoch(em: EntityManager, viewer: Viewer): Promise<number> {
  const [row] = await em.execute<{ epoch: string }[]>(VIEWER_AND_EPOCH_BOUND, [viewerSettings(viewer)]);
  return Number(row!.epoch);
}

