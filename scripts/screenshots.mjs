// Regenerates docs/screenshots/*.png: each demo page with problems shown, as a person sees it.
// Run after scripts/build.sh: node scripts/screenshots.mjs
import { launch, startServer, root } from "../tests/js/helpers.mjs";

const server = await startServer();
const browser = await launch();
const shots = [
  {
    name: "facility-ledger",
    path: "/facility-ledger.html",
    act: async (page) => {
      const row = (i) => page.locator("tbody[data-cf-table] tr").nth(i);
      await page.waitForFunction(() => document.querySelector('output[data-cf-field="total_area"]')?.textContent !== "");
      await row(1).locator('[data-cf-field="compliance_year"]').fill("2020");
      await row(2).locator('[data-cf-field="households"]').fill("86o");
      await page.click('button[type="submit"]');
      await row(1).locator("details summary").click();
    },
  },
  {
    name: "cadre-pay-standard",
    path: "/cadre-pay-standard.html",
    act: async (page) => {
      await page.waitForFunction(() => document.querySelector("#minimum").textContent !== "");
      await page.fill("#pay", "20000");
      await page.click('button[type="submit"]');
      await page.click("#minimum-working summary");
    },
  },
];
for (const s of shots) {
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  await page.goto(server.url + s.path);
  await s.act(page);
  await page.waitForTimeout(150);
  await page.screenshot({ path: `${root}docs/screenshots/${s.name}.png`, fullPage: true });
  await page.close();
  console.log("docs/screenshots/" + s.name + ".png");
}
await browser.close();
await server.close();
