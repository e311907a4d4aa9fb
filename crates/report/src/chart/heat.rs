//! Heat maps: a share over a grid of two parameters' values, in the sequential scale, each
//! cell labelled with its share and, where there is room, its interval.

use super::palette::{dark, sequential};
use super::*;

/// One cell: the share and its interval.
#[derive(Clone, Copy, Debug)]
pub struct Cell {
    pub value: f64,
    pub lo: f64,
    pub hi: f64,
}

/// A grid of shares: `cells[row][column]`, rows along y (bottom first), columns along x.
pub struct HeatMap {
    pub caption: String,
    pub x_desc: String,
    pub y_desc: String,
    pub x_labels: Vec<String>,
    pub y_labels: Vec<String>,
    /// `None`: no configuration there.
    pub cells: Vec<Vec<Option<Cell>>>,
    pub width: u32,
}

const SCALE_W: i32 = 90;

pub fn heat_map(hm: &HeatMap) -> Result<String, ReportError> {
    let err = draw_err(&hm.caption);
    let (nx, ny) = (
        hm.x_labels.len().max(1) as i32,
        hm.y_labels.len().max(1) as i32,
    );
    let left = 20
        + hm.y_labels
            .iter()
            .map(|l| text_width(&shorten(l, 16), 12.0) as i32)
            .max()
            .unwrap_or(30)
            .max(30)
        + 24;
    let (top, w) = (62, hm.width as i32);
    let cell_w = ((w - left - SCALE_W - 20) / nx).max(8);
    let cell_h = (cell_w * 2 / 3).clamp(22, 64);
    let (plot_w, plot_h) = (cell_w * nx, cell_h * ny);
    let h = top + plot_h + 64;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w as u32, h as u32)).into_drawing_area();
        root.fill(&WHITE).map_err(&err)?;
        root.draw(&Text::new(svg_text(&hm.caption), (14, 10), caption_style()))
            .map_err(&err)?;
        // Rows are drawn bottom first, so that y grows upwards as on any axis.
        let x_of = |i: i32| left + i * cell_w;
        let y_of = |j: i32| top + plot_h - (j + 1) * cell_h;
        for (j, row) in hm.cells.iter().enumerate() {
            for (i, cell) in row.iter().enumerate() {
                let (x, y) = (x_of(i as i32), y_of(j as i32));
                let Some(c) = cell else {
                    root.draw(&Rectangle::new(
                        [(x, y), (x + cell_w, y + cell_h)],
                        GRID.stroke_width(1),
                    ))
                    .map_err(&err)?;
                    continue;
                };
                let color = sequential(c.value);
                root.draw(&Rectangle::new(
                    [(x, y), (x + cell_w - 1, y + cell_h - 1)],
                    color.filled(),
                ))
                .map_err(&err)?;
                let ink: &'static RGBColor = if dark(color) { &WHITE } else { &INK };
                let (cx, cy) = (x + cell_w / 2, y + cell_h / 2);
                let roomy = cell_w >= 84 && cell_h >= 36;
                let at = if roomy { cy - 7 } else { cy };
                if cell_w >= 34 {
                    root.draw(&Text::new(
                        format!("{:.0}%", 100.0 * c.value),
                        (cx, at),
                        text_style(12.5, ink, HPos::Center, VPos::Center),
                    ))
                    .map_err(&err)?;
                }
                if roomy {
                    root.draw(&Text::new(
                        format!("{:.0}\u{2013}{:.0}%", 100.0 * c.lo, 100.0 * c.hi),
                        (cx, cy + 9),
                        text_style(10.5, ink, HPos::Center, VPos::Center),
                    ))
                    .map_err(&err)?;
                }
            }
        }
        // Axis labels: one per column and row, at its centre.
        for (i, l) in hm.x_labels.iter().enumerate() {
            root.draw(&Text::new(
                svg_text(&shorten(l, (cell_w / 7).max(3) as usize)),
                (x_of(i as i32) + cell_w / 2, top + plot_h + 6),
                text_style(12.0, &MUTED, HPos::Center, VPos::Top),
            ))
            .map_err(&err)?;
        }
        for (j, l) in hm.y_labels.iter().enumerate() {
            root.draw(&Text::new(
                svg_text(&shorten(l, 16)),
                (left - 6, y_of(j as i32) + cell_h / 2),
                text_style(12.0, &MUTED, HPos::Right, VPos::Center),
            ))
            .map_err(&err)?;
        }
        root.draw(&Text::new(
            svg_text(&hm.x_desc),
            (left + plot_w / 2, top + plot_h + 28),
            text_style(13.0, &INK, HPos::Center, VPos::Top),
        ))
        .map_err(&err)?;
        root.draw(&Text::new(
            svg_text(&shorten(&hm.y_desc, 60)),
            (14, top - 16),
            text_style(13.0, &INK, HPos::Left, VPos::Center),
        ))
        .map_err(&err)?;
        // The scale: 0% at the bottom to 100% at the top.
        let (sx, steps) = (left + plot_w + 24, 50);
        let step_h = (plot_h as f64 / steps as f64).max(1.0);
        for k in 0..steps {
            let y0 = top + plot_h - ((k + 1) as f64 * step_h) as i32;
            let y1 = top + plot_h - (k as f64 * step_h) as i32;
            root.draw(&Rectangle::new(
                [(sx, y0), (sx + 16, y1)],
                sequential((k as f64 + 0.5) / steps as f64).filled(),
            ))
            .map_err(&err)?;
        }
        for v in [0.0, 0.25, 0.5, 0.75, 1.0] {
            let y = top + plot_h - (v * plot_h as f64) as i32;
            root.draw(&Text::new(
                format!("{:.0}%", 100.0 * v),
                (sx + 22, y),
                text_style(11.5, &MUTED, HPos::Left, VPos::Center),
            ))
            .map_err(&err)?;
        }
        root.present().map_err(&err)?;
    }
    Ok(svg)
}
