import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { WIDGET_SCRIPT_FILE } from '../src/app.js';

/** Prints what a website downloads for the widget: run `npm run bench:widget-size` (it builds first). */
const BUDGET_BYTES = 30 * 1024;

const script = await readFile(WIDGET_SCRIPT_FILE);
const gzipped = gzipSync(script, { level: 9 }).length;
console.log(`widget.js: ${script.length} bytes, ${gzipped} bytes gzip (${(gzipped / 1024).toFixed(1)} KB of a ${BUDGET_BYTES / 1024} KB budget)`);
if (gzipped > BUDGET_BYTES) process.exitCode = 1;
