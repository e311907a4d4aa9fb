//! The charts, drawn with plotters' SVG backend (no fonts needed: the browser renders text).
//!
//! Conventions every chart keeps, which `.ci/report-check.sh` relies on: data (lines,
//! points, bars) is drawn in colour; axes, grids, the status quo, waypoints and event
//! markers in greys. A chart with no coloured mark is an empty chart.

pub mod curve;
pub mod heat;
pub mod palette;

use crate::ReportError;
use crate::escape::{shorten, svg_text};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Font family of every text.
const FAMILY: &str = "sans-serif";

/// Plotters writes `font-size` as the size given divided by 1.24; this gives `px` pixels.
fn font(px: f64) -> FontDesc<'static> {
    (FAMILY, px * 1.24).into_font()
}

/// A caption at the top left.
fn caption_style() -> TextStyle<'static> {
    font(16.0)
        .style(FontStyle::Bold)
        .color(&INK)
        .pos(Pos::new(HPos::Left, VPos::Top))
}

fn text_style(px: f64, color: &'static RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    font(px).color(color).pos(Pos::new(h, v))
}

/// A rough width of `text` at `px` pixels in a sans-serif font, for layout only.
pub fn text_width(text: &str, px: f64) -> f64 {
    text.chars().count() as f64 * px * 0.58
}

pub static INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
pub static MUTED: RGBColor = RGBColor(0x66, 0x66, 0x66);
pub static GRID: RGBColor = RGBColor(0xe4, 0xe4, 0xe4);
pub static WAYPOINT: RGBColor = RGBColor(0xc8, 0xc8, 0xc8);
pub static EVENT: RGBColor = RGBColor(0x8a, 0x8a, 0x8a);

/// Shades per bloc: actors of one bloc share a hue, darkest first.
const FAMILIES: [[RGBColor; 3]; 6] = [
    [
        RGBColor(0xb2, 0x18, 0x2b),
        RGBColor(0xf0, 0x7c, 0x00),
        RGBColor(0x8c, 0x51, 0x0a),
    ],
    [
        RGBColor(0x21, 0x66, 0xac),
        RGBColor(0x43, 0x93, 0xc3),
        RGBColor(0x5e, 0x4f, 0xa2),
    ],
    [
        RGBColor(0x1b, 0x78, 0x37),
        RGBColor(0x5a, 0xae, 0x61),
        RGBColor(0x01, 0x66, 0x5e),
    ],
    [
        RGBColor(0x76, 0x2a, 0x83),
        RGBColor(0x99, 0x70, 0xab),
        RGBColor(0xc5, 0x1b, 0x7d),
    ],
    [
        RGBColor(0x80, 0x6a, 0x00),
        RGBColor(0xbf, 0x81, 0x2d),
        RGBColor(0x54, 0x30, 0x05),
    ],
    [
        RGBColor(0x01, 0x85, 0x71),
        RGBColor(0x35, 0x97, 0x8f),
        RGBColor(0x00, 0x5a, 0x8c),
    ],
];

/// A categorical palette (Tableau 10 without its grey and pale yellow).
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0x4e, 0x79, 0xa7),
    RGBColor(0xe1, 0x57, 0x59),
    RGBColor(0x59, 0xa1, 0x4f),
    RGBColor(0xf2, 0x8e, 0x2b),
    RGBColor(0xb0, 0x7a, 0xa1),
    RGBColor(0x76, 0xb7, 0xb2),
    RGBColor(0x9c, 0x75, 0x5f),
    RGBColor(0xd3, 0x72, 0x95),
];

/// The colour of the `member`-th actor of the `bloc`-th bloc.
pub fn bloc_color(bloc: usize, member: usize) -> RGBColor {
    FAMILIES[bloc % FAMILIES.len()][member % 3]
}

/// How a series is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Stroke {
    Solid,
    Dashed,
}

/// One line of a time chart; `None` leaves a gap.
#[derive(Clone, Debug)]
pub struct Line {
    pub label: String,
    pub color: RGBColor,
    pub stroke: Stroke,
    pub points: Vec<Option<f64>>,
}

/// A marked month: its round index and the numbers of its events.
#[derive(Clone, Debug)]
pub struct Mark {
    pub index: usize,
    pub label: String,
}

/// A chart over the dated rounds.
pub struct TimeChart<'a> {
    pub caption: String,
    pub dates: &'a [String],
    pub y_range: (f64, f64),
    pub y_desc: String,
    pub y_format: &'a dyn Fn(f64) -> String,
    pub lines: Vec<Line>,
    /// A horizontal reference line (the status quo) and its legend label.
    pub reference: Option<(f64, String)>,
    /// Labelled levels: a light gridline and the label at the right.
    pub levels: Vec<(f64, String)>,
    pub marks: &'a [Mark],
    pub size: (u32, u32),
}

fn draw_err<E: std::fmt::Debug>(chart: &str) -> impl Fn(E) -> ReportError + '_ {
    move |e| ReportError::Draw {
        chart: chart.to_string(),
        message: format!("{e:?}"),
    }
}

/// A legend entry.
pub struct Key {
    pub label: String,
    pub color: RGBColor,
    pub kind: KeyKind,
}

#[derive(Clone, Copy, PartialEq)]
pub enum KeyKind {
    Line(Stroke),
    Dot,
    Box,
}

const LEGEND_PX: f64 = 12.5;
const LEGEND_ROW: i32 = 18;

/// Legend rows from `y` across `width`; returns the y below the legend.
fn legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    keys: &[Key],
    x0: i32,
    y: i32,
    width: i32,
) -> Result<i32, DrawingAreaErrorKind<DB::ErrorType>> {
    let (mut x, mut y) = (x0, y);
    for k in keys {
        let label = svg_text(&shorten(&k.label, 80));
        let w = 26 + text_width(&label, LEGEND_PX) as i32 + 18;
        if x > x0 && x + w > x0 + width {
            x = x0;
            y += LEGEND_ROW;
        }
        let cy = y + LEGEND_ROW / 2;
        match k.kind {
            KeyKind::Line(Stroke::Solid) => {
                area.draw(&PathElement::new(
                    vec![(x, cy), (x + 20, cy)],
                    k.color.stroke_width(3),
                ))?;
            }
            KeyKind::Line(Stroke::Dashed) => {
                for s in [0, 8, 16] {
                    area.draw(&PathElement::new(
                        vec![(x + s, cy), (x + s + 5, cy)],
                        k.color.stroke_width(3),
                    ))?;
                }
            }
            KeyKind::Dot => {
                area.draw(&Circle::new((x + 10, cy), 5, k.color.filled()))?;
            }
            KeyKind::Box => {
                area.draw(&Rectangle::new(
                    [(x + 3, cy - 6), (x + 17, cy + 6)],
                    k.color.filled(),
                ))?;
            }
        }
        area.draw(&Text::new(
            label,
            (x + 26, cy),
            text_style(LEGEND_PX, &INK, HPos::Left, VPos::Center),
        ))?;
        x += w;
    }
    Ok(y + LEGEND_ROW)
}

/// Rows a legend will take.
fn legend_rows(keys: &[Key], width: i32) -> i32 {
    let mut rows = 1;
    let mut x = 0;
    for k in keys {
        let w = 26 + text_width(&shorten(&k.label, 80), LEGEND_PX) as i32 + 18;
        if x > 0 && x + w > width {
            rows += 1;
            x = 0;
        }
        x += w;
    }
    rows
}

/// Month ticks: every `step` months, on calendar boundaries when the dates are `YYYY-MM`.
fn month_ticks(dates: &[String]) -> Vec<(usize, String)> {
    let n = dates.len();
    let step = [1usize, 2, 3, 6, 12, 24, 60, 120]
        .into_iter()
        .find(|s| n / s <= 8)
        .unwrap_or(n.max(1));
    let month = |d: &str| -> Option<usize> {
        let (y, m) = d.split_once('-')?;
        let _: i32 = y.parse().ok()?;
        m.parse().ok().filter(|m| (1..=12).contains(m))
    };
    dates
        .iter()
        .enumerate()
        .filter(|(i, d)| match month(d) {
            Some(m) if step <= 12 && 12 % step == 0 => (m - 1) % step == 0,
            Some(_) if step > 12 => month(d) == Some(1) && (i / 12) % (step / 12).max(1) == 0,
            _ => i % step == 0,
        })
        .map(|(i, d)| {
            let label = if step >= 12 {
                d.split_once('-').map_or(d.as_str(), |(y, _)| y).to_string()
            } else {
                d.clone()
            };
            (i, label)
        })
        .collect()
}

/// Spread label positions (pixels, sorted or not) so that no two are closer than `gap`,
/// keeping them within `lo..=hi` where possible. Returns positions in the input order.
pub fn spread(ys: &[i32], gap: i32, lo: i32, hi: i32) -> Vec<i32> {
    let mut order: Vec<usize> = (0..ys.len()).collect();
    order.sort_by_key(|&i| ys[i]);
    let mut placed: Vec<i32> = order.iter().map(|&i| ys[i].clamp(lo, hi)).collect();
    for k in 1..placed.len() {
        if placed[k] < placed[k - 1] + gap {
            placed[k] = placed[k - 1] + gap;
        }
    }
    // Pushed past the bottom: shift back up from the end.
    if let Some(&last) = placed.last()
        && last > hi
    {
        let n = placed.len();
        placed[n - 1] = hi;
        for k in (0..n - 1).rev() {
            if placed[k] > placed[k + 1] - gap {
                placed[k] = placed[k + 1] - gap;
            }
        }
    }
    let mut out = vec![0; ys.len()];
    for (k, &i) in order.iter().enumerate() {
        out[i] = placed[k];
    }
    out
}

/// Width of the right-hand panel of labelled levels.
const LEVEL_PANEL: i32 = 300;

/// Draw a chart over the dated rounds.
pub fn time_chart(tc: &TimeChart) -> Result<String, ReportError> {
    let err = draw_err(&tc.caption);
    let mut svg = String::new();
    {
        let (w, h) = tc.size;
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(&err)?;
        root.draw(&Text::new(svg_text(&tc.caption), (14, 10), caption_style()))
            .map_err(&err)?;
        let mut keys: Vec<Key> = tc
            .lines
            .iter()
            .map(|l| Key {
                label: l.label.clone(),
                color: l.color,
                kind: KeyKind::Line(l.stroke),
            })
            .collect();
        if let Some((_, label)) = &tc.reference {
            keys.push(Key {
                label: label.clone(),
                color: INK,
                kind: KeyKind::Line(Stroke::Dashed),
            });
        }
        if !tc.marks.is_empty() {
            keys.push(Key {
                label: "event (numbered as in the list of events)".into(),
                color: EVENT,
                kind: KeyKind::Line(Stroke::Dashed),
            });
        }
        let right = if tc.levels.is_empty() {
            24
        } else {
            LEVEL_PANEL
        };
        let top = legend(&root, &keys, 14, 34, w as i32 - 28).map_err(&err)? + 18;

        let (ylo, yhi) = padded(tc.y_range);
        let n = tc.dates.len().max(1);
        let xmax = (n - 1).max(1) as f64;
        let mut chart = ChartBuilder::on(&root)
            .margin_top(top)
            .margin_right(right)
            .margin_left(8)
            .margin_bottom(6)
            .x_label_area_size(30)
            .y_label_area_size(if tc.y_desc.is_empty() { 58 } else { 76 })
            .build_cartesian_2d(-0.3..xmax + 0.3, ylo..yhi)
            .map_err(&err)?;
        let yf = |y: &f64| (tc.y_format)(*y);
        let mut mesh = chart.configure_mesh();
        mesh.disable_x_mesh()
            .x_labels(0)
            .y_labels(6)
            .y_label_formatter(&yf)
            .label_style(font(12.0).color(&MUTED))
            .axis_style(MUTED.stroke_width(1))
            .bold_line_style(GRID.stroke_width(1))
            .light_line_style(TRANSPARENT);
        if !tc.y_desc.is_empty() {
            mesh.y_desc(svg_text(&tc.y_desc))
                .axis_desc_style(font(12.5).color(&MUTED));
        }
        mesh.draw().map_err(&err)?;

        // Month ticks and their gridlines.
        for (i, label) in month_ticks(tc.dates) {
            let x = i as f64;
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(x, ylo), (x, yhi)],
                    GRID.stroke_width(1),
                )))
                .map_err(&err)?;
            let (px, py) = chart.backend_coord(&(x, ylo));
            root.draw(&PathElement::new(
                vec![(px, py), (px, py + 5)],
                MUTED.stroke_width(1),
            ))
            .map_err(&err)?;
            root.draw(&Text::new(
                svg_text(&label),
                (px, py + 8),
                text_style(12.0, &MUTED, HPos::Center, VPos::Top),
            ))
            .map_err(&err)?;
        }

        // Labelled levels (waypoints): a light line and the label in the right panel.
        if !tc.levels.is_empty() {
            let (right_px, _) = chart.backend_coord(&(xmax + 0.3, ylo));
            let (_, top_px) = chart.backend_coord(&(0.0, yhi));
            let (_, bottom_px) = chart.backend_coord(&(0.0, ylo));
            let ys: Vec<i32> = tc
                .levels
                .iter()
                .map(|(v, _)| chart.backend_coord(&(0.0, *v)).1)
                .collect();
            let placed = spread(&ys, 14, top_px, bottom_px);
            // Labels are set in a small size, narrower than `text_width`'s estimate.
            let max_chars = ((LEVEL_PANEL - 30) as f64 / (11.5 * 0.52)) as usize;
            for (((v, label), y), ly) in tc.levels.iter().zip(&ys).zip(&placed) {
                chart
                    .draw_series(DashedLineSeries::new(
                        vec![(-0.3, *v), (xmax + 0.3, *v)],
                        4,
                        4,
                        WAYPOINT.stroke_width(1),
                    ))
                    .map_err(&err)?;
                root.draw(&PathElement::new(
                    vec![(right_px, *y), (right_px + 8, *ly), (right_px + 12, *ly)],
                    WAYPOINT.stroke_width(1),
                ))
                .map_err(&err)?;
                root.draw(&Text::new(
                    svg_text(&shorten(label, max_chars)),
                    (right_px + 15, *ly),
                    text_style(11.5, &MUTED, HPos::Left, VPos::Center),
                ))
                .map_err(&err)?;
            }
        }

        if let Some((v, _)) = &tc.reference {
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(-0.3, *v), (xmax + 0.3, *v)],
                    7,
                    5,
                    INK.stroke_width(2),
                ))
                .map_err(&err)?;
        }

        // Events: a dashed vertical line and the events' numbers at the top.
        for m in tc.marks {
            let x = m.index as f64;
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(x, ylo), (x, yhi)],
                    3,
                    3,
                    EVENT.stroke_width(1),
                ))
                .map_err(&err)?;
            let (px, py) = chart.backend_coord(&(x, yhi));
            root.draw(&Text::new(
                svg_text(&m.label),
                (px, py - 3),
                text_style(11.0, &EVENT, HPos::Center, VPos::Bottom),
            ))
            .map_err(&err)?;
        }

        for line in &tc.lines {
            draw_line(&mut chart, line).map_err(&err)?;
        }
        root.present().map_err(&err)?;
    }
    Ok(svg)
}

/// A number on an axis: at most three decimals, no trailing zeros.
pub fn tick(v: f64) -> String {
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

/// A range with a little room, never empty.
fn padded((lo, hi): (f64, f64)) -> (f64, f64) {
    let (lo, hi) = if lo.is_finite() && hi.is_finite() && hi > lo {
        (lo, hi)
    } else if lo.is_finite() {
        (lo - 0.5, lo + 0.5)
    } else {
        (0.0, 1.0)
    };
    let pad = (hi - lo) * 0.04;
    (lo - pad, hi + pad)
}

type Chart2d<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

fn draw_line(chart: &mut Chart2d, line: &Line) -> Result<(), DrawingAreaErrorKind<std::io::Error>> {
    // Split at gaps; a lone point is drawn as a dot so that it shows.
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    for (i, p) in line.points.iter().enumerate() {
        match p {
            Some(y) if y.is_finite() => current.push((i as f64, *y)),
            _ if !current.is_empty() => runs.push(std::mem::take(&mut current)),
            _ => {}
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    for run in runs {
        if run.len() == 1 {
            chart.draw_series(std::iter::once(Circle::new(run[0], 3, line.color.filled())))?;
            continue;
        }
        match line.stroke {
            Stroke::Solid => {
                chart.draw_series(LineSeries::new(run, line.color.stroke_width(2)))?;
            }
            Stroke::Dashed => {
                chart.draw_series(DashedLineSeries::new(run, 7, 4, line.color.stroke_width(2)))?;
            }
        }
    }
    Ok(())
}

/// A point of the utility-plane chart.
pub struct Marker {
    pub label: String,
    pub at: (f64, f64),
    pub color: RGBColor,
    pub shape: Shape,
}

#[derive(Clone, Copy, PartialEq)]
pub enum Shape {
    /// A filled triangle.
    Triangle,
    /// A cross.
    Cross,
    /// A ring (drawn large, so that a point under it still shows).
    Ring,
    /// An open square.
    Square,
}

/// A labelled curve through points: legend label, colour, stroke, points.
pub type Curve = (String, RGBColor, Stroke, Vec<(f64, f64)>);

/// The outcome against the Pareto frontier, in two principals' utility plane.
pub struct PlaneChart {
    pub caption: String,
    pub x_desc: String,
    pub y_desc: String,
    /// Every frontier package, projected (light dots).
    pub cloud: Vec<(f64, f64)>,
    pub cloud_label: String,
    /// Frontier lines (the non-dominated points in this plane), drawn in order.
    pub frontiers: Vec<Curve>,
    /// The disagreement point: light lines bound the region where both gain.
    pub security: Option<(f64, f64)>,
    pub markers: Vec<Marker>,
    pub size: (u32, u32),
}

/// The non-dominated points of `points` in the plane (both coordinates larger is better),
/// sorted by x.
pub fn envelope(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut ps: Vec<(f64, f64)> = points
        .iter()
        .copied()
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .collect();
    ps.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.total_cmp(&a.1)));
    let mut out: Vec<(f64, f64)> = Vec::new();
    let mut best = f64::NEG_INFINITY;
    for p in ps {
        if p.1 > best + 1e-12 {
            out.push(p);
            best = p.1;
        }
    }
    out.reverse();
    out
}

pub fn plane_chart(pc: &PlaneChart) -> Result<String, ReportError> {
    let err = draw_err(&pc.caption);
    let mut svg = String::new();
    {
        let (w, h) = pc.size;
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(&err)?;
        root.draw(&Text::new(svg_text(&pc.caption), (14, 10), caption_style()))
            .map_err(&err)?;
        let mut keys = vec![Key {
            label: pc.cloud_label.clone(),
            color: RGBColor(0x9d, 0xb8, 0xd9),
            kind: KeyKind::Dot,
        }];
        for (label, color, stroke, _) in &pc.frontiers {
            keys.push(Key {
                label: label.clone(),
                color: *color,
                kind: KeyKind::Line(*stroke),
            });
        }
        let top = legend(&root, &keys, 14, 34, w as i32 - 28).map_err(&err)?;
        let marker_top = top;
        let marker_rows = legend_rows(
            &pc.markers
                .iter()
                .map(|m| Key {
                    label: m.label.clone(),
                    color: m.color,
                    kind: KeyKind::Dot,
                })
                .collect::<Vec<_>>(),
            w as i32 - 28,
        );
        let top = marker_top + marker_rows * LEGEND_ROW + 12;

        let mut xs: Vec<f64> = pc.cloud.iter().map(|p| p.0).collect();
        let mut ys: Vec<f64> = pc.cloud.iter().map(|p| p.1).collect();
        for (_, _, _, ps) in &pc.frontiers {
            xs.extend(ps.iter().map(|p| p.0));
            ys.extend(ps.iter().map(|p| p.1));
        }
        for m in &pc.markers {
            xs.push(m.at.0);
            ys.push(m.at.1);
        }
        if let Some(s) = pc.security {
            xs.push(s.0);
            ys.push(s.1);
        }
        let range = |v: &[f64]| {
            let lo = v
                .iter()
                .copied()
                .filter(|x| x.is_finite())
                .fold(f64::INFINITY, f64::min);
            let hi = v
                .iter()
                .copied()
                .filter(|x| x.is_finite())
                .fold(f64::NEG_INFINITY, f64::max);
            padded((lo, hi))
        };
        let (xlo, xhi) = range(&xs);
        let (ylo, yhi) = range(&ys);
        let mut chart = ChartBuilder::on(&root)
            .margin_top(top)
            .margin_right(24)
            .margin_left(8)
            .margin_bottom(8)
            .x_label_area_size(48)
            .y_label_area_size(72)
            .build_cartesian_2d(xlo..xhi, ylo..yhi)
            .map_err(&err)?;
        let fmt = |v: &f64| format!("{v:.2}");
        chart
            .configure_mesh()
            .x_labels(8)
            .y_labels(8)
            .x_label_formatter(&fmt)
            .y_label_formatter(&fmt)
            .x_desc(svg_text(&pc.x_desc))
            .y_desc(svg_text(&pc.y_desc))
            .axis_desc_style(font(13.0).color(&INK))
            .label_style(font(12.0).color(&MUTED))
            .axis_style(MUTED.stroke_width(1))
            .bold_line_style(GRID.stroke_width(1))
            .light_line_style(TRANSPARENT)
            .draw()
            .map_err(&err)?;

        if let Some((sx, sy)) = pc.security {
            // Where both gain over the status quo: right of and above it.
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(sx, sy), (xhi, yhi)],
                    RGBColor(0xf1, 0xf1, 0xf1).filled(),
                )))
                .map_err(&err)?;
            for seg in [vec![(sx, sy), (xhi, sy)], vec![(sx, sy), (sx, yhi)]] {
                chart
                    .draw_series(DashedLineSeries::new(seg, 5, 4, MUTED.stroke_width(1)))
                    .map_err(&err)?;
            }
        }
        chart
            .draw_series(
                pc.cloud
                    .iter()
                    .map(|p| Circle::new(*p, 3, RGBColor(0x9d, 0xb8, 0xd9).filled())),
            )
            .map_err(&err)?;
        for (_, color, stroke, ps) in &pc.frontiers {
            if ps.len() == 1 {
                chart
                    .draw_series(std::iter::once(Circle::new(ps[0], 4, color.filled())))
                    .map_err(&err)?;
                continue;
            }
            match stroke {
                Stroke::Solid => {
                    chart
                        .draw_series(LineSeries::new(ps.clone(), color.stroke_width(2)))
                        .map_err(&err)?;
                }
                Stroke::Dashed => {
                    chart
                        .draw_series(DashedLineSeries::new(
                            ps.clone(),
                            7,
                            4,
                            color.stroke_width(2),
                        ))
                        .map_err(&err)?;
                }
            }
        }
        for m in &pc.markers {
            let c = chart.backend_coord(&m.at);
            draw_shape(&root, m.shape, c, &m.color).map_err(&err)?;
        }
        // The markers' legend, drawn with their own shapes.
        let mut x = 14;
        let mut y = marker_top;
        for m in &pc.markers {
            let label = svg_text(&shorten(&m.label, 80));
            let wdt = 26 + text_width(&label, LEGEND_PX) as i32 + 18;
            if x > 14 && x + wdt > w as i32 - 14 {
                x = 14;
                y += LEGEND_ROW;
            }
            let c = (x + 10, y + LEGEND_ROW / 2);
            draw_shape(&root, m.shape, c, &m.color).map_err(&err)?;
            root.draw(&Text::new(
                label,
                (x + 26, c.1),
                text_style(LEGEND_PX, &INK, HPos::Left, VPos::Center),
            ))
            .map_err(&err)?;
            x += wdt;
        }
        root.present().map_err(&err)?;
    }
    Ok(svg)
}

fn draw_shape<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    shape: Shape,
    (x, y): (i32, i32),
    color: &RGBColor,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    match shape {
        Shape::Triangle => area.draw(&Polygon::new(
            vec![(x, y - 7), (x - 7, y + 5), (x + 7, y + 5)],
            color.filled(),
        )),
        Shape::Cross => {
            area.draw(&PathElement::new(
                vec![(x - 6, y - 6), (x + 6, y + 6)],
                color.stroke_width(3),
            ))?;
            area.draw(&PathElement::new(
                vec![(x - 6, y + 6), (x + 6, y - 6)],
                color.stroke_width(3),
            ))
        }
        Shape::Ring => area.draw(&Circle::new((x, y), 8, color.stroke_width(3))),
        Shape::Square => area.draw(&Rectangle::new(
            [(x - 6, y - 6), (x + 6, y + 6)],
            color.stroke_width(2),
        )),
    }
}

/// One bar of a bar chart with an interval (`lo == hi`: no interval to show).
pub struct Bar {
    pub value: f64,
    pub lo: f64,
    pub hi: f64,
}

/// The value axis of a bar chart.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Scale {
    /// Shares, 0 to 1, labelled in percent.
    Share,
    /// Plain numbers from `lo` to `hi` (bars start at 0).
    Linear { lo: f64, hi: f64 },
}

impl Scale {
    fn range(self) -> (f64, f64) {
        match self {
            Scale::Share => (0.0, 1.0),
            Scale::Linear { lo, hi } if hi > lo => (lo.min(0.0), hi.max(0.0)),
            Scale::Linear { .. } => (0.0, 1.0),
        }
    }

    fn axis_label(self, v: f64) -> String {
        match self {
            Scale::Share => format!("{:.0}%", v * 100.0),
            Scale::Linear { .. } => format!("{v:.2}"),
        }
    }

    fn value_label(self, v: f64) -> String {
        match self {
            Scale::Share => format!("{:.1}%", 100.0 * v),
            Scale::Linear { .. } => format!("{v:.3}"),
        }
    }
}

/// Horizontal bars grouped by category, one bar per series, with error bars.
pub struct BarChart {
    pub caption: String,
    pub categories: Vec<String>,
    /// Series: legend label, and one bar per category.
    pub series: Vec<(String, Vec<Bar>)>,
    /// One colour per series (see [`palette`]: ordered series take the sequential scale).
    pub colors: Vec<RGBColor>,
    pub x_desc: String,
    pub scale: Scale,
    /// A dashed vertical line at this value, with its legend label (a noise floor).
    pub reference: Option<(f64, String)>,
    pub width: u32,
}

pub fn bar_chart(bc: &BarChart) -> Result<String, ReportError> {
    let err = draw_err(&bc.caption);
    let s = bc.series.len().max(1);
    let g = bc.categories.len().max(1);
    let bar_px = 16;
    let group_gap = 14;
    let color = |k: usize| bc.colors.get(k).copied().unwrap_or(PALETTE[0]);
    let mut keys: Vec<Key> = if bc.series.len() > 1 {
        bc.series
            .iter()
            .enumerate()
            .map(|(k, (label, _))| Key {
                label: label.clone(),
                color: color(k),
                kind: KeyKind::Box,
            })
            .collect()
    } else {
        Vec::new()
    };
    if let Some((_, label)) = &bc.reference {
        keys.push(Key {
            label: label.clone(),
            color: MUTED,
            kind: KeyKind::Line(Stroke::Dashed),
        });
    }
    let w = bc.width;
    let legend_h = if keys.is_empty() {
        0
    } else {
        legend_rows(&keys, w as i32 - 28) * LEGEND_ROW
    };
    let top = 34 + legend_h + 12;
    let plot_h = (g * (s * bar_px + group_gap)) as i32;
    let h = (top + plot_h + 60) as u32;
    let label_chars = 40;
    let left = 14
        + bc.categories
            .iter()
            .map(|c| text_width(&shorten(c, label_chars), 12.5) as i32)
            .max()
            .unwrap_or(60)
            .clamp(60, 280);
    let (xlo, xhi) = bc.scale.range();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(&err)?;
        root.draw(&Text::new(svg_text(&bc.caption), (14, 10), caption_style()))
            .map_err(&err)?;
        legend(&root, &keys, 14, 34, w as i32 - 28).map_err(&err)?;
        // One unit per bar; groups separated by a gap of `group_gap` pixels.
        let unit_gap = group_gap as f64 / bar_px as f64;
        let total = g as f64 * (s as f64 + unit_gap);
        let mut chart = ChartBuilder::on(&root)
            .margin_top(top)
            .margin_right(70)
            .margin_left(8)
            .margin_bottom(6)
            .x_label_area_size(44)
            .y_label_area_size(left)
            .build_cartesian_2d(xlo..xhi, total..0.0)
            .map_err(&err)?;
        let fmt = |v: &f64| bc.scale.axis_label(*v);
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_labels(11)
            .x_label_formatter(&fmt)
            .x_desc(svg_text(&bc.x_desc))
            .axis_desc_style(font(12.5).color(&INK))
            .label_style(font(12.0).color(&MUTED))
            .axis_style(MUTED.stroke_width(1))
            .bold_line_style(GRID.stroke_width(1))
            .light_line_style(TRANSPARENT)
            .draw()
            .map_err(&err)?;
        let clamp = |v: f64| v.clamp(xlo, xhi);
        let base = clamp(0.0);
        for (gi, cat) in bc.categories.iter().enumerate() {
            let y0 = gi as f64 * (s as f64 + unit_gap) + unit_gap / 2.0;
            let (px, py) = chart.backend_coord(&(xlo, y0 + s as f64 / 2.0));
            root.draw(&Text::new(
                svg_text(&shorten(cat, label_chars)),
                (px - 8, py),
                text_style(12.5, &INK, HPos::Right, VPos::Center),
            ))
            .map_err(&err)?;
            for (si, (_, bars)) in bc.series.iter().enumerate() {
                let Some(b) = bars.get(gi) else { continue };
                let y = y0 + si as f64;
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(base, y + 0.12), (clamp(b.value), y + 0.88)],
                        color(si).filled(),
                    )))
                    .map_err(&err)?;
                // The interval: a whisker from lo to hi with end caps.
                let (lo, hi) = (clamp(b.lo), clamp(b.hi));
                if hi > lo {
                    let (x0, yc) = chart.backend_coord(&(lo, y + 0.5));
                    let (x1, _) = chart.backend_coord(&(hi, y + 0.5));
                    for seg in [
                        vec![(x0, yc), (x1, yc)],
                        vec![(x0, yc - 4), (x0, yc + 4)],
                        vec![(x1, yc - 4), (x1, yc + 4)],
                    ] {
                        root.draw(&PathElement::new(seg, INK.stroke_width(1)))
                            .map_err(&err)?;
                    }
                }
                let (tx, ty) = chart.backend_coord(&(clamp(b.hi.max(b.value)), y + 0.5));
                root.draw(&Text::new(
                    bc.scale.value_label(b.value),
                    (tx + 6, ty),
                    text_style(11.0, &MUTED, HPos::Left, VPos::Center),
                ))
                .map_err(&err)?;
            }
        }
        if let Some((v, _)) = bc.reference {
            let v = clamp(v);
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(v, 0.0), (v, total)],
                    5,
                    4,
                    MUTED.stroke_width(1),
                ))
                .map_err(&err)?;
        }
        root.present().map_err(&err)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_keeps_the_non_dominated_points() {
        let ps = [
            (0.0, 1.0),
            (0.5, 0.5),
            (0.4, 0.4),
            (1.0, 0.0),
            (0.2, 0.9),
            (0.5, 0.3),
        ];
        assert_eq!(
            envelope(&ps),
            vec![(0.0, 1.0), (0.2, 0.9), (0.5, 0.5), (1.0, 0.0)]
        );
        assert!(envelope(&[]).is_empty());
    }

    #[test]
    fn spread_labels_keep_their_order_and_gap() {
        let out = spread(&[100, 102, 50, 101], 10, 0, 200);
        let mut sorted = out.clone();
        sorted.sort();
        for w in sorted.windows(2) {
            assert!(w[1] - w[0] >= 10, "{out:?}");
        }
        assert_eq!(out[2], 50);
        // Pushed past the bottom, labels move up instead.
        let out = spread(&[195, 198, 199], 10, 0, 200);
        assert!(out.iter().all(|y| *y <= 200), "{out:?}");
    }

    #[test]
    fn month_ticks_fall_on_calendar_boundaries() {
        let dates: Vec<String> = (0..48)
            .map(|i| format!("{}-{:02}", 1945 + (i + 4) / 12, (i + 4) % 12 + 1))
            .collect();
        let ticks = month_ticks(&dates);
        assert!(ticks.len() <= 12 && ticks.len() >= 6, "{ticks:?}");
        assert!(
            ticks
                .iter()
                .all(|(_, l)| l.ends_with("-01") || l.ends_with("-07")),
            "{ticks:?}"
        );
        let short: Vec<String> = dates[..5].to_vec();
        assert_eq!(month_ticks(&short).len(), 5);
    }
}
