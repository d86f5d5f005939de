import { cachedStatement, keyOf } from '../../api/common/crud/statement-cache';

describe('the read planner\'s statement cache', () => {
  it('gives equal plain-data inputs one key and different ones different keys', () => {
    const input = (value: unknown) => [['Member', 't0', ['id', 'name']], { $and: [{ status: value }, { formalRegionCode: { $like: '5101%' } }] }, null, 50, 0, true];
    expect(keyOf(input('MANAGED'))).toBe(keyOf(input('MANAGED')));
    const keys = [input('MANAGED'), input('REPORTED'), input(undefined), input(null), input(1), input('1'), input(['MANAGED']), input(new Date(0)), input(new Date(1)), input(/5101/)].map(keyOf);
    expect(new Set(keys).size).toBe(keys.length);
    // A key that is missing is not a key that is undefined.
    expect(keyOf({ a: undefined })).not.toBe(keyOf({}));
  });

  it('has no key for what is not plain data, so such a statement is compiled every time', () => {
    class Entity {
      id = 1;
    }
    expect(keyOf({ member: new Entity() })).toBeNull();
    expect(keyOf({ [Symbol('raw')]: 'x' })).toBeNull();
    expect(keyOf({ fn: () => 1 })).toBeNull();
    expect(keyOf({ big: 1n })).toBeNull();
    let compiled = 0;
    const compile = () => `select ${++compiled}`;
    cachedStatement({ member: new Entity() }, compile);
    cachedStatement({ member: new Entity() }, compile);
    expect(compiled).toBe(2);
  });

  it('compiles a statement once per distinct input', () => {
    let compiled = 0;
    const compile = () => `select ${++compiled}`;
    const first = cachedStatement(['organizations', 100, { parent: { $ne: null } }], compile);
    expect(cachedStatement(['organizations', 100, { parent: { $ne: null } }], compile)).toBe(first);
    expect(cachedStatement(['organizations', 50, { parent: { $ne: null } }], compile)).not.toBe(first);
    expect(compiled).toBe(2);
  });
});
