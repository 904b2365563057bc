import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { z } from 'zod';

/** An error with an HTTP status and a stable machine-readable code. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra response headers, e.g. `Retry-After` on a 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface ErrorBody {
  error: { code: string; message: string };
}

export const errorBody = (code: string, message: string): ErrorBody => ({
  error: { code, message },
});

/** Zod issues as one readable line: `markdown: expected string, received number; …`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length > 0 ? issue.path.join('.') : 'body';
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}

/** Parse with a zod schema or throw a 400 naming every problem. */
export function parseOr400<T>(schema: z.ZodType<T>, value: unknown, code = 'invalid_request'): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new HttpError(400, code, describeZodError(result.error));
  return result.data;
}

export const notFoundHandler: RequestHandler = (req, res) => {
  res.status(404).json(errorBody('not_found', `no route for ${req.method} ${req.path}`));
};

interface BodyParserError {
  type?: string;
  status?: number;
  message?: string;
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    if (error instanceof HttpError) {
      res.set(error.headers).status(error.status).json(errorBody(error.code, error.message));
      return;
    }
    const parserError = error as BodyParserError;
    if (parserError.type === 'entity.parse.failed') {
      res.status(400).json(errorBody('invalid_json', 'request body is not valid JSON'));
      return;
    }
    if (parserError.type === 'entity.too.large') {
      res.status(413).json(errorBody('payload_too_large', 'request body is too large'));
      return;
    }
    if (
      typeof parserError.status === 'number' &&
      parserError.status >= 400 &&
      parserError.status < 500
    ) {
      res
        .status(parserError.status)
        .json(errorBody('bad_request', parserError.message ?? 'bad request'));
      return;
    }
    log.error({ err: error }, 'request failed');
    res.status(500).json(errorBody('internal', 'internal server error'));
  };
}
