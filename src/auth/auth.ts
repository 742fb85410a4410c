import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from "jose";
import type { AuthChecker } from "type-graphql";
import type { Context } from "../context";
import { DomainError } from "../errors/errors";

/** How editors' bearer tokens are verified: an HS256 secret, or a JWKS URL (RS256/ES256…). */
export interface AuthConfig {
  jwtSecret: string | null;
  jwksUrl: string | null;
  issuer: string | null;
  audience: string | null;
}

/** Who sent a request, from a verified token. */
export interface Viewer {
  subject: string | null;
  roles: string[];
}

/** The role mutations require. */
export const EDITOR_ROLE = "editor";

/** The result of reading a request's Authorization header: a viewer, nobody, or a bad token. */
export type Authentication = { viewer: Viewer } | { viewer: null; problem: string | null };

/** Verifies bearer tokens against the configured key; one per process. */
export class TokenVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey | null;

  constructor(private readonly config: AuthConfig) {
    this.key = config.jwksUrl
      ? createRemoteJWKSet(new URL(config.jwksUrl))
      : config.jwtSecret
        ? new TextEncoder().encode(config.jwtSecret)
        : null;
  }

  /** Whether mutations can be authorised at all (a secret or JWKS URL is configured). */
  get enabled(): boolean {
    return this.key !== null;
  }

  /**
   * Reads `Authorization: Bearer <jwt>`. No header: nobody. A token that does not verify (bad
   * signature, expired, wrong issuer or audience) is a problem, reported when a mutation needs it.
   */
  async authenticate(header: string | undefined): Promise<Authentication> {
    if (!header) return { viewer: null, problem: null };
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!match) return { viewer: null, problem: "the Authorization header must be \"Bearer <token>\"" };
    if (!this.key) return { viewer: null, problem: "this server accepts no tokens (no NEWSGRAPH_JWT_SECRET or NEWSGRAPH_JWKS_URL is set)" };
    try {
      const options = {
        ...(this.config.issuer ? { issuer: this.config.issuer } : {}),
        ...(this.config.audience ? { audience: this.config.audience } : {}),
      };
      const { payload } =
        this.key instanceof Uint8Array
          ? await jwtVerify(match[1], this.key, { ...options, algorithms: ["HS256"] })
          : await jwtVerify(match[1], this.key, options);
      return { viewer: { subject: payload.sub ?? null, roles: rolesOf(payload) } };
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) return { viewer: null, problem: "the token has expired" };
      if (error instanceof joseErrors.JOSEError) return { viewer: null, problem: "the token is not valid" };
      throw error;
    }
  }
}

/** Roles from a `role` string or a `roles` array claim. */
function rolesOf(payload: JWTPayload): string[] {
  const roles: string[] = [];
  if (typeof payload.role === "string") roles.push(payload.role);
  if (Array.isArray(payload.roles)) roles.push(...payload.roles.filter((r): r is string => typeof r === "string"));
  return roles;
}

/**
 * type-graphql's check for `@Authorized(...)`: no valid token → UNAUTHENTICATED, a token without
 * one of the roles → FORBIDDEN. Reads carry no `@Authorized` and stay public.
 */
export const authChecker: AuthChecker<Context> = ({ context }, roles) => {
  const auth = context.auth;
  if (!auth.viewer) {
    throw new DomainError("UNAUTHENTICATED", auth.problem ? `Authentication failed: ${auth.problem}` : "This operation needs an editor's bearer token");
  }
  if (roles.length && !roles.some((role) => auth.viewer?.roles.includes(role))) {
    throw new DomainError("FORBIDDEN", `This operation needs the role ${roles.map((r) => `"${r}"`).join(" or ")}`);
  }
  return true;
};
