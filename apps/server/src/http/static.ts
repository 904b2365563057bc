import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Ratify</title></head>
<body><h1>Ratify</h1><p>The sync server is running, but the web client is not built.
Run <code>pnpm build</code> and restart the server.</p></body></html>
`;

const isAppPath = (p: string) => !p.startsWith('/api/') && !p.startsWith('/sync/');

/** Serve the built web app with an SPA fallback to index.html, or a placeholder page. */
export function webAppRouter(webDistDir: string | null): Router {
  const router = express.Router();
  const index = webDistDir === null ? null : path.join(webDistDir, 'index.html');
  if (webDistDir !== null && index !== null && existsSync(index)) {
    router.use(express.static(webDistDir, { index: false }));
    router.use((req, res, next) => {
      if ((req.method !== 'GET' && req.method !== 'HEAD') || !isAppPath(req.path)) return next();
      res.sendFile(index);
    });
  } else {
    router.use((req, res, next) => {
      if ((req.method !== 'GET' && req.method !== 'HEAD') || !isAppPath(req.path)) return next();
      res.status(200).type('html').send(NOT_BUILT_PAGE);
    });
  }
  return router;
}
