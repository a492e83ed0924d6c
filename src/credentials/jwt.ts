/**
 * Reading a JWT's claims to say whose login it is and when it expires. Decoded only — never verified, never
 * shown: the token itself stays in the file it came from.
 */
import { z } from 'zod';

const claimsSchema = z.looseObject({
  exp: z.number().optional().catch(undefined),
  iat: z.number().optional().catch(undefined),
  email: z.string().optional().catch(undefined),
});

export type JwtClaims = z.infer<typeof claimsSchema> & Record<string, unknown>;

export function decodeJwtClaims(token: unknown): JwtClaims | undefined {
  if (typeof token !== 'string') return undefined;
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const json = Buffer.from(parts[1].replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
    const parsed = claimsSchema.safeParse(JSON.parse(json));
    return parsed.success ? (parsed.data as JwtClaims) : undefined;
  } catch {
    return undefined;
  }
}

export function expiryOf(claims: JwtClaims | undefined): string | undefined {
  return claims?.exp && Number.isFinite(claims.exp) ? new Date(claims.exp * 1000).toISOString() : undefined;
}
