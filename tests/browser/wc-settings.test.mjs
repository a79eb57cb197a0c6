// WooCommerce > Settings in a real browser, logged in as the admin: the page renders, and erpsync adds its tab.
import { test, login, adminUrl, assert } from './lib.mjs';

const WC_SETTINGS = 'admin.php?page=wc-settings';

test('admin opens WooCommerce > Settings and sees the General tab', async ({ page }) => {
	await login(page, adminUrl(WC_SETTINGS)); // the login form's redirect_to: straight there, as from a bookmark
	const url = new URL(page.url());
	assert(url.pathname === '/wp-admin/admin.php' && url.searchParams.get('page') === 'wc-settings',
		`expected to stay on admin.php?page=wc-settings, landed on ${page.url()}`);
	// The settings form and its tab bar (WooCommerce's html-admin-settings.php).
	await page.locator('form#mainform').waitFor({ state: 'attached' });
	const tabs = page.locator('nav.woo-nav-tab-wrapper a.nav-tab, .nav-tab-wrapper a.nav-tab');
	assert(await tabs.count() > 0, 'no settings tabs (a.nav-tab) on wc-settings');
	const general = page.locator('a.nav-tab[href*="tab=general"]');
	assert(await general.count() === 1, 'no "General" tab link (href with tab=general) on wc-settings');
	assert((await general.innerText()).trim() === 'General', `General tab reads "${(await general.innerText()).trim()}"`);
	assert(await general.evaluate((a) => a.classList.contains('nav-tab-active')), 'General is not the active tab on wc-settings');
	// General's own fields: the store address section.
	await page.locator('#woocommerce_store_address').waitFor({ state: 'visible' });
});

test('WooCommerce > Settings has the erpsync tab (href with tab=erpsync)', async ({ page }) => {
	await login(page, adminUrl(WC_SETTINGS)); // the login form's redirect_to: straight there, as from a bookmark
	await page.locator('form#mainform').waitFor({ state: 'attached' });
	const erpsync = page.locator('a.nav-tab[href*="tab=erpsync"]');
	const n = await erpsync.count();
	if (n !== 1) {
		const hrefs = await page.locator('a.nav-tab').evaluateAll((as) => as.map((a) => new URL(a.href).searchParams.get('tab')));
		throw new Error(`expected 1 tab link with tab=erpsync on wc-settings, found ${n}; tabs present: ${hrefs.join(', ')}`
			+ ' (the erpsync settings tab, php-plugin/erpsync/src/Admin/, is missing or not registered with woocommerce_settings_tabs_array)');
	}
});
