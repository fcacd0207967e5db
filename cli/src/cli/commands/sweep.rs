//! `dcplan sweep`: run a sweep spec, resume it, merge its shards, summarise its results.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use miette::IntoDiagnostic;

use dcplan::files::{self, Kind};
use dcplan::site::SourceFile;
use dcplan::sweep::summary::Summary;
use dcplan::sweep::{self, Results, Row, Shard, Spec, Sweep, SweepError};

use crate::cli::diagnostics;
use crate::cli::printer::Printer;
use crate::cli::progress::LongRun;
use crate::cli::table::{self, json, num};
use crate::cli::{ExitStatus, MergeArgs, OutputFormat, SummarizeArgs, SweepAction, SweepArgs};

pub(crate) fn run(args: &SweepArgs, printer: &Printer) -> miette::Result<ExitStatus> {
    match &args.action {
        Some(SweepAction::Summarize(a)) => summarize(a, printer),
        Some(SweepAction::Merge(a)) => Ok(merge(a, printer)),
        None => sweep(args, printer),
    }
}

/// Reads a UTF-8 input file, printing why not.
fn read(path: &Path, kind: Kind, printer: &Printer) -> Result<String, ExitStatus> {
    let bytes = files::read(path, kind).map_err(|e| {
        printer.eprint(&format!("error: {}: {e}\n", path.display()));
        ExitStatus::BadInput
    })?;
    String::from_utf8(bytes).map_err(|_| {
        printer.eprint(&format!(
            "error: {}: the {} is not UTF-8 text\n",
            path.display(),
            kind.noun()
        ));
        ExitStatus::BadInput
    })
}

/// Reads a results file, printing why it does not read.
pub(super) fn read_results(path: &Path, printer: &Printer) -> Result<Results, ExitStatus> {
    let text = read(path, Kind::SweepResults, printer)?;
    Results::parse(&text).map_err(|e| {
        printer.eprint(&format!("error: {}: {e}\n", path.display()));
        ExitStatus::BadInput
    })
}

/// The spec and its sweep, loaded; every problem printed where it is.
fn load(path: &Path, printer: &Printer) -> Result<Sweep, ExitStatus> {
    let text = read(path, Kind::SweepSpec, printer)?;
    let source = SourceFile {
        path: path.to_owned(),
        text,
    };
    let spec = Spec::parse(&source.text, path).map_err(|findings| {
        diagnostics::report(&source, &[], &findings, printer);
        printer.eprint(&format!(
            "error: {} is not a valid sweep spec\n",
            path.display()
        ));
        ExitStatus::BadInput
    })?;
    Sweep::new(spec).map_err(|e| {
        match &e {
            SweepError::Site(err) => super::report_site_error(err, printer),
            SweepError::Parameters(findings) => {
                diagnostics::report(&source, &[], findings, printer);
                printer.eprint(&format!("error: {e}\n"));
            }
        }
        ExitStatus::BadInput
    })
}

fn sweep(args: &SweepArgs, printer: &Printer) -> miette::Result<ExitStatus> {
    let Some(spec_path) = &args.spec else {
        return Ok(ExitStatus::BadInput);
    };
    let shard = match args.shard.as_deref().map(str::parse::<Shard>) {
        None => Shard::ALL,
        Some(Ok(shard)) => shard,
        Some(Err(message)) => {
            printer.eprint(&format!("error: --shard: {message}\n"));
            return Ok(ExitStatus::BadInput);
        }
    };
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
    {
        Ok(pool) if args.threads != Some(0) => pool,
        _ => {
            printer.eprint("error: --threads must be 1 or more\n");
            return Ok(ExitStatus::BadInput);
        }
    };
    let sweep = match load(spec_path, printer) {
        Ok(s) => s,
        Err(status) => return Ok(status),
    };
    let mut inputs = sweep_inputs(&sweep, spec_path);
    inputs.extend(
        args.output
            .iter()
            .filter(|_| args.resume)
            .map(|p| (p.clone(), Kind::SweepResults)),
    );
    // What is done already (with --resume), and the file rows are appended to.
    let mut done = BTreeSet::new();
    let mut sink: Option<std::fs::File> = None;
    if let Some(path) = &args.output {
        if args.resume && path.exists() {
            match resume(&sweep, path, shard, printer) {
                Ok((ids, file)) => {
                    done = ids;
                    sink = Some(file);
                }
                Err(status) => return Ok(status),
            }
        } else {
            if let Err(status) = super::check_output(path, args.force, &inputs, printer) {
                return Ok(status);
            }
            let header = sweep::results::csv_line(&sweep.header());
            let file = std::fs::File::create(path).and_then(|mut f| {
                f.write_all(&header)?;
                f.flush()?;
                Ok(f)
            });
            match file {
                Ok(f) => sink = Some(f),
                Err(e) => {
                    printer.eprint(&format!("error: cannot write {}: {e}\n", path.display()));
                    return Ok(ExitStatus::BadInput);
                }
            }
        }
    }
    let todo: Vec<&sweep::Scenario> = sweep
        .shard(shard)
        .filter(|s| !done.contains(&s.id))
        .collect();
    let long = LongRun::start(printer);
    let control = long.control();
    let sink = Mutex::new(sink);
    let rows = Mutex::new(Vec::new());
    let failed: Mutex<Option<std::io::Error>> = Mutex::new(None);
    let outcome = pool.install(|| {
        let base = if todo.is_empty() {
            None
        } else {
            sweep.base_plan(control)?
        };
        sweep.run(todo, base.as_ref(), control, |row: Row| {
            let cells = row.cells(sweep.spec());
            let mut sink = sink
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Some(file) = sink.as_mut() {
                let line = sweep::results::csv_line(&cells);
                if let Err(e) = file.write_all(&line).and_then(|()| file.flush()) {
                    *failed
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(e);
                    control.cancel().cancel();
                }
            }
            rows.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push((row.id, cells));
        })
    });
    drop(long);
    if let Some(e) = failed
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
    {
        printer.eprint(&format!("error: cannot append to the results: {e}\n"));
        return Ok(ExitStatus::Internal);
    }
    if outcome.is_err() {
        if let Some(path) = &args.output {
            printer.note(&format!(
                "stopped: {} keeps the scenarios done; `--resume` goes on from there\n",
                path.display()
            ));
        }
        return Ok(ExitStatus::Interrupted);
    }
    let rows = rows
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let ran = rows.len();
    let results = match &args.output {
        // The whole file, read back and sorted: the rows of earlier runs too.
        Some(path) => match read_results(path, printer) {
            Ok(r) => r,
            Err(status) => return Ok(status),
        },
        None => Results {
            header: sweep.header(),
            rows,
        },
    };
    let sorted = results.sorted().into_diagnostic()?;
    let bytes = sorted.to_csv();
    match &args.output {
        Some(path) => {
            files::write(
                path,
                &bytes,
                files::Overwrite::Replace,
                &sweep_inputs(&sweep, spec_path),
            )
            .into_diagnostic()?;
            printer.note(&format!(
                "{} scenarios run, {} in {}\n",
                ran,
                sorted.rows.len(),
                path.display()
            ));
        }
        None => printer.write_stdout(&bytes)?,
    }
    Ok(ExitStatus::Ok)
}

/// The files a sweep reads, which its outputs may not be.
fn sweep_inputs(sweep: &Sweep, spec: &Path) -> Vec<(PathBuf, Kind)> {
    let mut inputs = vec![(spec.to_owned(), Kind::SweepSpec)];
    inputs.extend(sweep.site().files.iter().cloned());
    inputs
}

/// Opens an interrupted run's results to go on: its whole rows kept (a row cut off by the
/// stop is dropped), checked against the spec; returns the scenarios done and the file to
/// append to.
fn resume(
    sweep: &Sweep,
    path: &Path,
    shard: Shard,
    printer: &Printer,
) -> Result<(BTreeSet<usize>, std::fs::File), ExitStatus> {
    let text = read(path, Kind::SweepResults, printer)?;
    let whole = sweep::results::complete_lines(&text);
    let refuse = |e: &dyn std::fmt::Display| {
        printer.eprint(&format!("error: cannot resume {}: {e}\n", path.display()));
        ExitStatus::BadInput
    };
    let existing = Results::parse(whole).map_err(|e| refuse(&e))?;
    let done = sweep.done(&existing, shard).map_err(|e| refuse(&e))?;
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .and_then(|f| {
            f.set_len(whole.len() as u64)?;
            Ok(f)
        })
        .and_then(|mut f| {
            use std::io::Seek;
            f.seek(std::io::SeekFrom::End(0))?;
            Ok(f)
        })
        .map_err(|e| refuse(&e))?;
    printer.note(&format!(
        "resuming: {} scenarios already in {}\n",
        done.len(),
        path.display()
    ));
    Ok((done, file))
}

fn merge(args: &MergeArgs, printer: &Printer) -> ExitStatus {
    let inputs: Vec<(PathBuf, Kind)> = args
        .shards
        .iter()
        .map(|p| (p.clone(), Kind::SweepResults))
        .collect();
    if let Err(status) = super::check_output(&args.output, args.force, &inputs, printer) {
        return status;
    }
    let mut parts = Vec::new();
    for path in &args.shards {
        match read_results(path, printer) {
            Ok(r) => parts.push(r),
            Err(status) => return status,
        }
    }
    let (merged, missing) = match Results::merge(parts) {
        Ok(m) => m,
        Err(e) => {
            printer.eprint(&format!("error: cannot merge: {e}\n"));
            return ExitStatus::BadInput;
        }
    };
    if !missing.is_empty() {
        let shown: Vec<String> = missing.iter().take(10).map(ToString::to_string).collect();
        printer.eprint(&format!(
            "error: cannot merge: {} scenarios are missing ({}{}): is a shard file left out or \
             unfinished?\n",
            missing.len(),
            shown.join(", "),
            if missing.len() > 10 { ", …" } else { "" }
        ));
        return ExitStatus::BadInput;
    }
    if let Err(status) =
        super::write_output(&args.output, &merged.to_csv(), args.force, &inputs, printer)
    {
        return status;
    }
    printer.note(&format!(
        "merged {} scenarios into {}\n",
        merged.rows.len(),
        args.output.display()
    ));
    ExitStatus::Ok
}

fn summarize(args: &SummarizeArgs, printer: &Printer) -> miette::Result<ExitStatus> {
    let results = match read_results(&args.results, printer) {
        Ok(r) => r,
        Err(status) => return Ok(status),
    };
    let summary = match sweep::summarize(&results, &args.output) {
        Ok(s) => s,
        Err(e) => {
            printer.eprint(&format!("error: --output: {e}\n"));
            return Ok(ExitStatus::BadInput);
        }
    };
    let text = match args.format {
        OutputFormat::Json => json(&serde_json::json!({
            "schema_version": 1,
            "summary": summary,
        }))?,
        OutputFormat::Csv => summary_csv(&summary),
        OutputFormat::Table => table::escaped(render(&summary)),
    };
    printer.print(&text)?;
    Ok(ExitStatus::Ok)
}

/// The summary as one tidy CSV table: `table,item,statistic,value`.
fn summary_csv(s: &Summary) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let mut put = |table: &str, item: &str, stat: &str, value: String| {
        let _ = w.write_record([
            table,
            &crate::cli::csv_safe(item),
            stat,
            &crate::cli::csv_safe(&value),
        ]);
    };
    put("table", "item", "statistic", "value".to_owned());
    put("scenarios", "all", "count", s.scenarios.to_string());
    for (status, n) in &s.statuses {
        put("scenarios", status, "count", n.to_string());
    }
    let spread = |put: &mut dyn FnMut(&str, &str, &str, String),
                  table: &str,
                  item: &str,
                  sp: &sweep::summary::Spread| {
        for (stat, v) in [
            ("count", sp.count as f64),
            ("min", sp.min),
            ("p10", sp.p10),
            ("p50", sp.p50),
            ("p90", sp.p90),
            ("max", sp.max),
            ("mean", sp.mean),
        ] {
            put(table, item, stat, format!("{v}"));
        }
    };
    for (name, sp) in &s.outputs {
        spread(&mut put, "outputs", name, sp);
    }
    for b in &s.tornado {
        put("tornado", &b.parameter, "low_value", b.low.0.clone());
        put("tornado", &b.parameter, "low", format!("{}", b.low.1));
        put("tornado", &b.parameter, "high_value", b.high.0.clone());
        put("tornado", &b.parameter, "high", format!("{}", b.high.1));
        put("tornado", &b.parameter, "swing", format!("{}", b.swing));
    }
    for (rank, i) in s.influence.iter().enumerate() {
        put("influence", &i.parameter, i.measure, format!("{}", i.value));
        put("influence", &i.parameter, "rank", (rank + 1).to_string());
    }
    for st in &s.stability {
        put(
            "stability",
            &st.component,
            "base_quantity",
            format!("{}", st.base_quantity),
        );
        put(
            "stability",
            &st.component,
            "built_share",
            format!("{}", st.built_share),
        );
        put(
            "stability",
            &st.component,
            "as_base_share",
            format!("{}", st.as_base_share),
        );
        spread(&mut put, "stability", &st.component, &st.quantity);
    }
    if let Some(r) = &s.regret {
        put("regret", "base_build", "serves", r.serves.to_string());
        put("regret", "base_build", "fails", r.fails.to_string());
        if let Some(sp) = &r.usd {
            spread(&mut put, "regret", "regret_usd", sp);
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The summary as tables for people.
fn render(s: &Summary) -> String {
    let mut out = String::new();
    let statuses: Vec<String> = s.statuses.iter().map(|(k, v)| format!("{v} {k}")).collect();
    let _ = writeln!(out, "{} scenarios: {}\n", s.scenarios, statuses.join(", "));
    let mut t = table::new(
        &["output", "n", "P10", "P50", "P90", "min", "max"],
        &[1, 2, 3, 4, 5, 6],
    );
    for (name, sp) in &s.outputs {
        let d = if name.ends_with("_usd") { 0 } else { 3 };
        t.add_row(vec![
            name.clone(),
            sp.count.to_string(),
            num(sp.p10, d),
            num(sp.p50, d),
            num(sp.p90, d),
            num(sp.min, d),
            num(sp.max, d),
        ]);
    }
    let _ = writeln!(out, "Outputs (planned scenarios, base excluded)\n{t}\n");
    let base = s.base.map_or_else(|| "—".to_owned(), |b| num(b, 0));
    if !s.tornado.is_empty() {
        let mut t = table::new(
            &[
                "parameter",
                "low at",
                s.output.as_str(),
                "high at",
                s.output.as_str(),
                "swing",
            ],
            &[2, 4, 5],
        );
        for b in &s.tornado {
            t.add_row(vec![
                b.parameter.clone(),
                b.low.0.clone(),
                num(b.low.1, 0),
                b.high.0.clone(),
                num(b.high.1, 0),
                num(b.swing, 0),
            ]);
        }
        let _ = writeln!(out, "Tornado of {} (base {base})\n{t}\n", s.output);
    }
    if !s.influence.is_empty() {
        let mut t = table::new(&["rank", "parameter", "measure", "value"], &[0, 3]);
        for (i, inf) in s.influence.iter().enumerate() {
            t.add_row(vec![
                (i + 1).to_string(),
                inf.parameter.clone(),
                inf.measure.to_owned(),
                num(inf.value, if inf.measure == "swing" { 0 } else { 3 }),
            ]);
        }
        let _ = writeln!(out, "Influence on {}\n{t}\n", s.output);
    }
    if !s.stability.is_empty() {
        let mut t = table::new(
            &[
                "component",
                "base adds",
                "built in",
                "as base in",
                "P10",
                "P50",
                "P90",
            ],
            &[1, 2, 3, 4, 5, 6],
        );
        for st in &s.stability {
            t.add_row(vec![
                st.component.clone(),
                num(st.base_quantity, 1),
                format!("{:.0} %", 100.0 * st.built_share),
                format!("{:.0} %", 100.0 * st.as_base_share),
                num(st.quantity.p10, 1),
                num(st.quantity.p50, 1),
                num(st.quantity.p90, 1),
            ]);
        }
        let _ = writeln!(out, "Decision stability (least stable first)\n{t}\n");
    }
    if let Some(r) = &s.regret {
        let _ = write!(
            out,
            "Regret of the base build: it serves {} scenarios and fails {}",
            r.serves, r.fails
        );
        if let Some(sp) = &r.usd {
            let _ = write!(
                out,
                "; regret P50 {}, P90 {}, max {} USD",
                num(sp.p50, 0),
                num(sp.p90, 0),
                num(sp.max, 0)
            );
        }
        out.push('\n');
    }
    out
}
