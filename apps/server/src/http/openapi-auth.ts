import { z } from 'zod';
import {
  LoginBodySchema,
  PasswordBodySchema,
  PublicUserSchema,
  SignupBodySchema,
  TokenBodySchema,
} from './auth.js';
import { error, type JsonSchema, json, ref } from './openapi-parts.js';

/** The accounts part of the OpenAPI document (paths and their component schemas). */
export function authOpenApi(schemaOf: (schema: z.ZodType, io?: 'input' | 'output') => JsonSchema): {
  paths: JsonSchema;
  schemas: JsonSchema;
} {
  const signedIn = (description: string) => ({
    description: `${description}; sets the HTTP-only session cookie`,
    content: json(ref('SignedIn')),
  });
  const body = (name: string) => ({ required: true, content: json(ref(name)) });
  const needsAuth = { 401: error('Not signed in (no valid cookie or bearer token)') };
  return {
    paths: {
      '/api/auth/config': {
        get: {
          summary: 'How this server signs people in, and whether it still needs its first account',
          responses: { 200: { description: 'Sign-in options', content: json(ref('AuthConfig')) } },
        },
      },
      '/api/auth/signup': {
        post: {
          summary: 'Create a password account (the first one becomes the administrator)',
          requestBody: body('SignupRequest'),
          responses: {
            201: signedIn('Signed up and signed in'),
            400: error('Invalid body or a password that is too short or too common'),
            403: error('Password sign-up is off (OIDC_ONLY)'),
            409: error('An account with this email exists'),
          },
        },
      },
      '/api/auth/login': {
        post: {
          summary:
            'Sign in with email and password; the token also works as `Authorization: Bearer`',
          requestBody: body('LoginRequest'),
          responses: {
            200: signedIn('Signed in'),
            401: error('Wrong email or password'),
            429: error('Too many failed sign-ins for this account or address (see Retry-After)'),
          },
        },
      },
      '/api/auth/logout': {
        post: {
          summary: 'End the session or token this request carries, and clear the cookie',
          responses: { 204: { description: 'Signed out' } },
        },
      },
      '/api/auth/me': {
        get: {
          summary: 'The signed-in user',
          responses: {
            200: { description: 'The user', content: json(ref('Me')) },
            ...needsAuth,
          },
        },
      },
      '/api/auth/password': {
        post: {
          summary: 'Change the password; every other sign-in session ends',
          requestBody: body('PasswordRequest'),
          responses: {
            204: { description: 'Changed' },
            400: error('The new password is refused'),
            401: error('Not signed in, or the current password is wrong'),
          },
        },
      },
      '/api/auth/tokens': {
        get: {
          summary: "The signed-in user's API tokens (never their secrets)",
          responses: {
            200: { description: 'Tokens', content: json(ref('TokenList')) },
            ...needsAuth,
          },
        },
        post: {
          summary: 'Create an API token; its secret is shown once',
          requestBody: body('TokenRequest'),
          responses: {
            201: { description: 'Created', content: json(ref('CreatedToken')) },
            ...needsAuth,
          },
        },
      },
      '/api/auth/tokens/{tokenId}': {
        parameters: [{ name: 'tokenId', in: 'path', required: true, schema: { type: 'string' } }],
        delete: {
          summary: 'Revoke one of your API tokens',
          responses: {
            204: { description: 'Revoked' },
            404: error('No such token of yours'),
            ...needsAuth,
          },
        },
      },
    },
    schemas: {
      AuthConfig: schemaOf(
        z.object({
          passwordSignup: z.boolean(),
          oidc: z.boolean(),
          needsFirstAccount: z.boolean(),
        }),
      ),
      SignupRequest: schemaOf(SignupBodySchema, 'input'),
      LoginRequest: schemaOf(LoginBodySchema, 'input'),
      PasswordRequest: schemaOf(PasswordBodySchema, 'input'),
      TokenRequest: schemaOf(TokenBodySchema, 'input'),
      SignedIn: schemaOf(z.object({ user: PublicUserSchema, token: z.string() })),
      Me: schemaOf(z.object({ user: PublicUserSchema })),
      TokenList: schemaOf(
        z.object({
          tokens: z.array(
            z.object({
              id: z.string(),
              name: z.string(),
              createdAt: z.iso.datetime(),
              lastUsedAt: z.iso.datetime(),
            }),
          ),
        }),
      ),
      CreatedToken: schemaOf(z.object({ id: z.string(), name: z.string(), token: z.string() })),
    },
  };
}
