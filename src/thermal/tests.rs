//! Tests of the simulator against hand calculations, analytic solutions and invariants. Each
//! test says where its expected number comes from.

use std::path::Path;

use proptest::prelude::*;

use super::integrate::{self, Available};
use super::network;
use super::*;
use crate::site::LoadedSite;

/// The colo retrofit: 16 air-cooled DGX H100 racks (40.8 kW design), air-cooled chillers, no
/// economizer; utilisation fixed at 0.8 so every hour carries the same load.
fn colo() -> LoadedSite {
    let mut l = crate::site::load(Path::new("sites/colo-retrofit.toml")).unwrap();
    for r in &mut l.site.rack {
        r.utilization_profile_24h = None;
        r.utilization = 0.8;
    }
    l
}

/// The AI campus at its existing build: Hall A with 256 GB200 NVL72 (liquid) racks, water-side
/// economizer, towers and dry coolers.
fn campus() -> LoadedSite {
    crate::site::load(Path::new("sites/ai-campus.toml")).unwrap()
}

fn one_rack(site: &LoadedSite) -> Installed {
    let mut b = Installed::of_site(&site.site);
    b.racks = vec![vec![1, 0]];
    b
}

fn options(step_s: f64) -> SimOptions {
    SimOptions {
        step_s,
        ..SimOptions::default()
    }
}

fn plenty() -> Available {
    Available {
        crah: 1e9,
        cdu: 1e9,
        air_free: 0.0,
        liquid_free: 0.0,
        chillers: 1e9,
    }
}

#[test]
fn a_single_rack_node_follows_its_analytic_exponential() {
    // One rack at the row end (r = 3 × 0.05 = 0.15), supply held at 24 °C, starting cold at
    // 24 °C. Analytic: T(t) = Ts + P/G + (T0 − Ts − P/G) e^(−G t / C) with
    // P = 40.8 kW × 0.8 = 32.64 kW, G = (40.8 kW / 12 K)(1 − 0.15) = 2890 W/K,
    // C = 700 kg × 500 J/(kg·K) = 350 kJ/K.
    let site = colo();
    let build = one_rack(&site);
    for step in [10.0, 60.0, 600.0] {
        let net = &network::halls(&site.site, &build, step, 0.05)[0];
        let (p, g, c) = (32_640.0, 40_800.0 / 12.0 * 0.85, 350_000.0);
        let mut t = vec![24.0];
        let mut peak = vec![f64::NEG_INFINITY];
        let mut drive = vec![0.0];
        integrate::fill_drive(net, &[0.8, 0.8], &mut drive);
        for k in 1..=60 {
            integrate::rack_step(&mut t, &mut peak, net, &drive, 24.0);
            let time = f64::from(k) * step;
            let rise = p / g * (1.0 - (-g * time / c).exp());
            let err = ((t[0] - 24.0) - rise).abs() / rise;
            assert!(
                err < 1e-3,
                "step {step} s, t = {time} s: {} vs {rise}",
                t[0] - 24.0
            );
        }
    }
}

#[test]
fn a_small_hall_settles_at_its_hand_computed_steady_state() {
    // From every node at 30 °C, six hours at constant load with ample cooling. By hand:
    // supply at its setpoint 24 °C; return 24 + 0.8 × 12 K = 33.6 °C (air flow sized for the
    // design heat at 12 K); rack i at 24 + 9.6 K / (1 − rᵢ), inlet 24 + rᵢ 9.6 K / (1 − rᵢ):
    // the row-end rack (r = 0.15) 25.6941 °C, rack 9 (r = 0.05 × (1 + 1/9.5)) 24.5616 °C;
    // chilled water at its 15 °C setpoint.
    let site = colo();
    let build = Installed::of_site(&site.site);
    let net = &network::halls(&site.site, &build, 60.0, 0.05)[0];
    let util = [0.8, 0.8];
    let mut s = integrate::steady_state(net, &util);
    s.rack.iter_mut().for_each(|t| *t = 30.0);
    (s.supply, s.ret, s.chw) = (30.0, 30.0, 30.0);
    let loads = integrate::loads(net, &util);
    let mut drive = vec![0.0; net.len()];
    let drive_heat = integrate::fill_drive(net, &util, &mut drive);
    let mut peak = vec![f64::NEG_INFINITY; net.len()];
    s.weighted = s.rack.iter().zip(&net.weight).map(|(t, w)| t * w).sum();
    for _ in 0..360 {
        integrate::step(
            net,
            &mut s,
            &mut peak,
            &drive,
            drive_heat,
            &loads,
            &plenty(),
            net.c_chw,
            60.0,
        );
    }
    let close = |got: f64, want: f64| assert!((got - want).abs() < 1e-4, "{got} vs {want}");
    close(s.supply, 24.0);
    close(s.ret, 33.6);
    close(s.chw, 15.0);
    close(integrate::inlet(net, &s, 0), 24.0 + 0.15 * 9.6 / 0.85);
    let r9 = 0.05 * (1.0 + 1.0 / 9.5);
    close(integrate::inlet(net, &s, 9), 24.0 + r9 * 9.6 / (1.0 - r9));
}

#[test]
fn energy_closes_over_a_year_even_when_the_plant_falls_short() {
    // Heat in = heat removed + change in stored heat, within 0.1 %. One chiller for Hall A's
    // 256 liquid racks: summer afternoons overheat the loops, which cool again in autumn, so
    // the stored heat swings.
    let site = campus();
    let mut build = Installed::of_site(&site.site);
    build.chillers = vec![1];
    let y = simulate_year(&site, &build, &options(300.0)).unwrap();
    let e = y.energy;
    assert!(e.closure_error < 1e-3, "{e:?}");
    // Every transfer is booked on both of its nodes, so the scheme closes to rounding; a
    // transfer booked on one side only (e.g. losses left out of the air) shows up here.
    assert!(e.closure_error < 1e-9, "{e:?}");
    let balance = (e.heat_in_mwh - e.heat_removed_mwh - e.stored_change_mwh).abs();
    assert!(balance < 1e-3 * e.heat_in_mwh, "{e:?}");
    assert!(y.halls[0].hours_above_allowable + y.halls[0].hours_liquid_above_class > 0);
}

#[test]
fn hour_long_steps_stay_stable_and_agree_with_minute_steps() {
    // An hour is ~500 air-node time constants (6.7 s): an explicit scheme would explode.
    // Backward Euler for the air and the exact exponential for racks stay bounded and reach
    // the same steady operation: PUE and inlet percentiles agree with 60 s steps.
    let site = colo();
    let build = Installed::of_site(&site.site);
    let fine = simulate_year(&site, &build, &options(60.0)).unwrap();
    let coarse = simulate_year(&site, &build, &options(3600.0)).unwrap();
    assert!(
        (fine.pue - coarse.pue).abs() < 1e-6,
        "{} vs {}",
        fine.pue,
        coarse.pue
    );
    for (a, b) in fine.halls.iter().zip(&coarse.halls) {
        assert!((a.inlet_p99_c - b.inlet_p99_c).abs() <= 0.05 + 1e-9);
        assert!(b.inlet_max_c.is_finite() && b.inlet_max_c < 30.0, "{b:?}");
    }
}

#[test]
fn hour_long_steps_stay_stable_when_the_plant_falls_short() {
    // The hard case: one chiller for Hall A, so the loops run away from their setpoints and
    // the coils and CDUs are limited by warm water. Racks hold far more heat than the hall
    // air; coupling them explicitly made this case oscillate and overflow. Solved together,
    // ten-minute and hour-long steps agree on the hours outside the envelope (within 1 %)
    // and on the year's hottest inlet (within 0.1 %).
    let site = campus();
    let mut build = Installed::of_site(&site.site);
    build.chillers = vec![1];
    let fine = simulate_year(&site, &build, &options(600.0)).unwrap();
    let coarse = simulate_year(&site, &build, &options(3600.0)).unwrap();
    let (a, b) = (&fine.halls[0], &coarse.halls[0]);
    assert!(a.hours_above_allowable > 1000, "{a:?}");
    let hours = a.hours_above_allowable.abs_diff(b.hours_above_allowable) as f64;
    assert!(
        hours <= 0.01 * a.hours_above_allowable as f64,
        "{a:?}\n{b:?}"
    );
    assert!(
        (a.inlet_max_c - b.inlet_max_c).abs() <= 1e-3 * a.inlet_max_c,
        "{a:?}\n{b:?}"
    );
    assert!(coarse.energy.closure_error < 1e-9);
}

#[test]
fn pue_of_a_simple_plant_matches_the_hand_calculation() {
    // Colo: air only, air-cooled chillers, no economizer, constant load. In steady operation
    // the chillers remove exactly the heat that enters, IT / η, each hour, so
    // PUE = 1/η + (1/η)(fans and pumps rate + mean over hours of 1/COP(hour)),
    // η = UPS 0.95 × distribution 0.985, fans + pumps = (45 + 20) kW/MW, COP from the curve.
    let site = colo();
    let build = Installed::of_site(&site.site);
    let y = simulate_year(&site, &build, &options(600.0)).unwrap();
    let eta = 0.95 * 0.985;
    let plant = crate::site::plant::PlantModel::new(&site.site).unwrap();
    let mean_inv_cop: f64 = site
        .weather
        .hours()
        .iter()
        .map(|w| 1.0 / plant.at(w).unwrap().chillers[0].cop)
        .sum::<f64>()
        / HOURS as f64;
    let want = 1.0 / eta + (0.065 + mean_inv_cop) / eta;
    assert!((y.pue - want).abs() < 1e-6 * want, "{} vs {want}", y.pue);
}

#[test]
fn output_is_identical_at_one_and_two_threads() {
    // Six halls with racks, so halls really run on both threads; the report's bytes must not
    // depend on which finishes first.
    let site = campus();
    let mut build = Installed::of_site(&site.site);
    build.racks = vec![vec![48, 0]; site.site.hall.len()];
    let run = |threads| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let y = simulate_year(&site, &build, &options(600.0)).unwrap();
            let model = Model::new(&site, &build, &options(600.0)).unwrap();
            let r = ride_through(&model, &"outage+storage:2000".parse().unwrap(), 4549).unwrap();
            serde_json::to_string(&(y, r)).unwrap()
        })
    };
    assert_eq!(run(1), run(2));
}

fn minutes(r: &RideThrough) -> f64 {
    r.minutes.unwrap_or(f64::INFINITY)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn losing_more_cooling_never_lengthens_ride_through(
        hour in 0usize..HOURS,
        chillers in 0u32..8,
        crah in 0u32..4,
        more in 1u32..4,
        what in 0usize..5,
    ) {
        let site = campus();
        let build = Installed::of_site(&site.site);
        let model = Model::new(&site, &build, &options(60.0)).unwrap();
        let base = Scenario { chillers_tripped: chillers, crah_lost: crah, ..Scenario::default() };
        let mut worse = base.clone();
        match what {
            0 => worse.chillers_tripped += more,
            1 => worse.crah_lost += more,
            2 => worse.cdu_lost += more,
            3 => worse.dry_coolers_tripped += more * 3,
            _ => worse.heatwave_k += f64::from(more),
        }
        let (a, b) = (
            ride_through(&model, &base, hour).unwrap(),
            ride_through(&model, &worse, hour).unwrap(),
        );
        prop_assert!(minutes(&b) <= minutes(&a), "{a:?}\n{b:?}");
    }

    #[test]
    fn a_hotter_year_never_lowers_annual_cooling_energy(offset in 0.1f64..6.0) {
        let site = colo();
        let build = Installed::of_site(&site.site);
        let base = simulate_year(&site, &build, &options(1200.0)).unwrap();
        let hot = simulate_year(
            &site,
            &build,
            &SimOptions { weather_offset_k: offset, ..options(1200.0) },
        )
        .unwrap();
        prop_assert!(hot.cooling_mwh >= base.cooling_mwh, "{} < {}", hot.cooling_mwh, base.cooling_mwh);
    }
}

#[test]
fn a_scenario_with_nothing_lost_rides_through() {
    // Control: the campus at its hottest hour with no failure holds for the whole horizon, and
    // a utility outage without storage does not (the facility-water loop has one minute of
    // water and no heat rejection until the generators start).
    let site = campus();
    let build = Installed::of_site(&site.site);
    let model = Model::new(&site, &build, &options(60.0)).unwrap();
    let none = ride_through(&model, &Scenario::default(), 4549).unwrap();
    assert!(none.rides_through(), "{none:?}");
    let outage = ride_through(&model, &"outage".parse().unwrap(), 4549).unwrap();
    assert!(!outage.rides_through(), "{outage:?}");
}

#[test]
fn an_outage_follows_the_generator_and_ups_timeline() {
    // Colo: standby diesels start in 10 s, chillers restart 180 s later, the UPS carries 300 s.
    let mut site = colo();
    let t = scenario::PowerTimeline::outage(&site.site, 300.0);
    assert_eq!(
        (t.plant_back_s, t.chillers_back_s, t.it_lost_s),
        (10.0, 190.0, None)
    );
    // A UPS shorter than the generator start loses the IT at its end: ride-through = 5 s.
    site.site.hall[0].ups_ride_through_s = 5.0;
    let build = Installed::of_site(&site.site);
    let model = Model::new(&site, &build, &options(60.0)).unwrap();
    let r = ride_through(&model, &"outage".parse().unwrap(), 4549).unwrap();
    assert!((r.minutes.unwrap() - 5.0 / 60.0).abs() < 1e-12, "{r:?}");
    assert!(matches!(
        r.first,
        Some(ride_through::Exceedance::UpsExhausted { .. })
    ));
    // Without generators the plant never comes back.
    site.site.generator.clear();
    let t = scenario::PowerTimeline::outage(&site.site, 300.0);
    assert!(t.plant_back_s.is_infinite() && t.it_lost_s == Some(300.0));
}

#[test]
fn recirculation_is_worst_at_row_ends() {
    // 20 racks per row: ends get 3 × the base share, the middle pair 1 + 1/9.5 times it.
    assert!((network::recirculation(0.05, 0) - 0.15).abs() < 1e-12);
    assert!((network::recirculation(0.05, 19) - 0.15).abs() < 1e-12);
    assert!((network::recirculation(0.05, 29) - 0.05 * (1.0 + 1.0 / 9.5)).abs() < 1e-12);
}
