import { cityCommittee, districtCommittee, grassroots, mobileMemberCommittee } from './organization-spec';

/*
 * The partner cities' trees (市委 → 区县委 → 村/社区): the grassroots organisations here hold
 * the formal organisational relationship of the members who live in Chengdu.
 */

export const DEYANG = cityCommittee('DY', '中共德阳市委', '510600', [
  districtCommittee('DY-JY', '旌阳区委', '510603', [
    grassroots('DY-JY-01', '孝泉镇民主村党支部'),
    grassroots('DY-JY-02', '黄许镇江林村党支部'),
    grassroots('DY-JY-03', '东湖街道东山社区党委'),
  ]),
  districtCommittee('DY-GH', '广汉市委', '510681', [
    grassroots('DY-GH-01', '三星堆镇真武村党支部'),
    grassroots('DY-GH-02', '向阳镇星火村党支部'),
    grassroots('DY-GH-03', '雒城街道房湖社区党委'),
  ]),
  districtCommittee('DY-ZJ', '中江县委', '510623', [
    grassroots('DY-ZJ-01', '凯江镇石龙村党支部'),
    grassroots('DY-ZJ-02', '南华镇万福村党总支'),
    grassroots('DY-ZJ-03', '仓山镇大旺村党支部'),
  ]),
]);

export const MEISHAN = cityCommittee('MS', '中共眉山市委', '511400', [
  districtCommittee('MS-DP', '东坡区委', '511402', [
    grassroots('MS-DP-01', '太和镇红旗村党支部'),
    grassroots('MS-DP-02', '修文镇复兴村党支部'),
    grassroots('MS-DP-03', '通惠街道裕丰社区党委'),
  ]),
  districtCommittee('MS-RS', '仁寿县委', '511421', [
    grassroots('MS-RS-01', '文林街道北斗社区党委'),
    grassroots('MS-RS-02', '汪洋镇保胜村党支部'),
    grassroots('MS-RS-03', '富加镇联合村党总支'),
  ]),
  districtCommittee('MS-PS', '彭山区委', '511403', [
    grassroots('MS-PS-01', '青龙街道龙门村党支部'),
    grassroots('MS-PS-02', '谢家街道谢家社区党支部'),
  ]),
]);

export const ZIYANG = cityCommittee('ZY', '中共资阳市委', '512000', [
  districtCommittee('ZY-YJ', '雁江区委', '512002', [
    grassroots('ZY-YJ-01', '中和镇石笋村党支部'),
    grassroots('ZY-YJ-02', '临江镇寨子村党支部'),
    grassroots('ZY-YJ-03', '狮子山街道宝台社区党委'),
  ]),
  districtCommittee('ZY-AY', '安岳县委', '512021', [
    grassroots('ZY-AY-01', '岳阳镇塔子山社区党委'),
    grassroots('ZY-AY-02', '石羊镇石羊村党支部'),
    grassroots('ZY-AY-03', '周礼镇周礼社区党总支'),
  ]),
  districtCommittee('ZY-LZ', '乐至县委', '512022', [
    grassroots('ZY-LZ-01', '天池街道帅乡社区党委'),
    grassroots('ZY-LZ-02', '劳动镇书房村党支部'),
  ]),
]);

/** Chongqing is both a partner (its members in Chengdu) and a destination (Chengdu's members there). */
export const CHONGQING = cityCommittee('CQ', '中共重庆市委', '500000', [
  districtCommittee('CQ-YZ', '渝中区委', '500103', [
    grassroots('CQ-YZ-01', '解放碑街道民族路社区党委'),
    grassroots('CQ-YZ-02', '七星岗街道金汤街社区党委'),
  ]),
  districtCommittee('CQ-JB', '江北区委', '500105', [
    grassroots('CQ-JB-01', '观音桥街道建北社区党委'),
    grassroots('CQ-JB-02', '五里店街道玉带山社区党支部'),
  ]),
  districtCommittee('CQ-SPB', '沙坪坝区委', '500106', [
    grassroots('CQ-SPB-01', '磁器口街道磁器口社区党委'),
    grassroots('CQ-SPB-02', '小龙坎街道小龙坎正街社区党总支'),
  ]),
  districtCommittee('CQ-JLP', '九龙坡区委', '500107', [
    grassroots('CQ-JLP-01', '杨家坪街道西郊路社区党委'),
    grassroots('CQ-JLP-02', '谢家湾街道华润社区党支部'),
  ]),
  districtCommittee('CQ-YB', '渝北区委', '500112', [
    grassroots('CQ-YB-01', '龙溪街道武陵路社区党委'),
    grassroots('CQ-YB-02', '双龙湖街道百果园社区党支部'),
  ]),
  mobileMemberCommittee('CQ-CJ', '川籍在渝流动党员综合党委', {}, [
    grassroots('CQ-CJ-01', '蓉籍在渝流动党员党支部', { regionCode: '500112' }),
  ]),
]);
