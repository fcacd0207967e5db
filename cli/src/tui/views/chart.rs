//! Small drawings the tabs share: horizontal bars in eighths of a cell, stacked columns, a
//! popup over the body.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Clear, Widget};

/// A bar of `value` out of `max` in `width` cells, in eighths of a cell.
pub(super) fn bar(value: f64, max: f64, width: usize) -> String {
    const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    if max.is_nan() || max <= 0.0 || !value.is_finite() || value <= 0.0 {
        return String::new();
    }
    let eighths = ((value / max).min(1.0) * (width * 8) as f64).round() as usize;
    let mut s = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        s.push(EIGHTHS[eighths % 8]);
    }
    s
}

/// Columns of stacked segments, drawn bottom up: column `i` is `columns[i]`, each segment a
/// value and its style; `max` is the top of the scale. Each segment ends at the row its
/// running total rounds to, so the stack's height is its total's.
pub(super) struct Stacked<'a> {
    /// The columns.
    pub(super) columns: &'a [Vec<(f64, Style)>],
    /// The scale's top.
    pub(super) max: f64,
}

impl Widget for Stacked<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let n = self.columns.len() as u16;
        if n == 0 || area.height == 0 || self.max.is_nan() || self.max <= 0.0 {
            return;
        }
        let width = (area.width / n).max(1);
        let gap = u16::from(width > 2);
        let rows = f64::from(area.height);
        for (i, column) in self.columns.iter().enumerate() {
            let x0 = area.x + i as u16 * width;
            if x0 + width - gap > area.right() {
                break;
            }
            let mut total = 0.0;
            let mut drawn = 0u16;
            for &(value, style) in column {
                total += value.max(0.0);
                let top = ((total / self.max).min(1.0) * rows).round() as u16;
                for row in drawn..top {
                    let y = area.bottom() - 1 - row;
                    for x in x0..x0 + width - gap {
                        buf[(x, y)].set_symbol("█").set_style(style);
                    }
                }
                drawn = drawn.max(top);
            }
        }
    }
}

/// An amount of money for a narrow column: `$210.0M`, `$13.88B`.
pub(super) fn money(v: f64) -> String {
    if v.abs() >= 1e9 {
        format!("${:.2}B", v / 1e9)
    } else {
        crate::cli::table::musd(v)
    }
}

/// The area of a popup `width` × `height` centred in `area` (within it), cleared.
pub(super) fn popup(area: Rect, width: u16, height: u16, buf: &mut Buffer) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    let rect = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    Clear.render(rect, buf);
    rect
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_in_eighths_and_never_longer_than_their_width() {
        assert_eq!(bar(1.0, 1.0, 4), "████");
        assert_eq!(bar(0.5, 1.0, 3), "█▌");
        assert_eq!(bar(9.0, 1.0, 2), "██");
        assert_eq!(bar(-1.0, 1.0, 2), "");
        assert_eq!(bar(1.0, 0.0, 2), "");
    }
}
