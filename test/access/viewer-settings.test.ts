import { AgreementDirection } from '../../api/common/agreement-sides';
import { PermissionEnum } from '../../api/common/permissions';
import { AdminRole, ANONYMOUS, TokenScope, type Viewer } from '../../api/common/viewer';
import { setViewer } from '../../api/common/viewer-settings';
import { startTestApp, type TestApp } from '../support/app';

/**
 * The functions the policies read the viewer through (`viewer_can()`, `viewer_kind()`,
 * `viewer_region()`, …) read two small settings rather than the whole viewer
 * (migration Migration20261201890000). For every kind of viewer they answer what the whole viewer,
 * `viewer()`, says — read here independently, the way the functions read it before.
 */

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
}, 60_000);
afterAll(() => app?.close());

const PERMISSIONS = Object.values(PermissionEnum) as string[];
/** Names no viewer holds, some of them made of names it does hold. */
const NOT_PERMISSIONS = ['', ',', 'members', 'read', 'members:read,', ',members:read', 'members:read,activities:read', 'MEMBERS:READ', '%', '_'];

const admin = (role: AdminRole, regionCode: string | null): Viewer => ({ kind: 'admin', userId: 7, username: 'u7', role, regionCode, sessionId: 's' });
const token = (scopes: TokenScope[], direction: AgreementDirection | null, options: { issuer?: string; account?: AdminRole } = {}): Viewer => ({
  kind: 'token',
  tokenId: options.account ? null : 11,
  publicId: options.account ? null : 'p11',
  account: options.account ? { userId: 12, username: 'partner', role: options.account, sessionId: 's12' } : null,
  name: 't11',
  scopes,
  agreement: direction ? { id: 3, hostRegionCode: '510100', partnerRegionCode: '500000', direction } : null,
  partnerRegionCode: direction ? '500000' : null,
  issuerRegionCode: options.issuer ?? null,
  years: direction ? [2025, 2026] : [],
});

const VIEWERS: Record<string, Viewer> = {
  anonymous: ANONYMOUS,
  'super admin': admin(AdminRole.SUPER_ADMIN, null),
  'region admin': admin(AdminRole.REGION_ADMIN, '510100'),
  'district admin': admin(AdminRole.REGION_ADMIN, '510104'),
  'region viewer': admin(AdminRole.VIEWER, '510100'),
  'platform viewer': admin(AdminRole.VIEWER, null),
  ...Object.fromEntries(
    Object.values(AgreementDirection).map((direction) => [`partner token (${direction})`, token([TokenScope.MEMBERS_READ, TokenScope.FEEDBACK_READ, TokenScope.FEEDBACK_SUBMIT, TokenScope.STATS_READ], direction)]),
  ),
  'partner token issued in a district': token(Object.values(TokenScope), AgreementDirection.TWO_WAY, { issuer: '510104' }),
  'dashboard token': token([TokenScope.STATS_READ], null),
  'region dashboard token': token([TokenScope.STATS_READ], null, { issuer: '510100' }),
  ...Object.fromEntries(
    [AdminRole.PARTNER_ADMIN, AdminRole.PARTNER_REVIEWER, AdminRole.PARTNER_VIEWER].map((role) => [`partner account (${role})`, token([TokenScope.MEMBERS_READ, TokenScope.FEEDBACK_READ], AgreementDirection.PARTNER_TO_HOST, { account: role })]),
  ),
};

/** Each function's answer, and the same read from the whole viewer `v` (`jsonb_exists` is `?`, a placeholder to knex). */
const READINGS = `
  select jsonb_build_object(
           'kind', viewer_kind(), 'id', viewer_id(), 'everywhere', viewer_everywhere(), 'region', viewer_region(),
           'agreement', viewer_agreement(), 'years', viewer_years(), 'actor_type', viewer_actor_type(), 'actor_id', viewer_actor_id(),
           'can', (select jsonb_object_agg(p, viewer_can(p)) from jsonb_array_elements_text(?::jsonb) p)) as functions,
         jsonb_build_object(
           'kind', v->>'kind', 'id', (v->>'id')::int, 'everywhere', coalesce((v->>'everywhere')::boolean, false), 'region', v->>'region',
           'agreement', v->'agreement', 'years', coalesce(array(select jsonb_array_elements_text(v->'years')::int), '{}'),
           'actor_type', coalesce(v->>'actor_type', v->>'kind'), 'actor_id', case when jsonb_exists(v, 'actor_type') then v->>'actor_id' else v->>'id' end,
           'can', (select jsonb_object_agg(p, coalesce(jsonb_exists(v->'permissions', p), false)) from jsonb_array_elements_text(?::jsonb) p)) as whole
    from (select viewer() as v) given`;

type Readings = { functions: Record<string, unknown>; whole: Record<string, unknown> };

async function readingsOf(viewer: Viewer | null): Promise<Readings> {
  const names = JSON.stringify([...PERMISSIONS, ...NOT_PERMISSIONS]);
  return app.orm.em.fork().transactional(async (em) => {
    if (viewer) await setViewer(em, viewer);
    const [readings] = await em.execute<Readings[]>(READINGS, [names, names]);
    return readings!;
  });
}

it.each(Object.entries(VIEWERS))('answer as the whole viewer says, for a %s', async (_name, viewer) => {
  const { functions, whole } = await readingsOf(viewer);
  expect(functions).toEqual(whole);
  // The viewer was really handed over: a signed-in viewer holds permissions, and none holds a name that is not one.
  const can = functions.can as Record<string, boolean>;
  if (viewer.kind !== 'anonymous') expect(Object.values(can).some(Boolean)).toBe(true);
  for (const name of NOT_PERMISSIONS) expect(can[name]).toBe(false);
});

it('answer nothing when no viewer was handed over', async () => {
  const { functions, whole } = await readingsOf(null);
  expect(functions).toEqual(whole);
  expect(functions).toMatchObject({ kind: null, id: null, everywhere: false, region: null, agreement: null, years: [] });
  expect(Object.values(functions.can as Record<string, boolean>).some(Boolean)).toBe(false);
});
