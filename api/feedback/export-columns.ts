import type { Member } from '../members/member.entity';
import type { Organization } from '../organizations/organization.entity';
import type { AnnualFeedback } from './annual-feedback.entity';

const GRADE: Record<string, string> = { EXCELLENT: '优秀', QUALIFIED: '合格', BASICALLY_QUALIFIED: '基本合格', UNQUALIFIED: '不合格' };
const DUES: Record<string, string> = { PAID_IN_FULL: '足额缴纳', IN_ARREARS: '欠缴', PAID_AT_HOME: '在流出地缴纳' };
const STATUS: Record<string, string> = { DRAFT: '草稿', SUBMITTED: '已提交', DELIVERED: '已送达', RECEIVED: '已接收', GRADED: '已评定', ARCHIVED: '已归档' };
const GENDER: Record<string, string> = { MALE: '男', FEMALE: '女' };
const STANDING: Record<string, string> = { FULL: '正式党员', PROBATIONARY: '预备党员' };

export interface ExportRow {
  feedback: AnnualFeedback;
  member: Member;
  to: Organization | null;
  from: Organization | null;
  idNumber: string;
  phone: string | null;
  overdue: boolean;
}

export interface Column {
  header: string;
  width: number;
  value: (row: ExportRow) => string | number | null;
}

const yesNo = (value: boolean) => (value ? '是' : '否');

/** One row per member, with the column headings an organisation department expects. */
export const COLUMNS: Column[] = [
  { header: '姓名', width: 10, value: (r) => r.member.name },
  { header: '性别', width: 6, value: (r) => GENDER[r.member.gender] ?? r.member.gender },
  { header: '身份证号', width: 22, value: (r) => r.idNumber },
  { header: '手机号', width: 14, value: (r) => r.phone },
  { header: '党员类别', width: 10, value: (r) => STANDING[r.member.partyStanding] ?? r.member.partyStanding },
  { header: '正式组织关系所在党组织', width: 28, value: (r) => r.to?.name ?? null },
  { header: '流入地党组织', width: 28, value: (r) => r.from?.name ?? null },
  { header: '年度', width: 8, value: (r) => r.feedback.year },
  { header: '参加组织生活次数', width: 10, value: (r) => r.feedback.orgLifeAttended },
  { header: '应参加组织生活次数', width: 10, value: (r) => r.feedback.orgLifeExpected },
  { header: '当年在管月数', width: 8, value: (r) => r.feedback.monthsUnderCare },
  { header: '志愿服务次数', width: 10, value: (r) => r.feedback.volunteerCount },
  { header: '志愿服务时长（小时）', width: 12, value: (r) => Number(r.feedback.volunteerHours) },
  { header: '学习次数', width: 8, value: (r) => r.feedback.studyCount },
  { header: '先锋岗次数', width: 8, value: (r) => r.feedback.pioneerCount },
  { header: '积分', width: 8, value: (r) => r.feedback.points },
  { header: '建议评定等次', width: 12, value: (r) => (r.feedback.suggestedGrade ? GRADE[r.feedback.suggestedGrade]! : null) },
  { header: '现实表现', width: 40, value: (r) => r.feedback.comments ?? null },
  { header: '推荐表彰', width: 8, value: (r) => yesNo(r.feedback.recommendedForAward) },
  { header: '党费缴纳情况', width: 12, value: (r) => (r.feedback.duesStatus ? DUES[r.feedback.duesStatus]! : null) },
  { header: '建议转接组织关系', width: 10, value: (r) => yesNo(r.feedback.transferRecommended) },
  { header: '最终评定等次', width: 12, value: (r) => (r.feedback.finalGrade ? GRADE[r.feedback.finalGrade]! : null) },
  { header: '状态', width: 8, value: (r) => STATUS[r.feedback.status] ?? r.feedback.status },
  { header: '反馈截止日期', width: 12, value: (r) => r.feedback.dueOn },
  { header: '是否逾期', width: 8, value: (r) => yesNo(r.overdue) },
];

/** RFC 4180 quoting, and a leading apostrophe on text a spreadsheet would run as a formula. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
