// WooCommerce → Settings → ERP Sync → Sitoo in a real browser, Sitoo on against the simulator: the site and the
// warehouse are picked from the lists Sitoo gives (the warehouse labelled virtual/physical), the Autosync and
// Triggers groups are there, the system-cron line is shown; saving a Virtual warehouse with autosync on keeps the
// type and schedules the autosync. The section is saved as docs/screenshots/settings-sitoo.png with
// $ERPSYNC_SCREENSHOTS_DIR (scripts/screenshots.sh), else in .work/logs/browser/screens/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test, login, adminUrl, assert, fixture, ROOT, LOG_DIR } from './lib.mjs';

const SECTION = 'admin.php?page=wc-settings&tab=erpsync&section=sitoo';
const SHOTS = process.env.ERPSYNC_SCREENSHOTS_DIR ? join(ROOT, process.env.ERPSYNC_SCREENSHOTS_DIR) : join(LOG_DIR, 'screens');

/** The options of a select: [[value, text], ...]. */
async function options(page, selector) {
	return page.locator(`${selector} option`).evaluateAll((os) => os.map((o) => [o.value, o.textContent.trim()]));
}

test('Sitoo settings: site and warehouse from the API, the cron line, saving keeps the warehouse type', async ({ page }) => {
	fixture('sitoo-settings');
	await login(page, adminUrl(SECTION));
	await page.locator('form#mainform').waitFor({ state: 'attached' });

	const sites = await options(page, 'select#erpsync_sitoo_siteid');
	assert(JSON.stringify(sites) === JSON.stringify([['1', '1 – Webshop']]), `site options: ${JSON.stringify(sites)}`);
	const wh = await options(page, 'select#erpsync_sitoo_warehouse_id');
	assert(wh.length === 3, `warehouse options: ${JSON.stringify(wh)}`);
	assert(wh.some(([v, t]) => v === '3' && t === '3 – Supplier (virtual) (virtual)'), `no Virtual warehouse 3 in ${JSON.stringify(wh)}`);
	assert(wh.some(([v, t]) => v === '2' && t === '2 – Store Stockholm (physical)'), `no physical warehouse 2 in ${JSON.stringify(wh)}`);

	const cron = (await page.locator('code.erpsync-cron-line').innerText()).trim();
	assert(/^\* \* \* \* \* cd \S+ && wp erpsync queue run$/.test(cron), `cron line: "${cron}"`);
	assert((await page.locator('.erpsync-autosync-stock').innerText()).includes('off'), 'autosync shown as off before saving');
	for (const group of ['Autosync', 'Triggers']) {
		assert(await page.locator('#mainform h2', { hasText: group }).count() === 1, `no "${group}" group heading`);
	}
	assert((await page.locator('label[for="erpsync_sitoo_force_stock"], tr:has(#erpsync_sitoo_force_stock)').first().innerText()).includes('Not recommended live'),
		'the force-stock warning is not shown');

	// Pick the Virtual warehouse, switch the autosync on (Store2Door orders), save.
	await page.selectOption('select#erpsync_sitoo_warehouse_id', '3');
	await page.check('#erpsync_sitoo_autosync_enabled');
	await page.selectOption('select#erpsync_sitoo_autosync_orders', 'store2door');
	await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.click('#mainform button[name="save"]')]);
	assert(await page.locator('#message.updated, .notice-success, div.updated').count() > 0, 'no "settings saved" notice');
	assert(await page.locator('select#erpsync_sitoo_warehouse_id').inputValue() === '3', 'warehouse 3 not kept');
	const stock = (await page.locator('.erpsync-autosync-stock').innerText()).trim();
	assert(stock.includes('every 3 min'), `stock schedule after saving: "${stock}"`);
	const saved = fixture('sitoo-state');
	assert(saved.warehouse_type === 'virtual' && saved.autosync_orders === 'store2door' && saved.stock_action === true,
		`saved: ${JSON.stringify(saved)}`);

	mkdirSync(SHOTS, { recursive: true });
	await page.evaluate(() => { if (document.activeElement) document.activeElement.blur(); window.scrollTo(0, 0); });
	await page.screenshot({ path: join(SHOTS, 'settings-sitoo.png'), fullPage: true });
});
