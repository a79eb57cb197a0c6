// The erpsync admin pages in a real browser: the VASCO settings section saved through the form (the password is
// never sent back to the browser), Test connection in words, an order whose export failed (meta box with the
// reason, Retry, orders-list column), and a shop manager without manage_woocommerce refused.
import { test, login, loginAs, adminUrl, gotoAdmin, assert, fixture } from './lib.mjs';

const SIM = process.env.ERPSYNC_SIM_URL;
const VASCO = 'admin.php?page=wc-settings&tab=erpsync&section=vasco';

test('VASCO settings: saved from the form, password never echoed, Test connection says Connected', async ({ page }) => {
	fixture('reset');
	await login(page, adminUrl(VASCO));
	await page.locator('form#mainform').waitFor({ state: 'attached' });
	await page.check('#erpsync_vasco_enabled');
	await page.fill('#erpsync_vasco_production_base_url', `${SIM}/vasco`);
	await page.fill('#erpsync_vasco_production_username', 'vasco');
	await page.fill('#erpsync_vasco_production_password', 'vasco-pass');
	await page.fill('#erpsync_vasco_production_tax_number', '12345678');
	await page.fill('#erpsync_vasco_payment_codes_bacs', '3');
	await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.click('button[name="save"]')]);
	const html = await page.content();
	assert(html.includes('Your settings have been saved.'), 'no "Your settings have been saved." after Save');
	assert(!html.includes('vasco-pass'), 'the saved password is in the page');
	const pw = page.locator('#erpsync_vasco_production_password');
	assert((await pw.getAttribute('type')) === 'password', 'the password input is not type=password');
	assert((await pw.inputValue()) === '', 'the password input is not empty after saving');
	assert((await pw.getAttribute('placeholder')).includes('saved'), 'the password placeholder does not say it is saved');
	assert((await page.inputValue('#erpsync_vasco_payment_codes_bacs')) === '3', 'the payment code of bacs was not kept');

	await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.click('a.erpsync-test-connection')]);
	const result = page.locator('.erpsync-test-result');
	await result.waitFor();
	const text = (await result.innerText()).trim();
	assert(text.startsWith('Connected to VASCO'), `Test connection said: ${text}`);
	assert(!(await page.content()).includes('vasco-pass'), 'the password is in the page after Test connection');
});

test('a failed export shows its reason; after fixing the setting, Retry sends it through the real queue', async ({ page }) => {
	fixture('reset');
	const f = fixture('failed-order');
	assert(f.outcome === 'failed', `fixture: the export should fail, it was ${f.outcome}`);
	await login(page, adminUrl(f.edit_path));
	const box = page.locator('#erpsync-order');
	await box.waitFor();
	const boxText = await box.innerText();
	assert(boxText.includes('failed'), `meta box: ${boxText}`);
	assert(boxText.includes('bacs'), `meta box does not name the unmapped gateway: ${boxText}`);

	// The owner gives the gateway its payment code ...
	await gotoAdmin(page, VASCO);
	await page.fill('#erpsync_vasco_payment_codes_bacs', '3');
	await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.click('button[name="save"]')]);
	// ... and presses Retry on the order.
	await gotoAdmin(page, f.edit_path);
	await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.locator('#erpsync-order a.erpsync-retry').click()]);
	const notice = page.locator('.erpsync-queued');
	await notice.waitFor();
	assert((await notice.innerText()).includes('1 export queued'), `notice: ${await notice.innerText()}`);

	// The queued action, run by hand from WooCommerce > Status > Scheduled Actions (Action Scheduler's own admin
	// screen; without this its async runner would pick it up within about a minute).
	await gotoAdmin(page, 'admin.php?page=wc-status&tab=action-scheduler&status=pending&s=erpsync_export_order');
	const row = page.locator('tbody tr', { hasText: 'erpsync_export_order' }).filter({ hasText: new RegExp(`order_id'?\\s*=>\\s*${f.order_id}\\b`) });
	if (await row.count() === 1) { // else Action Scheduler's async runner has taken it already
		await row.hover();
		await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), row.locator('.row-actions .run a').click()]);
	}
	const list = f.edit_path.includes('page=wc-orders') ? 'admin.php?page=wc-orders' : 'edit.php?post_type=shop_order';
	let text = '';
	for (let i = 0; i < 30; i++) {
		await gotoAdmin(page, list);
		const cell = page.locator(`tr:has(a[href*="id=${f.order_id}"]), tr#post-${f.order_id}, tr#order-${f.order_id}`).locator('.erpsync-cell');
		assert(await cell.count() === 1, `orders list: no Back-office cell for order ${f.order_id}`);
		text = (await cell.innerText()).trim();
		if (text === `VASCO · ${f.order_number}`) break;
		await page.waitForTimeout(1000);
	}
	assert(text === `VASCO · ${f.order_number}`, `orders list cell after 30 s: "${text}" (expected the VASCO number ${f.order_number})`);
	assert(await page.locator(`tr:has(a[href*="id=${f.order_id}"]), tr#post-${f.order_id}, tr#order-${f.order_id}`).locator('.erpsync-cell mark.order-status.status-processing').count() === 1, 'the sent order has no green WooCommerce status pill');
	await gotoAdmin(page, f.edit_path);
	const done = await page.locator('#erpsync-order').innerText();
	assert(done.includes('sent') && done.includes(`Document ${f.order_number}`), `meta box after sending: ${done}`);
	assert(!(await page.locator('#erpsync-order a.erpsync-retry').count()), 'a sent order still offers Retry');
});

test('a shop manager without manage_woocommerce is refused the settings and the actions', async ({ page }) => {
	const m = fixture('manager');
	await loginAs(page, m.user, m.pass, adminUrl('profile.php'));
	const res = await page.goto(adminUrl(VASCO), { waitUntil: 'domcontentloaded' });
	const body = await page.locator('body').innerText();
	assert(res.status() === 403 || /not allowed/i.test(body), `settings page: HTTP ${res.status()}: ${body.slice(0, 200)}`);
	assert(!(await page.locator('#erpsync_vasco_production_username').count()), 'the settings form was shown');
	const act = await page.goto(adminUrl('admin-post.php?action=erpsync_test_connection&connector=vasco'), { waitUntil: 'domcontentloaded' });
	assert(act.status() === 403, `admin-post test connection: HTTP ${act.status()}`);
	assert((await page.locator('body').innerText()).includes('You are not allowed to do this.'), 'no refusal message');
});

test('SORS: the database, then its business unit, are picked from lists the API gave', async ({ page }) => {
	fixture('reset');
	await login(page, adminUrl('admin.php?page=wc-settings&tab=erpsync&section=sors'));
	await page.check('#erpsync_sors_enabled');
	await page.fill('#erpsync_sors_base_url', `${SIM}/sors`);
	await page.fill('#erpsync_sors_api_key', 'sors-test-key');
	await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.click('button[name="save"]')]);
	// With the key saved, the database and the business unit are selects filled from the API.
	const db = page.locator('select#erpsync_sors_database');
	await db.waitFor();
	const dbs = await db.locator('option').allTextContents();
	assert(dbs.includes('Shop2026') && dbs.includes('Demo2'), `database options: ${dbs.join(', ')}`);
	assert(!(await page.locator('select#erpsync_sors_business_unit').count()), 'business units listed before a database is chosen');
	assert((await page.locator('body').innerText()).includes('Choose and save the database to pick from the list.'), 'no hint to choose the database first');
	await db.selectOption('Shop2026');
	await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.click('button[name="save"]')]);
	// The business units of that database are now listed.
	await page.locator('select#erpsync_sors_business_unit').selectOption('2');
	await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.click('button[name="save"]')]);
	assert((await page.inputValue('select#erpsync_sors_database')) === 'Shop2026', 'the chosen database was not kept');
	const unit = await page.locator('select#erpsync_sors_business_unit option:checked').innerText();
	assert(unit.includes('Prodavnica Novi Sad'), `business unit after saving: ${unit}`);
	assert(!(await page.content()).includes('sors-test-key'), 'the API key is in the page');
});

test('Logistos: no Connect button before consent; after it, the handshake connects and says so', async ({ page }) => {
	fixture('reset');
	await login(page, adminUrl('admin.php?page=wc-settings&tab=erpsync&section=logistos'));
	await page.check('#erpsync_logistos_enabled');
	await page.fill('#erpsync_logistos_handshake_url', `${SIM}/logistos/integration/integrate_woo_commerce`);
	await page.fill('#erpsync_logistos_orders_url', `${SIM}/logistos/integration/woo_commerce_orders`);
	await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.click('button[name="save"]')]);
	assert(!(await page.locator('a.erpsync-logistos-connect').count()), 'a Connect button without consent');
	await page.check('#erpsync_logistos_consent');
	await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.click('button[name="save"]')]);
	await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.click('a.erpsync-logistos-connect')]);
	const result = (await page.locator('.erpsync-test-result').innerText()).trim();
	assert(result.startsWith('Logistos: connected'), `after Connect: ${result}`);
	assert(await page.locator('.erpsync-handshake-done').count() === 1, 'the section does not say it is connected');
	assert(!/cs_[0-9a-f]{20,}/.test(await page.content()), 'a consumer secret is in the page');
});
