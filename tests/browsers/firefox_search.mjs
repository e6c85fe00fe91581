// Search in Debian's Firefox ESR, as a reader of the offline bundle would (tests/test_firefox.py).
// Firefox is driven over WebDriver BiDi by puppeteer-core (npm), with no browser download: playwright's
// own Firefox build cannot be installed here. Usage: node firefox_search.mjs PAGE_URL QUERY...
// Prints one JSON object: the result links per query, the requests made and the page's errors.
import puppeteer from "puppeteer-core";

const [url, ...queries] = process.argv.slice(2);
// Results are read once all of them are shown (RESULTS_SHOWN in tests/pages.py).
const resultsShown = process.env.RESULTS_SHOWN;
if (!resultsShown) throw new Error("RESULTS_SHOWN: the selector of a finished result list");
const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath: process.env.FIREFOX || "/usr/bin/firefox-esr",
  headless: true,
  // No update checks, telemetry or other traffic of the browser's own on this closed network.
  extraPrefsFirefox: { "app.update.enabled": false, "network.captive-portal-service.enabled": false,
    "datareporting.policy.dataSubmissionEnabled": false, "browser.safebrowsing.malware.enabled": false },
});
const out = { results: {}, requests: [], errors: [] };
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  page.on("request", (request) => out.requests.push(request.url()));
  page.on("pageerror", (error) => out.errors.push(String(error)));
  page.on("console", (message) => { if (message.type() === "error") out.errors.push(message.text()); });
  for (const query of queries) {
    await page.goto(url, { waitUntil: "load" });
    await page.type("input.md-search__input", query);
    try {
      await page.waitForSelector(resultsShown, { timeout: 20000 });
      out.results[query] = await page.$$eval(".md-search-result__item > a", (links) => links.map((a) => a.href));
    } catch (error) {
      out.results[query] = [];
      out.errors.push(`no result for ${query}: ${error}`);
    }
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
