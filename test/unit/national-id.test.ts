import { checkCharacter, parseNationalId } from '../../api/members/national-id';
import { maskIdNumber, maskPhone, PersonalDataProtector } from '../../api/members/personal-data';

describe('GB 11643 national ID numbers', () => {
  it('computes the published example check character', () => {
    // GB 11643-1999 appendix example: 11010519491231002X
    expect(checkCharacter('11010519491231002')).toBe('X');
  });

  it('reads birth date and gender from a valid number, accepting a lowercase x', () => {
    expect(parseNationalId('11010519491231002x')).toEqual({ value: '11010519491231002X', birthDate: '1949-12-31', gender: 'FEMALE' });
  });

  it.each([
    ['11010519491231002', 'FORMAT'],
    ['11010519491231002Y', 'FORMAT'],
    ['00010519491231002X', 'REGION'],
    ['110105194902300021', 'BIRTH_DATE'],
    ['110105209912310021', 'BIRTH_DATE'],
    ['110105194912310021', 'CHECK_DIGIT'],
  ])('refuses %s (%s)', (value, problem) => {
    expect(parseNationalId(value, new Date('2026-11-23T00:00:00Z'))).toBe(problem);
  });
});

describe('personal data protection', () => {
  const protector = new PersonalDataProtector(Buffer.alloc(32, 9));

  it('encrypts with a fresh nonce each time and decrypts back', () => {
    const a = protector.encrypt('11010519491231002X');
    const b = protector.encrypt('11010519491231002X');
    expect(a).not.toBe(b);
    expect(protector.decrypt(a)).toBe('11010519491231002X');
  });

  it('refuses a tampered ciphertext', () => {
    const sealed = protector.encrypt('13812345678').split('.');
    sealed[3] = Buffer.from('13812345679').toString('base64');
    expect(() => protector.decrypt(sealed.join('.'))).toThrow();
  });

  it('gives a stable blind index and masks for display', () => {
    expect(protector.blindIndex('x')).toBe(protector.blindIndex('x'));
    expect(maskIdNumber('11010519491231002X')).toBe('1101**************');
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});
