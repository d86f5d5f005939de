import { MobilityType } from '../../members/member.entity';
import { REGIONS } from '../../regions/region-data';
import type { Random } from './random';

/** The cities members live in: the host city and the destinations of Chengdu's own outflow members. */
export type DestinationCity = 'CD' | 'BJ' | 'CQ';

type Workplace = 'company' | 'school' | 'hospital' | 'lawFirm' | 'socialWork' | 'university' | 'site' | 'training' | 'none';

interface Occupation {
  title: string;
  workplace: Workplace;
  /** The company's line of business, for `company` workplaces. */
  industry?: string;
  tags?: readonly string[];
}

const EXPERTISE_TAGS = ['法律', '医疗', '教育', '信息技术', '志愿服务', '财会', '心理咨询', '文艺宣传', '建筑工程', '农业技术'] as const;

const OCCUPATIONS: Record<MobilityType, readonly Occupation[]> = {
  [MobilityType.EMPLOYMENT]: [
    { title: '软件工程师', workplace: 'company', industry: '科技', tags: ['信息技术'] },
    { title: '产品经理', workplace: 'company', industry: '科技', tags: ['信息技术'] },
    { title: '外卖骑手', workplace: 'company', industry: '即送配送' },
    { title: '快递员', workplace: 'company', industry: '物流' },
    { title: '建筑工人', workplace: 'company', industry: '建设工程', tags: ['建筑工程'] },
    { title: '项目经理', workplace: 'company', industry: '建设工程', tags: ['建筑工程'] },
    { title: '教师', workplace: 'school', tags: ['教育'] },
    { title: '护士', workplace: 'hospital', tags: ['医疗'] },
    { title: '医生', workplace: 'hospital', tags: ['医疗'] },
    { title: '会计', workplace: 'company', industry: '财务咨询', tags: ['财会'] },
    { title: '律师', workplace: 'lawFirm', tags: ['法律'] },
    { title: '销售经理', workplace: 'company', industry: '商贸' },
    { title: '厨师', workplace: 'company', industry: '餐饮管理' },
    { title: '物业电工', workplace: 'company', industry: '物业服务' },
    { title: '社会工作者', workplace: 'socialWork', tags: ['志愿服务', '心理咨询'] },
    { title: '个体经营者', workplace: 'none' },
    { title: '网约车司机', workplace: 'none' },
  ],
  [MobilityType.STUDY]: [
    { title: '硕士研究生', workplace: 'university' },
    { title: '博士研究生', workplace: 'university' },
    { title: '进修医师', workplace: 'hospital', tags: ['医疗'] },
  ],
  [MobilityType.SETTLEMENT]: [
    { title: '退休人员', workplace: 'none' },
    { title: '随迁家属', workplace: 'none' },
    { title: '自由职业', workplace: 'none', tags: ['文艺宣传'] },
  ],
  [MobilityType.TEMPORARY]: [
    { title: '务工人员', workplace: 'site', tags: ['建筑工程'] },
    { title: '陪护家属', workplace: 'none' },
    { title: '培训学员', workplace: 'training' },
  ],
};

const CITY_WORDS: Record<DestinationCity, readonly string[]> = {
  CD: ['蓉城', '天府', '锦城', '蜀都'],
  BJ: ['京华', '燕京', '中关'],
  CQ: ['山城', '渝州', '两江'],
};
const BRAND_WORDS = ['智联', '恒信', '宏达', '鑫源', '安达', '华创', '博远', '新程'];
const UNIVERSITIES: Record<DestinationCity, readonly string[]> = {
  CD: ['四川大学', '电子科技大学', '西南交通大学', '西南财经大学', '成都理工大学'],
  BJ: ['北京大学', '清华大学', '中国人民大学', '北京师范大学'],
  CQ: ['重庆大学', '西南大学', '西南政法大学', '重庆医科大学'],
};
const CITY_NAMES: Record<DestinationCity, string> = { CD: '成都', BJ: '北京', CQ: '重庆' };

/** A few real roads of each district members live in, for plausible addresses. */
const ROADS: Record<string, readonly string[]> = {
  '510104': ['东大街', '红星路三段', '书院西街'],
  '510105': ['金河路', '清江东路', '光华村街'],
  '510106': ['沙湾路', '蜀汉路', '营门口路'],
  '510107': ['玉林北路', '科华北路', '武侯祠大街'],
  '510108': ['建设路', '府青路二段', '双林路'],
  '510112': ['驿都大道', '龙都南路', '北泉路'],
  '510116': ['棠湖西路', '西航港大道', '长城路'],
  '510117': ['望丛东路', '百草路', '红旗大道北段'],
  '110101': ['东四北大街', '和平里中街'],
  '110102': ['西直门内大街', '德胜门外大街'],
  '110105': ['建国路', '望京街', '朝阳北路'],
  '110108': ['中关村大街', '学院路', '北四环西路'],
  '500103': ['民族路', '中山三路'],
  '500105': ['建新北路', '洋河路'],
  '500106': ['小龙坎正街', '汉渝路'],
  '500107': ['杨家坪正街', '谢家湾正街'],
  '500112': ['金开大道', '新南路'],
};

const IDEOLOGICAL_NOTES = [
  '思想稳定，积极参加组织生活',
  '理想信念坚定，工作认真负责',
  '工作繁忙，参加集中活动较少，思想状况良好',
  '主动亮明党员身份，热心社区公益',
  '能按时交纳党费，积极参与志愿服务',
  '关注家乡发展，愿为流出地建设出力',
  '思想积极，希望就近参加组织生活',
];

const regionName = (code: string) => REGIONS.find((region) => region.code === code)?.name ?? '';

const CITY_CODE_PREFIXES: Record<DestinationCity, string> = { CD: '5101', BJ: '11', CQ: '50' };

/** The districts of a city that members live in. */
export const destinationDistricts = (city: DestinationCity): string[] =>
  Object.keys(ROADS).filter((code) => code.startsWith(CITY_CODE_PREFIXES[city]));

export function pickOccupation(random: Random, mobility: MobilityType): Occupation {
  return random.pick(OCCUPATIONS[mobility]);
}

export function workUnit(random: Random, occupation: Occupation, city: DestinationCity, district: string): string | null {
  const districtName = regionName(district);
  switch (occupation.workplace) {
    case 'company':
      return `${random.pick(CITY_WORDS[city])}${random.pick(BRAND_WORDS)}${occupation.industry}有限公司`;
    case 'school':
      return `${districtName}${random.pick(['实验小学', '第二中学', '外国语学校'])}`;
    case 'hospital':
      return `${districtName}人民医院`;
    case 'lawFirm':
      return `${random.pick(CITY_WORDS[city])}${random.pick(BRAND_WORDS)}律师事务所`;
    case 'socialWork':
      return `${districtName}社会工作服务中心`;
    case 'university':
      return random.pick(UNIVERSITIES[city]);
    case 'site':
      return `${random.pick(CITY_WORDS[city])}建工集团${districtName}项目部`;
    case 'training':
      return `${CITY_NAMES[city]}市职业技能培训中心`;
    case 'none':
      return null;
  }
}

export function homeAddress(random: Random, city: DestinationCity, district: string): string {
  const road = random.pick(ROADS[district] ?? ['人民路']);
  const flat = `${random.int(1, 12)}栋${random.int(1, 3)}单元${random.int(1, 28)}${String(random.int(1, 6)).padStart(2, '0')}室`;
  return `${CITY_NAMES[city]}市${regionName(district)}${road}${random.int(1, 399)}号${flat}`;
}

export function expertiseTags(random: Random, occupation: Occupation): string[] {
  const tags = new Set(occupation.tags ?? []);
  if (random.chance(0.35)) tags.add(random.pick(EXPERTISE_TAGS));
  return [...tags];
}

export function ideologicalNote(random: Random): string | null {
  return random.chance(0.75) ? random.pick(IDEOLOGICAL_NOTES) : null;
}
