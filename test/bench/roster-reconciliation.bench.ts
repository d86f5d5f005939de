/**
 * Roster exchange (名册比对): a partner's roster of 5,000 rows — 3,000 members the host keeps, 2,000
 * it does not — sent over HTTP as the partner token (validation of every row, sealing the ID
 * numbers, the reconciliation, its outcome rows, events, audit), against one hand-written SQL
 * statement doing the same reconciliation from the same rows (blind indexes computed beforehand).
 * Prints times, statements and the ratio; asserts nothing about speed.
 */
import { personalData, maskIdNumber } from '../../api/members/personal-data';
import { startTestApp, type TestApp } from '../support/app';
import { createSmallTree, nationalId } from '../support/fixtures';
import { createAgreement, issueToken, ok } from '../feedback/helpers';

const ROUNDS = 5;
const KNOWN = 3000;
const UNKNOWN = 2000;
const SEND = 'mutation($input: SendRosterInput!) { sendRoster(input: $input) { id rowCount matchedCount unknownCount missingCount } }';

/** The same reconciliation in one statement: the exchange, new pending entries, the outcome rows, the counts. */
const HAND_WRITTEN = `
  with given as (select * from jsonb_to_recordset(?::jsonb) as r(row_number int, hash text, masked text, cipher text, name text)),
  exchange as (
    insert into roster_exchange (agreement_id, from_side, request_hash, sent_by) values (?, 'PARTNER', 'bench', 'bench') returning id),
  fresh as (
    insert into pending_member_entry (agreement_id, roster_exchange_id, id_number_cipher, id_number_hash, id_number_masked, person_name)
    select ?, (select id from exchange), g.cipher, g.hash, g.masked, g.name from given g
     where not exists (select 1 from member m where m.id_number_hash = g.hash)
    on conflict (agreement_id, id_number_hash) where status = 'OPEN' do nothing
    returning id, id_number_hash),
  outcomes as (
    insert into roster_exchange_row (roster_exchange_id, row_number, outcome, id_number_masked, person_name, member_id, pending_entry_id)
    select (select id from exchange), g.row_number, case when m.id is null then 'UNKNOWN' else 'MATCHED' end::roster_outcome, g.masked, g.name, m.id,
           coalesce(f.id, p.id)
      from given g
      left join member m on m.id_number_hash = g.hash
      left join fresh f on f.id_number_hash = g.hash
      left join pending_member_entry p on p.agreement_id = ? and p.id_number_hash = g.hash and p.status = 'OPEN'
    union all
    select (select id from exchange), null, 'MISSING', m.id_number_masked, m.name, m.id, null
      from member m join organization f on f.id = m.formal_organization_id left join organization i on i.id = m.inflow_organization_id
     where f.region_code like '5106%' and (m.destination_region_code like '5101%' or i.region_code like '5101%')
       and m.status not in ('RETURNED', 'TRANSFERRED')
       and not exists (select 1 from given g where g.hash = m.id_number_hash)
    returning outcome)
  select count(*) filter (where outcome = 'MATCHED') as matched, count(*) filter (where outcome = 'UNKNOWN') as unknown,
         count(*) filter (where outcome = 'MISSING') as missing from outcomes`;

async function median(work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = process.hrtime.bigint();
    await work();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!;
}

/** A valid ID number for person `n` (distinct for n < 36,000): birth date and sequence spread over n. */
const idNumberOf = (n: number) => nationalId('510603', `19${60 + Math.floor(n / 1000)}0101`.slice(0, 8), String(n % 1000).padStart(3, '0'));

it('measures the reconciliation of 5,000 rows against hand-written SQL', async () => {
  const app: TestApp = await startTestApp('empty', { RATE_LIMIT_PER_IP: '100000', RATE_LIMIT_PER_TOKEN: '100000', BODY_LIMIT: '16mb' });
  try {
    const tree = await createSmallTree(app);
    const agreement = await createAgreement(app, { code: 'BENCH-CD-DY', title: '名册比对基准', partnerRegionCode: '510600' });
    const partner = (await issueToken(app, { agreementId: agreement, scopes: ['NOTICES_SEND'], years: [2026] })).token;
    // 3,500 members the host keeps under the agreement: 3,000 on the roster, 500 missing from it.
    for (let batch = 0; batch < 3500; batch += 500) {
      const members = Array.from({ length: 500 }, (_, i) => ({
        name: `成员${batch + i}`,
        idNumber: idNumberOf(batch + i),
        partyStanding: 'FULL',
        joinedOn: '2010-07-01',
        formalOrganizationId: tree.deyangBranch,
        mobilityType: 'EMPLOYMENT',
        outflowDate: '2024-03-01',
        destinationRegionCode: '510104',
        inflowOrganizationId: tree.chunxilu,
      }));
      ok(await app.gql('mutation($input: CreateManyMembersInput!) { createManyMembers(input: $input) { id } }', { input: { members } }));
    }
    const rows = [
      ...Array.from({ length: KNOWN }, (_, i) => ({ idNumber: idNumberOf(i), name: `成员${i}`, arrivedOn: '2024-03-01', destinationRegionCode: '510104' })),
      ...Array.from({ length: UNKNOWN }, (_, i) => ({ idNumber: idNumberOf(10_000 + i), name: `新人${i}`, arrivedOn: '2026-05-01', destinationRegionCode: '510104' })),
    ];
    let round = 0;
    const send = async () => ok(await app.gqlAs(partner, SEND, { input: { agreementId: agreement, clientRosterId: `bench-${round++}`, rows } })).sendRoster;
    const first = await send();
    app.queries.length = 0;
    await send();
    const statements = app.dataStatements().length;

    const protector = personalData();
    const given = JSON.stringify(
      rows.map((row, i) => ({ row_number: i, hash: protector.blindIndex(row.idNumber), masked: maskIdNumber(row.idNumber), cipher: protector.encrypt(row.idNumber), name: row.name })),
    );
    const [hand] = await app.sql<{ matched: string; unknown: string; missing: string }>(HAND_WRITTEN, [given, Number(agreement), Number(agreement), Number(agreement)]);

    const ours = await median(send);
    const handWritten = await median(() => app.sql(HAND_WRITTEN, [given, Number(agreement), Number(agreement), Number(agreement)]));
    console.log(
      `roster reconciliation of ${rows.length} rows (${KNOWN} kept by the host, ${UNKNOWN} not; 500 kept but missing), median of ${ROUNDS}:\n` +
        `  sendRoster over HTTP as the partner token, ${statements} data statements: ${ours.toFixed(1)} ms\n` +
        `    answer: ${first.matchedCount} matched, ${first.unknownCount} unknown, ${first.missingCount} missing\n` +
        `  hand-written SQL, one statement:                              ${handWritten.toFixed(1)} ms\n` +
        `    answer: ${hand!.matched} matched, ${hand!.unknown} unknown, ${hand!.missing} missing\n` +
        `  ratio ours / hand-written:                                    ${(ours / handWritten).toFixed(2)}`,
    );
  } finally {
    await app.close();
  }
});
