import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, jwtVerify, SignJWT } from 'jose';

/** What the local issuer puts in a token; the same claims the production identity provider issues. */
export interface OfficerClaims {
  sub: string;
  name: string;
  /** Agency code, e.g. `06.063.01840`. */
  agency: string;
  /** Space-separated role names, e.g. `RECEPTION_OFFICER`. */
  roles: string;
}

const DEV_ISSUER = { issuer: 'lienthong-local', audience: 'lienthong', algorithm: 'ES256' } as const;

export interface DevIssuer {
  issue(claims: OfficerClaims, validity?: string): Promise<string>;
  /** Verifies signature, issuer, audience and expiry, like the HTTP API's JWT authorizer. */
  verify(token: string): Promise<Record<string, unknown>>;
}

interface StoredKeys {
  privateJwk: JWK;
  publicJwk: JWK;
}

/**
 * The local development issuer. Its key pair is made once and kept in `file` (under .local/,
 * never committed), so tokens printed by an earlier `npm start` keep working. Without a file the
 * keys live only as long as the process: what tests want.
 */
export async function loadDevIssuer(file?: string): Promise<DevIssuer> {
  const keys = (file && (await readKeys(file))) || (await newKeys(file));
  const privateKey = await importJWK(keys.privateJwk, DEV_ISSUER.algorithm);
  const publicKey = await importJWK(keys.publicJwk, DEV_ISSUER.algorithm);
  return {
    issue: (claims, validity = '365d') =>
      new SignJWT({ name: claims.name, agency: claims.agency, roles: claims.roles })
        .setProtectedHeader({ alg: DEV_ISSUER.algorithm, typ: 'JWT' })
        .setSubject(claims.sub)
        .setIssuer(DEV_ISSUER.issuer)
        .setAudience(DEV_ISSUER.audience)
        .setIssuedAt()
        .setExpirationTime(validity)
        .sign(privateKey),
    verify: async (token) => {
      const { payload } = await jwtVerify(token, publicKey, {
        issuer: DEV_ISSUER.issuer,
        audience: DEV_ISSUER.audience,
        algorithms: [DEV_ISSUER.algorithm],
        // A token without an expiry would be valid for ever; the HTTP API's authorizer refuses it too.
        requiredClaims: ['exp'],
      });
      return payload as Record<string, unknown>;
    },
  };
}

async function readKeys(file: string): Promise<StoredKeys | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as StoredKeys;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function newKeys(file: string | undefined): Promise<StoredKeys> {
  const { privateKey, publicKey } = await generateKeyPair(DEV_ISSUER.algorithm, { extractable: true });
  const keys = { privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) };
  if (file) {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  }
  return keys;
}
