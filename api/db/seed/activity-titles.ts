import type { Random } from './random';

/** The founding of the Party, for the July theme day's anniversary. */
const FOUNDING_YEAR = 1921;

/** Theme party day (主题党日) topics by month, January first. */
const THEMES = [
  '新春走访慰问困难党员和群众',
  '“我为群众办实事”邻里互助',
  '学雷锋志愿服务',
  '清明祭英烈，缅怀革命先烈',
  '弘扬劳模精神，争当岗位先锋',
  '重温入党誓词，学习党章',
  '', // July: the anniversary, see themePartyDayTitle
  '“八一”走访慰问退役军人',
  '铭记历史，纪念抗战胜利',
  '喜迎国庆，我与祖国共成长',
  '消防安全宣传和隐患排查',
  '国家宪法日学法用法',
];

const LESSONS = [
  '坚定理想信念，践行初心使命',
  '学习党的创新理论',
  '严守党的纪律和规矩',
  '流动党员如何发挥先锋模范作用',
  '传承红色基因，赓续精神血脉',
  '全面从严治党永远在路上',
  '以学铸魂、以学增智、以学正风、以学促干',
  '新时代“枫桥经验”与基层治理',
];

const CHINESE_QUARTERS = ['一', '二', '三', '四'];

const VOLUNTEERING = ['社区环境整治志愿服务', '关爱空巢老人志愿服务', '文明交通劝导志愿服务', '垃圾分类宣传志愿服务', '反诈宣传进社区', '无偿献血志愿服务'];

/** Volunteer work that uses a member's expertise. */
const SKILLED_VOLUNTEERING: Record<string, string> = {
  法律: '社区义务法律咨询',
  医疗: '社区义诊志愿服务',
  教育: '“四点半课堂”课业辅导',
  信息技术: '帮助老年人使用智能手机',
  财会: '为居民提供个税申报咨询',
  心理咨询: '心理健康讲座志愿服务',
  文艺宣传: '社区文艺汇演志愿服务',
  建筑工程: '老旧小区改造义务质量监督',
  农业技术: '阳台种植技术志愿指导',
};

const STUDY = [
  '专题学习：《中国共产党章程》',
  '专题学习：《中国共产党纪律处分条例》',
  '专题学习：习近平新时代中国特色社会主义思想',
  '线上学习：“学习强国”专题学习',
  '观看警示教育片',
  '读书分享：红色经典阅读',
  '参观红色教育基地',
];

const OTHER = ['参加流动党员座谈会', '参加“红色家书”诵读活动', '参加社区议事会', '为困难群众捐款捐物', '参与主题征文活动'];

export const themePartyDayTitle = (year: number, month: number) =>
  `${year}年${month}月主题党日：${month === 7 ? `庆祝中国共产党成立${year - FOUNDING_YEAR}周年` : THEMES[month - 1]}`;

/** 党课 in the middle month of each quarter; the topic moves on every time. */
export const partyLessonTitle = (year: number, quarter: number) => `党课：${LESSONS[(year * 4 + quarter) % LESSONS.length]}`;

export const branchMeetingTitle = (year: number, quarter: number) => `${year}年第${CHINESE_QUARTERS[quarter - 1]}季度支部党员大会`;

export const organizationalLifeMeetingTitle = (evaluatedYear: number) => `${evaluatedYear}年度组织生活会暨民主评议党员`;

export const pioneerPostTitle = (year: number, quarter: number) => `${year}年第${CHINESE_QUARTERS[quarter - 1]}季度党员先锋岗履职`;

export function volunteeringTitle(random: Random, tags: readonly string[]): string {
  const skilled = tags.filter((tag) => tag in SKILLED_VOLUNTEERING);
  return skilled.length > 0 && random.chance(0.5) ? SKILLED_VOLUNTEERING[random.pick(skilled)]! : random.pick(VOLUNTEERING);
}

export const studyTitle = (random: Random) => random.pick(STUDY);

export const otherTitle = (random: Random) => random.pick(OTHER);
