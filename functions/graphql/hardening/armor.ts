import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  type ArgumentNode,
  type ASTNode,
  type FieldNode,
  type GraphQLError,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  type ValidationContext,
  type ValidationRule,
  visit,
} from 'graphql';
import { EdgeError, type EdgeErrorCode } from './codes';
import type { Limits, ListSize } from './limits';

/**
 * GraphQL Armor's validation rules (depth, cost, aliases, directives) with our codes, and its
 * field-suggestion mask where suggestions are not wanted.
 *
 * Armor's own Apollo wiring reports every rejection as BAD_USER_INPUT; here each rule reports an
 * EdgeError with its own code instead (`propagateOnRejection: false` keeps Armor from adding its
 * report or throwing). Armor's token limit is not used: its Apollo plugin throws from
 * `parsingDidStart`, which Apollo Server 5 answers as a 500; tokens are counted at the Lambda
 * edge instead (./edge.ts), before the body reaches Apollo.
 */
export function armorProtections(
  limits: Limits,
  options: { blockFieldSuggestions: boolean; listSizes?: Readonly<Record<string, ListSize>> },
): {
  plugins: ApolloServerPlugin[];
  validationRules: ValidationRule[];
} {
  const reject = (code: EdgeErrorCode, limit: number) => ({
    propagateOnRejection: false,
    exposeLimits: true,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) => {
        context?.reportError(new EdgeError(code, error.message.replace(/^Syntax Error: /, ''), { limit }));
      },
    ],
  });
  const off = { enabled: false };
  const cost = new ApolloArmor({
    costLimit: {
      maxCost: limits.maxCost,
      ignoreIntrospection: true,
      flattenFragments: true,
      ...reject('COST_LIMIT_EXCEEDED', limits.maxCost),
    },
    maxDepth: off,
    maxAliases: off,
    maxDirectives: off,
    maxTokens: off,
    blockFieldSuggestion: off,
  }).protect();
  const others = new ApolloArmor({
    costLimit: off,
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true, ...reject('MAX_DEPTH_EXCEEDED', limits.maxDepth) },
    maxAliases: { n: limits.maxAliases, ...reject('MAX_ALIASES_EXCEEDED', limits.maxAliases) },
    maxDirectives: { n: limits.maxDirectives, ...reject('MAX_DIRECTIVES_EXCEEDED', limits.maxDirectives) },
    maxTokens: off,
    blockFieldSuggestion: { enabled: options.blockFieldSuggestions, mask: '' },
  }).protect();
  return {
    plugins: others.plugins,
    validationRules: [
      ...cost.validationRules.map((rule) => withPageSizesCapped(rule, limits.largestPageSize, options.listSizes ?? {})),
      ...others.validationRules,
    ],
  };
}

/**
 * Armor's cost rule multiplies a list's cost by a literal `first`/`last`. A page size over the
 * largest the API serves is refused by its resolver (BAD_INPUT, "first must be from 1 to N")
 * before anything is read, so the rule sees such literals capped: `inbox(first: 100000)` costs
 * what `inbox(first: 500)` does, and the client learns the real page-size limit.
 *
 * A list without a page size (`Agency.children`) would count as one item; where `listSizes`
 * names it, the rule sees a `first:` of its real size instead, so `children` nested in `children`
 * costs what it can return (limits.ts, UNPAGED_LIST_SIZES).
 */
function withPageSizesCapped(rule: ValidationRule, cap: number, listSizes: Readonly<Record<string, ListSize>>): ValidationRule {
  return (context) => {
    const schema = context.getSchema();
    const rewrite = <T extends ASTNode>(node: T) => chargeListSizes(capPageSizes(node, cap), schema, listSizes);
    const view: ValidationContext = Object.create(context, {
      getFragment: {
        value: (name: string) => {
          const fragment = context.getFragment(name);
          return fragment && rewrite(fragment);
        },
      },
    });
    const visitor = rule(view) as { OperationDefinition?: { enter?: (node: OperationDefinitionNode) => void } };
    const enter = visitor.OperationDefinition?.enter;
    return enter ? { OperationDefinition: { enter: (node: OperationDefinitionNode) => enter(rewrite(node)) } } : {};
  };
}

function capPageSizes<T extends ASTNode>(node: T, cap: number): T {
  return visit(node, {
    Argument(argument) {
      const { name, value } = argument;
      if ((name.value === 'first' || name.value === 'last') && value.kind === Kind.INT && Number(value.value) > cap) {
        return { ...argument, value: { ...value, value: String(cap) } };
      }
      return undefined;
    },
  });
}

/**
 * Puts `first: <size>` on each list field of `listSizes` that has no page size of its own, for the
 * cost rule's eyes only. Types are followed by name (`String(type)`), not with graphql-js's
 * TypeInfo: its instanceof checks fail when Apollo's and this module's graphql are different
 * copies (ESM and CommonJS).
 */
function chargeListSizes<T extends ASTNode>(node: T, schema: GraphQLSchema, listSizes: Readonly<Record<string, ListSize>>): T {
  if (Object.keys(listSizes).length === 0) return node;
  const parents: (string | undefined)[] = [];
  const fieldOf = (typeName: string | undefined, name: string) => {
    const type = typeName
      ? (schema.getType(typeName) as { getFields?: () => Record<string, { type: unknown; args: readonly { name: string }[] }> } | undefined)
      : undefined;
    return type?.getFields?.()[name];
  };
  return visit(node, {
    OperationDefinition: {
      enter(operation) {
        parents.push((operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType())?.name);
      },
      leave() {
        parents.pop();
      },
    },
    FragmentDefinition: {
      enter(fragment) {
        parents.push(fragment.typeCondition.name.value);
      },
      leave() {
        parents.pop();
      },
    },
    InlineFragment: {
      enter(fragment) {
        parents.push(fragment.typeCondition?.name.value ?? parents.at(-1));
      },
      leave() {
        parents.pop();
      },
    },
    Field: {
      enter(field: FieldNode) {
        const parent = parents.at(-1);
        const definition = fieldOf(parent, field.name.value);
        const typeText = definition ? String(definition.type) : '';
        parents.push(typeText.replace(/[[\]!]/g, '') || undefined);
        const size = parent ? listSizes[`${parent}.${field.name.value}`] : undefined;
        if (size === undefined || !typeText.startsWith('[')) return undefined;
        if (definition?.args.some((argument) => argument.name === 'first' || argument.name === 'last')) return undefined;
        const given = new Set((field.arguments ?? []).map((argument) => argument.name.value));
        const items = typeof size === 'number' ? size : size(given);
        const first: ArgumentNode = {
          kind: Kind.ARGUMENT,
          name: { kind: Kind.NAME, value: 'first' },
          value: { kind: Kind.INT, value: String(items) },
        };
        // Armor reads the first `first`/`last` it meets; the field's own arguments stay behind it.
        return { ...field, arguments: [first, ...(field.arguments ?? [])] };
      },
      leave() {
        parents.pop();
      },
    },
  }) as T;
}
