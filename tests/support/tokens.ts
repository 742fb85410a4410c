import { SignJWT } from "jose";

/** The HS256 secret test servers verify editors' tokens with. */
export const TEST_JWT_SECRET = "newsgraph-test-secret-0123456789abcdef";

/** A signed bearer token with the given role(s), as an identity provider would issue it. */
export async function bearer(roles: string | string[], options: { secret?: string; expiresIn?: string } = {}): Promise<Record<string, string>> {
  const claims = Array.isArray(roles) ? { roles } : { role: roles };
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256" })
    .setSubject("editor@example.test")
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? "5m")
    .sign(new TextEncoder().encode(options.secret ?? TEST_JWT_SECRET));
  return { authorization: `Bearer ${token}` };
}
