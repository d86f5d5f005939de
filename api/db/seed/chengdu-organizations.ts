import { cityCommittee, districtCommittee, grassroots, mobileMemberCommittee, streetCommittee } from './organization-spec';

/**
 * Chengdu, the host city: the territorial tree (市委 → 区委 → 街道党工委 → 社区) where inflow
 * members join organisational life and Chengdu's own outflow members belong, plus the
 * mobile-member committees that gather members by origin, and the office stationed in Beijing.
 */
export const CHENGDU = cityCommittee('CD', '中共成都市委', '510100', [
  districtCommittee('CD-JJ', '锦江区委', '510104', [
    streetCommittee('CD-JJ-CXL', '春熙路街道党工委', [
      grassroots('CD-JJ-CXL-01', '龙王庙正街社区党委'),
      grassroots('CD-JJ-CXL-02', '和平街社区党总支'),
    ]),
    streetCommittee('CD-JJ-SYJ', '书院街街道党工委', [
      grassroots('CD-JJ-SYJ-01', '北东街社区党委'),
      grassroots('CD-JJ-SYJ-02', '东风路社区党支部'),
    ]),
    streetCommittee('CD-JJ-SJF', '水井坊街道党工委', [
      grassroots('CD-JJ-SJF-01', '水井坊社区党委'),
      grassroots('CD-JJ-SJF-02', '九眼桥社区党委'),
    ]),
  ]),
  districtCommittee('CD-QY', '青羊区委', '510105', [
    streetCommittee('CD-QY-SC', '少城街道党工委', [
      grassroots('CD-QY-SC-01', '宽巷子社区党委'),
      grassroots('CD-QY-SC-02', '泡桐树社区党委'),
    ]),
    streetCommittee('CD-QY-CSJ', '草市街街道党工委', [
      grassroots('CD-QY-CSJ-01', '白家塘社区党委'),
      grassroots('CD-QY-CSJ-02', '玉带桥社区党总支'),
    ]),
  ]),
  districtCommittee('CD-JN', '金牛区委', '510106', [
    streetCommittee('CD-JN-SMQ', '驷马桥街道党工委', [
      grassroots('CD-JN-SMQ-01', '驷马桥社区党委'),
      grassroots('CD-JN-SMQ-02', '铁路新村社区党支部'),
    ]),
    streetCommittee('CD-JN-CDZ', '茶店子街道党工委', [
      grassroots('CD-JN-CDZ-01', '茶店子社区党委'),
      grassroots('CD-JN-CDZ-02', '金府社区党总支'),
    ]),
  ]),
  districtCommittee('CD-WH', '武侯区委', '510107', [
    streetCommittee('CD-WH-YL', '玉林街道党工委', [
      grassroots('CD-WH-YL-01', '玉林北路社区党委'),
      grassroots('CD-WH-YL-02', '黉门街社区党委'),
    ]),
    streetCommittee('CD-WH-JXJ', '浆洗街街道党工委', [
      grassroots('CD-WH-JXJ-01', '洗面桥社区党委'),
      grassroots('CD-WH-JXJ-02', '锦里社区党支部'),
    ]),
    streetCommittee('CD-WH-JY', '晋阳街道党工委', [
      grassroots('CD-WH-JY-01', '晋阳社区党委'),
      grassroots('CD-WH-JY-02', '吉福社区党总支'),
    ]),
  ]),
  districtCommittee('CD-CH', '成华区委', '510108', [
    streetCommittee('CD-CH-MZW', '猛追湾街道党工委', [
      grassroots('CD-CH-MZW-01', '望平社区党委'),
      grassroots('CD-CH-MZW-02', '东风社区党支部'),
    ]),
    streetCommittee('CD-CH-JSL', '建设路街道党工委', [
      grassroots('CD-CH-JSL-01', '双林社区党委'),
      grassroots('CD-CH-JSL-02', '杉板桥社区党支部'),
    ]),
  ]),
  districtCommittee('CD-LQ', '龙泉驿区委', '510112', [
    streetCommittee('CD-LQ-LQ', '龙泉街道党工委', [
      grassroots('CD-LQ-LQ-01', '龙华社区党委'),
      grassroots('CD-LQ-LQ-02', '驿都社区党支部'),
    ]),
    streetCommittee('CD-LQ-DM', '大面街道党工委', [
      grassroots('CD-LQ-DM-01', '洪河社区党委'),
      grassroots('CD-LQ-DM-02', '金桂社区党支部'),
    ]),
  ]),
  districtCommittee('CD-SL', '双流区委', '510116', [
    streetCommittee('CD-SL-DS', '东升街道党工委', [
      grassroots('CD-SL-DS-01', '棠湖社区党委'),
      grassroots('CD-SL-DS-02', '白衣社区党委'),
    ]),
    streetCommittee('CD-SL-XHG', '西航港街道党工委', [
      grassroots('CD-SL-XHG-01', '空港社区党委'),
      grassroots('CD-SL-XHG-02', '腾飞社区党支部'),
    ]),
  ]),
  districtCommittee('CD-PD', '郫都区委', '510117', [
    streetCommittee('CD-PD-PT', '郫筒街道党工委', [
      grassroots('CD-PD-PT-01', '望丛社区党委'),
      grassroots('CD-PD-PT-02', '东街社区党支部'),
    ]),
    streetCommittee('CD-PD-DY', '德源街道党工委', [
      grassroots('CD-PD-DY-01', '菁蓉社区党委'),
      grassroots('CD-PD-DY-02', '红旗社区党支部'),
    ]),
  ]),

  mobileMemberCommittee('CD-DMZ', '德眉资在蓉流动党员综合党委', {}, [
    grassroots('CD-DMZ-DY', '德阳籍在蓉流动党员党支部', { regionCode: '510108' }),
    grassroots('CD-DMZ-MS', '眉山籍在蓉流动党员党支部', { regionCode: '510107' }),
    grassroots('CD-DMZ-ZY', '资阳籍在蓉流动党员党支部', { regionCode: '510112' }),
    grassroots('CD-DMZ-RJ', '天府软件园流动党员功能型党支部', { regionCode: '510107' }),
  ]),
  mobileMemberCommittee('CD-YJ', '渝籍在蓉流动党员党委', {}, [
    grassroots('CD-YJ-01', '渝籍在蓉流动党员第一党支部', { regionCode: '510107' }),
    grassroots('CD-YJ-02', '渝籍在蓉流动党员第二党支部', { regionCode: '510108' }),
  ]),
  mobileMemberCommittee('CD-BJ', '成都市驻北京流动党员党委', { hostRegionCode: '110000' }, [
    grassroots('CD-BJ-HD', '成都市驻北京流动党员海淀党支部', { hostRegionCode: '110108' }),
    grassroots('CD-BJ-CY', '成都市驻北京流动党员朝阳党支部', { hostRegionCode: '110105' }),
  ]),
]);
