/**
 * Browser end-to-end tests: the real WAR on Payara Micro in a child process, the bundled page in Debian's Chromium
 * driven by Playwright (Node scripts in src/test/browser). {@link dev.parley.browser.BrowserIT} runs them.
 */
package dev.parley.browser;
