import { Gender } from '../../members/member.entity';
import type { Random } from './random';

/** The most common surnames, Sichuan and Chongqing favourites (何 罗 邓 谢 唐) included. */
const COMMON_SURNAMES = [...'王李张刘陈杨黄赵周吴徐孙何罗邓谢唐胡郭'];
const OTHER_SURNAMES = [
  ...'马朱高林郑梁宋许韩冯曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万严覃武戴向汤',
];

const MALE_CHARACTERS = [
  ...'伟强磊军洋勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆旭宁龙林峰建国志文海东川成永亮毅晨博翔锐彬松江兵利德胜正良',
];
const FEMALE_CHARACTERS = [
  ...'芳娜敏静丽艳娟霞秀玲桂英燕萍红琳雪婷倩颖佳欣怡悦梅兰莉露瑶洁蓉琴丹慧月璐晶薇琼素云凤玉春霖思雨',
];

export function personName(random: Random, gender: Gender): string {
  const surname = random.chance(0.6) ? random.pick(COMMON_SURNAMES) : random.pick(OTHER_SURNAMES);
  const characters = gender === Gender.MALE ? MALE_CHARACTERS : FEMALE_CHARACTERS;
  const first = random.pick(characters);
  if (random.chance(0.3)) return surname + first;
  let second = random.pick(characters);
  while (second === first) second = random.pick(characters);
  return surname + first + second;
}
