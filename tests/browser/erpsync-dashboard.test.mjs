// WooCommerce → ERP Sync in a real browser on a seeded shop (fixtures.php seed-shop: VASCO and SORS against the
// simulator, 26 orders over 30 days, six stopped because "Direct bank transfer" has no VASCO payment code, two
// blacklisted), walked as an owner would: find the failed orders, read the reason, fix the setting, bulk-retry, see
// them exported; blacklist edit; request-log filter and CSV; an API tester call and a simulated lookup; keyboard and
// labels; a shop manager without manage_woocommerce refused everything. Each screen is saved as a screenshot in
// $ERPSYNC_SCREENSHOTS_DIR (scripts/screenshots.sh: docs/screenshots/), else in .work/logs/browser/screens/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test, login, loginAs, adminUrl, gotoAdmin, assert, fixture, ROOT, LOG_DIR } from './lib.mjs';

const PAGE = 'admin.php?page=erpsync';
const SHOTS = process.env.ERPSYNC_SCREENSHOTS_DIR ? join(ROOT, process.env.ERPSYNC_SCREENSHOTS_DIR) : join(LOG_DIR, 'screens');

/**
 * Saves the page as docs/screenshots/<name>.png (full page, 1280 px wide). The window is first made as tall as the
 * page: a full-page capture of a shorter window draws WordPress's fixed elements (the dark admin-menu background) only
 * as tall as the window, with a seam where it ends.
 */
async function shot(page, name) {
	mkdirSync(SHOTS, { recursive: true });
	await page.evaluate(() => { if (document.activeElement) document.activeElement.blur(); window.scrollTo(0, 0); });
	const vp = page.viewportSize();
	const tall = await page.evaluate(() => Math.ceil(document.documentElement.scrollHeight));
	if (vp && tall > vp.height) await page.setViewportSize({ width: vp.width, height: tall });
	await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
	if (vp && tall > vp.height) await page.setViewportSize(vp);
}

let seeded = null;
/** The seeded shop, made once for this file (the tests that change it run last). */
function seedShop() {
	if (!seeded) seeded = fixture('seed-shop');
	return seeded;
}

/** Submits a form by clicking `selector` and waits for the page that follows. */
async function submit(page, selector) {
	await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.click(selector)]);
}

/** Every visible form control of the page has a label (for screen readers and keyboard users). */
async function assertLabelled(page, scope = '#wpbody-content .erpsync-dashboard') {
	const missing = await page.locator(`${scope} input:not([type=hidden]), ${scope} select, ${scope} textarea`).evaluateAll((els) => els
		.filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
		.map((e) => e.outerHTML.slice(0, 120)));
	assert(missing.length === 0, `controls without a label: ${missing.join(' | ')}`);
}

test('seed: a shop with history (VASCO and SORS, 20 orders over 30 days, 6 stopped, 2 blacklisted)', async () => {
	const seed = seedShop();
	assert(seed.made.failed === 6 && seed.made.blacklisted === 2 && seed.made.done === 12, `seed: ${JSON.stringify(seed.made)}`);
});

test('orders list: WooCommerce status pills per back-office, filter by back-office state', async ({ page }) => {
	seedShop();
	await login(page, adminUrl('admin.php?page=wc-orders'));
	let list = page.url().includes('wc-orders') && await page.locator('#erpsync-state-filter').count() ? 'admin.php?page=wc-orders' : 'edit.php?post_type=shop_order';
	await gotoAdmin(page, list);
	const pills = page.locator('.erpsync-cell mark.order-status');
	assert(await pills.count() >= 2 * 20, `pills: ${await pills.count()}`);
	assert(await page.locator('.erpsync-cell mark.status-failed').count() === 6, 'six red pills (VASCO stopped)');
	await page.selectOption('#erpsync-state-filter', 'vasco:failed');
	await submit(page, '#order-query-submit, #post-query-submit');
	const rows = await page.locator('.erpsync-cell').count();
	assert(rows === 6, `the filter VASCO: stopped shows ${rows} orders`);
	await shot(page, 'orders-list');
});

test('order screen: the meta box names the setting to fix, links to it and says what happens next', async ({ page }) => {
	const seed = seedShop();
	await login(page, adminUrl(`${PAGE}&tab=orders&connector=vasco&state=failed`));
	const edit = await page.locator(`tr.erpsync-order-row[data-order="${seed.failed[0]}"] td a`).first().getAttribute('href');
	await page.goto(edit, { waitUntil: 'domcontentloaded' });
	const box = await page.locator('#erpsync-order').innerText();
	assert(box.includes('To fix: VASCO payment code for "Direct bank transfer"'), `meta box: ${box}`);
	assert(box.includes('Stopped: nothing more happens until you fix this and press Retry.'), `meta box next step: ${box}`);
	const link = await page.locator('#erpsync-order .erpsync-fix a').getAttribute('href');
	assert(link.endsWith('section=vasco#erpsync_vasco_payment_codes_bacs'), `meta box link: ${link}`);
	mkdirSync(SHOTS, { recursive: true });
	await page.locator('#erpsync-order').screenshot({ path: join(SHOTS, 'meta-box.png') });
});

test('blacklist: counts from the blocked orders, add and remove an address', async ({ page }) => {
	seedShop();
	await login(page, adminUrl(`${PAGE}&tab=blacklist`));
	const spam = page.locator('tr.erpsync-blacklist-row[data-address="spam@bot.si"]');
	assert((await spam.locator('.erpsync-blocked').innerText()).trim() === '2', `spam@bot.si blocked: ${await spam.innerText()}`);
	await page.fill('#erpsync-blacklist-address', 'orders@competitor.example');
	await page.press('#erpsync-blacklist-address', 'Enter'); // keyboard: Enter submits
	await page.waitForLoadState('domcontentloaded');
	await page.locator('.erpsync-flash').waitFor();
	assert(await page.locator('tr.erpsync-blacklist-row[data-address="orders@competitor.example"]').count() === 1, 'the added address is not listed');
	await assertLabelled(page);
	await shot(page, 'blacklist');
	await submit(page, 'tr.erpsync-blacklist-row[data-address="test@example.com"] button.erpsync-remove');
	assert(await page.locator('tr.erpsync-blacklist-row[data-address="test@example.com"]').count() === 0, 'the removed address is still listed');
	await gotoAdmin(page, 'admin.php?page=wc-settings&tab=erpsync&section=vasco');
	const setting = await page.inputValue('#erpsync_vasco_email_blacklist');
	assert(setting.includes('orders@competitor.example') && !setting.includes('test@example.com'), `the setting: ${setting}`);
});

test('request log: filter by back-office and outcome, page with Older, CSV download, retention shown', async ({ page }) => {
	seedShop();
	await login(page, adminUrl(`${PAGE}&tab=log`));
	assert((await page.locator('.erpsync-retention').innerText()).includes('kept 14 days'), 'retention not shown');
	await page.selectOption('#erpsync-filter-connector', 'sors');
	await page.selectOption('#erpsync-filter-method', 'POST');
	await submit(page, '.erpsync-filters button[type=submit]');
	const backoffices = await page.locator('table.erpsync-log tbody tr.erpsync-log-row td:nth-child(2)').allInnerTexts();
	assert(backoffices.length > 0 && backoffices.every((t) => t.trim() === 'SORS'), `rows after the filter: ${backoffices.join(',')}`);
	const methods = await page.locator('table.erpsync-log tbody tr.erpsync-log-row td.erpsync-url code').allInnerTexts();
	assert(methods.every((m) => m === 'POST'), `methods: ${methods.join(',')}`);
	assert(!(await page.content()).includes('sors-test-key'), 'the SORS key is in the page');
	await gotoAdmin(page, `${PAGE}&tab=log`);
	const first = await page.locator('tr.erpsync-log-row').first().getAttribute('data-id');
	if (await page.locator('a.erpsync-older').count()) {
		await submit(page, 'a.erpsync-older');
		const older = await page.locator('tr.erpsync-log-row').first().getAttribute('data-id');
		assert(Number(older) < Number(first), `Older went from #${first} to #${older}`);
		await submit(page, 'a.erpsync-newer');
		assert(await page.locator('tr.erpsync-log-row').first().getAttribute('data-id') === first, 'Newer did not come back');
	}
	await shot(page, 'request-log');
	const href = await page.locator('a.erpsync-csv').getAttribute('href');
	const res = await page.request.get(href);
	assert(res.status() === 200 && res.headers()['content-type'].startsWith('text/csv'), `CSV: HTTP ${res.status()} ${res.headers()['content-type']}`);
	const csv = await res.text();
	assert(csv.startsWith('id,time_utc,back_office,method,url,status') && csv.split('\n').length > 10, `CSV: ${csv.slice(0, 200)}`);
	assert(!csv.includes('vasco-pass') && !csv.includes('sors-test-key'), 'a secret is in the CSV');
	const bad = await page.request.get(href.replace(/_wpnonce=[^&]+/, '_wpnonce=0'));
	assert(bad.status() === 403, `CSV without a valid nonce: HTTP ${bad.status()}`);
});

test('API tester: a VASCO read operation with status, time, headers and body, redacted; simulate lookup', async ({ page }) => {
	seedShop();
	await login(page, adminUrl(`${PAGE}&tab=tester`));
	const ops = await page.locator('#erpsync-operation option').evaluateAll((os) => os.map((o) => o.value));
	assert(ops.includes('vasco:countries') && ops.includes('sors:databases'), `operations: ${ops.join(',')}`);
	assert(!ops.some((o) => /export|create|push|adjust|deliver|update|delete|handshake/i.test(o)), `a write operation is offered: ${ops.join(',')}`);
	await page.selectOption('#erpsync-operation', 'vasco:countries');
	await submit(page, 'button.erpsync-run');
	const result = page.locator('.erpsync-result');
	await result.waitFor();
	const text = await result.innerText();
	assert(text.includes('OK') && /HTTP 200/.test(text) && / ms/.test(text), `result: ${text.slice(0, 300)}`);
	assert(await page.locator('.erpsync-headers').count() > 0, 'no request headers shown');
	// The reply's headers too (from the extension's log entry, redacted there): the last call's, with its content type.
	const replyHeaders = await page.locator('pre.erpsync-reply-headers').allInnerTexts();
	assert(replyHeaders.length === await page.locator('h3.erpsync-call').count(), `reply headers per call: ${replyHeaders.length}`);
	assert(/^Content-Type: application\/json/mi.test(replyHeaders[replyHeaders.length - 1]), `reply headers: ${replyHeaders.join(' | ').slice(0, 300)}`);
	assert(!replyHeaders.some((h) => /^HTTP\//m.test(h)), 'the status line is among the headers');
	const html = await page.content();
	assert(!html.includes('vasco-pass'), 'the VASCO password is in the page');
	await assertLabelled(page);
	await shot(page, 'api-tester');
	await page.fill('#erpsync-lookup-email', 'nobody@nowhere.example');
	await submit(page, '.erpsync-lookup button[type=submit]');
	const why = await page.locator('.erpsync-why').innerText();
	assert(why.includes('would create a new partner in VASCO'), `lookup: ${why}`);
	await shot(page, 'simulate-lookup');
});

test('owner: finds the failed orders, reads why, follows the link to the setting and fixes it', async ({ page }) => {
	const seed = seedShop();
	await login(page, adminUrl(PAGE));
	// Overview: VASCO card says 6 failing now, the chart has bars.
	const vasco = page.locator('.erpsync-card-vasco');
	await vasco.waitFor();
	const card = await vasco.innerText();
	assert(/Exports failing now\s*6/.test(card), `VASCO card: ${card}`);
	assert(/Last call .*HTTP 200/.test(card), `VASCO card has no connection state from the last call: ${card}`);
	assert(await page.locator('.erpsync-chart svg rect.erpsync-bar-done').count() > 5, 'the chart has no bars of sent orders');
	await assertLabelled(page);
	await shot(page, 'overview');

	// From the card to the failed orders.
	await submit(page, '.erpsync-card-vasco a[href*="state=failed"]');
	const group = page.locator('li.erpsync-group').first();
	const gtext = await group.innerText();
	assert(gtext.includes('6 orders (VASCO)') && gtext.includes('payment method "bacs" has no VASCO payment code'), `group: ${gtext}`);
	assert(gtext.includes('VASCO payment code for "Direct bank transfer"'), `the group does not name the setting in the owner's words: ${gtext}`);
	assert(await page.locator('tr.erpsync-order-row.erpsync-state-failed').count() === 6, 'not six failed rows');
	const next = await page.locator('tr.erpsync-order-row .erpsync-next').first().innerText();
	assert(next.includes('nothing more happens until you fix this and press Retry'), `what happens next: ${next}`);
	await assertLabelled(page);
	await shot(page, 'orders-failed');

	// The link goes to the very field; the owner fills it in and saves.
	await submit(page, 'li.erpsync-group a[href*="#erpsync_vasco_payment_codes_bacs"]');
	assert(page.url().includes('section=vasco'), `the link went to ${page.url()}`);
	const field = page.locator('#erpsync_vasco_payment_codes_bacs');
	assert(await field.isVisible(), 'the payment code field is not visible');
	const groups = await page.locator('#mainform h2').allInnerTexts();
	assert(groups.join('|').includes('Connection') && groups.indexOf('Payments') > groups.indexOf('Connection'), `settings groups: ${groups.join(', ')}`);
	assert(await page.locator('.erpsync-live-state').innerText().then((t) => /Last call .*HTTP/.test(t)), 'no live connection state at the top');
	assert(!(await page.locator('details.erpsync-fold[open]').count()), 'a rarely-used group is open');
	await shot(page, 'settings-vasco');
	await field.fill('3');
	await submit(page, 'button[name="save"]');
	assert((await page.content()).includes('Your settings have been saved.'), 'not saved');
});

for (const [section, title] of [['sors', 'SORS'], ['sitoo', 'Sitoo'], ['logistos', 'Logistos']]) {
	test(`settings: the ${title} section grouped like VASCO's, connection first, no secret in the page (screenshot)`, async ({ page }) => {
		seedShop();
		await login(page, adminUrl(`admin.php?page=wc-settings&tab=erpsync&section=${section}`));
		await page.locator('#mainform').waitFor();
		const groups = await page.locator('#mainform h2').allInnerTexts(); // the section's title, then its groups
		const at = groups.indexOf('Connection');
		assert(groups[0] === title && at === 1 && groups.indexOf('Orders') > at, `${title} groups: ${groups.join(', ')}`);
		assert(await page.locator('.erpsync-live-state').count() === 1, `${title}: no connection state at the top`);
		assert(!(await page.locator('details.erpsync-fold[open]').count()), `${title}: a rarely-used group is open`);
		const html = await page.content();
		for (const secret of ['sors-test-key', 'sitoo-pass', 'vasco-pass']) {
			assert(!html.includes(secret), `${title}: ${secret} is in the page`);
		}
		assert(!(await page.locator('.notice-error, .error:not(.hidden)').count()), `${title}: an error notice is shown`);
		await shot(page, `settings-${section}`);
	});
}

test('owner (cont.): bulk Retry of the six, the queue runs, they are exported; the activity says who changed what', async ({ page }) => {
	const seed = seedShop();
	await login(page, adminUrl(`${PAGE}&tab=orders&connector=vasco&state=failed`));
	// Back to the failed orders: select all with the keyboard-accessible checkbox, bulk Retry.
	await page.check('#erpsync-check-all');
	await page.selectOption('#erpsync-bulk', 'retry');
	await submit(page, '#erpsync-bulk-apply');
	const flash = await page.locator('.erpsync-flash').innerText();
	assert(flash.includes('6 of 6 exports queued'), `after bulk Retry: ${flash}`);
	await gotoAdmin(page, `${PAGE}&tab=orders&connector=vasco&state=queued`);
	assert(await page.locator('tr.erpsync-order-row').count() === 6, 'the six orders are not queued');
	const waiting = await page.locator('tr.erpsync-order-row .erpsync-next').first().innerText();
	assert(/Tried again automatically at|Waiting in the queue|background queue sends it/.test(waiting), `queued rows say: ${waiting}`);
	const ran = fixture('run-queue');
	assert(ran.ran >= 6, `queue: ${JSON.stringify(ran)}`);
	await gotoAdmin(page, `${PAGE}&tab=orders&connector=vasco&state=done`);
	for (const id of seed.failed) {
		const pill = page.locator(`tr.erpsync-order-row[data-order="${id}"][data-connector="vasco"] mark.status-processing`);
		assert(await pill.count() === 1, `order ${id} is not shown as sent to VASCO`);
		assert(/VASCO · \S+/.test(await pill.innerText()), `order ${id}: ${await pill.innerText()}`);
	}
	await gotoAdmin(page, `${PAGE}&tab=orders&connector=vasco&state=failed`);
	assert(await page.locator('tr.erpsync-order-row').count() === 0, 'failed orders are left');
	await gotoAdmin(page, `${PAGE}&tab=orders`);
	await shot(page, 'orders');
	// Recent activity names who changed the settings, and links each export to its order.
	await gotoAdmin(page, `${PAGE}&tab=activity`);
	const act = await page.locator('table.erpsync-activity').innerText();
	// ... by the field's label on the form, not its key.
	assert(act.includes('VASCO settings changed by admin: Payment code for "Direct bank transfer"'), `activity: ${act.slice(0, 400)}`);
	assert(!act.includes('payment_codes'), 'the activity shows a settings key');
	// Customers: created at the back-office, or linked to one that was there (the seed's guests were created once each).
	assert(/New VASCO partner \S+ created for a guest customer/.test(act), `activity has no created partner: ${act.slice(0, 600)}`);
	assert(await page.locator(`table.erpsync-activity a[href*="id=${seed.failed[0]}"], table.erpsync-activity a[href*="post=${seed.failed[0]}"]`).count() > 0, 'no link to the order');
	await shot(page, 'activity');
});

test('sync runs and keyboard: the tabs are reached and opened with the keyboard', async ({ page }) => {
	await login(page, adminUrl(`${PAGE}&tab=overview`));
	// Keyboard only: WordPress's "Skip to main content" link first, then Tab to the "Sync runs" tab, Enter opens it.
	await page.keyboard.press('Tab');
	assert(await page.evaluate(() => document.activeElement && document.activeElement.getAttribute('href') === '#wpbody-content'), 'the first Tab stop is not "Skip to main content"');
	await page.keyboard.press('Enter');
	let found = false;
	for (let i = 0; i < 60 && !found; i++) {
		await page.keyboard.press('Tab');
		found = await page.evaluate(() => document.activeElement && document.activeElement.classList.contains('nav-tab') && document.activeElement.textContent.trim() === 'Sync runs');
	}
	assert(found, 'the Sync runs tab is not reachable with Tab');
	await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.keyboard.press('Enter')]);
	assert(page.url().includes('tab=runs'), `Enter opened ${page.url()}`);
	// The sync runs live in this tab (one menu entry): every sync with Sync now / Dry run, the latest runs, ownership.
	const runsTab = page.locator('.erpsync-tab-runs');
	assert(await runsTab.locator('tr.erpsync-sync-row[data-sync="vasco:stock"] button', { hasText: 'Dry run' }).count() === 1, 'no Dry run for VASCO stock in the tab');
	assert(await runsTab.locator('table.erpsync-runs').count() === 1, 'no runs table in the tab');
	assert((await runsTab.innerText()).includes('Who owns what'), 'no ownership form in the tab');
	const entries = await page.locator('#adminmenu a[href*="page=erpsync"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
	assert(entries.length === 1 && /page=erpsync$/.test(entries[0]), `ERP Sync menu entries: ${entries.join(', ')}`);
	await shot(page, 'sync-runs');
	await gotoAdmin(page, 'site-health.php?tab=debug');
	const sh = page.locator('#health-check-accordion-block-erpsync');
	await sh.waitFor({ state: 'attached' });
	const shText = await sh.evaluate((e) => e.textContent);
	assert(/erpsync extension/.test(shText) && /VASCO/.test(shText) && !shText.includes('vasco-pass'), `Site Health: ${shText.slice(0, 300)}`);
});

test('a shop manager without manage_woocommerce is refused the ERP Sync page and every action', async ({ page }) => {
	const m = fixture('manager');
	await loginAs(page, m.user, m.pass, adminUrl('profile.php'));
	for (const tab of ['overview', 'orders', 'log', 'tester', 'blacklist', 'runs']) {
		const res = await page.goto(adminUrl(`${PAGE}&tab=${tab}`), { waitUntil: 'domcontentloaded' });
		const body = await page.locator('body').innerText();
		assert(res.status() === 403 || /not allowed/i.test(body), `${tab}: HTTP ${res.status()}: ${body.slice(0, 200)}`);
		assert(!(await page.locator('.erpsync-dashboard').count()), `${tab}: the page was shown`);
	}
	const old = await page.goto(adminUrl('admin.php?page=erpsync-sync'), { waitUntil: 'domcontentloaded' });
	assert(old.status() === 403 || /not allowed/i.test(await page.locator('body').innerText()), `the old runs page: HTTP ${old.status()}`);
	assert(!(await page.locator('.erpsync-sync').count()), 'the old runs page showed the runs');
	for (const action of ['erpsync_orders_bulk', 'erpsync_retry_reason', 'erpsync_blacklist', 'erpsync_api_test', 'erpsync_simulate_lookup', 'erpsync_log_csv', 'erpsync_sync_start', 'erpsync_sync_settings']) {
		const res = await page.request.post(adminUrl('admin-post.php'), { form: { action, bulk: 'retry', 'rows[]': '1:vasco', op: 'add', address: 'x@y.si', operation: 'vasco:countries' } });
		assert(res.status() === 403, `${action}: HTTP ${res.status()}`);
		const get = await page.request.get(adminUrl(`admin-post.php?action=${action}`));
		assert(get.status() === 403, `${action} (GET): HTTP ${get.status()}`);
	}
	assert(!(await page.locator('#adminmenu a[href*="page=erpsync"]').count()), 'the menu entry is shown to them');
});
