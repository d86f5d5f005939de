import type { EntityManager } from '@mikro-orm/postgresql';
import { grantsOf } from './permissions';
import { reachOf } from './policy';
import { regionPrefix } from './region-code';
import { actorOf, type Viewer } from './viewer';

/**
 * The viewer as PostgreSQL reads it, in three transaction-local settings (migrations
 * Migration20261130120000 and Migration20261201890000):
 * - `gongguan.viewer`, the whole viewer as JSON with region codes already turned into prefixes
 *   (policies compare with LIKE): what `viewer()` returns, for functions that take it whole;
 * - `gongguan.viewer_scope`, the same without its permissions: what `viewer_kind()`,
 *   `viewer_region()`, `viewer_agreement()` and the like read;
 * - `gongguan.viewer_permissions`, the permission names between commas: what `viewer_can()` reads.
 * Every policy reads the viewer through init plans that parse their setting again on each
 * statement; the whole viewer took about 7 µs to parse, its scope alone well under one.
 */
export interface ViewerSettings {
  /** `gongguan.viewer`; the same viewer always gives the same text, so it also tells viewers apart. */
  whole: string;
  /** The values of `$1`, `$2`, `$3` in {@link SET_VIEWER}. */
  values: readonly [whole: string, scope: string, permissions: string];
}

/** Made once per viewer object, which is never changed. */
const settingsOf = new WeakMap<Viewer, ViewerSettings>();
/**
 * The same settings by their whole text, so that every request of one credential hands over the
 * same values (api/connection/serial-queries.ts keeps the prelude written for them): a cached
 * credential yields a new viewer object per request, its time-bound conditions checked again.
 */
const settingsByWhole = new Map<string, ViewerSettings>();
const SETTINGS_KEPT = 1024;

export function viewerSettingsOf(viewer: Viewer): ViewerSettings {
  let settings = settingsOf.get(viewer);
  if (settings === undefined) settingsOf.set(viewer, (settings = settingsFor(viewer)));
  return settings;
}

/** The whole viewer as `viewer()` reads it: {@link viewerSettingsOf}. */
export const viewerSettings = (viewer: Viewer): string => viewerSettingsOf(viewer).whole;

function settingsFor(viewer: Viewer): ViewerSettings {
  const reach = reachOf(viewer);
  const actor = actorOf(viewer);
  const permissions = [...grantsOf(viewer)];
  // A name with a comma in it could read as two in `gongguan.viewer_permissions`.
  if (permissions.some((permission) => permission.includes(','))) throw new Error(`viewer settings: a permission name holds a comma: ${permissions.join(' ')}`);
  const scope = {
    // A partner account is kind `token`: every scope rule reads it as the partner token it equals.
    kind: viewer.kind,
    id: viewer.kind === 'admin' ? String(viewer.userId) : viewer.kind === 'token' && viewer.tokenId !== null ? String(viewer.tokenId) : null,
    // Who acts (audit, idempotency keys, look-up counts, one's own account): `viewer_actor_*()`, migration Migration20261201800000.
    actor_type: actor.actorType,
    actor_id: actor.actorId,
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
  };
  const whole = JSON.stringify({ ...scope, permissions });
  let settings = settingsByWhole.get(whole);
  if (!settings) {
    // `,,` for none would hold the empty name.
    settings = { whole, values: [whole, JSON.stringify(scope), permissions.length > 0 ? `,${permissions.join(',')},` : ''] };
    // Oldest first out: a Map iterates in insertion order.
    if (settingsByWhole.size >= SETTINGS_KEPT) settingsByWhole.delete(settingsByWhole.keys().next().value!);
    settingsByWhole.set(whole, settings);
  }
  return settings;
}

/** Hands PostgreSQL the viewer: `$1`, `$2`, `$3` are {@link ViewerSettings.values}. Local to the transaction (`is_local`). */
export const SET_VIEWER = `select set_config('gongguan.viewer', $1, true), set_config('gongguan.viewer_scope', $2, true), set_config('gongguan.viewer_permissions', $3, true)`;
/** The same with MikroORM's placeholders. */
const SET_VIEWER_BOUND = SET_VIEWER.replace(/\$\d/g, '?');

/**
 * Hands the viewer to PostgreSQL for the rest of the current transaction only (`is_local`), so a
 * pooled connection carries nothing over to the next request.
 */
export async function setViewer(em: EntityManager, viewer: Viewer): Promise<void> {
  await em.execute(SET_VIEWER_BOUND, [...viewerSettingsOf(viewer).values]);
}

/** The statement of {@link setViewerReadingEpoch}: {@link SET_VIEWER} with the epoch read beside it. */
export const VIEWER_AND_EPOCH = `${SET_VIEWER}, credentials_epoch() as epoch`;
/** The same with MikroORM's placeholders. */
const VIEWER_AND_EPOCH_BOUND = VIEWER_AND_EPOCH.replace(/\$\d/g, '?');

/**
 * {@link setViewer}, reading in the same statement how many changes to credentials have committed
 * (`credentials_epoch()`, migration Migration20261201100000): a viewer served from a cache is
 * confirmed against it without a round trip of its own.
 */
export async function setViewerReadingEpoch(em: EntityManager, viewer: Viewer): Promise<number> {
  const [row] = await em.execute<{ epoch: string }[]>(VIEWER_AND_EPOCH_BOUND, [...viewerSettingsOf(viewer).values]);
  return Number(row!.epoch);
}

