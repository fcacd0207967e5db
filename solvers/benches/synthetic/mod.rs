//! Synthetic models shaped like dcplan's, for benches and the `auto` threshold survey.
#![allow(dead_code)]

use dcplan_solvers::{LinExpr, Model, ObjectiveSense, Sense};

/// Hourly load (MW) and price ($/MWh) for hour `t`: a daily sine around 100 MW peaking at
/// 130 MW, a peak-hour price of 90 against 40 off-peak, with a deterministic wobble.
fn load_price(t: usize) -> (f64, f64) {
    let hour = (t % 24) as f64;
    let day = (t / 24) as f64;
    let load = 100.0
        + 30.0 * ((hour - 9.0) / 24.0 * std::f64::consts::TAU).sin()
        + 5.0 * (day / 58.0).sin();
    let peak = (14.0..20.0).contains(&hour);
    let price = if peak { 90.0 } else { 40.0 } + 10.0 * ((t as f64) * 0.7).sin();
    (load, price)
}

/// Storage sizing and dispatch over `hours`: grid import capped at 115 MW, a battery whose
/// energy (MWh) and power (MW) are sized at a capital cost, state of charge with 92 %
/// one-way efficiency, cyclic. 4 continuous columns per hour + 2, 5 rows per hour.
pub fn storage_dispatch(hours: usize) -> Model {
    let mut m = Model::new(format!("storage_{hours}h"));
    let energy = m.add_var("energy_mwh", 0.0, f64::INFINITY);
    let power = m.add_var("power_mw", 0.0, f64::INFINITY);
    let eta = 0.92;
    let mut obj = LinExpr::with_capacity(hours + 2);
    // Capital cost per MWh / MW, scaled to the horizon.
    let scale = hours as f64 / 8760.0;
    obj.add_term(energy, 30_000.0 * scale);
    obj.add_term(power, 60_000.0 * scale);
    let mut soc_prev = None;
    let mut first_soc = None;
    for t in 0..hours {
        let (load, price) = load_price(t);
        let grid = m.add_var(format!("grid[{t}]"), 0.0, 115.0);
        let ch = m.add_var(format!("charge[{t}]"), 0.0, f64::INFINITY);
        let dis = m.add_var(format!("discharge[{t}]"), 0.0, f64::INFINITY);
        let soc = m.add_var(format!("soc[{t}]"), 0.0, f64::INFINITY);
        obj.add_term(grid, price);
        m.add_constraint(format!("balance[{t}]"), grid + dis - ch, Sense::Eq, load);
        m.add_constraint(format!("ch_max[{t}]"), ch - power, Sense::Le, 0.0);
        m.add_constraint(format!("dis_max[{t}]"), dis - power, Sense::Le, 0.0);
        m.add_constraint(format!("soc_max[{t}]"), soc - energy, Sense::Le, 0.0);
        if let Some(prev) = soc_prev {
            m.add_constraint(
                format!("soc[{t}]"),
                soc - prev - eta * ch + (1.0 / eta) * dis,
                Sense::Eq,
                0.0,
            );
        } else {
            first_soc = Some((soc, ch, dis));
        }
        soc_prev = Some(soc);
    }
    if let (Some((soc0, ch0, dis0)), Some(last)) = (first_soc, soc_prev) {
        m.add_constraint(
            "soc[0]",
            soc0 - last - eta * ch0 + (1.0 / eta) * dis0,
            Sense::Eq,
            0.0,
        );
    }
    m.set_objective(obj, ObjectiveSense::Minimize);
    m
}

/// A small capacity-expansion MILP: `years` × `kinds` integer unit builds (cumulative,
/// units of 7–19 MW), `hours` representative hours per year of dispatch meeting a growing
/// load, unserved energy at a penalty. Integers: `years · kinds`.
pub fn expansion_milp(years: usize, kinds: usize, hours: usize) -> Model {
    let mut m = Model::new(format!("expansion_{years}y_{kinds}k_{hours}h"));
    let mut obj = LinExpr::new();
    let unit: Vec<f64> = (0..kinds).map(|k| 7.0 + (k * 5 % 13) as f64).collect();
    let capex: Vec<f64> = (0..kinds)
        .map(|k| 1000.0 * unit[k] * (1.0 + 0.1 * k as f64))
        .collect();
    let fuel: Vec<f64> = (0..kinds)
        .map(|k| 20.0 + 9.0 * ((k * 7) % 5) as f64)
        .collect();
    let mut built_prev: Vec<Option<dcplan_solvers::Var>> = vec![None; kinds];
    for y in 0..years {
        let mut installed = Vec::with_capacity(kinds);
        for k in 0..kinds {
            let add = m.add_integer(format!("build[{y},{k}]"), 0.0, 20.0);
            obj.add_term(add, capex[k] / 1.08f64.powf(y as f64));
            let total = m.add_var(format!("units[{y},{k}]"), 0.0, f64::INFINITY);
            let mut e = total - add;
            if let Some(prev) = built_prev[k] {
                e -= prev;
            }
            m.add_constraint(format!("cumulative[{y},{k}]"), e, Sense::Eq, 0.0);
            built_prev[k] = Some(total);
            installed.push(total);
        }
        for h in 0..hours {
            let (load, _) = load_price(h * 24 / hours.max(1) + y * 24 * 30);
            let load = load * (1.0 + 0.25 * y as f64);
            let mut balance = LinExpr::with_capacity(kinds + 1);
            for k in 0..kinds {
                let g = m.add_var(format!("gen[{y},{h},{k}]"), 0.0, f64::INFINITY);
                obj.add_term(g, fuel[k] * 365.0 / hours as f64);
                m.add_constraint(
                    format!("cap[{y},{h},{k}]"),
                    g - unit[k] * installed[k],
                    Sense::Le,
                    0.0,
                );
                balance.add_term(g, 1.0);
            }
            let shed = m.add_var(format!("shed[{y},{h}]"), 0.0, f64::INFINITY);
            obj.add_term(shed, 5000.0 * 365.0 / hours as f64);
            balance.add_term(shed, 1.0);
            m.add_constraint(format!("balance[{y},{h}]"), balance, Sense::Eq, load);
        }
    }
    m.set_objective(obj, ObjectiveSense::Minimize);
    m
}
