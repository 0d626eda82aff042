#!/usr/bin/env python3
"""Writes the demo pages of www/ for the seed forms (run once; the pages are committed as plain
HTML, the way a bureau's server would render them). Each page stands for an existing government
form: the official headings, column order, 合计 rows and footers, the page's own CSS, and
community-forms added by one script tag and data attributes."""
import html, json, pathlib

WWW = pathlib.Path(__file__).resolve().parents[2] / "www"
E = html.escape

def page(title, banner, h1, doc_no, form_id, body, notes="", extra_scripts=""):
    return f'''<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{E(title)}</title>
  <link rel="stylesheet" href="gov.css">
</head>
<body>
<div class="gov-banner" role="banner">{E(banner)}</div>
<nav class="gov-nav" aria-label="导航"><a href="index.html">填报首页</a><a href="{form_id}.html" aria-current="page">{E(h1)}</a></nav>
<main>
  <h1>{E(h1)}</h1>
  <p class="doc-no">{E(doc_no)}</p>
  <p class="notice" data-cf-unavailable hidden>本页的即时校验未能启用，您仍可照常填写和提交，提交后由工作人员审核。</p>
  <div data-cf-summary hidden></div>
  <form data-cf-form="{form_id}" data-cf-explain-all action="/submit" method="post">
{body}
{notes}
    <div class="buttons"><button type="submit">提交</button></div>
  </form>
</main>
<footer class="footer"><p>本页校验在您的浏览器内完成，填写内容不会发送到任何第三方。</p></footer>
<script src="pkg/community-forms.standalone.js"></script>
{extra_scripts}</body>
</html>
'''

def inp(field, label, value="", size=None, mode=None, name=None, kind="input", options=None, rows=3):
    n = name or field
    if kind == "textarea":
        return f'<label class="block">{E(label)}<br><textarea data-cf-field="{field}" name="{n}" rows="{rows}" cols="80">{E(value)}</textarea></label>'
    if kind == "select":
        opts = "".join(f'<option{" selected" if o == value else ""}>{E(o)}</option>' for o in options)
        return f'<label>{E(label)}：<select data-cf-field="{field}" name="{n}"><option value="">请选择</option>{opts}</select></label>'
    s = f' size="{size}"' if size else ""
    m = f' inputmode="{mode}"' if mode else ""
    return f'<label>{E(label)}：<input data-cf-field="{field}" name="{n}" value="{E(value)}"{s}{m}></label>'

def out(field):
    return f'<output data-cf-field="{field}"></output>'

def cell_input(table, field, label, value="", mode=None, kind="input", options=None):
    attrs = f'data-cf-field="{field}" data-name="{field}" data-label="{E(label)}"'
    if kind == "select":
        opts = "".join(f'<option{" selected" if o == value else ""}>{E(o)}</option>' for o in options)
        return f'<td><select {attrs}><option value="">请选择</option>{opts}</select></td>'
    if kind == "checkbox":
        chk = " checked" if value else ""
        return f'<td><input type="checkbox" {attrs}{chk}></td>'
    m = f' inputmode="{mode}"' if mode else ""
    return f'<td><input {attrs}{m} value="{E(value)}"></td>'

def table_rows(table, cols, rows, computed_after=None):
    """cols: list of (field, label, kind, mode|options) or ('=', field) for computed outputs."""
    def one(vals):
        cells = ['<td class="row-no"></td>']
        for c in cols:
            if c[0] == "=":
                cells.append(f'<td><output data-cf-field="{c[1]}"></output></td>')
            else:
                f, label, kind, extra = c
                if kind == "select":
                    cells.append(cell_input(table, f, label, vals.get(f, ""), kind="select", options=extra))
                elif kind == "checkbox":
                    cells.append(cell_input(table, f, label, vals.get(f, ""), kind="checkbox"))
                else:
                    cells.append(cell_input(table, f, label, vals.get(f, ""), mode=extra))
        cells.append('<td><button type="button" class="link remove-row">删除</button></td>')
        return '        <tr data-cf-row>' + "".join(cells) + "</tr>\n"
    body = "".join(one(r) for r in rows)
    template = one({})
    return body, template

def write(name, text):
    (WWW / name).write_text(text, encoding="utf-8")
    print("www/" + name)

# ---------------------------------------------------------------- 附件1 allocation
alloc = json.loads((WWW.parent / "src/forms/data/project-allocation-2019.json").read_text(encoding="utf-8"))
cols = [("district", "区县", "input", None), ("poverty_count", "脱贫攻坚项目个数", "input", "numeric"), ("=", "poverty_amount"),
        ("demo_count", "示范培育项目个数", "input", "numeric"), ("=", "demo_amount"), ("=", "total_amount"),
        ("finance_amount", "财政（万元）", "input", "decimal"), ("lottery_amount", "福彩（万元）", "input", "decimal")]
body, tmpl = table_rows("districts", cols, alloc["districts"])
write("project-allocation.html", page(
    "2019年城乡社区建设市级支持项目分配表 - 重庆市民政局", "重庆市民政局 · 城乡社区建设", "2019年城乡社区建设市级支持项目分配表",
    "附件1（渝民〔2016〕162号；渝财社〔2019〕135号）", "project-allocation", f'''    <table class="form-table">
      <caption class="visually-hidden">各区县项目分配</caption>
      <thead>
        <tr><th rowspan="2" scope="col">序号</th><th rowspan="2" scope="col">区 县</th><th colspan="2" scope="colgroup">脱贫攻坚项目</th><th colspan="2" scope="colgroup">示范培育项目</th><th colspan="3" scope="colgroup">金额（万元）</th><th rowspan="2" scope="col"><span class="visually-hidden">操作</span></th></tr>
        <tr><th scope="col">个数</th><th scope="col">金额</th><th scope="col">个数</th><th scope="col">金额</th><th scope="col">合计</th><th scope="col">财政</th><th scope="col">福彩</th></tr>
      </thead>
      <tbody id="districts" data-cf-table="districts" data-template="district-row">
{body}      </tbody>
      <tfoot>
        <tr><td colspan="2">合计</td><td>{out("total_poverty_count")}</td><td>{out("total_poverty_amount")}</td><td>{out("total_demo_count")}</td><td>{out("total_demo_amount")}</td><td>{out("total_amount")}</td><td>{out("total_finance")}</td><td>{out("total_lottery")}</td><td></td></tr>
      </tfoot>
    </table>
    <template id="district-row">
{tmpl}    </template>
    <p><button type="button" class="secondary" data-add-row="districts">添加一行</button></p>''',
    '    <div class="notes"><p>说明：脱贫攻坚项目每个市级补助50万元（共32个），示范培育项目每个补助20万元（共20个）；财政与福彩之和应等于金额合计。</p></div>',
    '<script src="rows.js"></script>\n'))

# ---------------------------------------------------------------- 附件2 poverty filing
cols = [("center_name", "便民服务中心名称", "input", None), ("address", "详细地址", "input", None),
        ("building_area", "建筑面积（平方米）", "input", "decimal"), ("service_hall_area", "其中：公共服务大厅", "input", "decimal"),
        ("expected_completion", "预计竣工时间", "input", None), ("city_subsidy", "市级补助（万元）", "input", "decimal"),
        ("county_funds", "区县安排（万元）", "input", "decimal"), ("township_funds", "乡镇（街道）安排（万元）", "input", "decimal"),
        ("=", "total_investment"), ("construction_type", "建设性质", "select", ["新建", "改扩建"]),
        ("existing_area", "改造前面积（平方米）", "input", "decimal")]
rows = [dict(center_name="坪坝镇新华村便民服务中心", address="城口县坪坝镇新华村3组", building_area="650", service_hall_area="120", expected_completion="2020年10月", city_subsidy="50", county_funds="30", township_funds="5", construction_type="新建", existing_area="150"),
        dict(center_name="北屏乡苍坪村便民服务中心", address="城口县北屏乡苍坪村", building_area="620", service_hall_area="100", expected_completion="2020年12月底", city_subsidy="50", county_funds="25", construction_type="改扩建", existing_area="180")]
body, tmpl = table_rows("projects", cols, rows)
write("poverty-project-filing.html", page(
    "2019年脱贫攻坚市级支持项目备案表 - 区县民政局", "重庆市区县民政局 · 城乡社区建设项目备案", "2019年脱贫攻坚市级支持项目备案表",
    "附件2（请于2019年12月底前报市民政局备案）", "poverty-project-filing", f'''    <div class="row">
      {inp("district", "区县", "城口县", 8)}
      {inp("civil_affairs_bureau", "区县民政局名称（公章）", "城口县民政局", 16)}
      {inp("finance_bureau", "区县财政局名称（公章）", "城口县财政局", 16)}
      {inp("filing_date", "填报时间", "2019年12月20日", 14)}
    </div>
    <p class="hint">分配表中本区县的脱贫攻坚项目：{out("allocated_projects")}个，市级补助{out("allocated_subsidy")}万元。</p>
    <table class="form-table">
      <caption class="visually-hidden">项目</caption>
      <thead>
        <tr><th rowspan="2" scope="col">序号</th><th rowspan="2" scope="col">便民服务中心名称</th><th rowspan="2" scope="col">详细地址</th><th colspan="2" scope="colgroup">建筑面积（平方米）</th><th rowspan="2" scope="col">预计竣工时间</th><th colspan="4" scope="colgroup">总投资（万元）</th><th rowspan="2" scope="col">建设性质（新建或改扩建）</th><th rowspan="2" scope="col">改造前面积（平方米）</th><th rowspan="2" scope="col"><span class="visually-hidden">操作</span></th></tr>
        <tr><th scope="col">建筑面积</th><th scope="col">其中：公共服务大厅</th><th scope="col">市级补助</th><th scope="col">区县安排</th><th scope="col">乡镇（街道）安排</th><th scope="col">合计</th></tr>
      </thead>
      <tbody id="projects" data-cf-table="projects" data-template="project-row">
{body}      </tbody>
      <tfoot>
        <tr><td colspan="3">合计（{out("project_count")}个项目）</td><td>{out("total_building_area")}</td><td>{out("total_service_hall_area")}</td><td>——</td><td>{out("total_city_subsidy")}</td><td>{out("total_county_funds")}</td><td>{out("total_township_funds")}</td><td>{out("total_investment_sum")}</td><td>——</td><td colspan="2"></td></tr>
      </tfoot>
    </table>
    <template id="project-row">
{tmpl}    </template>
    <p><button type="button" class="secondary" data-add-row="projects">添加一行</button></p>
    <div class="signature">
      {inp("filled_by", "填表人", "", 8)}
      {inp("phone", "联系电话", "", 14, "tel")}
      {inp("bureau_head", "区县民政局负责人", "", 8)}
      {inp("finance_head", "区县财政局负责人", "", 8)}
    </div>''',
    '    <div class="notes"><p>注：便民服务中心名称请按“××街道（镇）××村（社区）便民服务中心”格式填写。便民服务中心面积应不低于600平方米；每个项目市级补助50万元；所有项目应在2020年12月底前建设完工。</p></div>',
    '<script src="rows.js"></script>\n'))

# ---------------------------------------------------------------- 附件3 demo filing
write("demo-project-filing.html", page(
    "2019年市级示范项目备案表", "重庆市区县民政局 · 城乡社区建设项目备案", "2019年市级示范项目备案表", "附件3（请于2019年12月底前报市民政局备案）",
    "demo-project-filing", f'''    <table class="form-table form-grid">
      <caption>一、项目基本情况</caption>
      <tbody>
        <tr><th scope="row"><label for="dp-district">区县</label></th><td><input id="dp-district" data-cf-field="district" name="district" value="开州区"></td>
            <th scope="row"><label for="dp-date">填报时间</label></th><td><input id="dp-date" data-cf-field="filing_date" name="filing_date" value="2019-12-18"></td></tr>
        <tr><th scope="row"><label for="dp-name">项目名称</label></th><td colspan="3"><input id="dp-name" data-cf-field="project_name" name="project_name" value="推广“三事分流”社区治理示范培育"></td></tr>
        <tr><th scope="row"><label for="dp-contact">联系人</label></th><td><input id="dp-contact" data-cf-field="contact" name="contact" value="赵六"></td>
            <th scope="row"><label for="dp-phone">联系电话</label></th><td><input id="dp-phone" data-cf-field="phone" name="phone" inputmode="tel" value="023-52222222"></td></tr>
      </tbody>
    </table>
    <table class="form-table form-grid">
      <caption>二、培育主要内容、目标任务及措施</caption>
      <tbody><tr><td><label class="visually-hidden" for="dp-content">培育主要内容、目标任务及措施</label><textarea id="dp-content" data-cf-field="content" name="content" rows="6">在3个社区推广“三事分流”工作法，培育提炼1个优秀社区工作法，开展2次示范培训。</textarea></td></tr></tbody>
    </table>
    <table class="form-table">
      <caption>三、计划投入资金（万元）</caption>
      <thead><tr><th scope="col">合计（万元）</th><th scope="col">市级资助</th><th scope="col">区县投入</th><th scope="col">其它</th></tr></thead>
      <tbody><tr><td>{out("total_funding")}</td>
        <td><input data-cf-field="city_funding" name="city_funding" aria-label="市级资助（万元）" inputmode="decimal" value="20"></td>
        <td><input data-cf-field="county_funding" name="county_funding" aria-label="区县投入（万元）" inputmode="decimal" value="10"></td>
        <td><input data-cf-field="other_funding" name="other_funding" aria-label="其它（万元）" inputmode="decimal" value=""></td></tr></tbody>
    </table>'''))

# ---------------------------------------------------------------- 附件4 poverty acceptance
functions = ["一站式服务平台", "警务室", "档案室", "图书阅览室", "多功能室（会议室）", "文体活动室"]
checked = {"一站式服务平台", "警务室", "档案室", "多功能室（会议室）"}
checks = "".join(f'<label class="check"><input type="checkbox" data-cf-field="functions" name="functions" value="{E(f)}"{" checked" if f in checked else ""}> {E(f)}</label>' for f in functions)
def tin(field, label, value="", mode=None):
    m = f' inputmode="{mode}"' if mode else ""
    return f'<td><input data-cf-field="{field}" name="{field}" aria-label="{E(label)}"{m} value="{E(value)}"></td>'
write("poverty-project-acceptance.html", page(
    "2019年脱贫攻坚市级支持项目验收表", "重庆市区县民政局 · 城乡社区建设项目验收", "2019年脱贫攻坚市级支持项目验收表", "附件4",
    "poverty-project-acceptance", f'''    <div class="row">{inp("county", "填表区县", "城口县", 10)}</div>
    <table class="form-table">
      <caption class="visually-hidden">项目情况</caption>
      <thead>
        <tr><th rowspan="2" scope="col">项目名称</th><th rowspan="2" scope="col">项目地址</th><th rowspan="2" scope="col">建筑面积（平方米）</th><th rowspan="2" scope="col">建设类型</th><th colspan="3" scope="colgroup">资金总额（万元）</th><th rowspan="2" scope="col">完成时间</th></tr>
        <tr><th scope="col">市级补助</th><th scope="col">当地安排</th><th scope="col">合计</th></tr>
      </thead>
      <tbody><tr>{tin("project_name", "项目名称", "坪坝镇新华村便民服务中心")}{tin("project_address", "项目地址", "城口县坪坝镇新华村3组")}{tin("building_area", "建筑面积（平方米）", "650", "decimal")}
        <td><select data-cf-field="construction_type" name="construction_type" aria-label="建设类型"><option value="">请选择</option><option selected>新建</option><option>改扩建</option></select></td>
        {tin("city_subsidy", "市级补助（万元）", "50", "decimal")}{tin("local_funds", "当地安排（万元）", "35.5", "decimal")}<td>{out("total_funds")}</td>{tin("completion_date", "完成时间", "2020年11月")}</tr></tbody>
    </table>
    <fieldset class="checks"><legend>社区（村）便民服务中心功能设置情况（已有功能打√）</legend>{checks}</fieldset>
    <table class="form-table">
      <caption>本项目所在社区（村）基本情况</caption>
      <thead><tr><th scope="col">总户数</th><th scope="col">总人口</th><th scope="col">村（居）民小组数</th><th scope="col">村（社区）工作人员总数（人）</th><th scope="col">村（居）委会</th><th scope="col">党组织人数</th><th scope="col">两委兼职人数</th><th scope="col">除两委外村（社区）专职工作人员数</th></tr></thead>
      <tbody><tr>{tin("households", "总户数", "860", "numeric")}{tin("population", "总人口", "2650", "numeric")}{tin("resident_groups", "村（居）民小组数", "6", "numeric")}
        <td>{out("total_workers")}<details data-cf-explain="total_workers"><summary>计算过程</summary></details></td>
        {tin("committee_members", "村（居）委会人数", "5", "numeric")}{tin("party_members", "党组织人数", "4", "numeric")}{tin("overlap_members", "两委兼职人数", "3", "numeric")}{tin("fulltime_staff", "除两委外专职工作人员数", "9", "numeric")}</tr></tbody>
    </table>
    <p class="hint">按照1名/每百户的标准应配备专职工作人员{out("required_staff")}人。</p>
    <p><label>本项目正面全景图片（1张，JPG或PNG）：<input type="file" data-cf-field="photo" name="photo" accept="image/jpeg,image/png"></label></p>
    <p>{inp("acceptance_opinion", "区县验收意见", "经验收，项目建设符合要求，同意通过验收。", kind="textarea")}</p>
    <div class="signature">{inp("filled_by", "填表人", "", 8)}{inp("phone", "联系电话", "", 14, "tel")}</div>''',
    '    <div class="notes"><p>说明：1. 社区（村）工作人员总数＝村（居）委会人数＋党组织人数－两委兼职人数＋除两委外专职工作人员数。2. 验收表一式二份，一份区县存档，一份报市民政局备案。</p></div>'))

# ---------------------------------------------------------------- 附件5 demo completion
write("demo-project-completion.html", page(
    "2019年市级示范项目完成表", "重庆市区县民政局 · 城乡社区建设项目验收", "2019年市级示范项目完成表", "附件5",
    "demo-project-completion", f'''    <div class="row">{inp("county", "填表区县", "开州区", 10)}</div>
    <table class="form-table">
      <caption class="visually-hidden">项目情况</caption>
      <thead>
        <tr><th rowspan="2" scope="col">项目名称</th><th rowspan="2" scope="col">项目地址</th><th rowspan="2" scope="col">建筑面积（平方米）</th><th colspan="3" scope="colgroup">资金总额（万元）</th><th rowspan="2" scope="col">完成时间</th></tr>
        <tr><th scope="col">市级补助</th><th scope="col">当地安排</th><th scope="col">合计</th></tr>
      </thead>
      <tbody><tr>{tin("project_name", "项目名称", "“三事分流”社区治理示范")}{tin("project_address", "项目地址", "开州区汉丰街道")}{tin("building_area", "建筑面积（平方米）", "800", "decimal")}
        {tin("city_subsidy", "市级补助（万元）", "20", "decimal")}{tin("local_funds", "当地安排（万元）", "15", "decimal")}<td>{out("total_funds")}</td>{tin("completion_date", "完成时间", "2020-12-20")}</tr></tbody>
    </table>
    <p>{inp("performance", "培育工作开展、绩效目标完成情况", "在3个社区推广“三事分流”，培训社区工作者120人次。", kind="textarea")}</p>
    <p>{inp("highlights", "特色亮点", "形成“院坝会”社区工作法。", kind="textarea")}</p>
    <p>{inp("acceptance_opinion", "区县验收意见", "同意通过验收。", kind="textarea", rows=2)}</p>'''))

# ---------------------------------------------------------------- 晋江 application
types = ["党建引领型", "邻里互助型", "协商自治型", "服务促进型", "社会参与型"]
archive = ["①村（居）民会议、代表会议等相关会议记录、纪要", "②项目申报方案、项目实施的图文资料", "③县（市、区）民政部门和乡镇（街道）开展工作指导督导的佐证材料",
           "④社区推动居民自治和社会力量参与的佐证材料", "⑤项目资金使用明细表", "⑥项目申报和实施过程中加强村（居）务公开及媒体宣传报道的佐证材料",
           "⑦项目中期自评报告和结项自评报告", "⑧总结提炼社区治理工作经验形成社区工作法"]
arch = "".join(f'<label class="check"><input type="checkbox" data-cf-field="archive" name="archive" value="{E(a)}"> {E(a)}</label>' for a in archive)
levels = "".join(f'<label class="check"><input type="radio" data-cf-field="project_level" name="project_level" value="{l}"{" checked" if l == "晋江市级" else ""}> {l}</label>' for l in ["泉州市级", "晋江市级"])
write("jinjiang-governance-application.html", page(
    "2023年晋江市“共建共享”社区治理项目申报表 - 晋江市民政局", "晋江市民政局 晋江市财政局 · 社区治理项目申报", "2023年晋江市“共建共享”社区治理项目申报表",
    "附件1（请于3月17日前通过电子政务平台报送）", "jinjiang-governance-application", f'''    <div class="row">{inp("applicant", "申报村（社区）", "梅岭街道桂山社区", 16)}{inp("town", "所属镇（街道）", "梅岭街道", 10)}{inp("application_date", "申报日期", "2023-03-15", 12)}</div>
    <div class="row">{inp("project_name", "项目名称", "桂山“邻里驿站”", 24)}{inp("project_type", "项目类型", "邻里互助型", kind="select", options=types)}</div>
    <div class="row">{inp("leader", "项目负责人", "陈七", 8)}{inp("phone", "联系电话", "0595-85612345", 14, "tel")}</div>
    <fieldset class="checks"><legend>项目级别</legend>{levels}</fieldset>
    <table class="form-table">
      <caption>项目资金（万元）</caption>
      <thead><tr><th scope="col">市级补助</th><th scope="col">镇（街道）补助</th><th scope="col">社会资金（慈善捐赠、社区基金会等）</th><th scope="col">项目总预算</th></tr></thead>
      <tbody><tr>{tin("city_subsidy", "市级补助（万元）", "10", "decimal")}{tin("town_subsidy", "镇（街道）补助（万元）", "3", "decimal")}{tin("social_funds", "社会资金（万元）", "2", "decimal")}<td>{out("total_budget")}</td></tr></tbody>
    </table>
    <div class="row">{inp("completion_date", "计划完成时间", "2023年11月", 14)}</div>
    <p>{inp("goals", "目标计划（应具体明确，避免过于宽泛笼统）", "建成1个邻里驿站，开展12场“邻里守望”志愿服务活动，服务居民2000人次。", kind="textarea")}</p>
    <fieldset class="checks"><legend>项目档案（验收阶段勾选）</legend>{arch}</fieldset>''',
    '    <div class="notes"><p>被确定为泉州市“共建共享”社区治理项目的试点村（社区），市级财政每个给予5万元配套补助；确定为晋江市级的，每个给予10万元补助。所有项目均应于2023年11月30日前完成。</p></div>'))

# ---------------------------------------------------------------- 万盛 indicators
cols = [("community", "社区名称", "input", None), ("community_type", "社区类型", "select", ["城市社区", "农村社区"]),
        ("residents", "居民人数", "input", "numeric"), ("social_workers", "社会工作者（人）", "input", "numeric"),
        ("registered_volunteers", "注册志愿者（人）", "input", "numeric"), ("social_orgs", "社会组织（个）", "input", "numeric"),
        ("has_facility", "有综合服务设施", "checkbox", None), ("has_info_platform", "覆盖综合信息平台", "checkbox", None),
        ("newly_built", "新建社区", "checkbox", None), ("center_area", "服务中心面积（平方米）", "input", "decimal")]
rows = [dict(community="万东社区", community_type="城市社区", residents="9000", social_workers="2", registered_volunteers="1500", social_orgs="12", has_facility=1, has_info_platform=1),
        dict(community="新华社区", community_type="城市社区", residents="8000", social_workers="3", registered_volunteers="1200", social_orgs="10", has_facility=1, has_info_platform=1),
        dict(community="黑山村", community_type="农村社区", residents="3000", social_workers="1", registered_volunteers="450", social_orgs="6", has_facility=1),
        dict(community="石林村", community_type="农村社区", residents="2000", social_workers="1", registered_volunteers="300", social_orgs="5", has_facility=1, has_info_platform=1)]
body, tmpl = table_rows("communities", cols, rows)
write("service-indicators.html", page(
    "城乡社区服务体系建设主要指标 - 万盛经开区民政局", "万盛经开区民政局 · 城乡社区服务体系建设", "城乡社区服务体系建设主要指标（2020年）",
    "万盛经开民发〔2018〕99号", "service-indicators", f'''    <table class="form-table">
      <caption class="visually-hidden">各社区指标</caption>
      <thead><tr><th scope="col">序号</th><th scope="col">社区名称</th><th scope="col">社区类型</th><th scope="col">居民人数</th><th scope="col">社会工作者（人）</th><th scope="col">注册志愿者（人）</th><th scope="col">社会组织（个）</th><th scope="col">有综合服务设施</th><th scope="col">覆盖综合信息平台</th><th scope="col">新建社区</th><th scope="col">服务中心面积（平方米）</th><th scope="col"><span class="visually-hidden">操作</span></th></tr></thead>
      <tbody id="communities" data-cf-table="communities" data-template="community-row">
{body}      </tbody>
    </table>
    <template id="community-row">
{tmpl}    </template>
    <p><button type="button" class="secondary" data-add-row="communities">添加一行</button></p>
    <table class="form-table">
      <caption>主要指标（2020年目标）</caption>
      <thead><tr><th scope="col">指标</th><th scope="col">城市社区</th><th scope="col">农村社区</th><th scope="col">目标</th></tr></thead>
      <tbody>
        <tr><th scope="row">综合服务设施覆盖率（%）</th><td>{out("urban_facility_coverage")}</td><td>{out("rural_facility_coverage")}</td><td>100%</td></tr>
        <tr><th scope="row">综合信息平台覆盖率（%）</th><td>{out("urban_platform_coverage")}</td><td>{out("rural_platform_coverage")}</td><td>城市≥60%，农村≥30%</td></tr>
        <tr><th scope="row">平均社会组织数（个）</th><td>{out("urban_orgs_per_community")}</td><td>{out("rural_orgs_per_community")}</td><td>城市≥10，农村≥5</td></tr>
        <tr><th scope="row">注册志愿者占居民比例（%）</th><td colspan="2">{out("volunteer_rate")}</td><td>≥15%</td></tr>
      </tbody>
    </table>''', "", '<script src="rows.js"></script>\n'))
