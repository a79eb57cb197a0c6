// The Sitoo Complete Sync in a real browser (WooCommerce → ERP Sync → Sitoo Complete Sync): the owner ticks three operations, puts
// them in order with the keyboard (Alt+↑ on a focused row) and an ↑ button, starts the job, sees its progress per
// operation and overall while the queued steps run from Scheduled Actions, then the result (counts, 100 %). The
// finished page is saved as a screenshot in $ERPSYNC_SCREENSHOTS_DIR (docs/screenshots/sitoo-complete-sync.png),
// else in .work/logs/browser/screens/.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test, login, gotoAdmin, adminUrl, assert, ROOT, LOG_DIR } from './lib.mjs';

const PAGE = 'admin.php?page=erpsync&tab=sitoo';
const SHOTS = process.env.ERPSYNC_SCREENSHOTS_DIR ? join(ROOT, process.env.ERPSYNC_SCREENSHOTS_DIR) : join(LOG_DIR, 'screens');

function sitooFixture(command) {
	const out = execFileSync('php', ['-d', `extension=${join(ROOT, 'modules/erpsync.so')}`, join(ROOT, 'tests/browser/sitoo-fixtures.php'), command],
		{ env: { ...process.env, ERPSYNC_WP_PREFIX: 'wc_' }, encoding: 'utf8' });
	return JSON.parse(out.trim().split('\n').pop());
}

async function order(page) {
	return page.locator('#erpsync-sitoo-ops > li').evaluateAll((lis) => lis.map((li) => li.dataset.op));
}

/** The running job's page reloads itself every 3 s: stopped before the test navigates elsewhere. */
async function stopReload(page) {
	await page.evaluate(() => { let id = setTimeout(() => {}, 0); while (id > 0) { clearTimeout(id); id--; } });
}

async function runQueuedSteps(page) {
	await stopReload(page);
	// Action Scheduler's own admin screen (the async runner is off in the browser tests): run each pending step.
	for (let i = 0; i < 5; i++) {
		await gotoAdmin(page, 'admin.php?page=wc-status&tab=action-scheduler&status=pending&s=erpsync_sync_slice');
		const row = page.locator('tbody tr', { hasText: 'erpsync_sync_slice' }).first();
		if (await row.count() === 0) return;
		await row.hover();
		await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), row.locator('.row-actions .run a').click()]);
	}
}

test('Complete Sync: tick and order operations, start, progress, result', async ({ page }) => {
	const f = sitooFixture('sitoo-shop');
	assert(f.skus.length === 3 + 2 * 4, `fixture: ${JSON.stringify(f)}`);
	await login(page, adminUrl(PAGE));
	const list = page.locator('#erpsync-sitoo-ops');
	await list.waitFor();
	for (const op of ['manufacturers', 'categories_down', 'products_down']) {
		await page.check(`#erpsync-sitoo-ops li[data-op="${op}"] input[type=checkbox]`);
	}
	// products_down comes before categories_down by keyboard, then categories_down is moved back above it by its ↑ button.
	let before = await order(page);
	const pd = page.locator('#erpsync-sitoo-ops li[data-op="products_down"]');
	await pd.focus();
	await page.keyboard.press('Alt+ArrowUp');
	let after = await order(page);
	assert(after.indexOf('products_down') === before.indexOf('products_down') - 1, `Alt+ArrowUp did not move the row: ${after.join(',')}`);
	assert(await page.evaluate(() => document.activeElement.dataset.op) === 'products_down', 'focus left the moved row');
	await pd.focus();
	while ((await order(page)).indexOf('products_down') > (await order(page)).indexOf('manufacturers') + 1) {
		await page.keyboard.press('Alt+ArrowUp');
	}
	await page.locator('#erpsync-sitoo-ops li[data-op="categories_down"] button.erpsync-up').click();
	after = await order(page);
	const chosen = after.filter((op) => ['manufacturers', 'categories_down', 'products_down'].includes(op));
	assert(chosen.join(',') === 'manufacturers,categories_down,products_down', `order: ${chosen.join(',')}`);
	assert(await page.locator('#erpsync-sitoo-ops li[data-op="categories_down"] button.erpsync-up').getAttribute('aria-label') !== null, 'buttons have labels');

	await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.click('#erpsync-complete-start')]);
	const notice = await page.locator('.notice').first().innerText();
	assert(/Complete Sync #\d+ started/.test(notice), `notice: ${notice}`);
	const heading = await page.locator('.erpsync-complete-run h2').innerText();
	assert(/running/.test(heading), `state before the queue ran: ${heading}`);
	assert(await page.locator('progress.erpsync-overall').count() === 1, 'no overall progress bar');
	const rows = await page.locator('table.erpsync-complete-ops tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.op));
	assert(rows.join(',') === 'manufacturers,categories_down,products_down', `operations shown: ${rows.join(',')}`);
	assert(await page.locator('#erpsync-complete-start').isDisabled(), 'start is not disabled while the job runs');
	assert((await page.content()).includes('location.reload'), 'the page does not follow the running job');

	let state = '';
	for (let i = 0; i < 10 && !/done/.test(state); i++) {
		await runQueuedSteps(page);
		await gotoAdmin(page, PAGE);
		state = await page.locator('.erpsync-complete-run h2').innerText();
		await stopReload(page);
	}
	assert(/: done$/.test(state), `job state: ${state}`);
	assert(await page.locator('progress.erpsync-overall').getAttribute('value') === '100', 'overall progress is not 100');
	const products = await page.locator('table.erpsync-complete-ops tr[data-op="products_down"]').innerText();
	assert(/created: 5/.test(products) && /variations_created: 6/.test(products), `products_down counts: ${products}`);
	const cats = await page.locator('table.erpsync-complete-ops tr[data-op="categories_down"]').innerText();
	assert(/created: 2/.test(cats), `categories_down counts: ${cats}`);
	mkdirSync(SHOTS, { recursive: true });
	await page.evaluate(() => { if (document.activeElement) document.activeElement.blur(); window.scrollTo(0, 0); });
	await page.screenshot({ path: join(SHOTS, 'sitoo-complete-sync.png'), fullPage: true });

	// The shop got them: a variable product with its variations.
	await gotoAdmin(page, 'edit.php?post_type=product&product_type=variable&s=Shirt');
	const titles = await page.locator('#the-list .row-title').allInnerTexts();
	assert(titles.length >= 2, `variable products in the list: ${titles.join(', ')}`);
});
