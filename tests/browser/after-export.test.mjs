// Orders that need the owner after the export, in a real browser: Logistos exports in doubt resolved many at once
// with the two bulk actions of the orders list (nonce and all, through the list's own form), and an order cancelled
// after the export shown as "changed after export" in the orders list and the meta box.
import { test, login, adminUrl, gotoAdmin, assert, fixture } from './lib.mjs';

// On the orders list page already (the list's form is used as is; its bulk nonce comes with it).
async function bulk(page, ids, action) {
	for (const id of ids) {
		await page.locator(`input[type=checkbox][value="${id}"]`).first().check();
	}
	await page.selectOption('#bulk-action-selector-top', action);
	await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.click('#doaction')]);
	const notice = page.locator('.erpsync-logistos-bulk');
	await notice.waitFor();
	return (await notice.innerText()).trim();
}

function cell(page, id) {
	return page.locator(`tr:has(a[href*="id=${id}"]), tr#post-${id}, tr#order-${id}`).locator('.erpsync-cell');
}

test('Logistos: failed exports marked as received and retried in bulk from the orders list', async ({ page }) => {
	fixture('reset');
	const f = fixture('logistos-failed');
	const [a, b, c, exported] = f.ids;
	await login(page, adminUrl(f.list_path));
	const options = await page.locator('#bulk-action-selector-top option').allTextContents();
	assert(options.includes('Logistos: Mark as received by the back-office'), `bulk actions: ${options.join(', ')}`);
	assert(options.includes('Logistos: Retry failed exports'), `bulk actions: ${options.join(', ')}`);
	assert((await cell(page, a).innerText()).includes('Logistos · stopped'), `cell before: ${await cell(page, a).innerText()}`);

	let text = await bulk(page, [a, b, exported], 'erpsync_logistos_received');
	assert(text.includes('2 orders marked as received') && text.includes('1 order was left alone'), `notice: ${text}`);
	for (const id of [a, b]) {
		const t = (await cell(page, id).innerText()).trim();
		assert(t === `Logistos · ${id}`, `order ${id} after Mark as received: "${t}"`);
	}
	text = await bulk(page, [c], 'erpsync_logistos_retry'); // the list again, after the redirect
	assert(text.includes('1 order queued again'), `notice: ${text}`);
	const t = (await cell(page, c).innerText()).trim();
	assert(t === 'Logistos · queued', `order ${c} after Retry: "${t}"`);
});

test('an order cancelled after the export shows "changed after export" in the list and the meta box', async ({ page }) => {
	fixture('reset');
	const f = fixture('changed-order');
	await login(page, adminUrl(f.list_path));
	const t = (await cell(page, f.order_id).innerText()).trim();
	assert(t.includes('VASCO · 77') && t.includes('changed after export'), `orders list cell: "${t}"`);
	await gotoAdmin(page, f.edit_path);
	const box = await page.locator('#erpsync-order').innerText();
	assert(box.includes('changed after export: correct it in the back-office'), `meta box: ${box}`);
	assert(box.includes('cancelled after the export'), `meta box: ${box}`);
	const notes = await page.locator('ul.order_notes').innerText();
	assert(notes.includes('VASCO still holds document 77') && notes.includes('by hand'), `order notes: ${notes}`);
});
