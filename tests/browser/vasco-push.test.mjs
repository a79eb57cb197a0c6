// Products pushed to VASCO from the products list in a real browser: tick two products with a SKU and one without,
// bulk action "Send to VASCO" → the notice lists each product's result (created / not sent, with the reason); the
// same again is an update; the dry run sends nothing and says new or update; the product screen's box shows the last
// push. The list with the result is saved as vasco-push.png in $ERPSYNC_SCREENSHOTS_DIR (docs/screenshots/), else in
// .work/logs/browser/screens/.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test, login, gotoAdmin, adminUrl, assert, ROOT, LOG_DIR } from './lib.mjs';

const SHOTS = process.env.ERPSYNC_SCREENSHOTS_DIR ? join(ROOT, process.env.ERPSYNC_SCREENSHOTS_DIR) : join(LOG_DIR, 'screens');

function syncFixture(command) {
	const out = execFileSync('php', ['-d', `extension=${join(ROOT, 'modules/erpsync.so')}`, join(ROOT, 'tests/browser/sync-fixtures.php'), command],
		{ env: { ...process.env, ERPSYNC_WP_PREFIX: 'wc_' }, encoding: 'utf8' });
	return JSON.parse(out.trim().split('\n').pop());
}

/** Ticks the products and applies a bulk action of the products list; returns the result rows of the notice. */
async function bulk(page, ids, action) {
	await gotoAdmin(page, 'edit.php?post_type=product&orderby=ID&order=desc');
	for (const id of ids) await page.check(`#cb-select-${id}`);
	await page.selectOption('#bulk-action-selector-top', action);
	await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.click('#doaction')]);
	const rows = page.locator('.erpsync-vasco-push table tbody tr');
	await rows.first().waitFor();
	const out = {};
	for (let i = 0; i < await rows.count(); i++) {
		const r = rows.nth(i);
		out[await r.getAttribute('data-product')] = { result: (await r.locator('.erpsync-push-result').innerText()).trim(), text: (await r.innerText()).trim() };
	}
	return out;
}

let fixture = null;

test('Send to VASCO from the products list: each product\'s result shown once', async ({ page }) => {
	fixture = syncFixture('vasco-push');
	const [a, b, none] = fixture.products.map((p) => String(p.id));
	await login(page, adminUrl('edit.php?post_type=product'));

	const r = await bulk(page, [a, b, none], 'erpsync_vasco_push');
	assert(r[a] && r[a].result === 'created in VASCO', `first product: ${JSON.stringify(r[a])}`);
	assert(r[b] && r[b].result === 'created in VASCO', `second product: ${JSON.stringify(r[b])}`);
	assert(r[none] && r[none].result === 'not sent' && r[none].text.includes('no article code'), `product without SKU: ${JSON.stringify(r[none])}`);
	assert((await page.locator('.erpsync-vasco-push').innerText()).includes('Sent to VASCO'), 'no heading on the notice');
	mkdirSync(SHOTS, { recursive: true });
	await page.evaluate(() => window.scrollTo(0, 0));
	await page.screenshot({ path: join(SHOTS, 'vasco-push.png'), fullPage: false });

	// The notice is shown once: a reload of the list does not show it again.
	await page.reload({ waitUntil: 'domcontentloaded' });
	assert(await page.locator('.erpsync-vasco-push').count() === 0, 'the result notice was shown twice');
});

test('Send to VASCO: the dry run sends nothing, a second push updates, the product screen shows the last push', async ({ page }) => {
	assert(fixture, 'the first test made the products');
	const a = String(fixture.products[0].id);
	await login(page, adminUrl('edit.php?post_type=product'));
	let r;

	// Dry run: nothing sent, "would update" for a pushed product.
	r = await bulk(page, [a], 'erpsync_vasco_push_dry');
	assert(r[a].result === 'would update the existing article', `dry run: ${JSON.stringify(r[a])}`);
	assert(r[a].text.includes('sifra: PUSH-1') && r[a].text.includes('prodajnaCena'), `dry run payload: ${r[a].text}`);
	assert((await page.locator('.erpsync-vasco-push').innerText()).includes('nothing was sent'), 'dry run heading');

	// Again for real: updated, and the product screen's box shows the last push.
	r = await bulk(page, [a], 'erpsync_vasco_push');
	assert(r[a].result === 'updated in VASCO', `second push: ${JSON.stringify(r[a])}`);
	await gotoAdmin(page, `post.php?post=${a}&action=edit`);
	const box = page.locator('#erpsync-vasco-push');
	await box.waitFor();
	const text = await box.innerText();
	assert(text.includes('Last push: updated in VASCO') && text.includes('PUSH-1'), `product box: ${text}`);
	assert(await box.locator('a.erpsync-vasco-send').count() === 1, 'no Send to VASCO button on the product screen');
});
