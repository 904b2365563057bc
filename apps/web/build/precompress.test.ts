import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { precompressFiles } from './precompress.ts';

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('precompressFiles', () => {
  it('stores brotli and gzip copies of text assets that decompress to the original', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ratify-precompress-'));
    await mkdir(path.join(dir, 'assets'));
    const script = `export const text = ${JSON.stringify('Provider selection '.repeat(400))};\n`;
    await writeFile(path.join(dir, 'assets', 'editor-AbC.js'), script);
    await writeFile(path.join(dir, 'assets', 'tiny-AbC.css'), 'p{margin:0}');
    await writeFile(path.join(dir, 'assets', 'logo-AbC.png'), Buffer.alloc(4096, 1));
    await writeFile(path.join(dir, 'assets', 'editor-AbC.js.map'), script);

    const written = await precompressFiles(dir, [
      'assets/editor-AbC.js',
      'assets/tiny-AbC.css',
      'assets/logo-AbC.png',
      'assets/editor-AbC.js.map',
    ]);

    // Not the tiny stylesheet (under 1 KB), not the image, not the source map.
    expect(written).toEqual(['assets/editor-AbC.js.br', 'assets/editor-AbC.js.gz']);
    const br = await readFile(path.join(dir, 'assets', 'editor-AbC.js.br'));
    const gz = await readFile(path.join(dir, 'assets', 'editor-AbC.js.gz'));
    expect(brotliDecompressSync(br).toString()).toBe(script);
    expect(gunzipSync(gz).toString()).toBe(script);
    expect(br.length).toBeLessThan(script.length / 10);
  });
});
