import fc from 'fast-check';
import {
  type GraphQLField,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { nationalId } from '../support/fixtures';

/**
 * Arbitraries for the fault fuzz (fuzz.test.ts), built from the schema the server serves: for
 * a root field, an operation calling it with generated arguments and a small selection of its
 * result. Values are found by walking the input types — enums, scalars, nested filters, lists,
 * nulls — and mix edge cases (huge numbers, NUL, lone surrogates, LIKE metacharacters, invalid
 * dates, ids that do not exist) with values from the database the fuzz runs on (real ids,
 * organisation and region codes, years, ID numbers), so that many requests get past validation
 * and reach the services and SQL. Field names are the only hints: a field named `memberId`
 * gets member ids, `year` years, `idNumber` national ID numbers, whatever operation it is in.
 */

export type EntityKind = 'ActivityRecord' | 'AnnualFeedback' | 'ApiToken' | 'AdminUser' | 'AuditEvent' | 'Agreement' | 'Member' | 'Organization' | 'Region';

/** Values from the database the fuzz runs on. */
export interface Pools {
  /** Real ids of each kind (a region's id is its code). */
  ids: Record<EntityKind, string[]>;
  /** The version of each row, by id, of the kinds that have one, as the fuzz began: to send an id with the version it had. */
  versions: Partial<Record<EntityKind, [id: string, version: number][]>>;
  regionCodes: string[];
  /** Organisation and agreement codes. */
  codes: string[];
  /** Real national ID numbers, in clear. */
  idNumbers: string[];
  names: string[];
  usernames: string[];
  passwords: string[];
  years: number[];
}

export interface GeneratedRequest {
  operation: 'query' | 'mutation';
  document: string;
  variables: Record<string, unknown>;
  headers: Record<string, string>;
  /** Each root field's arguments by its alias, as sent: to check the fields errors name. */
  args: Record<string, Record<string, unknown>>;
  /** Root field names by alias. */
  fields: Record<string, string>;
}

/** Which entity an id field names: from the field's name first (`memberId`), else from the type it is in (`UpdateOneMemberInput.id`). */
const KIND_HINTS: [RegExp, EntityKind][] = [
  [/activit/i, 'ActivityRecord'],
  [/feedback/i, 'AnnualFeedback'],
  [/token/i, 'ApiToken'],
  [/user/i, 'AdminUser'],
  [/audit/i, 'AuditEvent'],
  [/agreement/i, 'Agreement'],
  [/member/i, 'Member'],
  [/organi[sz]ation/i, 'Organization'],
  [/region/i, 'Region'],
];

function kindOf(hint: string, owner: string): EntityKind | null {
  for (const text of [hint, owner]) for (const [pattern, kind] of KIND_HINTS) if (pattern.test(text)) return kind;
  return null;
}

/** Input types that only compare a value (`IDFilterComparison`, `…Between`): their fields keep the hint of the field holding them. */
const isComparison = (name: string) => /(Comparison|Between)$/.test(name);

const NUL = '\u0000';
/** Strings GraphQL accepts and a careless server does not: NUL, lone surrogates, LIKE and SQL metacharacters, bidi controls, full-width digits. */
const AWKWARD_STRINGS = [
  '',
  ' ',
  '  padded  ',
  `a${NUL}b`,
  NUL,
  '\uD800',
  'x\uDC00y',
  '😀👨‍👩‍👧‍👦',
  '𠀀𪚥',
  '\u202Eabc\u202C',
  'مرحبا بالعالم',
  '５１０１００',
  '%',
  '_',
  '\\',
  'a\\',
  "'",
  '%_\\\'',
  "'; drop table member; --",
  '" or 1=1 --',
  '\\\\%',
  '${jndi:x}',
  '<script>alert(1)</script>',
  '\t\r\n',
  '\uFEFFBOM',
  'Ａ Ｂ',
  'e\u0301',
  'ﾃｽﾄ',
  'null',
  'undefined',
  '0',
  '-1',
  '1e309',
  'NaN',
];

const WORDS = ['党员', '张伟', '李娜', '成都市', '锦江区', '社区党委', '第一支部', '志愿服务', '主题党日', '重庆', 'Chengdu', 'test'];

/** The generation of one request: `wild` sends wrong types, nulls where GraphQL forbids them and unknown fields too. */
interface Ctx {
  hint: string;
  owner: string;
  wild: boolean;
  depth: number;
  /** Inside a long list: no long list below (5,000 items of 5,000 values each would be 25 million). */
  bounded?: boolean;
}

export interface ArbitraryOptions {
  /** The instant relative expiries are generated from. */
  now: Date;
}

/** Arbitraries of requests for the root fields of one schema. */
export class RequestArbitraries {
  private readonly memo = new Map<string, fc.Arbitrary<unknown>>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly pools: Pools,
    private readonly options: ArbitraryOptions,
  ) {}

  /** The root fields of queries and mutations, as the server serves them. */
  rootFields(): { operation: 'query' | 'mutation'; field: GraphQLField<unknown, unknown> }[] {
    const of = (operation: 'query' | 'mutation') => {
      const type = operation === 'query' ? this.schema.getQueryType() : this.schema.getMutationType();
      return Object.values(type?.getFields() ?? {}).map((field) => ({ operation, field }));
    };
    return [...of('query'), ...of('mutation')];
  }

  /**
   * A request calling `field`, now and then with a second root field of the same kind (the
   * fields of one mutation run one after the other), with its arguments as variables or written
   * into the document, and for mutations sometimes an Idempotency-Key header.
   */
  request(operation: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): fc.Arbitrary<GeneratedRequest> {
    const others = this.rootFields().filter((root) => root.operation === operation);
    const second = fc.oneof(
      { weight: 6, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.constantFrom(...others.map((root) => root.field)) },
    );
    return fc
      .record({
        wild: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
        literals: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
        second,
        idempotencyKey: operation === 'mutation' ? this.idempotencyKey() : fc.constant(undefined),
      })
      .chain(({ wild, literals, second: other, idempotencyKey }) => {
        const fields = other ? [field, other] : [field];
        return fc.tuple(...fields.map((f) => fc.tuple(this.argumentsOf(f, wild), this.selection(f.type, 1)))).map((calls): GeneratedRequest => {
          const variableDefinitions: string[] = [];
          const variables: Record<string, unknown> = {};
          const args: GeneratedRequest['args'] = {};
          const names: GeneratedRequest['fields'] = {};
          const roots = calls.map(([values, selection], i) => {
            const f = fields[i]!;
            const alias = `r${i}`;
            names[alias] = f.name;
            args[alias] = values;
            const written = f.args
              .filter((arg) => values[arg.name] !== undefined)
              .map((arg) => {
                if (literals) return `${arg.name}: ${printLiteral(values[arg.name], arg.type)}`;
                const variable = `${alias}_${arg.name}`;
                variableDefinitions.push(`$${variable}: ${arg.type.toString()}`);
                variables[variable] = values[arg.name];
                return `${arg.name}: $${variable}`;
              });
            return `${alias}: ${f.name}${written.length ? `(${written.join(', ')})` : ''}${selection}`;
          });
          const definitions = variableDefinitions.length ? `(${variableDefinitions.join(', ')})` : '';
          return {
            operation,
            document: `${operation} Fuzz${definitions} { ${roots.join(' ')} }`,
            variables,
            headers: idempotencyKey === undefined ? {} : ({ 'idempotency-key': idempotencyKey } as Record<string, string>),
            args,
            fields: names,
          };
        });
      });
  }

  private idempotencyKey(): fc.Arbitrary<string | undefined> {
    return fc.oneof(
      { weight: 30, arbitrary: fc.constant(undefined) },
      // A few keys used again and again: replays, and the same key with another payload.
      { weight: 3, arbitrary: fc.constantFrom('fuzz-key-1', 'fuzz-key-2', 'fuzz-key-3') },
      { weight: 1, arbitrary: fc.constantFrom('', 'with space', '\u00e9t\u00e9', 'k'.repeat(201), '\t') },
    );
  }

  /** Arguments of a root field: the required ones (now and then missing, when wild) and some optional ones. */
  private argumentsOf(field: GraphQLField<unknown, unknown>, wild: boolean): fc.Arbitrary<Record<string, unknown>> {
    const owner = getNamedType(field.type).name;
    return this.objectOf(
      field.args.map((arg) => ({ name: arg.name, type: arg.type })),
      { hint: field.name, owner, wild, depth: 0 },
      owner,
      4,
    );
  }

  /** An object with every required field and up to `optionalCount` optional ones. */
  private objectOf(fields: { name: string; type: GraphQLInputType }[], ctx: Ctx, typeName: string, optionalCount: number): fc.Arbitrary<Record<string, unknown>> {
    const keepsHint = isComparison(typeName);
    const child = (field: { name: string; type: GraphQLInputType }) =>
      this.value(field.type, {
        hint: keepsHint ? ctx.hint : field.name,
        owner: keepsHint || typeName === ctx.owner ? ctx.owner : typeName,
        wild: ctx.wild,
        depth: ctx.depth + 1,
        bounded: ctx.bounded,
      });
    const required = fields.filter((field) => isNonNullType(field.type));
    // Recursive fields (a filter's and/or) only near the top: the deep case is generated on its own.
    const optional = fields.filter((field) => !isNonNullType(field.type) && (ctx.depth < 5 || getNamedType(field.type).name !== typeName));
    const requiredPart = fc.record(Object.fromEntries(required.map((field) => [field.name, child(field)])));
    const optionalPart = fc
      .subarray(optional, { minLength: 0, maxLength: Math.min(optionalCount, optional.length) })
      .chain((picked) => fc.tuple(...picked.map((field) => child(field).map((value) => [field.name, value] as const))))
      .map((entries) => Object.fromEntries(entries));
    const plain = fc.tuple(requiredPart, optionalPart).map(([a, b]) => ({ ...a, ...b }) as Record<string, unknown>);
    // An id with the version it had when the fuzz began (a workflow step or update that may succeed), as often as any other.
    const kind = fields.some((field) => field.name === 'id') && fields.some((field) => field.name === 'version') ? kindOf('id', typeName) : null;
    const versions = kind ? this.pools.versions[kind] : undefined;
    const object = versions?.length
      ? fc.oneof(plain, fc.tuple(plain, fc.constantFrom(...versions)).map(([value, [id, version]]) => ({ ...value, id, version })))
      : plain;
    if (!ctx.wild) return object;
    return fc.oneof(
      { weight: 8, arbitrary: object },
      // A field the type does not have.
      { weight: 1, arbitrary: object.map((value) => ({ ...value, notAField: 1 })) },
    );
  }

  /** A value of an input type; null only where the type allows it (and, when wild, where it does not). */
  value(type: GraphQLInputType, ctx: Ctx): fc.Arbitrary<unknown> {
    const key = `${type.toString()}|${ctx.hint}|${ctx.owner}|${ctx.wild}|${Math.min(ctx.depth, 4)}|${ctx.bounded === true}`;
    let arbitrary = this.memo.get(key);
    if (!arbitrary) {
      arbitrary = fc.constant(null).chain(() => this.build(type, ctx));
      this.memo.set(key, arbitrary);
    }
    return arbitrary;
  }

  private build(type: GraphQLInputType, ctx: Ctx): fc.Arbitrary<unknown> {
    if (isNonNullType(type)) {
      const inner = this.nonNull(type.ofType, ctx);
      if (!ctx.wild) return inner;
      return fc.oneof({ weight: 20, arbitrary: inner }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constant(undefined) });
    }
    return fc.oneof({ weight: 7, arbitrary: this.nonNull(type, ctx) }, { weight: 1, arbitrary: fc.constant(null) });
  }

  private nonNull(type: GraphQLInputType, ctx: Ctx): fc.Arbitrary<unknown> {
    if (isListType(type)) return this.list(type.ofType, ctx);
    const named = getNamedType(type);
    const plain = isInputObjectType(named)
      ? this.inputObject(named, ctx)
      : isEnumType(named)
        ? this.enumValue(named.getValues().map((value) => value.name), ctx)
        : this.scalar(named, ctx);
    if (!ctx.wild || isInputObjectType(named)) return plain;
    return fc.oneof({ weight: 14, arbitrary: plain }, { weight: 1, arbitrary: wrongType() });
  }

  private list(item: GraphQLInputType, ctx: Ctx): fc.Arbitrary<unknown> {
    const element = this.value(item, { ...ctx, depth: ctx.depth + 1 });
    const few = fc.array(element, { minLength: 1, maxLength: 3 });
    // Long lists repeat a few items: the caps (500 values, 1,000 returns, 5,000 records) and what lies just beyond them.
    const long = fc
      .tuple(fc.array(this.value(item, { ...ctx, depth: ctx.depth + 1, bounded: true }), { minLength: 1, maxLength: 3 }), fc.constantFrom(100, 500, 501, 1000, 1001, 5000, 5001))
      .map(([items, length]) => Array.from({ length }, (_, i) => items[i % items.length]));
    return fc.oneof(
      { weight: 2, arbitrary: fc.constant([]) },
      { weight: 10, arbitrary: few },
      { weight: ctx.bounded ? 0 : 1, arbitrary: long },
      // A single value where a list is expected: GraphQL reads it as a list of one.
      { weight: 1, arbitrary: element },
    );
  }

  private inputObject(type: GraphQLInputObjectType, ctx: Ctx): fc.Arbitrary<unknown> {
    const fields = Object.values(type.getFields());
    const object = this.objectOf(fields, ctx, type.name, isComparison(type.name) ? 2 : ctx.depth > 1 ? 3 : 5);
    const recursive = fields.find((field) => getNamedType(field.type).name === type.name);
    if (!recursive || ctx.depth > 2) return object;
    // A chain of and/or deeper than any form would build: around the input depth limit (12), and far past it
    // (1,000 levels of `and: [...]` are 2,000 levels of JSON; much deeper and the test's own JSON.stringify overflows).
    const levels = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 8, max: 14 }) }, { weight: 1, arbitrary: fc.constantFrom(100, 1000) });
    const deep = levels.map((levels) => {
      let value: unknown = {};
      for (let i = 0; i < levels; i++) value = { [recursive.name]: isListType(isNonNullType(recursive.type) ? recursive.type.ofType : recursive.type) ? [value] : value };
      return value;
    });
    return fc.oneof({ weight: 12, arbitrary: object }, { weight: 1, arbitrary: deep });
  }

  private enumValue(values: string[], ctx: Ctx): fc.Arbitrary<unknown> {
    const valid = fc.constantFrom(...values);
    if (!ctx.wild) return valid;
    return fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: fc.constantFrom('NOT_A_VALUE', values[0]!.toLowerCase(), '', 'null') });
  }

  private scalar(type: { name: string }, ctx: Ctx): fc.Arbitrary<unknown> {
    switch (type.name) {
      case 'ID':
        return this.id(ctx);
      case 'Int':
        return this.int(ctx);
      case 'Float':
        return this.float(ctx);
      case 'Boolean':
        return ctx.wild ? fc.oneof(fc.boolean(), fc.constantFrom('true', 1, 0)) : fc.boolean();
      case 'String':
        return this.string(ctx);
      case 'LocalDate':
        return localDate(ctx.wild);
      case 'DateTimeISO':
        return this.dateTime(ctx);
      default:
        // A scalar the fuzz does not know yet (JSON, say): strings and objects.
        return fc.oneof(this.string(ctx), fc.constant({}), fc.jsonValue({ maxDepth: 2 }));
    }
  }

  private id(ctx: Ctx): fc.Arbitrary<unknown> {
    const kind = kindOf(ctx.hint, ctx.owner);
    const own = kind ? this.pools.ids[kind] : [];
    const all = Object.values(this.pools.ids).flat();
    const missing = fc.constantFrom('999999', '2147483647', '2147483648', '99999999999', '0', '-1', '1.5', '1e3', ' 1', '01', '１', 'abc', '', '000000', '510100', NUL);
    return fc.oneof(
      ...(own.length ? [{ weight: 12, arbitrary: fc.constantFrom(...own) }] : []),
      // Ids of another kind, and (for scoped callers) ids that exist outside their scope.
      { weight: 2, arbitrary: fc.constantFrom(...all) },
      { weight: 3, arbitrary: missing },
      // GraphQL IDs may be sent as integers.
      { weight: 1, arbitrary: fc.oneof(fc.integer({ min: -5, max: 3000 }), fc.constant(2 ** 31)) },
    );
  }

  private int(ctx: Ctx): fc.Arbitrary<unknown> {
    const edges = fc.constantFrom(0, 1, -1, 2, 5, 20, 100, 499, 500, 501, 1000, 1001, 5000, 5001, 32767, 32768, -32769, 2147483647, -2147483648);
    const hinted: fc.Arbitrary<number> | null = /year/i.test(ctx.hint)
      ? fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...this.pools.years) }, { weight: 1, arbitrary: fc.constantFrom(0, -1, 1899, 1900, 1969, 2100, 9999, 10000, 2147483647) })
      : /version/i.test(ctx.hint)
        ? fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 5 }) }, { weight: 1, arbitrary: fc.constantFrom(0, -1, 2147483647) })
        : /limit|offset/i.test(ctx.hint)
          ? fc.constantFrom(0, 1, 3, 20, 500, 501, -1, 2147483647)
          : null;
    const valid = fc.oneof(
      { weight: hinted ? 24 : 0, arbitrary: hinted ?? fc.constant(0) },
      { weight: 4, arbitrary: fc.integer({ min: 0, max: 40 }) },
      { weight: 2, arbitrary: edges },
      { weight: 1, arbitrary: fc.integer() },
    );
    if (!ctx.wild) return valid;
    // Beyond 32 bits, fractions and numbers in strings: GraphQL's Int refuses them all.
    return fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: fc.constantFrom(2147483648, -2147483649, 1e20, 1.5, Number.MAX_SAFE_INTEGER + 2, '12', 'NaN', 'Infinity') });
  }

  private float(ctx: Ctx): fc.Arbitrary<unknown> {
    const valid = fc.oneof(
      { weight: 4, arbitrary: fc.double({ min: 0, max: 24, noNaN: true }) },
      { weight: 2, arbitrary: fc.constantFrom(0, -0, 0.5, 1, 2.5, -1, 24, 24.0001, 1e15, 1e308, -1e308, 5e-324, 0.1 + 0.2) },
      // JSON carries no NaN or Infinity.
      { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
    );
    if (!ctx.wild) return valid;
    return fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: fc.constantFrom('NaN', 'Infinity', '-Infinity', '1.5', '1e400', true) });
  }

  private string(ctx: Ctx): fc.Arbitrary<unknown> {
    const hint = ctx.hint;
    const pools = this.pools;
    let hinted: fc.Arbitrary<string> | null = null;
    if (/idNumber/i.test(hint)) hinted = idNumber(pools);
    else if (/regionCode$/i.test(hint)) hinted = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...pools.regionCodes) }, { weight: 1, arbitrary: fc.constantFrom('000000', '999999', '5101', '5101000', '51010０', '710000', '810000') });
    else if (/^code$/.test(hint)) hinted = fc.oneof(fc.constantFrom(...pools.codes), fc.integer({ min: 1, max: 99999 }).map((n) => `FZ-${n}`));
    else if (/phone/i.test(hint)) hinted = fc.constantFrom('13800138000', '13912345678', '028-86612345', '138001380001', '+8613800138000', '1380013800a');
    else if (/username/i.test(hint)) hinted = fc.oneof(fc.constantFrom(...pools.usernames), fc.stringMatching(/^[a-z][a-z0-9_-]{2,20}$/));
    else if (/password/i.test(hint)) hinted = fc.oneof(fc.constantFrom(...pools.passwords), fc.string({ minLength: 0, maxLength: 40 }));
    else if (/(^n|N)ame$/.test(hint)) hinted = fc.oneof(fc.constantFrom(...pools.names), fc.constantFrom(...WORDS));
    else if (/deadline/i.test(hint)) hinted = fc.constantFrom('03-31', '01-15', '02-29', '02-30', '13-01', '3-31', '0331');
    else if (/idempotencyKey/i.test(hint)) hinted = fc.constantFrom('fuzz-batch-1', 'fuzz-batch-2', '', 'k'.repeat(300));
    const plain = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...WORDS) },
      { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
      { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
    );
    const awkward = fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...AWKWARD_STRINGS) },
      { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
      // Around common column widths, the longest text field (2,000) and the LIKE pattern cap (200); rarely past the input limit (20,000).
      { weight: 2, arbitrary: fc.constantFrom(16, 17, 32, 33, 64, 65, 100, 101, 200, 201, 255, 256, 2000, 2001).map((n) => '长'.repeat(n)) },
      // Past the input limit, and a megabyte (not inside a long list: 5,000 of them would be gigabytes).
      { weight: 1, arbitrary: ctx.bounded ? fc.constant('x'.repeat(201)) : fc.constantFrom('x'.repeat(20_001), '长'.repeat(1_000_000)) },
    );
    return fc.oneof({ weight: hinted ? 20 : 0, arbitrary: hinted ?? fc.constant('') }, { weight: 5, arbitrary: plain }, { weight: 3, arbitrary: awkward });
  }

  private dateTime(ctx: Ctx): fc.Arbitrary<unknown> {
    const now = this.options.now.getTime();
    const day = 86_400_000;
    const near = fc.integer({ min: -800, max: 800 }).map((days) => new Date(now + days * day).toISOString());
    const expiry = /expires/i.test(ctx.hint) ? fc.integer({ min: -2, max: 420 }).map((days) => new Date(now + days * day).toISOString()) : near;
    const valid = fc.oneof(
      { weight: 12, arbitrary: expiry },
      { weight: 2, arbitrary: fc.date({ noInvalidDate: true }).map((date) => date.toISOString()) },
      { weight: 1, arbitrary: fc.constantFrom('2026-01-01T00:00:00+08:00', '2025-12-31T16:00:00.000Z', '1970-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z') },
    );
    const invalid = fc.constantFrom('2026-01-01', '2026-02-30T00:00:00Z', '0000-01-01T00:00:00Z', 'not a date', '', 'now', '2026-01-01T25:00:00Z', '+275761-01-01T00:00:00Z');
    return fc.oneof({ weight: 8, arbitrary: valid }, { weight: ctx.wild ? 3 : 1, arbitrary: invalid }, { weight: ctx.wild ? 1 : 0, arbitrary: fc.constantFrom(0, 1700000000000, -1) });
  }

  /** A selection of the result: its __typename and id, a few other scalars, and now and then a nested object. */
  selection(type: GraphQLOutputType, level: number): fc.Arbitrary<string> {
    const named = getNamedType(type);
    if (isLeafType(named)) return fc.constant('');
    if (!isObjectType(named)) return fc.constant(' { __typename }');
    const fields = Object.values(named.getFields()).filter((field) => field.args.every((arg) => !isNonNullType(arg.type)));
    const leaves = fields.filter((field) => isLeafType(getNamedType(field.type)) && field.name !== 'id').map((field) => field.name);
    const objects = level < 3 ? fields.filter((field) => isObjectType(getNamedType(field.type))) : [];
    const fixed = ['__typename', ...('id' in named.getFields() ? ['id'] : [])];
    return fc
      .tuple(
        fc.subarray(leaves, { maxLength: Math.min(3, leaves.length) }),
        fc.subarray(objects, { maxLength: Math.min(level === 1 ? 2 : 1, objects.length) }).chain((picked) => fc.tuple(...picked.map((field) => this.selection(field.type, level + 1).map((inner) => `${field.name}${inner}`)))),
      )
      .map(([scalars, nested]) => ` { ${[...fixed, ...scalars, ...nested].join(' ')} }`);
  }
}

/** Something of another type altogether. */
function wrongType(): fc.Arbitrary<unknown> {
  return fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.boolean(), fc.constant({}), fc.constant([]), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant({ eq: 1 }));
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Calendar dates: mostly valid (demo years above all), and the ways a date can be wrong. */
function localDate(wild: boolean): fc.Arbitrary<unknown> {
  const near = fc.record({ year: fc.integer({ min: 2023, max: 2026 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }) });
  const far = fc.record({ year: fc.integer({ min: 1900, max: 2100 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) });
  const valid = fc.oneof({ weight: 4, arbitrary: near }, { weight: 1, arbitrary: far }).map(({ year, month, day }) => `${year}-${pad(month)}-${pad(day)}`);
  const invalid = fc.constantFrom(
    '2026-02-29',
    '2024-02-29',
    '2026-13-01',
    '2026-00-10',
    '0000-01-01',
    '1899-12-31',
    '9999-12-31',
    '10000-01-01',
    '2026-1-1',
    '2026/01/01',
    '20260101',
    '',
    '２０２６-０１-０１',
    '2026-01-01T00:00:00Z',
    ' 2026-01-01',
  );
  return fc.oneof({ weight: 8, arbitrary: valid }, { weight: wild ? 3 : 1, arbitrary: invalid }, { weight: wild ? 1 : 0, arbitrary: fc.constantFrom(20260101, true) });
}

/** National ID numbers: real ones, fresh valid ones, and malformed ones. */
function idNumber(pools: Pools): fc.Arbitrary<string> {
  const fresh = fc
    .record({
      region: fc.constantFrom('510104', '500103', '510603', '110101', '440106', '999999'),
      year: fc.integer({ min: 1950, max: 2005 }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 28 }),
      sequence: fc.integer({ min: 0, max: 999 }),
    })
    .map(({ region, year, month, day, sequence }) => nationalId(region, `${year}${pad(month)}${pad(day)}`, pad(sequence, 3)));
  const broken = fresh.chain((valid) =>
    fc.constantFrom(`${valid.slice(0, 17)}${valid.endsWith('0') ? '1' : '0'}`, valid.slice(0, 17), `${valid}0`, valid.toLowerCase().replace(/X$/, 'x'), valid.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))), `${valid.slice(0, 6)}20991231${valid.slice(14)}`),
  );
  return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...pools.idNumbers) }, { weight: 4, arbitrary: fresh }, { weight: 2, arbitrary: broken });
}

/** A value written into the document: enum values bare, everything else as GraphQL (JSON-like) syntax. */
export function printLiteral(value: unknown, type: GraphQLInputType | undefined): string {
  const inner = type && isNonNullType(type) ? type.ofType : type;
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map((item) => printLiteral(item, inner && isListType(inner) ? inner.ofType : undefined)).join(', ')}]`;
  const named = inner ? getNamedType(inner) : undefined;
  if (typeof value === 'object') {
    const fields = named && isInputObjectType(named) ? named.getFields() : {};
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    return `{${entries.map(([key, item]) => `${key}: ${printLiteral(item, fields[key]?.type)}`).join(', ')}}`;
  }
  if (typeof value === 'string') {
    if (named && isEnumType(named) && /^[_A-Za-z][_0-9A-Za-z]*$/.test(value) && !['true', 'false', 'null'].includes(value)) return value;
    return JSON.stringify(value);
  }
  return String(value);
}
