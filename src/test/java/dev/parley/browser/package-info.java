/**
 * Browser end-to-end tests: the real WAR on the default server (WildFly, see {@link dev.parley.testing.TestServers})
 * in a child process, the bundled page in Debian's Chromium driven by Playwright (Node scripts in src/test/browser).
 * {@link dev.parley.browser.BrowserIT} runs them.
 */
package dev.parley.browser;
