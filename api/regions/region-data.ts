import { RegionLevel } from './region.entity';

export interface RegionRow {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

const { PROVINCE, CITY, COUNTY } = RegionLevel;

const province = (code: string, name: string): RegionRow => ({ code, name, level: PROVINCE, parentCode: null });
const city = (code: string, name: string, parentCode: string): RegionRow => ({ code, name, level: CITY, parentCode });
const county = (code: string, name: string, parentCode: string): RegionRow => ({ code, name, level: COUNTY, parentCode });

/**
 * The GB/T 2260 divisions the platform works with: Chengdu (the host), its partner cities
 * Deyang, Meishan, Ziyang and Chongqing, and Beijing, where Chengdu keeps a stationed office.
 * Municipalities (Chongqing, Beijing) are provinces whose districts hang directly below them,
 * skipping the 市辖区 grouping codes (500100, 110100) of the standard.
 */
export const REGIONS: readonly RegionRow[] = [
  province('510000', '四川省'),

  city('510100', '成都市', '510000'),
  county('510104', '锦江区', '510100'),
  county('510105', '青羊区', '510100'),
  county('510106', '金牛区', '510100'),
  county('510107', '武侯区', '510100'),
  county('510108', '成华区', '510100'),
  county('510112', '龙泉驿区', '510100'),
  county('510113', '青白江区', '510100'),
  county('510114', '新都区', '510100'),
  county('510115', '温江区', '510100'),
  county('510116', '双流区', '510100'),
  county('510117', '郫都区', '510100'),
  county('510118', '新津区', '510100'),
  county('510121', '金堂县', '510100'),
  county('510129', '大邑县', '510100'),
  county('510131', '蒲江县', '510100'),
  county('510181', '都江堰市', '510100'),
  county('510182', '彭州市', '510100'),
  county('510183', '邛崃市', '510100'),
  county('510184', '崇州市', '510100'),
  county('510185', '简阳市', '510100'),

  city('510600', '德阳市', '510000'),
  county('510603', '旌阳区', '510600'),
  county('510604', '罗江区', '510600'),
  county('510623', '中江县', '510600'),
  county('510681', '广汉市', '510600'),
  county('510682', '什邡市', '510600'),
  county('510683', '绵竹市', '510600'),

  city('511400', '眉山市', '510000'),
  county('511402', '东坡区', '511400'),
  county('511403', '彭山区', '511400'),
  county('511421', '仁寿县', '511400'),
  county('511423', '洪雅县', '511400'),
  county('511424', '丹棱县', '511400'),
  county('511425', '青神县', '511400'),

  city('512000', '资阳市', '510000'),
  county('512002', '雁江区', '512000'),
  county('512021', '安岳县', '512000'),
  county('512022', '乐至县', '512000'),

  province('500000', '重庆市'),
  county('500101', '万州区', '500000'),
  county('500103', '渝中区', '500000'),
  county('500104', '大渡口区', '500000'),
  county('500105', '江北区', '500000'),
  county('500106', '沙坪坝区', '500000'),
  county('500107', '九龙坡区', '500000'),
  county('500108', '南岸区', '500000'),
  county('500109', '北碚区', '500000'),
  county('500112', '渝北区', '500000'),
  county('500113', '巴南区', '500000'),
  county('500116', '江津区', '500000'),
  county('500117', '合川区', '500000'),
  county('500118', '永川区', '500000'),

  province('110000', '北京市'),
  county('110101', '东城区', '110000'),
  county('110102', '西城区', '110000'),
  county('110105', '朝阳区', '110000'),
  county('110106', '丰台区', '110000'),
  county('110108', '海淀区', '110000'),
  county('110112', '通州区', '110000'),
  county('110114', '昌平区', '110000'),
  county('110115', '大兴区', '110000'),
];
