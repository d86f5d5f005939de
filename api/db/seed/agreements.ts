import type { RequiredEntityData } from '@mikro-orm/core';
import { AgreementStatus, type Agreement } from '../../agreements/agreement.entity';
import { AgreementDirection } from '../../common/agreement-sides';
import { chinaDate } from '../../common/dates';
import { organizationByCode, type SeededOrganizations } from './insert-organizations';

const HOST_RESPONSIBILITIES = [
  '负责流入本地流动党员的报到登记、日常教育管理和组织生活安排；',
  '如实记录流动党员参加组织生活、志愿服务和学习情况；',
  '每年度末向流出地党组织反馈流动党员表现情况，提出评议等次建议；',
  '做好流动党员关怀帮扶，发现失联情况及时通报。',
].join('\n');

const PARTNER_RESPONSIBILITIES = [
  '负责保管流动党员组织关系和党员档案，及时提供流动党员基本信息；',
  '组织流动党员参加年度民主评议，参考流入地反馈意见确定评议等次；',
  '将评议结果和表彰情况回告流入地党组织；',
  '配合做好流动党员组织关系转接（应转尽转）。',
].join('\n');

/** The ids of the seeded agreements, by their role in the demo. */
export interface SeededAgreements {
  active: number;
  expired: number;
  draft: number;
}

/**
 * Three agreements of Chengdu: an active two-way one with Chongqing, an expired one with Deyang
 * (Deyang's members in Chengdu are no longer covered), and a draft with Meishan for next year.
 */
export function agreementRows(organizations: SeededOrganizations, now: Date): Record<keyof SeededAgreements, RequiredEntityData<Agreement>> {
  const year = Number(chinaDate(now).slice(0, 4));
  const id = (code: string) => organizationByCode(organizations, code).id;
  const common = { hostRegionCode: '510100', hostResponsibilities: HOST_RESPONSIBILITIES, partnerResponsibilities: PARTNER_RESPONSIBILITIES };
  return {
    active: {
      ...common,
      code: `CY-${year - 2}-01`,
      title: '成渝流动党员协同共管协议',
      partnerRegionCode: '500000',
      direction: AgreementDirection.TWO_WAY,
      signedOn: `${year - 3}-12-18`,
      effectiveFrom: `${year - 2}-01-01`,
      effectiveTo: null,
      status: AgreementStatus.ACTIVE,
      feedbackDeadline: '01-31',
      expectedOrgLifeSessions: 12,
      hostOrganization: id('CD-YJ'),
      partnerOrganizationName: '中共重庆市委组织部',
      hostContactName: '周明远',
      hostContactPhone: '028-86541027',
      partnerContactName: '冉晓琴',
      partnerContactPhone: '023-63895512',
    },
    expired: {
      ...common,
      code: `CDDY-${year - 2}-01`,
      title: '德阳籍在蓉流动党员共管协议',
      partnerRegionCode: '510600',
      direction: AgreementDirection.PARTNER_TO_HOST,
      signedOn: `${year - 3}-12-06`,
      effectiveFrom: `${year - 2}-01-01`,
      effectiveTo: `${year - 1}-12-31`,
      status: AgreementStatus.EXPIRED,
      feedbackDeadline: '02-28',
      expectedOrgLifeSessions: 12,
      hostOrganization: id('CD-DMZ'),
      partnerOrganizationName: '中共德阳市委组织部',
      hostContactName: '李志强',
      hostContactPhone: '028-86613340',
      partnerContactName: '邓晓燕',
      partnerContactPhone: '0838-2202156',
    },
    draft: {
      ...common,
      code: `CDMS-${year + 1}-01`,
      title: '眉山籍在蓉流动党员共管协议（草案）',
      partnerRegionCode: '511400',
      direction: AgreementDirection.PARTNER_TO_HOST,
      signedOn: null,
      effectiveFrom: `${year + 1}-01-01`,
      effectiveTo: `${year + 3}-12-31`,
      status: AgreementStatus.DRAFT,
      feedbackDeadline: '01-31',
      expectedOrgLifeSessions: 12,
      hostOrganization: id('CD-DMZ'),
      partnerOrganizationName: '中共眉山市委组织部',
      hostContactName: '李志强',
      hostContactPhone: '028-86613340',
      partnerContactName: '杨文静',
      partnerContactPhone: '028-38162274',
    },
  };
}
