import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { officerOnlyRootFields } from '#graphql/generated/served-schema';
import { edgeMiddleware } from '#graphql/hardening/edge';
import { PUBLIC_LIMITS } from '#graphql/hardening/limits';
import { bundledManifest, PersistedOperations } from '#graphql/persisted';

/**
 * The public edge parses a document once for its root fields and keeps the answer for the last
 * documents it saw (Apollo keeps its own parse): a document sent again, or after hundreds of
 * others have pushed it out, is judged the same way.
 */
const edge = edgeMiddleware({
  limits: PUBLIC_LIMITS,
  operations: new PersistedOperations(bundledManifest),
  persistedMode: 'optional',
  officerOnlyRootFields: new Set(officerOnlyRootFields),
});

const post = (query: string) =>
  ({
    body: JSON.stringify({ query }),
    headers: { 'content-type': 'application/json' },
    isBase64Encoded: false,
    rawQueryString: '',
    requestContext: { http: { method: 'POST' } },
  }) as unknown as APIGatewayProxyEventV2;

async function verdict(query: string): Promise<number | 'passed'> {
  const outcome = await edge(post(query));
  return typeof outcome === 'function' ? 'passed' : (outcome.statusCode ?? 200);
}

describe('the public edge’s root fields', () => {
  it('refuses an officer’s field and passes a public one every time, however many documents come between', async () => {
    const officers = '{ inbox { nodes { id } } }';
    const publicOne = '{ agencies { code } }';
    for (let round = 0; round < 3; round += 1) {
      expect(await verdict(officers)).toBe(401);
      expect(await verdict(publicOne)).toBe('passed');
      // More distinct documents than the edge keeps, half of them an officer's.
      for (let i = 0; i < 300; i += 1) {
        expect(await verdict(i % 2 === 0 ? `{ a${i}: agencies { code } }` : `{ a${i}: inbox { nodes { id } } }`)).toBe(
          i % 2 === 0 ? 'passed' : 401,
        );
      }
    }
  });
});
