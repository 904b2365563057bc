import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import expressStaticGzip from 'express-static-gzip';

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Ratify</title></head>
<body><h1>Ratify</h1><p>The sync server is running, but the web client is not built.
Run <code>pnpm build</code> and restart the server.</p></body></html>
`;

const isAppPath = (p: string) => !p.startsWith('/api/') && !p.startsWith('/sync/');

const IMMUTABLE = 'public, max-age=31536000, immutable';
const isHashedAsset = (distDir: string, filePath: string) =>
  path.relative(distDir, filePath).startsWith(`assets${path.sep}`);

/** Serve the built web app with an SPA fallback to index.html, or a placeholder page. */
export function webAppRouter(webDistDir: string | null): Router {
  const router = express.Router();
  const index = webDistDir === null ? null : path.join(webDistDir, 'index.html');
  if (webDistDir !== null && index !== null && existsSync(index)) {
    router.use(
      // The web build stores `x.br` and `x.gz` next to each text asset: send those bytes rather
      // than compressing the editor's bundle again for every visitor.
      expressStaticGzip(webDistDir, {
        enableBrotli: true,
        orderPreference: ['br', 'gzip'],
        index: false,
        serveStatic: {
          index: false,
          setHeaders: (res, filePath) => {
            // Vite names every built asset by its content hash: a new build means a new URL.
            if (isHashedAsset(webDistDir, filePath)) res.setHeader('Cache-Control', IMMUTABLE);
          },
        },
      }),
    );
    router.use((req, res, next) => {
      if ((req.method !== 'GET' && req.method !== 'HEAD') || !isAppPath(req.path)) return next();
      // The page names the current assets, so it must be revalidated to pick up a new build.
      res.setHeader('Cache-Control', 'no-cache');
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
