import { Router } from 'express';
import { z } from 'zod';
import { AuthError, type AuthService, type SignedIn } from '../auth/service.js';
import type { Sessions } from '../auth/sessions.js';
import type { AccountStore, User } from '../storage/accounts.js';
import { HttpError, parseOr400 } from './errors.js';
import {
  clearSessionCookie,
  requestSecret,
  requireAuth,
  setSessionCookie,
} from './session-cookie.js';

const Email = z.email().max(254);
export const SignupBodySchema = z.strictObject({
  email: Email,
  password: z.string().max(256),
  name: z.string().trim().min(1).max(80),
});
export const LoginBodySchema = z.strictObject({ email: Email, password: z.string().max(256) });
export const PasswordBodySchema = z.strictObject({
  currentPassword: z.string().max(256),
  newPassword: z.string().max(256),
});
export const TokenBodySchema = z.strictObject({ name: z.string().trim().min(1).max(80) });
export const PublicUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  color: z.string(),
  isAdmin: z.boolean(),
});

export const publicUser = (user: User) => ({
  id: user.id,
  email: user.email,
  name: user.name,
  color: user.color,
  isAdmin: user.isAdmin,
});

export interface AuthRouterDeps {
  auth: AuthService;
  sessions: Sessions;
  store: AccountStore;
  /** Whether cookies get `Secure` for this request (https, or TRUST_PROXY says so). */
  secureCookies: (req: import('express').Request) => boolean;
  sessionMaxAgeMs: number;
  passwordSignupDisabled: boolean;
  oidcEnabled: boolean;
  /**
   * Told which credentials just ended (sign out, password change, revoked token), so live
   * connections opened with them can be closed.
   */
  onCredentialsEnded?: (tokenIds: string[]) => void;
}

/** Translate a service refusal into an HTTP error (with Retry-After for 429). */
async function refusing<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof AuthError) {
      const headers: Record<string, string> =
        error.retryAfterSec !== undefined ? { 'Retry-After': String(error.retryAfterSec) } : {};
      throw new HttpError(error.status, error.code, error.message, headers);
    }
    throw error;
  }
}

export function authRouter(deps: AuthRouterDeps): Router {
  const router = Router();
  const signedIn = (
    req: import('express').Request,
    res: import('express').Response,
    result: SignedIn,
    status: number,
  ) => {
    setSessionCookie(res, result.secret, deps.secureCookies(req), deps.sessionMaxAgeMs);
    res.status(status).json({ user: publicUser(result.user), token: result.secret });
  };

  router.get('/auth/config', async (_req, res) => {
    res.json({
      passwordSignup: !deps.passwordSignupDisabled,
      oidc: deps.oidcEnabled,
      needsFirstAccount: (await deps.store.countUsers()) === 0,
    });
  });

  router.post('/auth/signup', async (req, res) => {
    const body = parseOr400(SignupBodySchema, req.body ?? {});
    signedIn(req, res, await refusing(deps.auth.signup(body)), 201);
  });

  router.post('/auth/login', async (req, res) => {
    const body = parseOr400(LoginBodySchema, req.body ?? {});
    signedIn(req, res, await refusing(deps.auth.login(body, req.ip ?? 'unknown')), 200);
  });

  router.post('/auth/logout', async (req, res) => {
    const found = requestSecret(req);
    if (found !== null) {
      const ended = await deps.sessions.end(found.secret);
      if (ended !== null) deps.onCredentialsEnded?.([ended.id]);
    }
    clearSessionCookie(res, deps.secureCookies(req));
    res.status(204).end();
  });

  router.get('/auth/me', (_req, res) => {
    res.json({ user: publicUser(requireAuth(res).user) });
  });

  router.post('/auth/password', async (req, res) => {
    const auth = requireAuth(res);
    const body = parseOr400(PasswordBodySchema, req.body ?? {});
    const { endedTokenIds } = await refusing(
      deps.auth.changePassword(auth.user, auth.tokenId, body),
    );
    deps.onCredentialsEnded?.(endedTokenIds);
    res.status(204).end();
  });

  router.get('/auth/tokens', async (_req, res) => {
    const auth = requireAuth(res);
    const tokens = await deps.store.listTokens(auth.user.id, 'api');
    res.json({
      tokens: tokens.map((t) => ({
        id: t.id,
        name: t.name,
        createdAt: new Date(t.createdAt).toISOString(),
        lastUsedAt: new Date(t.lastUsedAt).toISOString(),
      })),
    });
  });

  router.post('/auth/tokens', async (req, res) => {
    const auth = requireAuth(res);
    const { name } = parseOr400(TokenBodySchema, req.body ?? {});
    const { secret, token } = await deps.sessions.create(auth.user.id, 'api', name);
    res.status(201).json({ id: token.id, name: token.name, token: secret });
  });

  router.delete('/auth/tokens/:tokenId', async (req, res) => {
    const auth = requireAuth(res);
    const ok = await deps.store.deleteToken(auth.user.id, String(req.params.tokenId));
    if (!ok) throw new HttpError(404, 'token_not_found', 'no such API token of yours');
    deps.onCredentialsEnded?.([String(req.params.tokenId)]);
    res.status(204).end();
  });

  return router;
}
