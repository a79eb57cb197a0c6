// Helpers for the browser tests of the erpsync admin pages (tests/browser/*.test.mjs, run by run-tests.mjs).
//
// The browser is Debian's Chromium (/usr/bin/chromium, apt package `chromium`) driven by playwright-core: no browser
// is downloaded. WordPress runs under `php -S 127.0.0.1:8089` (tests/browser/run.sh); its wp-config.php pins
// WP_HOME/WP_SITEURL to that address, so every URL here is built from it.
//
// A test file registers its tests with test(name, fn); fn receives { page, context, browser }: a fresh browser
// context (own cookies) per test. On failure the runner saves a screenshot with screenshotOnFailure().
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BASE_URL = (process.env.ERPSYNC_BROWSER_BASE_URL || 'http://127.0.0.1:8089').replace(/\/+$/, '');
export const LOG_DIR = join(ROOT, '.work/logs/browser');
export const CHROMIUM = process.env.ERPSYNC_CHROMIUM || '/usr/bin/chromium';
export const ADMIN_USER = 'admin';
export const ADMIN_PASS = 'erpsync-admin-pass';

/** Tests registered by the *.test.mjs files, in order: { name, fn, file }. */
export const registry = [];
let currentFile = '';
export function setCurrentFile(file) { currentFile = file; }

/** Registers one test. */
export function test(name, fn) {
	registry.push({ name, fn, file: currentFile });
}

/**
 * Headless Debian Chromium. --no-sandbox: the tests run as root, where Chromium refuses its sandbox.
 * --host-resolver-rules: no name resolves, so the admin pages' off-site resources (gravatar.com avatars, the s.w.org
 * emoji) fail at once instead of leaving the machine; the site itself is the IP literal 127.0.0.1.
 */
export async function launchBrowser() {
	return chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: ['--no-sandbox', '--disable-dev-shm-usage', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
	});
}

/** A new context: its own cookie jar, a desktop viewport, short default timeouts (a local server). */
export async function newContext(browser) {
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	context.setDefaultTimeout(15_000);
	context.setDefaultNavigationTimeout(30_000);
	return context;
}

/** Absolute URL of a wp-admin page: adminUrl('admin.php?page=wc-settings'). */
export function adminUrl(path = '') {
	return `${BASE_URL}/wp-admin/${String(path).replace(/^\/+/, '').replace(/^wp-admin\//, '')}`;
}

/** Absolute URL of a site path: siteUrl('wp-login.php'). */
export function siteUrl(path = '') {
	return `${BASE_URL}/${String(path).replace(/^\/+/, '')}`;
}

/**
 * Logs in through the real wp-login.php form and waits for wp-admin. Throws with WordPress's own message
 * (#login_error) when the login is refused. Returns the page, now on `redirectTo` (default: the dashboard).
 */
export async function loginAs(page, user, pass, redirectTo = adminUrl('')) {
	await page.goto(siteUrl(`wp-login.php?redirect_to=${encodeURIComponent(redirectTo)}`), { waitUntil: 'domcontentloaded' });
	await assertNoWpError(page); // e.g. "Error establishing a database connection" when MariaDB went away
	// wp-login.php focuses and selects #user_login 200 ms after load (wp_attempt_focus): typing during that moment
	// sends the password into the user name. Wait for it, then check what the fields hold before submitting.
	await page.waitForLoadState('load');
	await page.waitForTimeout(300);
	for (let i = 0; i < 3; i++) {
		await page.fill('#user_login', user);
		await page.fill('#user_pass', pass);
		if (await page.inputValue('#user_login') === user && await page.inputValue('#user_pass') === pass) break;
	}
	// The form's POST answers 302 (logged in, on to redirect_to) or 200 (the form again, with #login_error).
	const [res] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/wp-login.php'),
		page.click('#wp-submit'),
	]);
	if (res.status() !== 302) {
		await page.locator('#login_error, body#error-page').first().waitFor({ state: 'attached', timeout: 10_000 }).catch(() => {});
		await assertNoWpError(page);
		const err = await page.locator('#login_error').textContent({ timeout: 5_000 }).catch(() => null);
		throw new Error(`login as ${user} refused (HTTP ${res.status()}): ${err ? err.replace(/\s+/g, ' ').trim() : `no #login_error on ${page.url()}`}`);
	}
	await page.waitForURL((u) => u.pathname !== '/wp-login.php', { waitUntil: 'domcontentloaded' });
	await assertNoWpError(page);
	const url = new URL(page.url());
	if (!url.pathname.startsWith('/wp-admin')) {
		throw new Error(`login as ${user} landed on ${page.url()}, not in /wp-admin/`);
	}
	const cookies = await page.context().cookies(BASE_URL);
	if (!cookies.some((c) => c.name.startsWith('wordpress_logged_in_'))) {
		throw new Error(`login as ${user}: no wordpress_logged_in_* cookie for ${BASE_URL}`);
	}
	return page;
}

/** Logs in as the admin user that tests/wp/install.sh creates. */
export async function login(page, redirectTo) {
	return loginAs(page, ADMIN_USER, ADMIN_PASS, redirectTo);
}

/** Opens a wp-admin page and fails on an HTTP error or WordPress's fatal-error screen. */
export async function gotoAdmin(page, path) {
	const res = await page.goto(adminUrl(path), { waitUntil: 'domcontentloaded' });
	if (!res) throw new Error(`no response for ${adminUrl(path)}`);
	if (res.status() >= 400) throw new Error(`HTTP ${res.status()} for ${adminUrl(path)}`);
	await assertNoWpError(page);
	return res;
}

/** Fails when the page is WordPress's "critical error" / wp_die() screen or shows a PHP error. */
export async function assertNoWpError(page) {
	const body = await page.locator('body').innerText({ timeout: 5_000 }).catch(() => '');
	const m = body.match(/There has been a critical error on this website[^\n]*|Error establishing a database connection[^\n]*|(?:Fatal error|Parse error|Warning|Deprecated|Notice): [^\n]{0,300}? on line \d+/);
	if (m) throw new Error(`error on ${page.url()}: ${m[0].trim()}`);
	if (await page.locator('body#error-page').count()) {
		throw new Error(`wp_die() on ${page.url()}: ${body.replace(/\s+/g, ' ').trim().slice(0, 300)}`);
	}
}

/** Throws `message` when `cond` is false. */
export function assert(cond, message) {
	if (!cond) throw new Error(message);
}

/** Saves a full-page screenshot into .work/logs/browser/ and returns its path (null if the page is gone). */
export async function screenshotOnFailure(page, testName) {
	if (!page || page.isClosed()) return null;
	mkdirSync(LOG_DIR, { recursive: true });
	const file = join(LOG_DIR, `${testName.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120)}.png`);
	try {
		await page.screenshot({ path: file, fullPage: true, timeout: 10_000 });
		return file;
	} catch {
		return null;
	}
}

/** Runs tests/browser/fixtures.php <command> on the wc_ site (extension loaded) and returns its JSON. */
export function fixture(command) {
	const out = execFileSync('php', ['-d', `extension=${join(ROOT, 'modules/erpsync.so')}`, join(ROOT, 'tests/browser/fixtures.php'), command],
		{ env: { ...process.env, ERPSYNC_WP_PREFIX: 'wc_' }, encoding: 'utf8' });
	return JSON.parse(out.trim().split('\n').pop());
}
