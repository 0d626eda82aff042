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
      await row(1).locator('[data-cf-field="compliance_year"]').fill("2020");
      await row(2).locator('[data-cf-field="households"]').fill("86o");
      await page.click('button[type="submit"]');
      await row(1).locator("details summary").last().click();
    },
  },
  {
    name: "cadre-pay-standard",
    path: "/cadre-pay-standard.html",
    act: async (page) => {
      await page.fill("#pay", "20000");
      await page.click('button[type="submit"]');
      await page.click("#minimum-working summary");
    },
  },
  { name: "project-allocation", path: "/project-allocation.html", act: async (page) => {
      await page.locator('tbody tr').nth(11).locator('[data-cf-field="poverty_count"]').fill("6");
      await page.click('button[type="submit"]');
  } },
  { name: "poverty-project-filing", path: "/poverty-project-filing.html", act: async (page) => {
      await page.locator('tbody tr').nth(1).locator('[data-cf-field="center_name"]').fill("苍坪村服务中心");
      await page.locator('tbody tr').nth(1).locator('[data-cf-field="building_area"]').fill("580");
      await page.click('button[type="submit"]');
  } },
  { name: "demo-project-filing", path: "/demo-project-filing.html", act: async (page) => {
      await page.fill('[data-cf-field="city_funding"]', "200000元");
      await page.click('button[type="submit"]');
  } },
  { name: "poverty-project-acceptance", path: "/poverty-project-acceptance.html", act: async (page) => {
      await page.fill('[data-cf-field="overlap_members"]', "6");
      await page.fill('[data-cf-field="fulltime_staff"]', "7");
      await page.click('button[type="submit"]');
      await page.locator('details[data-cf-explain] summary').first().click();
  } },
  { name: "demo-project-completion", path: "/demo-project-completion.html", act: async (page) => {
      await page.fill('[data-cf-field="completion_date"]', "2021年1月");
      await page.click('button[type="submit"]');
  } },
  { name: "jinjiang-governance-application", path: "/jinjiang-governance-application.html", act: async (page) => {
      await page.check('input[value="泉州市级"]');
      await page.fill('[data-cf-field="goals"]', "加强社区治理，提升服务水平");
      await page.click('button[type="submit"]');
  } },
  { name: "service-indicators", path: "/service-indicators.html", act: async (page) => {
      await page.locator('tbody tr').nth(0).locator('[data-cf-field="social_workers"]').fill("1");
      await page.click('button[type="submit"]');
  } },
  // The reviewers' page: a workbook whose urban and rural communities are on sheets of their own.
  { name: "ledger", path: "/ledger.html", form: false, act: async (page) => {
      await page.setInputFiles("#file", root + "tests/data/ledger-sheets.xlsx");
      await page.click('button[type="submit"]');
      await page.waitForFunction(() => /核查完成/.test(document.getElementById("status").textContent));
  } },
];
for (const s of shots) {
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  await page.goto(server.url + s.path);
  if (s.form !== false) {
    await page.waitForFunction(() => window.CommunityForms && CommunityForms.ready);
    await page.evaluate(() => CommunityForms.ready);
  }
  await s.act(page);
  await page.waitForTimeout(150);
  await page.screenshot({ path: `${root}docs/screenshots/${s.name}.png`, fullPage: true });
  await page.close();
  console.log("docs/screenshots/" + s.name + ".png");
}
await browser.close();
await server.close();
