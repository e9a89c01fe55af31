/**
 * Browser tests of the agent and supervisor pages: a real headless Chromium driven through the
 * system's chromedriver by Selenium, against the deployed EAR. They assert what a user sees on the
 * page and save a screenshot of each page under {@code it/target/screenshots/}.
 */
package org.switchboard.it.browser;
