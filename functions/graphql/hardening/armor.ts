import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  type ASTNode,
  type GraphQLError,
  Kind,
  type OperationDefinitionNode,
  type ValidationContext,
  type ValidationRule,
  visit,
} from 'graphql';
import { EdgeError, type EdgeErrorCode } from './codes';
import type { Limits } from './limits';

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
  options: { blockFieldSuggestions: boolean },
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
    validationRules: [...cost.validationRules.map((rule) => withPageSizesCapped(rule, limits.largestPageSize)), ...others.validationRules],
  };
}

/**
 * Armor's cost rule multiplies a list's cost by a literal `first`/`last`. A page size over the
 * largest the API serves is refused by its resolver (BAD_INPUT, "first must be from 1 to N")
 * before anything is read, so the rule sees such literals capped: `inbox(first: 100000)` costs
 * what `inbox(first: 500)` does, and the client learns the real page-size limit.
 */
function withPageSizesCapped(rule: ValidationRule, cap: number): ValidationRule {
  return (context) => {
    const view: ValidationContext = Object.create(context, {
      getFragment: {
        value: (name: string) => {
          const fragment = context.getFragment(name);
          return fragment && capPageSizes(fragment, cap);
        },
      },
    });
    const visitor = rule(view) as { OperationDefinition?: { enter?: (node: OperationDefinitionNode) => void } };
    const enter = visitor.OperationDefinition?.enter;
    return enter ? { OperationDefinition: { enter: (node: OperationDefinitionNode) => enter(capPageSizes(node, cap)) } } : {};
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
