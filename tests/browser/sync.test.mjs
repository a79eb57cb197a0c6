// The inbound sync in a real browser: Sync now on WooCommerce → ERP Sync → Sync runs → the run with its state → the
// queued slice run from Scheduled Actions → the result (counts, "N of N planned writes applied"); VASCO's own and
// supplier stock read-only on the product's Inventory tab and in the products list; SORS debt in My Account for
// the linked customer only.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test, login, gotoAdmin, adminUrl, siteUrl, assert, ROOT, BASE_URL } from './lib.mjs';

function syncFixture(command) {
	const out = execFileSync('php', ['-d', `extension=${join(ROOT, 'modules/erpsync.so')}`, join(ROOT, 'tests/browser/sync-fixtures.php'), command],
		{ env: { ...process.env, ERPSYNC_WP_PREFIX: 'wc_' }, encoding: 'utf8' });
	return JSON.parse(out.trim().split('\n').pop());
}

/** Logs a customer in through wp-login.php (lib.mjs's loginAs expects wp-admin; customers land on My Account). */
async function loginCustomer(page, user, pass, to) {
	await page.goto(siteUrl(`wp-login.php?redirect_to=${encodeURIComponent(to)}`), { waitUntil: 'load' });
	await page.waitForTimeout(300); // wp-login.php focuses #user_login 200 ms after load
	for (let i = 0; i < 3; i++) {
		await page.fill('#user_login', user);
		await page.fill('#user_pass', pass);
		if (await page.inputValue('#user_login') === user && await page.inputValue('#user_pass') === pass) break;
	}
	await Promise.all([page.waitForURL((u) => u.pathname !== '/wp-login.php', { waitUntil: 'domcontentloaded' }), page.click('#wp-submit')]);
	const cookies = await page.context().cookies(BASE_URL);
	assert(cookies.some((c) => c.name.startsWith('wordpress_logged_in_')), `login as ${user}: no logged-in cookie (at ${page.url()})`);
}

async function runQueuedSlices(page) {
	// Action Scheduler's own admin screen (the async runner is off in the browser tests): run each pending slice.
	// Leave the run's page first: it reloads itself every 3 s while the run runs, and on a loaded machine that reload
	// would abort a slower page load started from it (net::ERR_ABORTED).
	await page.goto('about:blank');
	for (let i = 0; i < 5; i++) {
		await gotoAdmin(page, 'admin.php?page=wc-status&tab=action-scheduler&status=pending&s=erpsync_sync_slice');
		const row = page.locator('tbody tr', { hasText: 'erpsync_sync_slice' }).first();
		if (await row.count() === 0) return;
		await row.hover();
		await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), row.locator('.row-actions .run a').click()]);
	}
}

test('Sync now → progress → result, then VASCO stock on the product screen and in the products list', async ({ page }) => {
	const f = syncFixture('vasco-shop');
	await login(page, adminUrl('admin.php?page=erpsync&tab=runs'));
	const row = page.locator('tr.erpsync-sync-row[data-sync="vasco:stock"]');
	await row.waitFor();
	await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), row.locator('button', { hasText: 'Sync now' }).click()]);
	assert(/[?&]page=erpsync&tab=runs&run=\d+/.test(page.url()), `Sync now did not open the run in the Sync runs tab: ${page.url()}`);
	assert(await page.locator('.nav-tab-active').innerText() === 'Sync runs', 'the Sync runs tab is not the current one');
	const runUrl = page.url().replace(/^.*\/wp-admin\//, '');
	const state = page.locator('p.erpsync-run-state');
	await state.waitFor();
	assert(await state.getAttribute('data-state') === 'planning', `state before the queue ran: ${await state.getAttribute('data-state')}`);
	assert((await page.content()).includes('http-equiv="refresh"'), 'the run page does not follow the run');

	await runQueuedSlices(page);
	let s = '';
	for (let i = 0; i < 20; i++) {
		await gotoAdmin(page, runUrl);
		s = await page.locator('p.erpsync-run-state').getAttribute('data-state');
		if (s === 'done') break;
		await runQueuedSlices(page);
	}
	assert(s === 'done', `run state: ${s}`);
	// The former page's address (bookmarks, older links) lands on the same run in the tab (checked once the run is
	// done: a running run's page reloads itself every 3 s).
	const runId = runUrl.match(/run=(\d+)/)[1];
	await gotoAdmin(page, `admin.php?page=erpsync-sync&run=${runId}`);
	assert(page.url().endsWith(`admin.php?page=erpsync&tab=runs&run=${runId}`), `the old runs URL went to ${page.url()}`);
	assert(await page.locator('p.erpsync-run-state').getAttribute('data-state') === 'done', 'the old URL does not show the run');
	const text = await page.locator('p.erpsync-run-state').innerText();
	const m = text.match(/(\d+) of (\d+) planned writes applied/);
	assert(m && m[1] === m[2] && Number(m[1]) > 0, `progress line: ${text}`);
	assert(await page.locator('progress.erpsync-progress').count() === 1, 'no progress bar');
	const updated = await page.locator('table.erpsync-runs td.erpsync-updated').innerText();
	assert(/stock: \d+/.test(updated), `Updated column: ${updated}`);

	// The product screen: Inventory tab, read-only VASCO fields.
	const p = f.products[0];
	await gotoAdmin(page, p.edit_path);
	await page.locator('li.inventory_options a').click();
	const own = page.locator('#erpsync_vasco_own');
	await own.waitFor({ state: 'visible' });
	assert(await own.inputValue() === p.own, `own stock field: ${await own.inputValue()} (VASCO: ${p.own})`);
	assert(await own.getAttribute('readonly') !== null, 'own stock is editable');
	assert(await page.inputValue('#erpsync_vasco_supplier') === p.supplier, 'supplier stock field');
	assert(!(await page.inputValue('#erpsync_vasco_synced')).includes('not linked'), 'last sync says not linked');
	assert(await page.inputValue('#_stock') === String(p.total), `WooCommerce stock field: ${await page.inputValue('#_stock')} (VASCO total ${p.total})`);

	// The products list column.
	await gotoAdmin(page, 'edit.php?post_type=product&s=Sync+product');
	const cell = page.locator(`tr#post-${p.id} td.column-erpsync_vasco_stock`);
	assert((await cell.innerText()).trim() === `own ${p.own} / supplier ${p.supplier}`, `list cell: ${await cell.innerText()}`);
});

test('SORS debt in My Account: the linked customer sees their balance, another customer does not', async ({ page, context }) => {
	const f = syncFixture('debt-customer');
	await loginCustomer(page, f.user, f.pass, f.my_account);
	await page.goto(f.my_account, { waitUntil: 'domcontentloaded' });
	const debt = page.locator('.woocommerce-MyAccount-content p.erpsync-debt');
	await debt.waitFor();
	const text = await debt.innerText();
	assert(text.includes('Your balance with us:') && text.includes(f.balance), `My Account: ${text} (balance ${f.balance})`);

	await context.clearCookies();
	await loginCustomer(page, f.other, f.pass, f.my_account);
	await page.goto(f.my_account, { waitUntil: 'domcontentloaded' });
	await page.locator('.woocommerce-MyAccount-content').waitFor();
	assert(await page.locator('p.erpsync-debt').count() === 0, 'another customer sees a balance');
	assert(!(await page.content()).includes(f.balance), "the other customer's page holds the balance");
});
