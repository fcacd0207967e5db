//! Issue 12, bullets 3–5: `dcplan export` to XLSX, CSV and JSON. The workbook read back
//! (sheet names, figures, live formulas), recalculated by `LibreOffice` headless to the same
//! NPV, depreciation and capex as Rust; golden CSVs of the colo sample; formula-looking text
//! neutralised; the safe writer's refusals.

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook};
use dcplan::control::Control;
use dcplan::export::{self, Results};
use dcplan::plan::{self, Outcome, Plan, PlanOptions, Resolution};

use crate::util::{dcplan_in, sample, scratch_with};

/// The colo sample planned at two representative days, and its ledger.
fn colo() -> (dcplan::site::LoadedSite, Plan) {
    let site = dcplan::site::load(&sample("colo-retrofit.toml")).unwrap();
    let options = PlanOptions {
        resolution: Resolution::Representative { days: 2 },
        ..PlanOptions::default()
    };
    let control = Control::new();
    let Outcome::Planned { plan, .. } = plan::formulate(&site, &options, &control)
        .unwrap()
        .solve(&options, &control)
        .unwrap()
    else {
        panic!("colo plans");
    };
    assert!(dcplan::check::check(&site, &plan).is_consistent());
    (site, plan)
}

fn plan_file(dir: &Path) -> PathBuf {
    let (_, plan) = colo();
    let path = dir.join("plan.json");
    std::fs::write(&path, plan.to_json().unwrap()).unwrap();
    path
}

fn number(sheet: &calamine::Range<Data>, row: u32, col: u32) -> f64 {
    match sheet.get_value((row, col)) {
        Some(Data::Float(v)) => *v,
        Some(Data::Int(v)) => *v as f64,
        other => panic!("no number at ({row}, {col}): {other:?}"),
    }
}

/// The row of the Summary sheet whose metric is `metric` (0-based, header is row 0).
fn summary_row(sheet: &calamine::Range<Data>, metric: &str) -> u32 {
    (0..sheet.height() as u32)
        .find(|&r| matches!(sheet.get_value((r, 0)), Some(Data::String(s)) if s == metric))
        .unwrap_or_else(|| panic!("no summary row {metric:?}"))
}

#[test]
fn the_workbook_has_its_sheets_figures_and_live_formulas() {
    let (site, plan) = colo();
    let ledger = plan.ledger(&site.site);
    let tables = export::tables(&site.site, &plan, &ledger);
    let bytes = export::to_xlsx(&site.site, &ledger, &tables).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("colo.xlsx");
    std::fs::write(&path, bytes).unwrap();
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "Summary",
            "Assumptions",
            "Capex",
            "Orders",
            "Depreciation",
            "Opex",
            "Cash flow",
            "Dispatch"
        ]
    );
    let summary = wb.worksheet_range("Summary").unwrap();
    let npv_row = summary_row(&summary, "net present cost");
    let cached = number(&summary, npv_row, 1);
    assert!((cached - plan.objective_npv_usd).abs() < 1.0, "{cached}");
    let formulas = wb.worksheet_formula("Summary").unwrap();
    let npv = formulas
        .get_value((npv_row, 1))
        .cloned()
        .unwrap_or_default();
    assert!(npv.contains("SUMPRODUCT"), "NPV is a formula: {npv:?}");
    let cash = wb.worksheet_formula("Cash flow").unwrap();
    let factor = cash.get_value((1, 8)).cloned().unwrap_or_default();
    assert!(
        factor.contains("discount_rate"),
        "discounting reads the Assumptions: {factor:?}"
    );
    let capex = wb.worksheet_formula("Capex").unwrap();
    assert!(
        capex.cells().any(|(_, _, f)| f.contains("SUMIFS")),
        "capex totals are SUMIFS over the entries"
    );
    let assumptions = wb.worksheet_range("Assumptions").unwrap();
    assert_eq!(
        assumptions.get_value((1, 0)),
        Some(&Data::String("discount_rate".into()))
    );
    assert!((number(&assumptions, 1, 1) - site.site.site.discount_rate).abs() < 1e-15);
}

/// `LibreOffice` headless, with recalculation on load (its default for XLSX keeps cached
/// values): every sheet to CSV in `out`. `None` when it is not installed and CI does not
/// require it.
fn libreoffice(xlsx: &Path, out: &Path) -> Option<()> {
    let soffice = ["soffice", "libreoffice"]
        .into_iter()
        .find(|s| Command::new(s).arg("--version").output().is_ok());
    let Some(soffice) = soffice else {
        assert!(
            std::env::var_os("DCPLAN_REQUIRE_LIBREOFFICE").is_none(),
            "LibreOffice is required (DCPLAN_REQUIRE_LIBREOFFICE) but not installed"
        );
        eprintln!("note: LibreOffice not installed; the recalculation check is skipped");
        return None;
    };
    let profile = out.join("profile");
    std::fs::create_dir_all(profile.join("user")).unwrap();
    std::fs::write(
        profile.join("user/registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
    )
    .unwrap();
    let status = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to"])
        // Comma-separated, quoted text, UTF-8, values at full precision, every sheet.
        .arg("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1")
        .arg("--outdir")
        .arg(out)
        .arg(xlsx)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    Some(())
}

fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    r.records()
        .map(|rec| rec.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn close(what: &str, got: f64, want: f64) {
    assert!(
        (got - want).abs() <= 1e-9 * want.abs().max(1.0),
        "{what}: spreadsheet {got} vs Rust {want}"
    );
}

#[test]
fn libreoffice_recalculates_the_workbook_to_rusts_figures() {
    // The formulas alone (no cached values): LibreOffice must compute NPV, the cost per
    // GPU-year, depreciation and capex from the entries and the Assumptions sheet.
    let (mut site, plan) = colo();
    // Straight-line and MACRS both exercised, with a replacement inside the horizon.
    site.site.finance.cooling_plant.depreciation = dcplan::site::Depreciation::Macrs7;
    let ledger = plan.ledger(&site.site);
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("colo.xlsx");
    let tables = export::tables(&site.site, &plan, &ledger);
    let bytes = export::workbook(&site.site, &ledger, &tables, Results::Omitted).unwrap();
    std::fs::write(&xlsx, bytes).unwrap();
    if libreoffice(&xlsx, dir.path()).is_none() {
        return;
    }
    let summary = read_csv(&dir.path().join("colo-Summary.csv"));
    let value = |metric: &str| -> f64 {
        let row = summary.iter().find(|r| r[0] == metric).unwrap();
        row[1]
            .parse()
            .unwrap_or_else(|_| panic!("{metric}: {:?}", row[1]))
    };
    close("NPV", value("net present cost"), ledger.npv_cost_usd);
    close(
        "cost per GPU-year",
        value("levelized cost per GPU-year"),
        ledger.unit.cost_per_gpu_year_usd.unwrap(),
    );
    // Depreciation by class and year: the block under the orders.
    let dep = read_csv(&dir.path().join("colo-Depreciation.csv"));
    // The header row names a `class` column too: the block's own header is below it.
    let top = 1 + dep[1..]
        .iter()
        .position(|r| r.get(3).is_some_and(|c| c == "class"))
        .unwrap();
    for (i, class) in dcplan::site::accounts::AssetClass::ALL.iter().enumerate() {
        let row = &dep[top + 1 + i];
        for (k, y) in ledger.years.iter().enumerate() {
            let got: f64 = row[8 + k].parse().unwrap();
            let want = y.depreciation_usd.get(class).copied().unwrap_or(0.0);
            close(&format!("depreciation {class:?} {}", y.year), got, want);
        }
    }
    // The cash flow's capex column, from the Capex sheet's SUMIFS.
    let cash = read_csv(&dir.path().join("colo-Cash flow.csv"));
    for (k, y) in ledger.years.iter().enumerate() {
        let got: f64 = cash[k + 1][1].parse().unwrap();
        close(
            &format!("capex {}", y.year),
            got,
            y.capex_usd.values().sum(),
        );
    }
}

#[test]
fn colo_exports_golden_csvs_and_json_from_a_saved_plan() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan_file(dir.path());
    let site = sample("colo-retrofit.toml");
    let run = dcplan_in(
        dir.path(),
        &[
            "export",
            site.to_str().unwrap(),
            "--plan",
            plan.to_str().unwrap(),
            "--csv",
            "books",
            "--json",
            "books.json",
        ],
    )
    .expect_code(0);
    assert!(run.stderr.contains("exported 9 files"), "{}", run.stderr);
    for name in ["summary", "orders", "cash_flow", "depreciation", "opex"] {
        let text =
            std::fs::read_to_string(dir.path().join("books").join(format!("{name}.csv"))).unwrap();
        insta::assert_snapshot!(format!("export_colo_{name}"), text);
    }
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("books.json")).unwrap())
            .unwrap();
    assert_eq!(json["schema_version"], export::JSON_SCHEMA_VERSION);
    let names: Vec<&str> = json["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, export::tables::TABLE_NAMES);
}

#[test]
fn formula_looking_names_are_neutralised_in_csv_and_xlsx() {
    // A hall named like a formula reaches the exports as text with a leading quote.
    let (dir, _) = scratch_with(|text| text.replace("\"Suite 2\"", "\"=HYPERLINK(1)\""));
    dcplan_in(
        dir.path(),
        &[
            "export",
            "colo.toml",
            "--csv",
            "books",
            "--xlsx",
            "books.xlsx",
        ],
    )
    .expect_code(0);
    let orders = std::fs::read_to_string(dir.path().join("books/orders.csv")).unwrap();
    assert!(orders.contains("'=HYPERLINK(1)"), "{orders}");
    assert!(!orders.contains(",=HYPERLINK"), "{orders}");
    let mut wb: Xlsx<_> = open_workbook(dir.path().join("books.xlsx")).unwrap();
    let sheet = wb.worksheet_range("Orders").unwrap();
    let cells: Vec<String> = sheet.cells().map(|(_, _, d)| d.to_string()).collect();
    assert!(cells.iter().any(|c| c == "'=HYPERLINK(1)"));
    assert!(!cells.iter().any(|c| c == "=HYPERLINK(1)"));
}

#[test]
fn outputs_are_never_replaced_without_force_and_bad_paths_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan_file(dir.path());
    let site = sample("colo-retrofit.toml");
    let (site, plan) = (site.to_str().unwrap(), plan.to_str().unwrap());
    std::fs::write(dir.path().join("books.xlsx"), "mine").unwrap();
    let run = dcplan_in(
        dir.path(),
        &[
            "export",
            site,
            "--plan",
            plan,
            "--xlsx",
            "books.xlsx",
            "--json",
            "new.json",
        ],
    )
    .expect_code(2);
    assert!(run.stderr.contains("pass --force"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("books.xlsx")).unwrap(),
        "mine"
    );
    assert!(
        !dir.path().join("new.json").exists(),
        "nothing written when one output is refused"
    );
    dcplan_in(
        dir.path(),
        &[
            "export",
            site,
            "--plan",
            plan,
            "--xlsx",
            "books.xlsx",
            "--force",
        ],
    )
    .expect_code(0);
    assert_ne!(
        std::fs::read(dir.path().join("books.xlsx")).unwrap(),
        b"mine"
    );
    // A folder that cannot exist, a CSV "folder" that is a file, the plan itself.
    let run = dcplan_in(
        dir.path(),
        &["export", site, "--plan", plan, "--json", "no/such/x.json"],
    )
    .expect_code(2);
    assert!(run.stderr.contains("no/such"), "{}", run.stderr);
    let run = dcplan_in(
        dir.path(),
        &["export", site, "--plan", plan, "--csv", "books.xlsx"],
    )
    .expect_code(2);
    assert!(run.stderr.contains("is not a folder"), "{}", run.stderr);
    let run = dcplan_in(
        dir.path(),
        &["export", site, "--plan", plan, "--json", plan, "--force"],
    )
    .expect_code(2);
    assert!(run.stderr.contains("this command reads"), "{}", run.stderr);
    // No output asked for: a usage error.
    dcplan_in(dir.path(), &["export", site]).expect_code(2);
}
