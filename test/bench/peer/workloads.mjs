// Issue 9's workloads W1–W4 as Gongguan and PostGraphile ask them, and what both benchmarks here
// read of a server process (compare.mjs: Gongguan beside PostGraphile; ab.mjs: two builds of Gongguan).
import { readFileSync } from 'node:fs';

const nameOf = (object) => (object == null ? null : object.name);
const member = (id, m, formal, inflow, region) => ({ id: String(id), name: m.name, status: m.status, formal: nameOf(formal), inflow: nameOf(inflow), region: nameOf(region) });
const activities = (list, id) => list.nodes.map((a) => ({ id: String(a[id]), occurredOn: a.occurredOn, title: a.title }));

/** Each workload as both servers ask it, and each answer as comparable rows. */
export const WORKLOADS = [
  {
    name: 'W1 members page of 50',
    gongguan: { query: '{ members(paging: { limit: 50 }, sorting: [{ field: name, direction: ASC }]) { totalCount nodes { id name status formalOrganization { name } inflowOrganization { name } destinationRegion { name } } } }' },
    postgraphile: { query: '{ allMembers(first: 50, orderBy: [NAME_ASC, ROW_ID_ASC]) { totalCount nodes { rowId name status organizationByFormalOrganizationId { name } organizationByInflowOrganizationId { name } regionByDestinationRegionCode { name } } } }' },
    fromGongguan: (d) => ({ total: d.members.totalCount, rows: d.members.nodes.map((m) => member(m.id, m, m.formalOrganization, m.inflowOrganization, m.destinationRegion)) }),
    fromPostgraphile: (d) => ({ total: d.allMembers.totalCount, rows: d.allMembers.nodes.map((m) => member(m.rowId, m, m.organizationByFormalOrganizationId, m.organizationByInflowOrganizationId, m.regionByDestinationRegionCode)) }),
  },
  {
    name: 'W2 = W1 + latest 3 activities each',
    gongguan: { query: '{ members(paging: { limit: 50 }, sorting: [{ field: name, direction: ASC }]) { totalCount nodes { id name status formalOrganization { name } inflowOrganization { name } destinationRegion { name } activities(paging: { limit: 3 }) { nodes { id occurredOn title } } } } }' },
    postgraphile: { query: '{ allMembers(first: 50, orderBy: [NAME_ASC, ROW_ID_ASC]) { totalCount nodes { rowId name status organizationByFormalOrganizationId { name } organizationByInflowOrganizationId { name } regionByDestinationRegionCode { name } activityRecordsByMemberId(first: 3, orderBy: [OCCURRED_ON_DESC, ROW_ID_ASC]) { nodes { rowId occurredOn title } } } } }' },
    fromGongguan: (d) => ({ total: d.members.totalCount, rows: d.members.nodes.map((m) => ({ ...member(m.id, m, m.formalOrganization, m.inflowOrganization, m.destinationRegion), activities: activities(m.activities, 'id') })) }),
    fromPostgraphile: (d) => ({ total: d.allMembers.totalCount, rows: d.allMembers.nodes.map((m) => ({ ...member(m.rowId, m, m.organizationByFormalOrganizationId, m.organizationByInflowOrganizationId, m.regionByDestinationRegionCode), activities: activities(m.activityRecordsByMemberId, 'rowId') })) }),
  },
  {
    name: 'W3 one member with organisation and parent',
    gongguan: { query: 'query($id: ID!) { member(id: $id) { id name formalOrganization { name parent { name } } } }', variables: { id: '2' } },
    postgraphile: { query: 'query($rowId: Int!) { memberByRowId(rowId: $rowId) { rowId name organizationByFormalOrganizationId { name organizationByParentId { name } } } }', variables: { rowId: 2 } },
    fromGongguan: ({ member: m }) => ({ rows: [{ id: String(m.id), name: m.name, formal: m.formalOrganization.name, parent: nameOf(m.formalOrganization.parent) }] }),
    fromPostgraphile: ({ memberByRowId: m }) => ({ rows: [{ id: String(m.rowId), name: m.name, formal: m.organizationByFormalOrganizationId.name, parent: nameOf(m.organizationByFormalOrganizationId.organizationByParentId) }] }),
  },
  {
    name: 'W4 organisations page of 100',
    gongguan: { query: '{ organizations(paging: { limit: 100 }) { totalCount nodes { id name parent { name } } } }' },
    // The API orders organisations by code.
    postgraphile: { query: '{ allOrganizations(first: 100, orderBy: [CODE_ASC]) { totalCount nodes { rowId name organizationByParentId { name } } } }' },
    fromGongguan: (d) => ({ total: d.organizations.totalCount, rows: d.organizations.nodes.map((o) => ({ id: String(o.id), name: o.name, parent: nameOf(o.parent) })) }),
    fromPostgraphile: (d) => ({ total: d.allOrganizations.totalCount, rows: d.allOrganizations.nodes.map((o) => ({ id: String(o.rowId), name: o.name, parent: nameOf(o.organizationByParentId) })) }),
  },
];

/** A workload by its short name (w1…w4). */
export function workload(name) {
  const found = WORKLOADS.find((candidate) => candidate.name.toLowerCase().startsWith(`${name.toLowerCase()} `));
  if (!found) throw new Error(`no workload ${name}: w1, w2, w3 or w4`);
  return found;
}

/** utime + stime of a process, in ms (10 ms ticks). */
export function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
export const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
