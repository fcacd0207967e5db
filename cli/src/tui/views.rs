//! Drawing the state: [`Screen`] is the whole frame, a pure function of an [`App`] — the
//! header, the tab bar, the tab's body and the key hints. One module per tab.

mod help;
mod overview;
mod plan;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Tabs, Widget};

use super::app::{App, Tab, Work};
use super::theme;

/// The frame for an [`App`].
pub(crate) struct Screen<'a>(pub(crate) &'a App);

impl Widget for Screen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.0;
        let [header, tabs, body, footer] = area.layout(&Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ]));
        Line::from(vec![
            Span::styled("dcplan", theme::TITLE),
            Span::raw(format!(" · {} · ", app.site())),
            status(app),
        ])
        .render(header, buf);
        Tabs::new(
            Tab::ALL
                .iter()
                .enumerate()
                .map(|(i, t)| format!("{} {}", i + 1, t.title())),
        )
        .select(Tab::ALL.iter().position(|&t| t == app.tab()))
        .highlight_style(theme::TITLE)
        .render(tabs, buf);
        match app.tab() {
            Tab::Overview => overview::render(app, body, buf),
            Tab::Plan => plan::render(app, body, buf),
            Tab::Help => help::render(body, buf),
        }
        Paragraph::new(Line::styled(
            "Tab next tab · ←→ year · ↑↓ select · r plan again · x cancel · ? help · q quit",
            theme::DIM,
        ))
        .render(footer, buf);
    }
}

/// The work's state, in a few words, for the header.
fn status(app: &App) -> Span<'static> {
    match app.work() {
        Work::Running { phase, fraction } => Span::styled(
            match phase {
                // A phase that reports no share (a solve) shows none rather than 0 %.
                Some(p) if *fraction > 0.0 => format!("planning: {p} {:.0} %", fraction * 100.0),
                Some(p) => format!("planning: {p}…"),
                None => "planning…".to_owned(),
            },
            theme::BINDING,
        ),
        Work::Failed(_) => Span::styled("no plan (see Overview)", theme::ERROR),
        Work::Cancelled => Span::styled("cancelled (r to plan again)", theme::DIM),
        Work::Idle => match (app.plan(), app.plan_seconds()) {
            (Some(_), Some(s)) => Span::raw(format!("planned in {s:.1} s")),
            (Some(_), None) => Span::raw("plan from file"),
            (None, _) => Span::raw("no plan"),
        },
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::sync::OnceLock;

    use dcplan::control::Control;
    use dcplan::plan::{self, Outcome, Plan, PlanOptions, Resolution};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;

    /// The colo sample planned once (rep:2, not simulated), for the UI's tests.
    pub(crate) fn colo_plan() -> Plan {
        static PLAN: OnceLock<Plan> = OnceLock::new();
        PLAN.get_or_init(|| {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../sites/colo-retrofit.toml");
            let site = dcplan::site::load(&path).expect("the colo sample loads");
            let options = PlanOptions {
                resolution: Resolution::Representative { days: 2 },
                unsealed: true,
                ..PlanOptions::default()
            };
            let control = Control::new();
            match plan::formulate(&site, &options, &control)
                .and_then(|f| f.solve(&options, &control))
            {
                Ok(Outcome::Planned { plan, .. }) => plan,
                other => panic!("the colo sample plans: {other:?}"),
            }
        })
        .clone()
    }

    /// `app` drawn at `width` × `height`, as the screen's text.
    pub(crate) fn draw(app: &App, width: u16, height: u16) -> String {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal
            .draw(|f| f.render_widget(Screen(app), f.area()))
            .unwrap();
        terminal.backend().to_string()
    }

    /// Every tab of the planned colo, at 80×24 and at 160×48.
    #[test]
    fn every_tab_at_both_sizes() {
        for tab in Tab::ALL {
            let mut app = App::new("colo retrofit", Some(colo_plan()));
            app.handle(crate::tui::app::Action::Show(tab));
            for (w, h) in [(80, 24), (160, 48)] {
                insta::assert_snapshot!(format!("{}_{w}x{h}", tab.title()), draw(&app, w, h));
            }
        }
    }

    /// A plan made through the closed loop (as the UI makes them) also says whether it holds
    /// at design conditions, and its last build's simulated PUE and WUE.
    #[test]
    fn a_simulated_plan_says_whether_it_holds() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../sites/colo-retrofit.toml");
        let site = dcplan::site::load(&path).unwrap();
        let options = PlanOptions {
            resolution: Resolution::Representative { days: 2 },
            unsealed: true,
            ..PlanOptions::default()
        };
        let looped = dcplan::closed_loop::plan_that_holds(
            &site,
            &options,
            &dcplan::closed_loop::LoopOptions::default(),
            &Control::new(),
        )
        .unwrap();
        let Outcome::Planned { plan, .. } = looped.outcome else {
            panic!("the colo sample plans");
        };
        let screen = draw(&App::new("colo retrofit", Some(plan)), 80, 24);
        assert!(
            screen.contains("simulated at design conditions: holds · last build PUE"),
            "{screen}"
        );
        insta::assert_snapshot!("Overview_simulated_80x24", screen);
    }

    /// While planning, the header says the phase and share done; a failure is shown.
    #[test]
    fn progress_and_failure() {
        use crate::tui::app::Action;
        use crate::tui::worker::WorkerMsg;
        let mut app = App::new("colo retrofit", None);
        app.start();
        app.handle(Action::Worker {
            run: 1,
            msg: WorkerMsg::Progress {
                phase: dcplan::control::Phase::Solve,
                fraction: 0.42,
            },
        });
        insta::assert_snapshot!("planning_80x24", draw(&app, 80, 24));
        app.handle(Action::Worker {
            run: 1,
            msg: WorkerMsg::NotPlanned(
                "the targets cannot be met: 2029 is short of 512 GPUs".into(),
            ),
        });
        insta::assert_snapshot!("failed_80x24", draw(&app, 80, 24));
    }

    /// Frame times on the campus (rep:4), printed: the issue asks for under 5 ms per frame of
    /// any tab. A measurement, not a test of speed:
    /// `cargo test --release -p dcplan-cli -- --ignored frame_times --nocapture`.
    #[test]
    #[ignore = "a measurement; run it in release"]
    fn frame_times() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../sites/ai-campus.toml");
        let site = dcplan::site::load(&path).unwrap();
        let options = PlanOptions {
            resolution: Resolution::Representative { days: 4 },
            ..PlanOptions::default()
        };
        let control = Control::new();
        let Ok(Outcome::Planned { plan, .. }) =
            plan::formulate(&site, &options, &control).and_then(|f| f.solve(&options, &control))
        else {
            panic!("the campus plans");
        };
        let mut app = App::new("AI campus", Some(plan));
        let mut terminal = Terminal::new(TestBackend::new(160, 48)).unwrap();
        for tab in Tab::ALL {
            app.handle(crate::tui::app::Action::Show(tab));
            let frames = 200;
            let started = std::time::Instant::now();
            for _ in 0..frames {
                terminal
                    .draw(|f| f.render_widget(Screen(&app), f.area()))
                    .unwrap();
            }
            let ms = started.elapsed().as_secs_f64() * 1e3 / f64::from(frames);
            eprintln!("{:>8}: {ms:.3} ms per frame at 160x48", tab.title());
        }
    }

    /// Tiny and odd sizes draw without a panic.
    #[test]
    fn tiny_terminals_do_not_panic() {
        for tab in Tab::ALL {
            let mut app = App::new("colo retrofit", Some(colo_plan()));
            app.handle(crate::tui::app::Action::Show(tab));
            for (w, h) in [(1, 1), (2, 3), (10, 4), (20, 2), (80, 5), (300, 3)] {
                draw(&app, w, h);
            }
        }
    }
}
