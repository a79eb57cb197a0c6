// The owner's view of Sitoo's stock steps in a real browser, on real data made against the simulator
// (sitoo-fixtures.php): the order screen's "Sitoo stock" box of an order reduced at processing with a refund returned
// to the warehouse and a second refund whose reply was lost; then WooCommerce → ERP Sync → Sitoo Complete Sync with a
// virtual put not known to have arrived, "Settle now", and the box after it; an order whose reduction stopped after 8
// refused attempts, its "Try again" link, the order screen it leads back to, and the step done once the queue ran it.
// The boxes are saved as screenshots in $ERPSYNC_SCREENSHOTS_DIR (docs/screenshots/sitoo-stock-order.png,
// sitoo-stock-unknown.png, sitoo-stock-settled.png, sitoo-stock-stopped.png, sitoo-stock-retried.png), else in
// .work/logs/browser/screens/.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test, login, gotoAdmin, assert, assertNoWpError, ROOT, LOG_DIR } from './lib.mjs';

const TAB = 'admin.php?page=erpsync&tab=sitoo';
const SHOTS = process.env.ERPSYNC_SCREENSHOTS_DIR ? join(ROOT, process.env.ERPSYNC_SCREENSHOTS_DIR) : join(LOG_DIR, 'screens');

function sitooFixture(command, ...args) {
	const out = execFileSync('php', ['-d', `extension=${join(ROOT, 'modules/erpsync.so')}`, join(ROOT, 'tests/browser/sitoo-fixtures.php'), command, ...args.map(String)],
		{ env: { ...process.env, ERPSYNC_WP_PREFIX: 'wc_' }, encoding: 'utf8' });
	return JSON.parse(out.trim().split('\n').pop());
}

async function shoot(page, locator, name) {
	mkdirSync(SHOTS, { recursive: true });
	await page.evaluate(() => { if (document.activeElement) document.activeElement.blur(); });
	await locator.scrollIntoViewIfNeeded();
	await locator.screenshot({ path: join(SHOTS, name) });
}

test('Sitoo stock: an order\'s steps on its screen; unknown puts on the Sitoo tab, Settle now', async ({ page }) => {
	const f = sitooFixture('stock-order');
	assert(f.state === 'reduced' && f.refunds.length === 2, `fixture: ${JSON.stringify(f)}`);
	const [a, b] = f.skus;
	const [r1, r2] = f.refunds;
	await login(page, f.edit);
	const box = page.locator('#erpsync-sitoo-stock');
	await box.waitFor();
	const rows = box.locator('table.erpsync-sitoo-steps tbody tr');
	const steps = await rows.evaluateAll((trs) => trs.map((tr) => `${tr.dataset.step}#${tr.dataset.refund}`));
	assert(steps.join(',') === `reduce#0,refund#${r1},refund#${r2}`, `steps: ${steps.join(',')}`);
	const reduce = await rows.nth(0).innerText();
	assert(reduce.includes(`${a} −5\n${b} −2`) && /\bdone\b/.test(reduce) && reduce.includes(`wco-${f.order}`), `reduction: ${reduce}`);
	const back = await rows.nth(1).innerText();
	assert(back.includes(`Refund #${r1}: items put back in stock`) && back.includes(`${a} +2`) && /\bdone\b/.test(back), `refund returned: ${back}`);
	const lost = await rows.nth(2).innerText();
	assert(lost.includes(`${b} +1`) && /not confirmed yet \(1 attempt\)/.test(lost), `refund whose reply was lost: ${lost}`);
	assert(!(await page.content()).includes('sitoo-pass'), 'no secret on the page');
	await shoot(page, box, 'sitoo-stock-order.png');

	const u = sitooFixture('stock-unknown');
	assert(u.flushed && u.flushed.pending === true && Number(u.total) === 20, `unknown-put fixture: ${JSON.stringify(u)}`);
	await gotoAdmin(page, TAB);
	const unknown = page.locator('.erpsync-sitoo-unknown');
	await unknown.waitFor();
	const row = unknown.locator(`table.erpsync-unknown-pending tr[data-sku="${u.sku}"]`);
	assert(await row.count() === 1, 'the unknown put is not listed');
	const text = await row.innerText();
	assert(text.includes('−4 (Sitoo total 20 → 16)') && text.includes(`Mug ${u.sku}`), `unknown row: ${text}`);
	assert(/Read back next at|Read back with the next stock poll/.test(await unknown.innerText()), 'when it is read back next is not said');
	await shoot(page, unknown, 'sitoo-stock-unknown.png');

	await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), unknown.locator('button.erpsync-settle-now').click()]);
	await assertNoWpError(page);
	const after = page.locator('.erpsync-sitoo-unknown');
	const notice = await after.locator('.erpsync-settle-result').innerText();
	assert(notice.includes(`${u.sku}: it had not arrived: sent again, once`), `Settle now said: ${notice}`);
	assert(await after.locator('.erpsync-unknown-none').count() === 1, 'the put is still listed as not confirmed');
	const settled = await after.locator(`table.erpsync-unknown-settled tr[data-sku="${u.sku}"]`).innerText();
	assert(settled.includes('it had not arrived: sent again, once'), `settled row: ${settled}`);
	await shoot(page, after, 'sitoo-stock-settled.png');
});

test('Sitoo stock: a stopped step is tried again from the order screen', async ({ page }) => {
	const f = sitooFixture('stock-stopped');
	assert(f.state === 'reducing' && Number(f.total) > 0, `fixture: ${JSON.stringify(f)}`);
	await login(page, f.edit);
	const box = page.locator('#erpsync-sitoo-stock');
	await box.waitFor();
	const row = box.locator('table.erpsync-sitoo-steps tbody tr[data-step="reduce"]');
	const stopped = await row.innerText();
	assert(stopped.includes(`${f.sku} −3`) && stopped.includes('stopped after 8 attempts: nothing more is sent') && /Reason: .+/.test(stopped), `stopped step: ${stopped}`);
	const link = row.locator('a.erpsync-step-retry');
	assert(await link.count() === 1 && (await link.innerText()).trim() === 'Try again', 'no Try again link');
	const href = await link.getAttribute('href');
	assert(/admin-post\.php\?.*action=erpsync_sitoo_retry/.test(href) && /_wpnonce=[0-9a-f]{10}/.test(href), `link: ${href}`);
	assert(await page.locator('#erpsync-sitoo-stock form').count() === 0, 'a form nested in the order form');
	await shoot(page, box, 'sitoo-stock-stopped.png');

	await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), link.click()]);
	await assertNoWpError(page);
	assert(page.url().includes(`${f.order}`) && page.url().endsWith('#erpsync-sitoo-stock'), `back to: ${page.url()}`);
	const notice = await box.locator('.erpsync-retry-result').innerText();
	assert(notice.includes('Stock reduced (order processing): tried again. It is queued'), `notice: ${notice}`);
	const queued = await row.innerText();
	assert(queued.includes('tried again: queued') && !queued.includes('Try again'), `after Try again: ${queued}`);
	const notes = await page.locator('#woocommerce-order-notes').innerText();
	assert(notes.includes(`Sitoo stock step wco-${f.order} tried again by`), 'no order note');
	await shoot(page, box, 'sitoo-stock-retried.png');

	const run = sitooFixture('stock-run', f.order);
	assert(run.queued && run.done && run.sent === 1 && run.state === 'reduced', `the queued step: ${JSON.stringify(run)}`);
	await page.reload({ waitUntil: 'domcontentloaded' });
	const done = await box.locator('table.erpsync-sitoo-steps tbody tr[data-step="reduce"]').innerText();
	assert(/\bdone\b/.test(done) && done.includes(`${f.sku} −3`), `after the run: ${done}`);
	assert(await box.locator('.erpsync-retry-result').count() === 0, 'the notice is shown once');
});
