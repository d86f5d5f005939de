import { GraphQLError, Kind, visit, type ASTVisitor, type OperationDefinitionNode, type ValidationContext, type ValueNode } from 'graphql';
import { BadUserInputError } from './errors';

/**
 * Limits on the values a request carries, checked before anything runs (the query limits of
 * server.ts bound the selection; these bound the input): nesting, list and string lengths, and
 * well-formed Unicode, for variables and for literals written into the document alike.
 */
export const INPUT_LIMITS = {
  /** Objects and lists inside one argument (a filter's and/or, a batch's items). */
  depth: 12,
  /** Items of one list: a batch of activity records is the longest (5,000). */
  listLength: 5000,
  /** Characters of one string: the longest text field is 2,000, the body limit bounds the rest. */
  stringLength: 20_000,
} as const;

/** A lone UTF-16 surrogate: not a character, and PostgreSQL refuses it in text and JSON. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first thing wrong with a value, with its path (`members.3.title`), or null. */
export function inputProblem(value: unknown, path: string, depth = 0): BadUserInputError | null {
  if (typeof value === 'string') {
    if (value.length > INPUT_LIMITS.stringLength) return new BadUserInputError(path, `at most ${INPUT_LIMITS.stringLength} characters`, 'TOO_LONG');
    if (LONE_SURROGATE.test(value)) return new BadUserInputError(path, 'is not valid Unicode text (a lone surrogate)', 'TEXT');
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  if (depth >= INPUT_LIMITS.depth) return new BadUserInputError(path, `nests deeper than ${INPUT_LIMITS.depth} levels`, 'TOO_DEEP');
  const entries = Array.isArray(value) ? value.map((item, i) => [String(i), item] as const) : Object.entries(value);
  if (Array.isArray(value) && value.length > INPUT_LIMITS.listLength) return new BadUserInputError(path, `at most ${INPUT_LIMITS.listLength} items`, 'TOO_MANY');
  for (const [key, item] of entries) {
    const problem = inputProblem(item, path ? `${path}.${key}` : key, depth + 1);
    if (problem) return problem;
  }
  return null;
}

/** Per parsed operation: Apollo keeps parsed documents, so a repeated query reuses its node and its paths. */
const pathsOfOperation = new WeakMap<OperationDefinitionNode, Map<string, string>>();

/**
 * Where each variable is used as a whole argument, the argument's name, so that errors name the
 * field as the other input errors do: inside `input` (`members.3.title`), after any other
 * argument's name (`filter.and.0.name`).
 */
function argumentPaths(operation: OperationDefinitionNode | undefined): Map<string, string> {
  if (!operation) return new Map();
  const known = pathsOfOperation.get(operation);
  if (known) return known;
  const paths = new Map<string, string>();
  visit(operation, {
    Argument(node) {
      if (node.value.kind === Kind.VARIABLE) paths.set(node.value.name.value, node.name.value === 'input' ? '' : node.name.value);
    },
  });
  pathsOfOperation.set(operation, paths);
  return paths;
}

/** Throws the first problem of the request's variables as a BAD_USER_INPUT naming the field (HTTP 400: nothing ran). */
export function checkVariables(variables: Record<string, unknown> | undefined, operation: OperationDefinitionNode | undefined): void {
  if (!variables) return;
  const paths = argumentPaths(operation);
  for (const [name, value] of Object.entries(variables)) {
    const problem = inputProblem(value, paths.get(name) ?? name);
    if (problem) {
      problem.extensions.http = { status: 400 };
      throw problem;
    }
  }
}

/** The same limits for values written into the document itself. */
export function inputLimitsRule(context: ValidationContext): ASTVisitor {
  const depthOf = (node: ValueNode): number =>
    node.kind === Kind.OBJECT ? 1 + Math.max(0, ...node.fields.map((field) => depthOf(field.value))) : node.kind === Kind.LIST ? 1 + Math.max(0, ...node.values.map(depthOf)) : 0;
  return {
    Argument(node) {
      if (depthOf(node.value) > INPUT_LIMITS.depth) {
        context.reportError(new GraphQLError(`${node.name.value}: nests deeper than ${INPUT_LIMITS.depth} levels`, { nodes: [node], extensions: { code: 'BAD_USER_INPUT', field: node.name.value, reason: 'TOO_DEEP' } }));
      }
    },
    StringValue(node) {
      const problem = inputProblem(node.value, 'string');
      if (problem) context.reportError(new GraphQLError(problem.message.replace(/^string: /, 'a string in the query: '), { nodes: [node], extensions: { ...problem.extensions, field: null } }));
    },
  };
}
