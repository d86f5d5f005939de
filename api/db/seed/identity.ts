import { Gender } from '../../members/member.entity';
import { checkCharacter } from '../../members/national-id';
import { maskIdNumber, maskPhone, type PersonalDataProtector } from '../../members/personal-data';
import { mobilePhone } from './phones';
import type { Random } from './random';

/**
 * A GB 11643 number for someone registered in `regionCode` and born on `birthDate`: the
 * sequence is odd for men and even for women, and the number is not one of `taken`.
 */
export function nationalIdNumber(random: Random, regionCode: string, birthDate: string, gender: Gender, taken: Set<string>): string {
  const birth = birthDate.replaceAll('-', '');
  for (;;) {
    const parity = gender === Gender.MALE ? random.pick([1, 3, 5, 7, 9]) : random.pick([0, 2, 4, 6, 8]);
    const first17 = `${regionCode}${birth}${random.digits(2)}${parity}`;
    const value = first17 + checkCharacter(first17);
    if (!taken.has(value)) {
      taken.add(value);
      return value;
    }
  }
}

/** The stored forms of an ID number and a phone: ciphertext, blind index, masked copy. */
export function protectedIdentity(protector: PersonalDataProtector, idNumber: string, phone: string | null) {
  return {
    idNumberCipher: protector.encrypt(idNumber),
    idNumberHash: protector.blindIndex(idNumber),
    idNumberMasked: maskIdNumber(idNumber),
    phoneCipher: phone ? protector.encrypt(phone) : null,
    phoneMasked: phone ? maskPhone(phone) : null,
  };
}

export function maybePhone(random: Random): string | null {
  return random.chance(0.95) ? mobilePhone(random) : null;
}
