// Runs every tests/browser/*.test.mjs (or the files given as arguments) against the WordPress that run.sh serves
// on 127.0.0.1:8089, one headless Chromium for the run and a fresh browser context per test.
// Prints `ok - name` / `not ok - name: reason` per test, then `N passed, N failed`; exits 1 on any failure.
// A failing test leaves a screenshot and the page's console output in .work/logs/browser/.
import { readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { registry, setCurrentFile, launchBrowser, newContext, screenshotOnFailure, LOG_DIR } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
// A test that hangs is stopped, not a slow one: a walk of several admin pages on a shared 2-core machine (load ~20)
// took up to 146 s; the bound is there to end a stuck page, not to measure speed (ERPSYNC_BROWSER_TEST_TIMEOUT_MS).
const TEST_TIMEOUT_MS = Number(process.env.ERPSYNC_BROWSER_TEST_TIMEOUT_MS || 300_000);

const files = process.argv.length > 2
	? process.argv.slice(2).map((f) => resolve(f))
	: readdirSync(here).filter((f) => f.endsWith('.test.mjs')).sort().map((f) => join(here, f));

let passed = 0;
let failed = 0;
const oneLine = (s) => String(s).replace(/\s+/g, ' ').trim();

for (const file of files) {
	setCurrentFile(basename(file));
	try {
		await import(pathToFileURL(file).href);
	} catch (e) {
		console.log(`not ok - ${basename(file)}: cannot load: ${oneLine(e && e.message || e)}`);
		failed++;
	}
}
mkdirSync(LOG_DIR, { recursive: true });

let browser;
try {
	browser = await launchBrowser();
} catch (e) {
	console.log(`not ok - launch Chromium: ${oneLine(e && e.message || e).slice(0, 500)}`);
	console.log(`${passed} passed, ${failed + registry.length || 1} failed`);
	process.exit(1);
}

for (const t of registry) {
	const name = `${t.file.replace(/\.test\.mjs$/, '')}: ${t.name}`;
	const started = Date.now();
	let context;
	let page;
	const consoleLines = [];
	let timer;
	try {
		context = await newContext(browser);
		page = await context.newPage();
		page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
		page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
		await Promise.race([
			t.fn({ page, context, browser }),
			new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${TEST_TIMEOUT_MS} ms`)), TEST_TIMEOUT_MS); }),
		]);
		passed++;
		console.log(`ok - ${name} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
	} catch (e) {
		failed++;
		const shot = await screenshotOnFailure(page, name);
		if (consoleLines.length) {
			writeFileSync(join(LOG_DIR, `${name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120)}.console.log`), consoleLines.join('\n') + '\n');
		}
		const where = page && !page.isClosed() ? ` [at ${page.url()}]` : '';
		console.log(`not ok - ${name}: ${oneLine(e && e.message || e).slice(0, 600)}${where}${shot ? ` (screenshot: ${shot})` : ''}`);
	} finally {
		clearTimeout(timer);
		if (context) await context.close().catch(() => {});
	}
}

await browser.close().catch(() => {});
if (registry.length === 0 && failed === 0) {
	console.log('not ok - no tests found in tests/browser/*.test.mjs');
	failed++;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
